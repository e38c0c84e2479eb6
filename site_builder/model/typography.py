"""Typographic quotes in English text: “double”, ‘single’ and the apostrophe ’, as the Chinese text has its own.

Editors type straight quotes; readers should see curly ones. Bodies get them from Markdown's
`smarty` extension (model/markup.py), which leaves code and link addresses alone; the plain
fields (titles, summaries, points, notes, names, labels) get them here, at build time.
Only English text is changed: the model never holds a URL or a key in these fields.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from site_builder.model.hant import HantConverter

# An apostrophe inside or at the end of a word (Nanwan's, companies'), or before a year ('90s).
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d0s\b)")
# An opening quote: at the start, or after a space, an opening bracket or a dash.
_OPEN_DOUBLE = re.compile(r'(?:(?<=^)|(?<=[\s(\[{\u2014\u2013/-]))"')
_OPEN_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[{\u2014\u2013/\u201c-]))'")


def smarten(text: str) -> str:
    """Straight quotes and apostrophes to typographic ones."""
    if "'" not in text and '"' not in text:
        return text
    text = _APOSTROPHE.sub("\u2019", text)
    text = _OPEN_DOUBLE.sub("\u201c", text).replace('"', "\u201d")
    return _OPEN_SINGLE.sub("\u2018", text).replace("'", "\u2019")


def smarten_english(value: Any) -> Any:
    """A data item with its English texts smartened: every `en` text beside a `zh` one, at any depth."""
    if isinstance(value, list):
        return [smarten_english(item) for item in value]
    if not isinstance(value, dict):
        return value
    item = {key: smarten_english(inner) for key, inner in value.items()}
    if "zh" in item and isinstance(item.get("en"), str):
        item["en"] = smarten(item["en"])
    return item


class Typeset:
    """Data files' values as the model takes them: English texts smartened and, where the site has the
    Traditional edition, a Traditional text beside each Chinese one. Each is kept with the value it was made
    from: a live preview's next build takes those of the data files it did not read again (the same parsed
    objects) as they are (at 10,000 entries, 120,000 values looked at: 0.05 s of each body edit; on the shipped
    content, the conversions to Traditional were 8 ms of each)."""

    def __init__(self, before: Typeset | None = None):
        self._before = before.made if before is not None else {}
        self.made: dict[int, tuple[Any, str, Any, frozenset[str]]] = {}
        # id of a value -> (the value, kept alive so that no other takes its id; the converter's digest, or "";
        # the value made; the phrase table terms its conversion used)

    def prepared(self, value: Any, hant: HantConverter | None = None) -> Any:
        """The value smartened, with its Traditional texts when `hant` is given."""
        digest = hant.digest if hant is not None else ""
        kept = self._before.get(id(value))
        if kept is not None and kept[0] is value and kept[1] == digest:
            made, used = kept[2], kept[3]
            if hant is not None:
                hant.note_used(used)
        elif hant is None:
            made, used = smarten_english(value), frozenset()
        else:
            with hant.tracking() as terms:
                made = hant.texts(smarten_english(value))
            used = frozenset(terms)
        self.made[id(value)] = (value, digest, made, used)
        return made

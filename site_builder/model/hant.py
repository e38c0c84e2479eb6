"""Traditional Chinese (Hong Kong) made from the Simplified text: the editors' phrase table first, then OpenCC.

OpenCC's `s2hk` configuration converts phrase by phrase with its own dictionaries (not
character by character). The editors' table (content/phrases.py) comes first: every
occurrence of a table term, longest first, is replaced by the table's form and never
reaches OpenCC; only the text between table terms is converted. So a term in the table
is never split or changed by OpenCC, and the output is a function of the text, the table
and OpenCC's version (`digest`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import opencc

from site_builder.content.languages import HANT

OPENCC_CONFIG = "s2hk"
OPENCC_VERSION = str(getattr(opencc, "__version__", "unknown"))


class HantConverter:
    """Converts Simplified text to Traditional (Hong Kong), noting which table terms it used."""

    def __init__(self, table: dict[str, str]):
        self.table = dict(table)
        # Simplified term -> the form the editors want
        self.used: set[str] = set()
        # table terms met by any conversion of this build
        self._pattern = re.compile("|".join(map(re.escape, sorted(self.table, key=lambda term: (-len(term), term)))))\
            if self.table else None
        self._memo: dict[str, tuple[str, frozenset[str]]] = {}
        self._tracking: list[set[str]] = []

    @functools.cached_property
    def digest(self) -> str:
        """What the conversions depend on besides the text: the table, OpenCC's version and configuration."""
        settings = json.dumps([OPENCC_VERSION, OPENCC_CONFIG, sorted(self.table.items())], ensure_ascii=False)
        return hashlib.blake2b(settings.encode(), digest_size=16).hexdigest()

    def convert(self, text: str) -> str:
        """The text in Traditional Chinese, table terms as the table gives them."""
        if not text:
            return text
        found = self._memo.get(text)
        if found is None:
            found = self._memo[text] = self._convert(text)
        if found[1]:
            self.used |= found[1]
            for tracked in self._tracking:
                tracked |= found[1]
        return found[0]

    def note_used(self, terms: frozenset[str]) -> None:
        """Count these table terms as used, as converting the texts that used them again would."""
        self.used |= terms
        for tracked in self._tracking:
            tracked |= terms

    @contextmanager
    def tracking(self) -> Iterator[set[str]]:
        """The table terms the conversions inside the block use (an entry's record keeps them)."""
        used: set[str] = set()
        self._tracking.append(used)
        try:
            yield used
        finally:
            self._tracking.remove(used)

    def texts(self, value: Any) -> Any:
        """Data as written, with a Traditional text beside every {zh:, en:} text in it."""
        if isinstance(value, list):
            return [self.texts(item) for item in value]
        if not isinstance(value, dict):
            return value
        made = {key: self.texts(item) for key, item in value.items()}
        if isinstance(value.get("zh"), str) and "en" in value and HANT not in value:
            made[HANT] = self.convert(value["zh"])
        return made

    def _convert(self, text: str) -> tuple[str, frozenset[str]]:
        if self._pattern is None:
            return _opencc_convert(text), frozenset()
        pieces: list[str] = []
        used: set[str] = set()
        start = 0
        for match in self._pattern.finditer(text):
            pieces += [_opencc_convert(text[start:match.start()]), self.table[match.group()]]
            used.add(match.group())
            start = match.end()
        pieces.append(_opencc_convert(text[start:]))
        return "".join(pieces), frozenset(used)


@functools.lru_cache(maxsize=1 << 17)
def _opencc_convert(text: str) -> str:
    """OpenCC's conversion: a function of the text alone (and OpenCC's version), so kept for the process: a live
    preview or the tests convert the same data texts at every build."""
    return str(_opencc().convert(text)) if text else text


@functools.cache
def _opencc() -> Any:
    # Made once per process, when first needed: loading its dictionaries takes 0.04-0.3 s, which a site without
    # the edition never pays, and a process that builds again and again pays once.
    return opencc.OpenCC(OPENCC_CONFIG)


def phrase_summary(hant: HantConverter) -> str:
    """One line for the build's report: how many of the table's terms the Traditional texts used."""
    used = [term for term in hant.table if term in hant.used]
    shown = "、".join(used[:12]) + ("…" if len(used) > 12 else "")
    summary = f"note: zh-Hant: {len(used)} of {len(hant.table)} phrase table entries used"
    return summary + (f" ({shown})" if used else "")

"""Translation upkeep: which English (and hand-made Traditional Chinese) files are out of date or never stamped.

An English file records in `translated_from` a fingerprint of the Chinese text it
was translated from. When the Chinese text changes, the fingerprint no longer
matches and the translation is reported out of date. Only translatable fields
count, so retagging topics does not ask for a new translation.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from site_builder.content.load import EntryFile
from site_builder.errors import Problem

TRANSLATED_FIELDS = ("title", "summary", "key_points", "points", "notes")
_STAMP_LINE = re.compile(r"^translated_from:.*$", re.MULTILINE)


def fingerprint(source: EntryFile) -> str:
    """A short hash of the translatable text of a Chinese file."""
    meta = source.meta.value
    text = {name: meta.get(name) for name in TRANSLATED_FIELDS}
    quotes = meta.get("quotes") if isinstance(meta.get("quotes"), list) else []
    text["quotes"] = [q.get("text") if isinstance(q, dict) else q for q in quotes]
    text["headline"] = meta.get("source", {}).get("headline") if isinstance(meta.get("source"), dict) else None
    text["body"] = source.body.strip()
    encoded = json.dumps(text, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


def check_translation(source: EntryFile, translation: EntryFile) -> list[Problem]:
    """Warn when a translation was never stamped or was made from an older Chinese text."""
    recorded = translation.meta.value.get("translated_from")
    current = fingerprint(source)
    option = "" if translation.lang == "en" else f"--lang {translation.lang} "
    hint = f"update the translation, then run: python build.py mark-translated {option}{translation.key}"
    if recorded is None:
        return [Problem(translation.path, None, "translated_from", "translation is not stamped with its source",
                        hint, severity="warning")]
    if recorded != current:
        return [Problem(translation.path, translation.meta.line_of(("translated_from",)), "translated_from",
                        f"out of date: the Chinese file changed since this translation ({recorded} → {current})",
                        hint, severity="warning")]
    return []


def stamp_translation(path: Path, stamp: str) -> bool:
    """Write `translated_from: STAMP` into an English file's front matter; True if it changed."""
    text = path.read_text(encoding="utf-8-sig")
    line = f"translated_from: {stamp}"
    if _STAMP_LINE.search(text.split("\n---", 1)[0]):
        head, sep, rest = text.partition("\n---")
        new = _STAMP_LINE.sub(line, head, count=1) + sep + rest
    else:
        new = text.replace("---\n", f"---\n{line}\n", 1)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True

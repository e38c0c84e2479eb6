"""Length, reading time and excerpts that count Chinese characters, not spaces."""

from __future__ import annotations

import math
import re

# Han ideographs (with extensions A and compatibility), which Chinese readers take one at a time.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*")
_TAG = re.compile(r"<[^>]+>")

HAN_PER_MINUTE = 400
WORDS_PER_MINUTE = 220


def count_text(text: str) -> tuple[int, int]:
    """Return (Chinese characters, other words) in plain text or HTML."""
    plain = _TAG.sub(" ", text) if "<" in text else text
    rest, han = _HAN.subn(" ", plain)
    return han, len(_LATIN_WORD.findall(rest))


def reading_minutes(text: str) -> int:
    """Estimate minutes to read mixed Chinese/English text; at least 1."""
    return minutes_for(*count_text(text))


def minutes_for(han: int, words: int) -> int:
    """Minutes to read this many Chinese characters and other words; at least 1.

    Counts add up over texts joined by spaces: the time of several parts is that of their sums.
    """
    return max(1, math.ceil(han / HAN_PER_MINUTE + words / WORDS_PER_MINUTE))


def excerpt(text: str, limit: int = 120) -> str:
    """Cut text to about `limit` reading units (a Han character or a word), at a sentence or word end."""
    plain = " ".join(_TAG.sub(" ", text).split())
    units = 0
    for index, char in enumerate(plain):
        if _HAN.match(char):
            units += 1
        elif char == " ":
            units += 1
        if units >= limit:
            cut = plain[:index]
            for stop in "。！？；.!?;":
                position = cut.rfind(stop)
                if position > len(cut) // 2:
                    return cut[: position + 1]
            return cut.rstrip("，、,;： ") + "…"
    return plain

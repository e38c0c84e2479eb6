"""Alphabetical order for each language: Chinese by pinyin (as Chinese dictionaries order), English A–Z."""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from site_builder.content.languages import CHINESE, HANT
from site_builder.model.site import GlossaryTerm

# An English headword files under its first real word: "the Two Sessions" under T for Two.
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
# Punctuation and spaces do not count in the order, as in a dictionary: 从“一煤独大” files as 从一煤独大.
_IGNORED = re.compile(r"[\W_]+")
OTHER_LETTER = "#"


@dataclass(frozen=True, slots=True)
class LetterGroup:
    """The terms filed under one initial letter."""

    letter: str
    # "A"–"Z", or "#" for a headword that starts with neither a letter nor a Chinese character
    terms: tuple[GlossaryTerm, ...]
    # in the language's alphabetical order

    @property
    def anchor(self) -> str:
        """The id of the letter's heading: letter-A, or letter-other for "#" (not allowed in a fragment)."""
        return f"letter-{'other' if self.letter == OTHER_LETTER else self.letter}"


def pinyin(text: str) -> list[str]:
    """Each character's pinyin with its tone as a digit (neng2, yuan2); other runs as they are, lower case."""
    pypinyin = _pypinyin()
    return [syllable.lower()
            for syllable in pypinyin.lazy_pinyin(text, style=pypinyin.Style.TONE3, neutral_tone_with_five=True)]


def headword(term: GlossaryTerm, lang: str) -> str:
    """The form a term is filed under in a language."""
    return (term.hant or term.zh) if lang == HANT else term.zh if lang == "zh" else _ARTICLE.sub("", term.en)


def sort_key(text: str, lang: str) -> tuple[object, ...]:
    """Order by pinyin syllable by syllable, tone before tone, then by the characters, for Chinese; by the
    letters regardless of case, for other languages."""
    letters = _IGNORED.sub("", text)
    if lang in CHINESE:
        return (pinyin(letters), text)
    return (letters.casefold(), text)


def initial(text: str, lang: str) -> str:
    """The letter a headword is filed under."""
    letters = _IGNORED.sub("", text)
    first = (pinyin(letters)[0] if lang in CHINESE and letters else letters)[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_LETTER


def group_by_letter(terms: Iterable[GlossaryTerm], lang: str) -> list[LetterGroup]:
    """The terms in the language's alphabetical order, grouped under their initial letters."""
    ordered = sorted(terms, key=lambda term: sort_key(headword(term, lang), lang))
    return [LetterGroup(letter, tuple(group))
            for letter, group in itertools.groupby(ordered, key=lambda term: initial(headword(term, lang), lang))]


def plain_pinyin(text: str) -> str:
    """Pinyin without tones, syllables run together: what a reader types to find a Chinese term (nengyuan)."""
    pypinyin = _pypinyin()
    return "".join(pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL)).lower()


def load_pinyin() -> None:
    """Load the pinyin dictionaries now: before the render processes fork, so that each does not load its own."""
    _pypinyin()


def _pypinyin() -> ModuleType:
    # Imported when a glossary is first rendered: loading its phrase dictionary takes 0.17 s, which a
    # rebuild that renders no glossary (nothing changed, or an entry's body) should not pay.
    return importlib.import_module("pypinyin")

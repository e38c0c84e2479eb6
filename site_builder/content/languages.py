"""The site's languages and the names tied to them: locales, catalog files, reserved route segments.

Every stage needs these; they live with the content, the first stage, so that no stage imports a later one.
"""

from __future__ import annotations

from pathlib import Path

LANGUAGES = ("zh", "en")
# the languages editors write: every entry's files and every {zh:, en:} text of the data files
HANT = "zh-Hant"
# Traditional Chinese (Hong Kong conventions): converted from the Chinese at build time, or hand-made
DERIVED = {HANT: "zh"}
# a derived language -> the written language it is made from
SITE_LANGUAGES = ("zh", "en", HANT)
# what site.yaml's `languages` may list
FILE_LANGUAGES = ("zh", "en", HANT)
# the language part of an entry file's name: KEY.zh.md, KEY.en.md, KEY.zh-Hant.md
CHINESE = frozenset({"zh", HANT})
DEFAULT_LANGUAGE = "zh"
BABEL_LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB", HANT: "zh_Hant_HK"}
HTML_LANGS = {"zh": "zh-Hans", "en": "en", HANT: "zh-Hant"}
OG_LOCALES = {"zh": "zh_CN", "en": "en_GB", HANT: "zh_HK"}
CATALOG_DOMAIN = "messages"
# Route segments the generator owns; free pages may not take these names.
RESERVED = {"articles", "viewpoints", "people", "topics", "timeline", "figures", "sources", "glossary",
            "search", "assets", "feed.xml", "404.html"}


def html_lang(lang: str) -> str:
    """The BCP 47 tag for a `lang` attribute: zh-Hans for Simplified Chinese, zh-Hant for Traditional."""
    return HTML_LANGS[lang]


def route_segment(lang: str) -> str:
    """The first segment of a language's addresses: zh, en, zh-hant (lower case, as URLs are)."""
    return lang.lower()


def catalog_path(translations_dir: Path, lang: str) -> Path:
    """Where a language's catalog is: translations/<lang>/LC_MESSAGES/messages.po (zh-Hant: zh_Hant/)."""
    return translations_dir / lang.replace("-", "_") / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"

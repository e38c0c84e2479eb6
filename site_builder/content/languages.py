"""The site's languages and the names tied to them: locales, catalog files, reserved route segments.

Every stage needs these; they live with the content, the first stage, so that no stage imports a later one.
"""

from __future__ import annotations

from pathlib import Path

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
BABEL_LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}
HTML_LANGS = {"zh": "zh-Hans", "en": "en"}
OG_LOCALES = {"zh": "zh_CN", "en": "en_GB"}
CATALOG_DOMAIN = "messages"
# Route segments the generator owns; free pages may not take these names.
RESERVED = {"articles", "viewpoints", "people", "topics", "timeline", "figures", "sources", "glossary",
            "search", "assets", "feed.xml", "404.html"}


def html_lang(lang: str) -> str:
    """The BCP 47 tag for a `lang` attribute: zh-Hans for Simplified Chinese."""
    return HTML_LANGS[lang]


def catalog_path(translations_dir: Path, lang: str) -> Path:
    """Where a language's catalog is: translations/<lang>/LC_MESSAGES/messages.po."""
    return translations_dir / lang / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"

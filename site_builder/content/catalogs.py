"""Check the UI string catalogs in translations/: untranslated, fuzzy or missing strings."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from site_builder.content.languages import BABEL_LOCALES, CATALOG_DOMAIN, LANGUAGES, catalog_path
from site_builder.errors import Problem, display_path


def catalog_problems(translations_dir: Path) -> list[Problem]:
    """Warn about UI strings that are untranslated, fuzzy, or missing from a language's catalog."""
    problems: list[Problem] = []
    template_path = translations_dir / f"{CATALOG_DOMAIN}.pot"
    expected: set[str] = set()
    if template_path.is_file():
        with template_path.open("rb") as handle:
            expected = {str(m.id) for m in read_po(handle) if m.id}
    for lang in LANGUAGES:
        path = catalog_path(translations_dir, lang)
        shown = display_path(path)
        if not path.is_file():
            problems.append(Problem(shown, None, "", "catalog is missing", "run: make i18n", "warning"))
            continue
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=BABEL_LOCALES[lang], abort_invalid=True)
        except (PoFileError, ValueError) as exc:
            problems.append(Problem(shown, None, "", f"catalog cannot be read: {exc}"))
            continue
        present = set()
        for message in catalog:
            if not message.id:
                continue
            present.add(str(message.id))
            if not message.string:
                problems.append(Problem(shown, message.lineno, "msgstr", f"untranslated UI string '{message.id}'",
                                        "translate it", "warning"))
            elif message.fuzzy:
                problems.append(Problem(shown, message.lineno, "msgstr", f"fuzzy UI string '{message.id}'",
                                        "check the translation, then remove the '#, fuzzy' line", "warning"))
        for missing in sorted(expected - present):
            problems.append(Problem(shown, None, "msgid", f"UI string '{missing}' is not in the catalog",
                                    "run: make i18n, then translate it", "warning"))
    return problems

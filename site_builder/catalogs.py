"""`build.py i18n extract|update|compile`: Babel's workflow for the UI strings."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import PoFileError, read_po

from site_builder.errors import Problem, display_path
from site_builder.i18n import BABEL_LOCALES, CATALOG_DOMAIN, catalog_path
from site_builder.schema import LANGUAGES


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


def run_catalog_command(action: str, root: Path) -> int:
    """Run pybabel's extract, update or compile on this project's files."""
    template = root / "translations" / f"{CATALOG_DOMAIN}.pot"
    translations = root / "translations"
    if action == "extract":
        argv = ["extract", "-F", str(root / "babel.cfg"), "-o", str(template), "--sort-output",
                "--no-location", "--omit-header", "-k", "N_", str(root)]
    elif action == "update":
        argv = ["update", "-i", str(template), "-d", str(translations), "-D", CATALOG_DOMAIN, "--no-fuzzy-matching",
                "--ignore-obsolete"]
    else:
        argv = ["compile", "-d", str(translations), "-D", CATALOG_DOMAIN, "--statistics"]
    for lang in LANGUAGES if action == "update" else ():
        if not catalog_path(translations, lang).exists():
            CommandLineInterface().run(["pybabel", "init", "-i", str(template), "-d", str(translations),
                                        "-D", CATALOG_DOMAIN, "-l", lang])
    CommandLineInterface().run(["pybabel", *argv])
    return 0

"""`build.py i18n extract|update|compile`: Babel's workflow for the UI strings."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from site_builder.content.languages import CATALOG_DOMAIN, SITE_LANGUAGES, catalog_path


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
    for lang in SITE_LANGUAGES if action == "update" else ():
        if not catalog_path(translations, lang).exists():
            CommandLineInterface().run(["pybabel", "init", "-i", str(template), "-d", str(translations),
                                        "-D", CATALOG_DOMAIN, "-l", lang.replace("-", "_")])
    CommandLineInterface().run(["pybabel", *argv])
    return 0

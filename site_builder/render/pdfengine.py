"""HTML to PDF with WeasyPrint: deterministic bytes, nothing fetched, the fonts it will use known beforehand.

WeasyPrint implements CSS Paged Media (page margins with running headers, target-counter for
the contents' page numbers, bookmarks from headings), lays Chinese out through Pango, and
embeds each font as a subset of the glyphs used. It is imported only when a PDF is made: a
build whose PDFs are unchanged, or that makes none, does not pay the second it takes to load.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import importlib
import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from types import ModuleType

# Libraries whose versions shape a PDF's bytes: the layout, the PDF writer, the font subsetter.
_LIBRARIES = ("weasyprint", "pydyf", "fonttools")
_FAMILY = re.compile(r'font-family:\s*"([^"]+)"')


class PdfEngineMissingError(Exception):
    """WeasyPrint, or a system library it needs (Pango), cannot be loaded."""


@dataclass(frozen=True, slots=True)
class MadePdf:
    data: bytes
    # the PDF
    pages: int
    # its page count
    warnings: tuple[str, ...]
    # what the engine reported (unsupported CSS, a resource it refused to fetch)


@cache
def load_engine() -> ModuleType:
    """WeasyPrint, loaded; PdfEngineMissingError says why it cannot be."""
    try:
        return importlib.import_module("weasyprint")
    except ImportError as exc:
        raise PdfEngineMissingError(f"WeasyPrint is not installed ({exc})") from None
    except OSError as exc:  # cffi could not open Pango, HarfBuzz or fontconfig
        raise PdfEngineMissingError(f"a system library WeasyPrint needs is missing ({exc})") from None


def engine_versions() -> str:
    """What makes the bytes of a PDF from its document: the libraries' versions and this module's code."""
    found = [hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()]
    for name in _LIBRARIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found)


def make_pdf(document: str, base_url: str, identifier: bytes) -> MadePdf:
    """Render an HTML document to PDF bytes: the same document always gives the same bytes.

    The dates in its metadata come from the document (dcterms.created), never the clock, and the
    file identifier is given: a PDF writer would otherwise draw it at random or from the time.
    """
    weasyprint = load_engine()
    # No stylesheet, image or font is fetched: the document carries everything it shows.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        rendered = weasyprint.HTML(string=document, base_url=base_url, url_fetcher=fetcher).render()
        # Tagged: screen readers get the headings, lists, tables and reading order (a fifth more bytes).
        data = rendered.write_pdf(pdf_identifier=identifier, pdf_tags=True)
    finally:
        logger.removeHandler(handler)
    return MadePdf(bytes(data), len(rendered.pages), tuple(dict.fromkeys(warnings)))


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


def font_files(document: str) -> dict[str, tuple[str, str]]:
    """Each font family the document's styles name -> (the family fontconfig gives for it, its file).

    What fontconfig matches is what Pango will use: a font installed, updated or removed changes it.
    """
    library = _fontconfig()
    if library is None:
        return {}
    found = {}
    config = library.FcInitLoadConfigAndFonts()
    try:
        for family in sorted(set(_FAMILY.findall(document))):
            found[family] = _match(library, config, family)
    finally:
        library.FcConfigDestroy(config)
    return found


def fonts_digest(fonts: dict[str, tuple[str, str]]) -> str:
    """A digest of the font files a document will be set in: their names, sizes and modification times."""
    digest = hashlib.blake2b(digest_size=16)
    for family, (_matched, path) in sorted(fonts.items()):
        try:
            stat = os.stat(path)
            digest.update(f"{family}\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{family}\0{path}\0-\n".encode())
    return digest.hexdigest()


@cache
def _fontconfig() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    pointer = ctypes.c_void_p
    library.FcInitLoadConfigAndFonts.restype = pointer
    library.FcConfigDestroy.argtypes = [pointer]
    library.FcNameParse.restype = pointer
    library.FcNameParse.argtypes = [ctypes.c_char_p]
    library.FcConfigSubstitute.argtypes = [pointer, pointer, ctypes.c_int]
    library.FcDefaultSubstitute.argtypes = [pointer]
    library.FcFontMatch.restype = pointer
    library.FcFontMatch.argtypes = [pointer, pointer, ctypes.POINTER(ctypes.c_int)]
    library.FcPatternGetString.argtypes = [pointer, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    library.FcPatternDestroy.argtypes = [pointer]
    return library


def _match(library: ctypes.CDLL, config: int, family: str) -> tuple[str, str]:
    pattern = library.FcNameParse(family.replace("-", "\\-").encode("utf-8"))
    library.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
    library.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = library.FcFontMatch(config, pattern, ctypes.byref(result))
    library.FcPatternDestroy(pattern)
    if not match:
        return "", ""
    values = []
    for name in (b"family", b"file"):
        value = ctypes.c_char_p()
        found = library.FcPatternGetString(match, name, 0, ctypes.byref(value)) == 0 and value.value
        values.append(value.value.decode("utf-8", "replace") if found and value.value else "")
    library.FcPatternDestroy(match)
    return values[0], values[1]

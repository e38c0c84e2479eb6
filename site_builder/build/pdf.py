"""The pdf step: the briefing as a PDF per language, staged like every other file, made again only when needed.

After the pages have rendered and before anything is written: each language's document is
rendered from the model (render/pdfdoc.py) and known by a digest of that HTML, of the font
files it will be set in and of the PDF libraries' versions. The last PDF of each language
is kept in the cache folder with its digest: an unchanged document is copied from there,
byte for byte what making it again would give, instead of being laid out anew (seconds).
Then the pages that list the PDFs (their size and page count) are rendered again where what
they showed differs. Without the engine, the build says so in one line and goes on without PDFs.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path

from site_builder.build.context import BuildContext
from site_builder.build.readindex import hashed, key_text
from site_builder.build.renderer import known_breaks
from site_builder.build.write import stage_file
from site_builder.model.urls import UrlScheme
from site_builder.render.downloads import PDF_KEY, Download, downloads_digest
from site_builder.render.outputs import Output, render_outputs
from site_builder.render.pdfdoc import PDF_NAME, pdf_path, render_briefing
from site_builder.render.pdfengine import (
    MadePdf,
    PdfEngineMissingError,
    engine_versions,
    font_files,
    fonts_digest,
    load_engine,
    make_pdf,
)
from site_builder.render.reads import Recorder
from site_builder.render.wordbreak import WordBreaks


@dataclass(frozen=True, slots=True)
class Document:
    """One language's briefing, ready to be made into a PDF."""

    lang: str
    html: str
    # what the engine is given
    key: str
    # digest of the HTML, the font files and the libraries' versions
    identifier: bytes
    # the PDF's permanent /ID: from its address, the same in every edition


def pdf(context: BuildContext) -> None:
    """Make (or copy) each language's PDF and stage it; render again the pages that list them if they changed."""
    site = context.model()[0]
    urls = UrlScheme(site.config.base_url)
    breaks = _breaks(context)
    downloads: dict[str, Download] = {}
    if context.options.pdf:
        try:
            made = make_documents(context, [_document(context, lang, breaks) for lang in site.config.languages])
        except PdfEngineMissingError as exc:
            context.notices.append(f"note: no PDFs of the briefing: {exc}; install what pyproject.toml and "
                                   ".ci/run name, then build again with --no-cache")
            made = {}
        for lang, (data, pages) in made.items():
            path = pdf_path(urls, lang)
            _stage(context, path, data)
            context.plan.append(Output(path, lang, "pdf"))
            if path in context.stale:
                context.stale.remove(path)
            downloads[lang] = Download(lang, urls.href(lang, PDF_NAME), len(data), pages)
    _relist(context, downloads, breaks)


def _breaks(context: BuildContext) -> WordBreaks:
    return known_breaks(context.store_of(lambda kept: kept.word_breaks),
                        context.memory.breaks if context.memory is not None else None)


def _compiled(context: BuildContext) -> Path | None:
    # Jinja's compiled templates, shared with the render step.
    return context.cache.folder / "templates" if context.cache is not None else None


def _document(context: BuildContext, lang: str, breaks: WordBreaks) -> Document:
    site, index, _paths = context.model()
    options = context.options
    html = render_briefing(site, index, lang, options.templates_dir, options.translations_dir, breaks,
                           _compiled(context))
    fonts = font_files(html)
    for family, (matched, _file) in sorted(fonts.items()):
        if matched != family:
            context.notices.append(f"note: the PDFs name the font {family!r}, which is not installed "
                                   f"(Debian: fonts-noto-cjk): they use {matched or 'another font'} instead")
    key = hashlib.blake2b(f"{fonts_digest(fonts)}\0{engine_versions()}\0".encode() + html.encode("utf-8"),
                          digest_size=16).hexdigest()
    address = UrlScheme(site.config.base_url).absolute(lang, PDF_NAME)
    return Document(lang, html, key, hashlib.blake2b(address.encode("utf-8"), digest_size=16).digest())


def make_documents(context: BuildContext, documents: list[Document]) -> dict[str, tuple[bytes, int]]:
    """Each document's PDF bytes and page count: from the cache when its key is known, else made."""
    folder = context.cache.folder / "pdf" if context.cache is not None else None
    found: dict[str, tuple[bytes, int]] = {}
    missing = []
    for document in documents:
        cached = _cached(folder, document) if folder is not None else None
        if cached is not None:
            found[document.lang] = cached
        else:
            missing.append(document)
    base_url = context.model()[0].config.base_url
    for document, made in zip(missing, _make_all(missing, base_url), strict=True):
        found[document.lang] = (made.data, made.pages)
        context.notices += [f"note: PDF ({document.lang}): {warning}" for warning in made.warnings]
        if folder is not None:
            _keep(folder, document, made)
    return {document.lang: found[document.lang] for document in documents}


def _make_all(documents: list[Document], base_url: str) -> list[MadePdf]:
    """Make the PDFs, side by side in forked processes when there are several and cores to spare."""
    if not documents:
        return []
    load_engine()  # in this process, so that a missing engine is reported once, before any fork
    workers = min(len(documents), os.cpu_count() or 1)
    jobs = [(document.html, base_url, document.identifier) for document in documents]
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [make_pdf(*job) for job in jobs]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.starmap(make_pdf, jobs, chunksize=1)


def _cached(folder: Path, document: Document) -> tuple[bytes, int] | None:
    """The PDF kept for this document's key, if the cache holds it intact."""
    try:
        meta = json.loads((folder / f"{document.lang}.json").read_text(encoding="utf-8"))
        if meta["key"] != document.key:
            return None
        data = (folder / f"{document.lang}.pdf").read_bytes()
        if hashlib.blake2b(data, digest_size=16).hexdigest() != meta["data"]:
            return None
        return data, int(meta["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none kept, or damaged: make it again


def _keep(folder: Path, document: Document, made: MadePdf) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"key": document.key, "pages": made.pages,
            "data": hashlib.blake2b(made.data, digest_size=16).hexdigest()}
    for name, data in ((f"{document.lang}.pdf", made.data), (f"{document.lang}.json", json.dumps(meta).encode())):
        temporary = folder / f".{name}.new"
        temporary.write_bytes(data)
        os.replace(temporary, folder / name)


def _stage(context: BuildContext, path: str, data: bytes) -> None:
    """Stage a file (or take back a staged one the output already holds as it now is)."""
    staged = context.report.staged
    if stage_file(context.options.output_dir.resolve(), context.staging_area(), path, data):
        if path not in staged:
            staged.append(path)
    elif path in staged:
        staged.remove(path)
        context.staging_area().path(path).unlink(missing_ok=True)


def _relist(context: BuildContext, downloads: dict[str, Download], breaks: WordBreaks) -> None:
    """Render again each page that lists the PDFs and showed them otherwise (or before they were known)."""
    site, index, paths = context.model()
    now = downloads_digest(downloads)
    rendered, table = context.report.reads, context.state.reads if context.state is not None else None
    # Pages not rendered now that listed the PDFs otherwise than they now are.
    stale = table.readers({hashed(key_text(PDF_KEY)): PDF_KEY}) \
        if table is not None and table.digest(PDF_KEY) != now else set()
    again = []
    for output in context.plan:
        if output.path in rendered.files:
            if rendered.read(output.path, PDF_KEY):
                again.append(output)  # rendered while the PDFs were pending
        elif output.path in stale:
            again.append(output)
    if not again:
        return
    options = context.options
    recorder = Recorder(paths)
    for item in render_outputs(site, index, again, options.templates_dir, options.translations_dir, recorder,
                               _compiled(context), breaks, downloads):
        _stage(context, item.path, item.data)
        rendered.add(item.path, item.numbers, recorder)

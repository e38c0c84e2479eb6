"""The briefing as a PDF per language, read back with pypdf: pages, bookmarks, fonts, text, links, determinism.

Built from the full fixture site (charts, overview, every kind of entry); what the PDFs must hold is taken from
the site's model and catalogs, never from the fixture's sentences. Only this module makes PDFs.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import shutil
import sys
from pathlib import Path

import pypdf
import pytest
from conftest import SITES_DIR, TEMPLATES_DIR, TOOLS_REQUIRED, TRANSLATIONS_DIR, BuiltSite, build, build_into, read_tree
from judges import judge_pdf

from site_builder.build.pipeline import BuildOptions, build_site
from site_builder.build.state import cache_folder
from site_builder.commands.cli import _parser, main, options_from
from site_builder.content.languages import HTML_LANGS
from site_builder.errors import ContentError
from site_builder.model.urls import UrlScheme
from site_builder.render.i18n import Formatter, load_catalog
from site_builder.render.pdfdoc import edition_date, localise_links
from site_builder.render.pdfengine import PdfEngineMissingError, load_engine

FULL_DIR = SITES_DIR / "full"


def need_engine() -> None:
    try:
        load_engine()
    except PdfEngineMissingError as exc:
        if TOOLS_REQUIRED:
            pytest.fail(f"the PDF engine is missing: {exc} (make test installs it)", pytrace=False)
        pytest.skip(f"the PDF engine is missing: {exc}")


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    need_engine()
    return build_into(FULL_DIR, tmp_path_factory.mktemp("pdf") / "output", strict=True, search=False, pdf=True)


@pytest.fixture(scope="module")
def readers(pdf_site: BuiltSite) -> dict[str, pypdf.PdfReader]:
    return {lang: pypdf.PdfReader(pdf_site.output / lang / "briefing.pdf")
            for lang in pdf_site.result.site.config.languages}


@pytest.fixture(scope="module")
def page_texts(readers: dict[str, pypdf.PdfReader]) -> dict[str, list[str]]:
    """The text of every page, extracted once (slow on Chinese)."""
    return {lang: [page.extract_text() for page in reader.pages] for lang, reader in readers.items()}


def seed_pdf_cache(source_output: Path, output: Path) -> None:
    """Give a new output folder's cache the PDFs another build kept: made once, they are copied from there."""
    shutil.copytree(cache_folder(source_output) / "pdf", cache_folder(output) / "pdf")


def formatter(lang: str) -> Formatter:
    return Formatter(lang, load_catalog(TRANSLATIONS_DIR, lang))


def squeezed(text: str) -> str:
    """Text without white space: lines break anywhere in a PDF."""
    return re.sub(r"\s+", "", text)


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page number) of every bookmark, in order."""
    found = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def test_each_home_page_lists_every_pdf_with_its_size_and_page_count(pdf_site, readers):
    site = pdf_site.result.site
    assert pdf_site.result.notices == ()  # WeasyPrint took every style and fetched nothing; the fonts were there
    for lang in site.config.languages:
        home = pdf_site.page(f"{lang}/index.html")
        links = home.find_all("a", type="application/pdf")
        assert [link.get("href") for link in links][0] == f"{pdf_site.base_path}{lang}/briefing.pdf"
        assert sorted(link.get("href") for link in links) == sorted(
            f"{pdf_site.base_path}{code}/briefing.pdf" for code in site.config.languages)
        for link, code in zip(links, sorted(site.config.languages, key=lambda code: code != lang), strict=True):
            size = (pdf_site.output / code / "briefing.pdf").stat().st_size
            shown = link.parent.norm_text()
            assert f"{size / 1_000_000:.1f}" in shown and str(len(readers[code].pages)) in shown


def test_bookmarks_are_the_sections_then_every_entry(readers, pdf_site):
    site = pdf_site.result.site
    for lang, reader in readers.items():
        catalog = load_catalog(TRANSLATIONS_DIR, lang)
        marks = outline(reader)
        sections = [title for level, title, _page in marks if level == 1]
        assert sections[0] == catalog.gettext("Contents")
        for name in ("Key figures", "Timeline", "Articles", "Viewpoints", "People", "Glossary", "Sources"):
            assert catalog.gettext(name) in sections
        titles = {title for level, title, _page in marks if level == 2}
        assert {entry.texts[lang].title for entry in site.entries.values()} <= titles
        pages = [page for _level, _title, page in marks]
        assert pages == sorted(pages) and pages[-1] <= len(reader.pages)


def test_the_contents_give_each_section_its_page(readers, page_texts):
    for lang, reader in readers.items():
        contents = page_texts[lang][1]
        for level, title, page in outline(reader):
            if level == 1 and page > 2:
                assert re.search(rf"{re.escape(title)}\s*\.*\s*{page}\s*$", contents, re.MULTILINE), (title, page)


def test_pages_carry_running_headers_and_numbers_but_not_the_cover(page_texts, pdf_site):
    site = pdf_site.result.site
    for lang, texts in page_texts.items():
        total = len(texts)
        assert f"1 / {total}" not in texts[0]
        last = texts[-1]
        assert f"{total} / {total}" in last and site.config.title[lang] in last


def test_fonts_are_embedded_noto_cjk_subsets(readers):
    for reader in readers.values():
        fonts = {}
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                fonts[font["/BaseFont"]] = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert any("Noto-Sans-CJK-SC" in name for name in fonts)
        for name, descriptor in fonts.items():
            assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name  # a subset
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_text_holds_every_key_figure_and_entry_as_the_site_shows_them(page_texts, pdf_site):
    site = pdf_site.result.site
    for lang, texts in page_texts.items():
        fmt = formatter(lang)
        text = squeezed("".join(texts))
        for figure in site.figures:
            assert squeezed(fmt.amount(figure.value, figure.unit, figure.qualifier)) in text, figure.key
            assert squeezed(figure.label[lang]) in text
        for chart in site.charts:
            assert squeezed(chart.title[lang]) in text
        for entry in site.entries.values():
            assert squeezed(entry.texts[lang].summary) in text
            assert all(squeezed(point) in text for point in entry.texts[lang].points)
            assert squeezed(entry.citation.headline) in text


def test_links_lead_to_the_document_or_to_the_site(readers, pdf_site):
    site = pdf_site.result.site
    for lang, reader in readers.items():
        names = set(reader.named_destinations)
        internal, external = [], []
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                annotation = annotation.get_object()
                if "/Dest" in annotation:
                    internal.append(str(annotation["/Dest"]))
                elif annotation.get("/A", {}).get("/S") == "/URI":
                    external.append(str(annotation["/A"]["/URI"]))
        assert {f"entry-{key}" for key in site.entries} <= set(internal) <= names
        assert external and not [uri for uri in external if not uri.startswith(("https://", "http://", "mailto:"))]
        assert UrlScheme(site.config.base_url).absolute(lang, "articles", next(iter(site.entries))) in external or \
            any(uri.startswith(site.config.base_url) for uri in external)


def test_metadata_is_fixed_to_the_edition(readers, pdf_site):
    site = pdf_site.result.site
    edition = edition_date(site)
    assert edition is not None
    for lang, reader in readers.items():
        assert reader.metadata["/Title"] == site.config.title[lang]
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == HTML_LANGS[lang] and catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog
        assert reader.metadata["/CreationDate"] == "D:" + edition.iso().replace("-", "")
        assert reader.metadata["/ModDate"] == reader.metadata["/CreationDate"]
        address = UrlScheme(site.config.base_url).absolute(lang, "briefing.pdf")
        assert reader.trailer["/ID"][0].original_bytes == hashlib.blake2b(address.encode(), digest_size=16).digest()


def test_builds_are_identical_no_pdf_removes_them_and_a_rebuild_copies_them_back(pdf_site, tmp_path):
    first = read_tree(pdf_site.output)
    output = tmp_path / "output"
    build(FULL_DIR, output, strict=True, search=False, pdf=True)
    assert read_tree(output) == first  # made again in another folder: byte for byte

    without = build(FULL_DIR, output, strict=True, search=False, pdf=False)
    assert sorted(without.removed) == ["en/briefing.pdf", "zh/briefing.pdf"]
    assert not list(output.rglob("*.pdf"))
    assert b"application/pdf" not in (output / "zh" / "index.html").read_bytes()

    again = build(FULL_DIR, output, strict=True, search=False, pdf=True)
    assert {"en/briefing.pdf", "zh/briefing.pdf", "en/index.html", "zh/index.html"} <= set(again.written)
    assert read_tree(output) == first  # the PDFs from the cache, the home pages listing them again


def test_an_edited_overview_makes_that_pdf_again_and_relists_it_as_a_clean_build_would(pdf_site, tmp_path):
    # The overview's body shows in the PDF and on its own page only: the home pages, which list the PDFs, are
    # rendered again by the pdf step for the English PDF's new page count.
    content = tmp_path / "content"
    shutil.copytree(FULL_DIR, content)
    output = tmp_path / "output"
    seed_pdf_cache(pdf_site.output, output)  # the same documents: copied, not made again
    first = build(content, output, strict=True, search=False, pdf=True)
    assert read_tree(output) == read_tree(pdf_site.output) and first.notices == ()
    overview = content / "pages" / "overview.en.md"
    more = "".join(f"\n## Added {number}\n\n" + "A paragraph of detail, again and again. " * 40 + "\n"
                   for number in range(8))
    overview.write_text(overview.read_text(encoding="utf-8") + more, encoding="utf-8")
    changed = build(content, output, strict=True, search=False, pdf=True)
    assert changed.rendered == 1  # the overview page; the pdf step renders the home pages
    assert sorted(changed.written) == ["en/briefing.pdf", "en/index.html", "en/overview/index.html", "zh/index.html"]
    # A clean build (no state) given the PDFs made above: the pages, the home pages' list, as it would write them.
    clean = tmp_path / "clean"
    seed_pdf_cache(output, clean)
    build(content, clean, strict=True, search=False, pdf=True)
    assert read_tree(output) == read_tree(clean)


def test_without_the_engine_the_build_says_so_once_and_goes_on(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    load_engine.cache_clear()
    try:
        code = main(["build", "--content", str(FULL_DIR), "--output", str(tmp_path / "out"), "--no-search",
                     "--no-cache"])
    finally:
        load_engine.cache_clear()
    err = capsys.readouterr().err
    assert code == 0
    notes = [line for line in err.splitlines() if "PDF" in line]
    assert len(notes) == 1 and notes[0].startswith("note: no PDFs of the briefing: WeasyPrint is not installed")
    assert not list(Path(tmp_path / "out").rglob("*.pdf"))
    assert b"application/pdf" not in (tmp_path / "out" / "en" / "index.html").read_bytes()


def test_the_pdf_judge_tells_a_wrong_page_count_and_nothing_else(pdf_site, readers, tmp_path):
    copy = shutil.copytree(pdf_site.output, tmp_path / "copy")
    home = copy / "en" / "index.html"
    home.write_text(re.sub(r"MB, \d+ pages", "MB, 999 pages", home.read_text(encoding="utf-8")), encoding="utf-8")
    result = judge_pdf(copy)
    assert result.count == len(readers)
    assert result.failures == [f"en/index.html: the link to {path} does not say its {len(readers[lang].pages)} pages"
                               for lang, path in (("en", "en/briefing.pdf"), ("zh", "zh/briefing.pdf"))]


def test_a_missing_system_library_is_reported_as_such(monkeypatch):
    def no_pango(name):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(importlib, "import_module", no_pango)
    load_engine.cache_clear()
    try:
        with pytest.raises(PdfEngineMissingError, match="a system library WeasyPrint needs is missing.*libpango"):
            load_engine()
    finally:
        load_engine.cache_clear()


def test_links_go_to_the_documents_sections_or_the_sites_absolute_addresses_under_a_sub_path():
    anchors = {"/briefing/zh/articles/a/": "#entry-a", "/briefing/zh/glossary/#t": "#term-t"}
    document = ('<a href="/briefing/zh/articles/a/">x</a> <a href="/briefing/zh/articles/a/#points-heading">y</a> '
                '<a href="/briefing/zh/glossary/#t">z</a> <a href="/briefing/zh/topics/k/#event-e">w</a> '
                '<a href="https://example.net/">v</a> <a href="#cover">u</a>')
    assert re.findall(r'href="([^"]*)"', localise_links(document, anchors, "https://example.org/briefing/")) == [
        "#entry-a", "#entry-a", "#term-t", "https://example.org/briefing/zh/topics/k/#event-e",
        "https://example.net/", "#cover"]


def test_build_asks_for_the_pdfs_unless_told_not_to_and_serve_never_does():
    parser = _parser()
    assert options_from(parser.parse_args(["build"])).pdf is True
    assert options_from(parser.parse_args(["build", "--no-pdf"])).pdf is False
    assert options_from(parser.parse_args(["serve"])).pdf is False


def test_a_failing_pdf_template_is_reported_at_its_line_naming_the_pdf(tmp_path):
    templates = shutil.copytree(TEMPLATES_DIR, tmp_path / "templates")
    briefing = templates / "pdf" / "briefing.html"
    lines = briefing.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(index for index, line in enumerate(lines, start=1) if line.startswith("<body>"))
    lines[number - 1] = "<body>{{ nosuch.name }}\n"
    briefing.write_text("".join(lines), encoding="utf-8")
    options = BuildOptions(FULL_DIR, tmp_path / "out", templates, TRANSLATIONS_DIR, search=False, pdf=True)
    with pytest.raises(ContentError) as failed:
        build_site(options)
    [problem] = failed.value.problems
    assert (problem.line, problem.message) == (number, "template error while rendering zh/briefing.pdf: "
                                                       "'nosuch' is undefined")
    assert problem.path.endswith("pdf/briefing.html")
    assert not (tmp_path / "out").exists()  # nothing written

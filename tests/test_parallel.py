"""The side-by-side reading view (中英对照) on the full fixture site and edited copies of it: which entries get
one, what its rows hold and in which language, how body sections pair, the links to it, and the warning when a
translation's headings no longer match. The phone's one-language choice is in tests/e2e/test_reader.py."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

import pytest
from conftest import SITES_DIR, BuiltSite, Node, age, build, edit, make_site, messages, read_tree
from hypothesis import given
from hypothesis import strategies as st
from judges import judge_links, judge_sitemap

from site_builder.content.correspondence import body_headings
from site_builder.content.load import EntryFile
from site_builder.content.yamltext import Located
from site_builder.errors import ContentError
from site_builder.model.markup import render_markdown
from site_builder.render.parallel import body_rows, split_sections, top_level_blocks

FULL_DIR = SITES_DIR / "full"
LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
COLUMNS = ["zh-Hans", "en"]
# the full fixture site's article with headings in its body
HEADED = "green-power-2024"


@pytest.fixture(scope="module")
def full(full_site) -> BuiltSite:
    return full_site


def parallel_file(entry, lang: str) -> str:
    return f"{lang}/{entry.kind}/{entry.key}/parallel/index.html"


def cells(row: Node) -> list[Node]:
    return [child for child in row.children if isinstance(child, Node)]


def edited_full(tmp_path, edits: dict[str, tuple[str, str] | str | None]) -> tuple:
    """A copy of the full fixture site with files edited ({path: (old, new)}), given a new body ({path: body})
    or deleted ({path: None}), built without --strict; the built site and the build's warnings."""
    content = shutil.copytree(FULL_DIR, tmp_path / "content")
    for relative, change in edits.items():
        path = content / relative
        if change is None:
            path.unlink()
            continue
        text = path.read_text(encoding="utf-8")
        if isinstance(change, str):
            text = text[:text.index("\n---\n", 4) + 5] + change
        else:
            assert change[0] in text, (relative, change[0])
            text = text.replace(change[0], change[1], 1)
        path.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    result = build(content, output, search=False)
    return BuiltSite(output, result), result.warnings


# --- which entries, where ------------------------------------------------------------------------------------


def test_every_entry_in_both_languages_has_a_side_by_side_page_in_each_language_tree(full):
    entries = list(full.result.site.entries.values())
    assert entries and all(entry.translated == LANGS for entry in entries)
    for entry in entries:
        for lang in LANGS:
            page = full.page(parallel_file(entry, lang))
            assert "page-parallel" in page.one("body").classes
            assert page.one("html").get("lang") == HTML_LANG[lang]
            canonical = page.one("link", rel="canonical").get("href")
            assert canonical == f"{full.base_url}{lang}/{entry.kind}/{entry.key}/parallel/"
            # Search finds the entry's own page, not its repetition side by side.
            assert "data-pagefind-body" not in page.one("main").attrs


@pytest.mark.parametrize("lang", LANGS)
def test_each_entry_page_links_its_side_by_side_page(full, lang):
    for entry in full.result.site.entries.values():
        header = full.page(f"{lang}/{entry.kind}/{entry.key}/index.html").one("header", class_="entry__header")
        link = header.one("p", class_="entry__parallel").one("a")
        assert link.get("href") == f"{full.base_path}{parallel_file(entry, lang).removesuffix('index.html')}"
        assert link.norm_text()
        back = full.page(parallel_file(entry, lang)).one("p", class_="parallel__back").one("a")
        assert back.get("href") == f"{full.base_path}{lang}/{entry.kind}/{entry.key}/"


def test_the_pages_are_in_the_sitemap_with_reciprocal_alternates_and_every_link_resolves(full):
    for entry in full.result.site.entries.values():
        for lang in LANGS:
            # each language's sitemap, which the index at sitemap.xml names (render/sitemaps.py)
            sitemap = full.read(f"sitemap-{lang}.xml")
            assert f"<loc>{full.base_url}{lang}/{entry.kind}/{entry.key}/parallel/</loc>" in sitemap
    for judge in (judge_sitemap, judge_links):
        result = judge(full.output)
        assert not result.failures, result.failures


# --- what the rows hold ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_has_a_cell_per_language_each_with_its_own_lang(full, lang):
    for entry in full.result.site.entries.values():
        page = full.page(parallel_file(entry, lang))
        rows = page.find_all(class_="pv-row")
        assert len(rows) >= 2 + len(entry.texts["zh"].points)
        for row in rows:
            assert [cell.get("lang") for cell in cells(row)] == COLUMNS, (entry.key, row.norm_text()[:60])
        title = page.one("h1")
        assert [cell.norm_text() for cell in cells(title)] == [entry.texts[code].title for code in LANGS]


@pytest.mark.parametrize("lang", LANGS)
def test_summaries_key_points_quotes_and_notes_stand_beside_their_translations(full, lang):
    for entry in full.result.site.entries.values():
        page = full.page(parallel_file(entry, lang))
        lead = page.one("div", class_="lead")
        assert [cell.norm_text() for cell in cells(lead)] == [entry.texts[code].summary for code in LANGS]
        points = page.one("section", class_="keypoints").find_all("li", class_="pv-row")
        assert [[cell.norm_text() for cell in cells(row)] for row in points] == \
            [list(pair) for pair in zip(entry.texts["zh"].points, entry.texts["en"].points, strict=True)]
        quotes = page.find_all("figure", class_="quote")
        assert len(quotes) == len(entry.quotes)
        for figure, quote in zip(quotes, entry.quotes, strict=True):
            original, translation = cells(figure.one(class_="pv-row"))
            assert (original.tag, original.norm_text()) == ("blockquote", quote.text)
            assert quote.translation["en"] in translation.norm_text()
        notes = page.find("section", class_="notes")
        shown = [[cell.norm_text() for cell in cells(row)] for row in notes.find_all("li")] if notes else []
        assert shown == [list(pair) for pair in zip(entry.texts["zh"].notes, entry.texts["en"].notes, strict=True)]


def test_body_sections_pair_at_their_headings(full):
    entry = full.result.site.entries[HEADED]
    page = full.page(parallel_file(entry, "en"))
    rows = page.one("section", class_="prose").find_all(class_="pv-row")
    headed = [row for row in rows if any(cell.find("h2") or cell.find("h3") for cell in cells(row))]
    assert headed, "the fixture's body has headings"
    for row in headed:
        # A heading's row holds that heading in every language, and nothing else.
        assert all(len([c for c in cells(cell) if c.tag in ("h2", "h3")]) == 1 == len(cells(cell))
                   for cell in cells(row))


def test_sections_pair_in_order_and_paragraphs_pair_where_they_match(tmp_path):
    zh_body = "导语。\n\n## 甲\n\n甲一。\n\n甲二。\n\n### 乙\n\n乙一。\n"
    en_body = "Lead.\n\n## A\n\nA one.\n\nA two.\n\n### B\n\nB one.\n\nB two.\n"
    site, warnings = edited_full(tmp_path, {f"articles/{HEADED}.zh.md": zh_body, f"articles/{HEADED}.en.md": en_body})
    assert not [w for w in warnings if w.field == "body"], "as many headings in both"
    rows = site.page(f"en/articles/{HEADED}/parallel/index.html").one("section", class_="prose") \
        .find_all(class_="pv-row")
    shown = [[cell.norm_text() for cell in cells(row)] for row in rows]
    assert shown == [["导语。", "Lead."], ["甲", "A"], ["甲一。", "A one."], ["甲二。", "A two."], ["乙", "B"],
                     # 乙 has one paragraph where B has two: the section's blocks stand together.
                     ["乙一。", "B one. B two."]]


# --- without a translation ---------------------------------------------------------------------------------


def test_an_entry_without_an_english_file_has_no_side_by_side_page_and_no_link(tmp_path):
    site, warnings = edited_full(tmp_path, {"articles/port-trade-2023.en.md": None})
    assert any("no English version" in w.message for w in warnings)
    entry = site.result.site.entries["port-trade-2023"]
    for lang in LANGS:
        assert not (site.output / parallel_file(entry, lang)).exists()
        assert not site.page(f"{lang}/articles/port-trade-2023/index.html").find("p", class_="entry__parallel")
        assert (site.output / f"{lang}/articles/green-power-2024/parallel/index.html").is_file()
    for lang in LANGS:
        sitemap = site.read(f"sitemap-{lang}.xml")
        assert "port-trade-2023/parallel" not in sitemap and "green-power-2024/parallel" in sitemap


# --- rebuilding ---------------------------------------------------------------------------------------------


def test_an_english_edit_renders_the_side_by_side_page_in_every_language_as_a_clean_build_would(tmp_path):
    # Nobody declares what the page reads: the recorder saw it read the English text on the Chinese page too.
    content = make_site(tmp_path)
    age(content)
    build(content, tmp_path / "output", search=False)
    edit(content / "articles/tour-2023.en.md", "123 projects", "One hundred and twenty-three projects")
    result = build(content, tmp_path / "output", search=False)
    assert {"zh/articles/tour-2023/parallel/index.html", "en/articles/tour-2023/parallel/index.html"} \
        <= set(result.written)
    assert "zh/articles/tour-2023/index.html" not in result.written
    build(content, tmp_path / "clean", search=False, cache=False)
    assert read_tree(tmp_path / "output") == read_tree(tmp_path / "clean")


# --- validation --------------------------------------------------------------------------------------------


def test_a_translation_with_another_heading_is_warned_at_the_heading(tmp_path):
    site, warnings = edited_full(tmp_path, {
        f"articles/{HEADED}.en.md": ("- The first section", "### Along the way\n\n- The first section"),
    })
    path = f"content/articles/{HEADED}.en.md"
    line = (site.output.parent / path).read_text(encoding="utf-8").split("\n").index("### Along the way") + 1
    [warning] = [w for w in warnings if w.field == "body"]
    assert (warning.path.endswith(path), warning.line) == (True, line)
    assert (warning.severity, warning.message) == ("warning", "has 2 headings (## or ###) but the Chinese file has 1")
    # The page is still built, the extra section paired with nothing.
    page = site.page(f"zh/articles/{HEADED}/parallel/index.html")
    rows = page.one("section", class_="prose").find_all(class_="pv-row")
    assert any(not cells(row)[0].children for row in rows)


def test_a_translation_missing_a_heading_is_warned_at_its_body(tmp_path):
    site, warnings = edited_full(tmp_path, {f"articles/{HEADED}.en.md": ("## The line\n", "")})
    path = f"content/articles/{HEADED}.en.md"
    text = (site.output.parent / path).read_text(encoding="utf-8")
    body_line = text.split("\n").index("---", 1) + 2
    assert [(w.path.endswith(path), w.line, w.severity) for w in warnings if w.field == "body"] == \
        [(True, body_line, "warning")]


def test_a_missing_key_point_stops_the_build_at_its_field(tmp_path):
    content = shutil.copytree(FULL_DIR, tmp_path / "content")
    path = content / "articles" / f"{HEADED}.en.md"
    text = path.read_text(encoding="utf-8")
    point = "  - Nanwan's data centres will use this green power first.\n"
    assert point in text
    path.write_text(text.replace(point, "", 1), encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build(content, tmp_path / "output", search=False)
    line = text.split("\n").index("key_points:") + 1
    assert [(str(path), line, "key_points", "has 2 items but the Chinese file has 3", "error")] == \
        [(str(where), *rest) for where, *rest in messages(failure.value.problems) if rest[1] == "key_points"]


@pytest.mark.parametrize(("body", "count"), [
    ("", 0),
    ("Lead.\n\n## One\n\nText.\n\n### Two\n\nText.\n", 2),
    ("# Title\n\n#### Deep\n\n## Two\n", 1),
    # The site's Markdown knows no fenced code: a ## line between fences is a heading too.
    ("```\n## fenced\n```\n\n## One\n", 2),
    ("> ## quoted\n\n    ## indented code\n", 0),
    ("Setext\n---\n\nA paragraph\nof two lines\n---\n", 1),
])
def test_validation_counts_the_headings_the_page_cuts_at(body, count):
    entry = EntryFile("x.en.md", "articles", "x", "en", Located({}), body, 10)
    html = render_markdown(body, lambda key: key)
    assert len(body_headings(entry)) == count == len(split_sections(html)) - 1


def test_body_rows_leave_out_an_empty_lead_and_fill_a_missing_section():
    assert body_rows(["<h2>甲</h2><p>一</p>", "<h2>A</h2><p>1</p><h2>B</h2>"]) == [
        ("<h2>甲</h2>", "<h2>A</h2>"), ("<p>一</p>", "<p>1</p>"), ("", "<h2>B</h2>")]
    assert body_rows(["", ""]) == []


class _ReferenceBlocks(HTMLParser):
    """Top-level elements by Python's HTML parser, at their offsets: what the page's own splitter must agree with."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self.html, self.blocks = html, []
        self.depth, self.start, self.tag = 0, 0, ""
        self.lines = [0]
        for line in html.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.feed(html)
        self.close()

    def position(self):
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.start, self.tag = self.position(), tag
        if tag in ("br", "hr", "img", "wbr"):
            if self.depth == 0:
                self.close_block(tag)
            return
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in ("br", "hr", "img", "wbr") or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            self.close_block(self.tag)

    def handle_data(self, data):
        if self.depth == 0 and data.strip():
            start = self.position()
            self.blocks.append(("", self.html[start:start + len(data)].strip()))

    def close_block(self, tag):
        end = self.html.index(">", self.position()) + 1
        self.blocks.append((tag, self.html[self.start:end]))


_TEXT = st.text(alphabet=st.sampled_from(list("甲乙丙，。“”abc XYZ 123<>&\"'*_[]()#|-\n\\`")), max_size=30)
_BLOCKS = st.one_of(
    _TEXT,
    _TEXT.map(lambda text: f"## {text}"), _TEXT.map(lambda text: f"### {text}"),
    st.lists(_TEXT, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {item}" for item in items)),
    _TEXT.map(lambda text: f"> {text}"),
    st.tuples(_TEXT, _TEXT).map(lambda cells: f"| a | b |\n| - | - |\n| {cells[0]} | {cells[1]} |"),
    st.tuples(_TEXT, _TEXT).map(lambda link: f'[{link[0]}](https://example.org/x "{link[1]}>") and [k](entry:key)'),
    st.just("---"), st.just("Line one  \nline two"),
)


@given(st.lists(_BLOCKS, max_size=6))
def test_the_body_splits_into_the_top_level_elements_an_html_parser_finds(blocks):
    html = render_markdown("\n\n".join(blocks), lambda key: f"/en/articles/{key}/")
    assert top_level_blocks(html) == _ReferenceBlocks(html).blocks

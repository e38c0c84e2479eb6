"""Long lists are split into pages (model/paging.py): the full fixture site with two items a page."""

from __future__ import annotations

import shutil

import pytest
from conftest import SITES_DIR, BuiltSite, build_into, need_tools, read_tree
from judges import judge_a11y, judge_html, judge_links, judge_sitemap

from site_builder.model.indexes import build_index
from site_builder.model.paging import PageLink, Pager, by_year, numbered
from site_builder.render.pages import list_pages
from site_builder.render.sitemaps import sitemap_file, sitemap_parts

PAGE_SIZE = 2
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    content = tmp_path_factory.mktemp("paged") / "content"
    shutil.copytree(SITES_DIR / "full", content)
    with (content / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"list_page_size: {PAGE_SIZE}\n")
    return build_into(content, content.parent / "output", search=False)


def chain(site: BuiltSite, first: str) -> list[str]:
    """The pages of a list from its first, following rel=next; checks each next's rel=prev points back."""
    pages = [first]
    while True:
        head = site.page(pages[-1]).one("head")
        after = [link.get("href") for link in head.find_all("link", rel="next")]
        nav_next = [a.get("href") for a in site.page(pages[-1]).find_all("a", rel="next")]
        assert after == nav_next, pages[-1]
        if not after:
            return pages
        target = site.file_for(after[0].lstrip("/"))
        assert target is not None and target not in pages, after
        back = [link.get("href") for link in site.page(target).one("head").find_all("link", rel="prev")]
        assert back == ["/" + pages[-1].removesuffix("index.html")], target
        pages.append(target)


def linked(site: BuiltSite, pages: list[str], prefix: str) -> set[str]:
    """The entry keys the main content of these pages links to under /lang/prefix/."""
    keys = set()
    for relative in pages:
        for a in site.page(relative).one("main").find_all("a"):
            parts = (a.get("href") or "").strip("/").split("/")
            if len(parts) == 3 and "/".join(parts[1:2]) == prefix and parts[2] != "page":
                keys.add(parts[2])
    return keys


def entries_of(site: BuiltSite, kind: str) -> set[str]:
    return {key for key, entry in site.result.site.entries.items() if entry.kind == kind}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["articles", "viewpoints"])
def test_every_entry_is_on_a_page_of_its_list(paged, lang, kind):
    pages = chain(paged, f"{lang}/{kind}/index.html")
    assert len(pages) == -(-len(entries_of(paged, kind)) // PAGE_SIZE)
    assert pages[1:] == [f"{lang}/{kind}/page/{n}/index.html" for n in range(2, len(pages) + 1)]
    assert linked(paged, pages, kind) == entries_of(paged, kind)
    for relative in pages:
        assert len(paged.page(relative).find_all("article", class_="card")) <= PAGE_SIZE


@pytest.mark.parametrize("lang", LANGS)
def test_the_timeline_and_the_sources_are_split_by_year(paged, lang):
    site = paged.result.site
    years = sorted({event.date.year for event in site.events})
    pages = chain(paged, f"{lang}/timeline/index.html")
    assert pages == [f"{lang}/timeline/index.html", *(f"{lang}/timeline/{year}/index.html" for year in years)]
    shown = {node.get("id") for relative in pages for node in paged.page(relative).find_all("li", class_="event")}
    assert shown == {f"event-{event.key}" for event in site.events}
    cited = {entry.key for entry in site.entries.values() if entry.kind == "articles"}
    newest_first = sorted({site.entries[key].date.year for key in cited}, reverse=True)
    pages = chain(paged, f"{lang}/sources/index.html")
    assert pages[1:] == [f"{lang}/sources/{year}/index.html" for year in newest_first]
    assert linked(paged, pages, "articles") == cited


@pytest.mark.parametrize("lang", LANGS)
def test_topic_and_person_pages_list_everything_across_their_pages(paged, lang):
    index = paged.result.site
    topic = "energy"
    pages = chain(paged, f"{lang}/topics/{topic}/index.html")
    assert len(pages) > 1
    on_topic = {key for key, entry in index.entries.items() if topic in entry.topics}
    assert linked(paged, pages, "articles") | linked(paged, pages, "viewpoints") >= on_topic
    for person in index.people:
        pages = chain(paged, f"{lang}/people/{person}/index.html")
        assert all(len(paged.page(p).find_all("article", class_="card")) <= PAGE_SIZE for p in pages)


def test_pager_navigation_is_accessible_and_each_page_canonical(paged):
    for relative in paged.html_files():
        nav = paged.page(relative).find("nav", class_="pager")
        if nav is None:
            continue
        assert nav.get("aria-label") in ("分页", "Pages"), relative
        current = [a.get("href") for a in nav.find_all("a") if a.get("aria-current") == "page"]
        assert current == ["/" + relative.removesuffix("index.html")], relative
        canonical = [link.get("href") for link in paged.page(relative).one("head").find_all("link", rel="canonical")]
        assert canonical == [paged.url_of(relative)], relative


def test_later_numbered_pages_are_left_out_of_search(paged):
    assert paged.page("en/articles/index.html").one("main").get("data-pagefind-body") is not None
    assert paged.page("en/articles/page/2/index.html").one("main").get("data-pagefind-body") is None
    # a year's page lists what no other list page does: it is searched
    assert paged.page("en/timeline/2024/index.html").one("main").get("data-pagefind-body") is not None


def test_the_judges_pass_the_split_site(paged):
    for judge in (judge_links, judge_sitemap):
        result = judge(paged.output)
        assert result.failures == [], result.failures
    assert paged.url_of("en/articles/page/2/index.html") in paged.read("sitemap-en.xml")
    assert 'hreflang="zh-Hans" href="https://full.example.org/zh/articles/page/2/"' in paged.read("sitemap-en.xml")


def test_the_split_pages_are_valid_html_and_accessible(paged):
    need_tools("java", "chromium", "axe")
    result = judge_html(paged.output)
    assert result.failures == [], result.failures
    # The pagers of each kind, light and dark: numbered, a year's page, the list of years, a topic's later page.
    pages = ["zh/articles/page/2/index.html", "en/timeline/2024/index.html", "en/sources/index.html",
             "zh/topics/energy/page/2/index.html"]
    result = judge_a11y(paged.output, pages)
    assert result.failures == [], result.failures


def test_a_list_that_shrinks_loses_its_later_pages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES_DIR / "full", content)
    site_yaml = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site_yaml + "list_page_size: 2\n", encoding="utf-8")
    output = tmp_path / "output"
    build_into(content, output, search=False)
    assert (output / "zh/articles/page/2/index.html").is_file()
    (content / "site.yaml").write_text(site_yaml, encoding="utf-8")
    build_into(content, output, search=False)
    assert not (output / "zh/articles/page").exists()
    assert not (output / "en/timeline/2024").exists()
    build_into(content, tmp_path / "clean", search=False, cache=False)
    assert read_tree(output) == read_tree(tmp_path / "clean")


def test_numbered_pages_and_their_window():
    pages = numbered(("articles",), 3, list(range(40)))
    assert [page.route for page in pages[:2]] == [("articles",), ("articles", "page", "2")]
    assert [page.sections[0] for page in pages[-2:]] == [(36, 37, 38), (39,)]
    pager = pages[3].pager
    assert pager is not None and pager.prev is not None and pager.next is not None
    assert [link.number if link else None for link in pager.window] == [1, 2, 3, 4, 5, 6, None, 14]
    assert numbered(("articles",), 3, [1, 2, 3])[0].pager is None
    # sections side by side: as many pages as the longest needs
    assert [page.sections for page in numbered(("t",), 2, [1, 2, 3], [4])] == [((1, 2), (4,)), ((3,), ())]


def test_yearly_pages_are_numbered_within_a_long_year():
    pages = by_year(("timeline",), 2, [2020, 2020, 2020, 2021], lambda year: year)
    assert [page.route for page in pages] == [("timeline",), ("timeline", "2020"), ("timeline", "2020", "page", "2"),
                                               ("timeline", "2021")]
    assert pages[0].sections == ((),)
    pager = pages[2].pager
    assert isinstance(pager, Pager) and pager.here == PageLink(("timeline", "2020", "page", "2"), "2020", 2, 1)
    assert [link.year for link in pager.years] == ["2020", "2021"]
    assert [link.number for link in pager.year_pages] == [1, 2]
    assert not pager.continued


def test_a_long_sitemap_continues_in_further_files(paged):
    site = paged.result.site
    specs = list_pages(site, build_index(site))
    listed = sum(spec.in_sitemap for spec in specs)
    parts = sitemap_parts(site, specs, "zh", limit=10)
    assert [len(part) for part in parts[:-1]] == [10] * (len(parts) - 1)
    assert parts[0][0] is None and sum(len(part) for part in parts) == listed + 1  # the landing page, in zh's
    assert sum(len(part) for part in sitemap_parts(site, specs, "en", limit=10)) == listed
    assert [sitemap_file("en", n) for n in range(2)] == ["sitemap-en.xml", "sitemap-en-2.xml"]

"""The built minimal site: every page, link, language, date and figure as a reader meets them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from babel.messages.pofile import read_po
from conftest import TRANSLATIONS_DIR, BuiltSite, Node, build_into, make_site

from site_builder.content.dates import parse_partial_date
from site_builder.render.i18n import Formatter, load_catalog

LANGS = ("zh", "en")
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
PAGES = {
    # output file under <lang>/ -> body class
    "index.html": "home",
    "articles/index.html": "articles",
    "viewpoints/index.html": "viewpoints",
    "people/index.html": "people",
    "topics/index.html": "topics",
    "timeline/index.html": "timeline",
    "figures/index.html": "figures",
    "sources/index.html": "sources",
    "glossary/index.html": "glossary",
    "404.html": "not-found",
    "articles/tour-2023/index.html": "article",
    "articles/shijian-xie/index.html": "article",
    "viewpoints/xie-baojian/index.html": "viewpoint",
    "people/sun-shaocheng/index.html": "person",
    "people/xie-baojian/index.html": "person",
    "topics/investment/index.html": "topic",
    "topics/energy/index.html": "topic",
    "about/index.html": "about",
    "articles/tour-2023/parallel/index.html": "parallel",
}
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
LOOSE_DATE = {
    "zh": re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月"),
    "en": re.compile(rf"\b(?:\d{{1,2}} )?(?:{MONTHS}) \d{{4}}\b"),
}


@pytest.fixture(scope="module")
def formatters() -> dict[str, Formatter]:
    return {lang: Formatter(lang, load_catalog(TRANSLATIONS_DIR, lang)) for lang in LANGS}


def language_pages(site: BuiltSite) -> list[str]:
    """Every HTML page under zh/ or en/."""
    return [path for path in site.html_files() if path.split("/", 1)[0] in LANGS]


def url_of(site: BuiltSite, relative: str) -> str:
    """The root-relative URL that serves an output file."""
    path = relative[: -len("index.html")] if relative.endswith("index.html") else relative
    return site.base_path + path


def switcher_links(page: Node) -> list[Node]:
    return page.one("nav", class_="lang-switch").find_all("a")


def in_tag(node: Node, tag: str) -> bool:
    return node.tag == tag or any(parent.tag == tag for parent in node.ancestors())


# --- pages ----------------------------------------------------------------------------------------------------


def test_every_page_kind_exists_in_both_languages(minimal_site):
    for lang in LANGS:
        for relative, kind in PAGES.items():
            page = minimal_site.page(f"{lang}/{relative}")
            assert f"page-{kind}" in page.one("body").classes, f"{lang}/{relative}"
        assert (minimal_site.output / lang / "feed.xml").is_file()
    for relative in ("index.html", "sitemap.xml", "robots.txt", "assets/style.css"):
        assert (minimal_site.output / relative).is_file(), relative


def test_landing_page_offers_both_languages(minimal_site):
    landing = minimal_site.page("index.html")
    assert landing.one("html").get("lang") == "zh-Hans"
    links = {a.get("hreflang"): a.get("href") for a in landing.find_all("a", class_="button")}
    assert links == {"zh-Hans": "/zh/", "en": "/en/"}


def test_html_lang_per_language(minimal_site):
    pages = language_pages(minimal_site)
    assert len(pages) >= 2 * len(PAGES)
    for relative in pages:
        lang = relative.split("/", 1)[0]
        assert minimal_site.page(relative).one("html").get("lang") == HTML_LANG[lang], relative


def test_robots_txt(minimal_site):
    assert minimal_site.read("robots.txt") == (
        "User-agent: *\nAllow: /\nSitemap: https://briefing.example.org/sitemap.xml\n")


# --- links ----------------------------------------------------------------------------------------------------


def test_every_internal_link_resolves(minimal_site):
    checked = sum(1 for relative in minimal_site.html_files() for node in minimal_site.page(relative).iter()
                  if "href" in node.attrs or "src" in node.attrs)
    assert checked > 500
    assert minimal_site.broken_links() == []


def test_feeds_are_atom_with_absolute_links_that_resolve(minimal_site):
    for lang in LANGS:
        feed = ET.fromstring((minimal_site.output / lang / "feed.xml").read_bytes())
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == HTML_LANG[lang]
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 3
        urls = [link.get("href") for link in feed.iter(f"{ATOM}link")] + [e.findtext(f"{ATOM}id") for e in entries]
        for url in urls:
            assert url.startswith(f"https://briefing.example.org/{lang}/"), url
            assert minimal_site.check_link(url, f"{lang}/feed.xml") == "", url
        titles = {e.findtext(f"{ATOM}title") for e in entries}
        assert ("内蒙古党政代表团南下广东" in titles) == (lang == "zh")
        assert ("The Inner Mongolia delegation goes south to Guangdong" in titles) == (lang == "en")


def test_sitemap_lists_every_page_in_both_languages(minimal_site):
    index = ET.fromstring((minimal_site.output / "sitemap.xml").read_bytes())
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = [item.findtext(f"{SITEMAP}loc") for item in index.findall(f"{SITEMAP}sitemap")]
    assert files == [f"{minimal_site.base_url}sitemap-{lang}.xml" for lang in LANGS]
    locs = []
    for lang in LANGS:
        sitemap = ET.fromstring((minimal_site.output / f"sitemap-{lang}.xml").read_bytes())
        mine = [url.findtext(f"{SITEMAP}loc") for url in sitemap.findall(f"{SITEMAP}url")]
        # each language's file lists that language's pages (the default language's also the landing page)
        assert all(loc.startswith(f"{minimal_site.base_url}{lang}/") for loc in mine[lang == "zh":])
        locs += mine
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert minimal_site.check_link(loc, "sitemap.xml") == "", loc
    listed = {loc[len(minimal_site.base_url):] for loc in locs}
    for lang in LANGS:
        for relative in PAGES:
            path = f"{lang}/{relative}".removesuffix("index.html")
            assert (path in listed) == (relative != "404.html"), path


# --- languages ------------------------------------------------------------------------------------------------


def test_language_switcher_links_to_the_same_page_and_back(minimal_site):
    for relative in language_pages(minimal_site):
        lang, rest = relative.split("/", 1)
        other = "en" if lang == "zh" else "zh"
        links = switcher_links(minimal_site.page(relative))
        assert [a.get("hreflang") for a in links] == [HTML_LANG[other]], relative
        assert links[0].get("href") == url_of(minimal_site, f"{other}/{rest}"), relative
        target = minimal_site.file_for(links[0].get("href")[len(minimal_site.base_path):])
        assert target == f"{other}/{rest}", relative
        back = switcher_links(minimal_site.page(target))
        assert back[0].get("href") == url_of(minimal_site, relative), target


def test_navigation_comes_from_the_catalog(minimal_site):
    zh_nav = [a.norm_text() for a in minimal_site.page("zh/").one("nav", class_="site-nav").find_all("a")]
    en_nav = [a.norm_text() for a in minimal_site.page("en/").one("nav", class_="site-nav").find_all("a")]
    assert zh_nav[0] == "首页"
    assert en_nav[0] == "Home"
    assert len(zh_nav) == len(en_nav) >= 9
    assert all(not re.search(r"[A-Za-z]", label) for label in zh_nav), zh_nav


def test_no_untranslated_ui_string_on_chinese_pages(minimal_site):
    with (TRANSLATIONS_DIR / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh_Hans_CN")
    english = {m.id for m in catalog if m.id and isinstance(m.id, str) and m.string and m.string != m.id
               and "%(" not in m.id and len(m.id) > 2}
    assert "Home" in english
    for relative in language_pages(minimal_site):
        if not relative.startswith("zh/"):
            continue
        for text, holder in minimal_site.page(relative).text_nodes():
            if holder.lang == "zh-Hans" and holder.tag not in ("script", "style"):
                assert text.strip() not in english, f"{relative}: untranslated {text.strip()!r}"


# --- dates and figures ----------------------------------------------------------------------------------------


def test_every_date_is_a_time_element_formatted_for_its_language(minimal_site, formatters):
    count = 0
    for relative in language_pages(minimal_site):
        lang = relative.split("/", 1)[0]
        page = minimal_site.page(relative)
        for time in page.find_all("time"):
            value = parse_partial_date(time.get("datetime", ""))
            assert time.text() == formatters[lang].date(value), relative
            count += 1
        for text, holder in page.text_nodes():
            if holder.tag in ("script", "style") or in_tag(holder, "time"):
                continue
            assert not LOOSE_DATE[lang].search(text), f"{relative}: date outside <time>: {text.strip()!r}"
    assert count > 50


def test_dates_by_precision(minimal_site):
    zh = {t.get("datetime"): t.text() for t in minimal_site.page("zh/timeline/").find_all("time")}
    en = {t.get("datetime"): t.text() for t in minimal_site.page("en/timeline/").find_all("time")}
    assert zh["2023-10-20"] == "2023年10月20日"
    assert en["2023-10-20"] == "20 October 2023"
    assert zh["2023-02"] == "2023年2月"
    assert en["2023-02"] == "February 2023"


def figure_cells(site: BuiltSite, relative: str) -> dict[str, tuple[str, str, str]]:
    """figure key -> (data value, shown value, period text) from the figure tables of a page."""
    rows = {}
    for row in site.page(relative).find_all("tr"):
        if (row.get("id") or "").startswith("figure-"):
            data = row.one("data")
            rows[row.get("id")[len("figure-"):]] = (data.get("value"), data.norm_text(),
                                                    row.find_all("td")[1].norm_text())
    return rows


def test_figures_are_formatted_per_locale(minimal_site):
    assert figure_cells(minimal_site, "zh/figures/") == {
        "shenzhen-signed-investment": ("310600000000", "3106亿元", "2023年10月20日"),
        "new-energy-capacity": ("135000000", "1.35亿千瓦", "截至2023年10月"),
        "signed-projects": ("123", "超过123个", "2023年10月19日至2023年10月21日"),
    }
    assert figure_cells(minimal_site, "en/figures/") == {
        "shenzhen-signed-investment": ("310600000000", "310.6 billion yuan", "20 October 2023"),
        "new-energy-capacity": ("135000000", "135 GW", "as of October 2023"),
        "signed-projects": ("123", "over 123 projects", "19 October 2023 – 21 October 2023"),
    }


def test_entry_page_shows_its_figures(minimal_site):
    assert [v[1] for v in figure_cells(minimal_site, "zh/articles/tour-2023/").values()] == ["超过123个", "3106亿元"]
    assert [v[1] for v in figure_cells(minimal_site, "en/articles/tour-2023/").values()] == [
        "over 123 projects", "310.6 billion yuan"]


def test_no_missing_values_or_escaped_markup(minimal_site):
    for relative in minimal_site.html_files():
        for text, holder in minimal_site.page(relative).text_nodes():
            if holder.tag in ("script", "style"):
                continue
            assert "None" not in text, f"{relative}: {text.strip()!r}"
            assert not re.search(r"</?[a-z]+[ >]", text), f"{relative}: markup shown as text: {text.strip()!r}"


# --- entries --------------------------------------------------------------------------------------------------


def test_body_line_breaks_and_entry_links_per_language(minimal_site):
    expected = {"zh": "代表团先到深圳，再到广州。", "en": "The delegation goes to Shenzhen and then to Guangzhou."}
    for lang, first in expected.items():
        prose = minimal_site.page(f"{lang}/articles/tour-2023/").one("section", class_="prose")
        paragraphs = prose.find_all("p")
        assert paragraphs[0].norm_text() == first
        assert [a.get("href") for a in paragraphs[1].find_all("a")] == [
            f"/{lang}/articles/shijian-xie/", f"/{lang}/viewpoints/xie-baojian/#points-heading"]
    assert "深圳，再到" in minimal_site.page("zh/articles/tour-2023/").one("section", class_="prose").text()


def test_quotes_keep_the_original_and_show_the_translation(minimal_site):
    zh_quote = minimal_site.page("zh/articles/tour-2023/").one("figure", class_="quote")
    en_quote = minimal_site.page("en/articles/tour-2023/").one("figure", class_="quote")
    for quote, lang in ((zh_quote, "zh"), (en_quote, "en")):
        original = quote.one("blockquote")
        assert original.lang == "zh-Hans"
        assert original.norm_text() == "我们要把南下的路走得更勤。"
        assert quote.one("figcaption").one("a").get("href") == f"/{lang}/people/sun-shaocheng/"
    assert zh_quote.find("q") is None
    assert en_quote.one("q").norm_text() == "We mean to make the trip south more often."


def test_viewpoint_quote_is_attributed_to_its_person(minimal_site):
    quote = minimal_site.page("en/viewpoints/xie-baojian/").one("figure", class_="quote")
    assert quote.one("figcaption").one("a").get("href") == "/en/people/xie-baojian/"


def test_head_has_canonical_hreflang_and_x_default(minimal_site):
    for relative in [*language_pages(minimal_site), "index.html"]:
        page = minimal_site.page(relative)
        canonical = page.one("link", rel="canonical").get("href")
        alternates = {link.get("hreflang"): link.get("href") for link in page.find_all("link", rel="alternate")
                      if link.get("hreflang")}
        # An error page names no other-language versions (the root 404.html's would not point back).
        expected = set() if relative.endswith("404.html") else {"zh-Hans", "en", "x-default"}
        assert set(alternates) == expected, relative
        lang = relative.split("/", 1)[0]
        expected_canonical = minimal_site.base_url + (relative.removesuffix("index.html") if lang in LANGS else "")
        assert canonical == expected_canonical, relative
        if lang in LANGS and expected:
            assert alternates[HTML_LANG[lang]] == canonical
        for url in [canonical, *alternates.values()]:
            assert minimal_site.check_link(url, relative) == "", f"{relative}: {url}"


# --- other builds ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("base_url", ["https://example.org/sub/path/", "https://example.org/sub/path"])
def test_base_url_with_a_sub_path(tmp_path, base_url):
    site = build_into(make_site(tmp_path), tmp_path / "output", base_url=base_url, strict=True)
    assert site.base_path == "/sub/path/"
    root_relative = [node.attrs[name] for relative in site.html_files() for node in site.page(relative).iter()
                     for name in ("href", "src") if node.attrs.get(name, "").startswith("/")]
    assert len(root_relative) > 500
    assert all(url.startswith("/sub/path/") for url in root_relative)
    assert site.broken_links() == []
    assert site.page("en/articles/tour-2023/").one("link", rel="canonical").get("href") == (
        "https://example.org/sub/path/en/articles/tour-2023/")
    assert site.read("robots.txt").endswith("Sitemap: https://example.org/sub/path/sitemap.xml\n")
    for path in site.output.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt"):
            assert "briefing.example.org" not in path.read_text(encoding="utf-8"), path


@pytest.fixture(scope="module")
def zh_only_site(tmp_path_factory) -> BuiltSite:
    """The minimal site with one article left untranslated, built without --strict."""
    folder = tmp_path_factory.mktemp("zh-only")
    content = make_site(folder, {"articles/shijian-xie.en.md": None})
    return build_into(content, folder / "output", search=False)


def test_untranslated_entry_is_a_warning_not_an_error(zh_only_site):
    assert [p.message for p in zh_only_site.result.warnings] == [
        "no English version (expected " + zh_only_site.result.warnings[0].path.removesuffix(".zh.md") + ".en.md)"]


def test_untranslated_entry_shows_the_chinese_text_marked_as_chinese(zh_only_site):
    page = zh_only_site.page("en/articles/shijian-xie/")
    assert page.one("html").get("lang") == "en"
    article = page.one("article", class_="entry")
    assert article.get("lang") == "zh-Hans"
    assert article.one("h1").norm_text() == "谢宝剑：推动内蒙古对接大湾区"
    assert article.one("h1").lang == "zh-Hans"
    notice = article.one("p", class_="notice")
    assert notice.norm_text() == "This page has not been translated into English yet; it is shown in Chinese."
    assert notice.lang == "en"


def test_untranslated_entry_is_flagged_in_the_switcher(zh_only_site):
    zh_switch = zh_only_site.page("zh/articles/shijian-xie/").one("nav", class_="lang-switch")
    assert "（尚未翻译）" in zh_switch.norm_text()
    assert switcher_links(zh_only_site.page("zh/articles/shijian-xie/"))[0].get("href") == "/en/articles/shijian-xie/"
    assert "尚未翻译" not in zh_only_site.page("zh/articles/tour-2023/").one("nav", class_="lang-switch").norm_text()
    en_switch = zh_only_site.page("en/articles/shijian-xie/").one("nav", class_="lang-switch")
    assert "not yet translated" not in en_switch.norm_text()


def test_untranslated_entry_card_is_marked_chinese_on_english_lists(zh_only_site):
    cards = zh_only_site.page("en/articles/").find_all("article", class_="card")
    titles = {card.one(class_="card__title").norm_text(): card.one(class_="card__title").lang for card in cards}
    assert titles == {"谢宝剑：推动内蒙古对接大湾区": "zh-Hans",
                      "The Inner Mongolia delegation goes south to Guangdong": "en"}

"""What a reader of the full fixture site (tests/sites/full/) finds in its pages, read as HTML: when an entry was
last revised, how it is cited, the home page's lead, charts, breadcrumbs, the social card, typographic quotes,
the landing and error pages. What needs a browser is in tests/e2e/test_readers.py."""

from __future__ import annotations

import json

import pytest
from conftest import BuiltSite

LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def full(full_site) -> BuiltSite:
    return full_site


def entry_page(site: BuiltSite, lang: str, key: str):
    entry = site.result.site.entries[key]
    return site.page(f"{lang}/{entry.kind}/{key}/index.html")


# --- 4. last updated, citation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_says_when_it_was_last_updated_at_the_top_and_in_its_citation(full, lang):
    entries = full.result.site.entries.values()
    revised = [entry for entry in entries if entry.updated != entry.date]
    assert revised and len(revised) < len(entries), "the fixture has entries with and without `updated`"
    for entry in entries:
        page = entry_page(full, lang, entry.key)
        header = page.one("header", class_="entry__header")
        shown = header.one("span", class_="entry__updated").one("time").get("datetime")
        # Without the field, the entry's own date: never a date the build makes up.
        assert shown == entry.updated.iso() == (entry.updated if entry in revised else entry.date).iso()
        cite = page.one("section", class_="cite")
        assert entry.updated.iso() in [time.get("datetime") for time in cite.find_all("time")]
        data = json.loads(page.find("script", type="application/ld+json").text())
        assert (data["datePublished"], data["dateModified"]) == (entry.date.iso(), entry.updated.iso())


@pytest.mark.parametrize("lang", LANGS)
def test_a_source_is_linked_only_where_the_original_gives_a_link(full, lang):
    for entry in full.result.site.entries.values():
        source = entry_page(full, lang, entry.key).one("footer", class_="entry__source")
        links = [a.get("href") for a in source.find_all("a")]
        assert links == ([entry.citation.url] if entry.citation.url else []), entry.key
        text = source.norm_text()
        assert entry.citation.headline in text and entry.citation.outlet.name[lang] in text
        if entry.citation.section:
            assert entry.citation.section in text


# --- 11. breadcrumbs, social card, error pages, typography, topics ---------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_entry_pages_have_a_breadcrumb_for_readers_and_for_search_engines(full, lang):
    for entry in full.result.site.entries.values():
        page = entry_page(full, lang, entry.key)
        nav = page.one("nav", class_="breadcrumb")
        assert nav.get("aria-label") and nav.one("ol")
        assert [a.get("href") for a in nav.find_all("a")] == [f"{full.base_path}{lang}/",
                                                              f"{full.base_path}{lang}/{entry.kind}/"]
        trail = [json.loads(script.text()) for script in page.find_all("script", type="application/ld+json")]
        crumbs = next(data for data in trail if data["@type"] == "BreadcrumbList")["itemListElement"]
        assert [item["position"] for item in crumbs] == [1, 2, 3]
        assert crumbs[-1]["item"] == page.one("link", rel="canonical").get("href")
        assert crumbs[-1]["name"] == entry.texts[lang].title
        assert [item["name"] for item in crumbs[:2]] == [a.norm_text() for a in nav.find_all("a")]


def test_every_page_offers_the_sites_own_social_card(full):
    card = full.output / "assets" / "social-card.png"
    data = card.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 630)
    for relative in full.html_files():
        if relative.startswith("pagefind/"):
            continue
        head = full.page(relative).one("head")
        image = head.one("meta", property="og:image").get("content")
        assert image == f"{full.base_url}assets/social-card.png", relative
        assert head.one("meta", name="twitter:card").get("content") == "summary_large_image"


def test_error_pages_name_no_other_language_versions(full):
    for relative in ("404.html", "zh/404.html", "en/404.html"):
        head = full.page(relative).one("head")
        assert [link.get("hreflang") for link in head.find_all("link") if link.get("hreflang")] == [], relative


CODE = {"code", "pre", "script", "style"}


def straight_quotes(page) -> list[str]:
    """Text a reader sees on a page (outside code) that still has a straight quote or apostrophe."""
    return [text.strip() for text, node in page.one("body").text_nodes()
            if ("'" in text or '"' in text) and not {node.tag, *(a.tag for a in node.ancestors())} & CODE]


@pytest.mark.parametrize("which", ["full", "shipped"])
def test_no_english_page_shows_a_straight_quote(request, which):
    site = request.getfixturevalue(which)
    pages = [relative for relative in site.html_files() if relative.startswith("en/")]
    assert {relative: straight_quotes(site.page(relative)) for relative in pages
            if straight_quotes(site.page(relative))} == {}


def test_english_text_has_typographic_quotes_but_code_keeps_its_own(full):
    page = entry_page(full, "en", "green-power-2024")
    assert "’" in page.one("h1").text() and "“" in page.one("section", class_="prose").text()
    assert '"' in page.one("section", class_="prose").one("code").text()
    # Titles and descriptions in the head too, as search engines and social cards show them.
    assert "’" in page.one("title").text() and "'" not in page.one("title").text()


def test_shipped_topics_each_tell_the_reader_something(tmp_path):
    from conftest import CONTENT_DIR, build_options

    from site_builder.build.pipeline import check_site

    site, _warnings = check_site(build_options(CONTENT_DIR, tmp_path / "output", strict=True))
    entries = list(site.entries.values())
    share = {key: sum(key in entry.topics for entry in entries) / len(entries) for key in site.topics}
    assert max(share.values()) <= 0.6, share


# --- 9. charts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_charts_total_is_a_label_and_a_table_row_never_a_bar(full, lang):
    charts = [chart for chart in full.result.site.charts if chart.total is not None]
    assert charts, "the fixture has a chart with a total"
    for chart in charts:
        figure = full.page(f"{lang}/figures/index.html").one("figure", id=f"chart-{chart.key}")
        svg = figure.one("svg")
        assert len(svg.find_all("rect")) == len(chart.bars)
        total = svg.one("text", class_="chart__total").text()
        assert chart.total.label[lang] in total
        assert chart.total.figure.key not in [bar.figure.key for bar in chart.bars]
        foot = figure.one("tfoot")
        assert foot.one("th").text() == chart.total.label[lang]
        assert foot.one("data").text() in total


@pytest.mark.parametrize("lang", LANGS)
def test_topic_pages_with_figures_show_their_charts(full, lang):
    site = full.result.site
    shown = 0
    for topic in site.topics:
        page = full.page(f"{lang}/topics/{topic}/index.html")
        expected = {f"chart-{chart.key}" for chart in site.charts if topic in chart.topics}
        assert {figure.get("id") for figure in page.find_all("figure", class_="chart-figure")} == expected, topic
        shown += len(expected)
    assert shown >= len(site.charts)


# --- 7. home page ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_leads_with_the_cooperation_figures_and_what_to_know(full, lang):
    site = full.result.site
    assert site.lead_figures, "the fixture names lead figures"
    main = full.page(f"{lang}/index.html").one("main")
    stats = main.one("ul", class_="stat-grid--lead").find_all("li")
    # The figures come from the model, in site.yaml's order, each with its period and its source.
    assert [li.one("data").get("value") for li in stats] == [f"{f.value.normalize():f}" for f in site.lead_figures]
    for li, figure in zip(stats, site.lead_figures, strict=True):
        assert figure.label[lang] in li.norm_text()
        assert li.find("a") is not None
    essentials = main.one("section", class_="essentials").find_all("li")
    assert [li.norm_text() for li in essentials] == [sentence[lang] for sentence in site.config.essentials]
    assert 3 <= len(essentials) <= 5
    # Both come before the latest entries.
    order = list(main.iter())
    positions = [order.index(main.one(tag, class_=name)) for tag, name in
                 (("ul", "stat-grid--lead"), ("section", "essentials"), ("div", "cards"))]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", LANGS)
def test_latest_entries_group_each_viewpoint_under_its_article(full, lang):
    site = full.result.site
    cards = full.page(f"{lang}/index.html").one("div", class_="cards").find_all("article", class_="card")
    links = [card.one("h3").one("a").get("href").rstrip("/").rsplit("/", 2)[-2:] for card in cards]
    assert cards and all(kind == "articles" for kind, _key in links), "no viewpoint has a card of its own"
    grouped = 0
    for card, (_kind, key) in zip(cards, links, strict=True):
        listed = [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in
                  (card.find("ul", class_="card__viewpoints") or card).find_all("a")
                  if card.find("ul", class_="card__viewpoints") is not None]
        expected = [entry.key for entry in site.entries.values() if entry.kind == "viewpoints" and entry.article == key]
        assert listed == expected, key
        grouped += len(listed)
    assert grouped, "the fixture has an article with a viewpoint among the latest"


# --- 10. the overview reads as prose -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(shipped_site) -> BuiltSite:
    return shipped_site


def link_share(block) -> float:
    """How much of a block's text is the text of its links."""
    text = len(block.norm_text())
    return sum(len(a.norm_text()) for a in block.find_all("a")) / text if text else 0.0


@pytest.mark.parametrize("which", ["full", "shipped"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_overview_reads_as_prose_with_its_links_gathered_after_each_paragraph(request, which, lang):
    site = request.getfixturevalue(which)
    prose = site.page(f"{lang}/overview/index.html").one("div", class_="prose")
    paragraphs = [p for p in prose.find_all("p") if p.norm_text()] + [
        li for li in prose.find_all("li") if li.find("p") is None]
    linked = [p for p in paragraphs if p.find("a") is not None]
    assert linked, "the overview still names its sources"
    # A paragraph either has no link at all, or is a line of sources (mostly link text) after the prose it backs.
    assert [p.norm_text()[:60] for p in linked if link_share(p) < 0.6] == []
    text = [p for p in paragraphs if p.find("a") is None]
    assert len(text) >= len(linked) and sum(len(p.norm_text()) for p in text) > 2 * sum(
        len(p.norm_text()) for p in linked)
    for source_line in linked:
        index = paragraphs.index(source_line)
        assert index > 0 and paragraphs[index - 1].find("a") is None, "each source line follows prose"

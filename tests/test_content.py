"""The real content/ builds in strict mode, and every fact in it reaches both languages.

This test fails while content is being written; that is the point: the shipped site must pass. It asserts
properties of every page, figure and event, never a sentence, title, key or count that editors wrote:
what the generator does with given text is tested on the fixture sites in tests/sites/.
"""

from __future__ import annotations

import pytest
from conftest import CONTENT_DIR, TRANSLATIONS_DIR, BuiltSite

from site_builder.content.dates import parse_partial_date
from site_builder.render.i18n import Formatter, load_catalog

LANGS = ("zh", "zh-Hant", "en")
# the folder of each language's pages: zh/, zh-hant/, en/
FOLDERS = {lang.lower(): lang for lang in LANGS}


@pytest.fixture(scope="module")
def real_site(shipped_site) -> BuiltSite:
    return shipped_site


@pytest.fixture(scope="module")
def formatters() -> dict[str, Formatter]:
    return {lang: Formatter(lang, load_catalog(TRANSLATIONS_DIR, lang)) for lang in LANGS}


def test_real_content_builds_strictly(real_site):
    assert real_site.result.warnings == []
    assert len(real_site.result.site.entries) > 0
    assert (real_site.output / "index.html").is_file()


def test_every_figure_renders_in_both_languages(real_site, formatters):
    site = real_site.result.site
    assert site.figures
    # The key-figures page keeps to its size budget with the newest figures of each topic; every figure
    # is in the full table of each of its topics' pages.
    for lang in LANGS:
        rows = {}
        for topic in site.topics:
            page = real_site.page(f"{lang.lower()}/topics/{topic}/")
            rows[topic] = {row.get("id"): row for row in page.find_all("tr") if row.get("id")}
        for figure in site.figures:
            shown = formatters[lang].amount(figure.value, figure.unit, figure.qualifier)
            assert shown and "None" not in shown, figure.key
            for topic in figure.topics:
                row = rows[topic].get(f"figure-{figure.key}")
                assert row is not None, f"{lang}: figure {figure.key} is not on the page of topic {topic}"
                assert row.one("data").norm_text() == shown, figure.key
                assert "None" not in row.norm_text(), figure.key


def test_every_event_and_figure_points_at_existing_entries(real_site):
    site = real_site.result.site
    for event in site.events:
        assert event.entries and set(event.entries) <= set(site.entries), event.key
    for figure in site.figures:
        assert figure.entries and set(figure.entries) <= set(site.entries), figure.key


def test_every_event_is_on_the_timeline_in_both_languages(real_site, formatters):
    for lang in LANGS:
        page = real_site.page(f"{lang.lower()}/timeline/")
        items = {item.get("id"): item for item in page.find_all("li", class_="event")}
        for event in real_site.result.site.events:
            item = items.get(f"event-{event.key}")
            assert item is not None, f"{lang}: event {event.key} missing from the timeline"
            assert item.one("time").get("datetime") == event.date.iso()
            assert event.text[lang] in item.norm_text() or " ".join(event.text[lang].split()) in item.norm_text()


def test_every_internal_link_resolves(real_site):
    assert real_site.broken_links() == []


def test_no_missing_values_and_dates_in_time_elements(real_site, formatters):
    for relative in real_site.html_files():
        lang = FOLDERS.get(relative.split("/", 1)[0], "")
        page = real_site.page(relative)
        # Prose may say "None of …"; a value Python printed as None stands alone in its element or attribute.
        for text, holder in page.text_nodes():
            assert text.strip() not in ("None", "none", "null"), f"{relative}: <{holder.tag}> shows {text.strip()!r}"
        for node in page.iter():
            assert "None" not in node.attrs.values(), f"{relative}: <{node.tag} {node.attrs}>"
        if lang in LANGS:
            for time in page.find_all("time"):
                assert time.text() == formatters[lang].date(parse_partial_date(time.get("datetime", ""))), relative


def test_every_page_switches_to_its_translation_and_back(real_site):
    pages = [p for p in real_site.html_files() if p.split("/", 1)[0] in FOLDERS]
    # Every entry has a page in each language; the count of what editors wrote is not the point.
    assert len(pages) > len(LANGS) * len(real_site.result.site.entries)
    for relative in pages:
        folder, rest = relative.split("/", 1)
        links = real_site.page(relative).one("nav", class_="lang-switch").find_all("a")
        # The switcher offers each other language, on the same page, and that page's switcher leads back.
        assert [link.get("hreflang") for link in links] == [f"zh-{'Hans' if code == 'zh' else 'Hant'}"
                                                             if code.startswith("zh") else code
                                                             for code in LANGS if code.lower() != folder], relative
        for link in links:
            target = real_site.file_for(link.get("href")[len(real_site.base_path):])
            assert target is not None and target.split("/", 1)[1] == rest, relative
            back = [real_site.file_for(a.get("href")[len(real_site.base_path):])
                    for a in real_site.page(target).one("nav", class_="lang-switch").find_all("a")]
            assert relative in back, target


def test_editors_guide_has_the_current_field_reference():
    from site_builder.commands.fieldref import field_reference

    assert field_reference().rstrip("\n") in (CONTENT_DIR / "README.md").read_text(encoding="utf-8")


def test_editors_guide_says_where_every_entry_came_from(real_site):
    guide = (CONTENT_DIR / "README.md").read_text(encoding="utf-8")
    missing = [key for key in real_site.result.site.entries if f"`{key}`" not in guide]
    assert missing == []

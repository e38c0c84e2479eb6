"""What a reader does on the full fixture site (tests/sites/full/), in headless Chromium: switching language,
searching, filtering the timeline, printing, reading without JavaScript, reading a page not yet translated.

test_pages.py walks every page of the shipped site for what a reader must not get; it asserts no text."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from site_builder.build.search import shard_of

from .conftest import UNTRANSLATED, wait_for_results

LANGS = ("zh", "en")
OTHER = {"zh": "en", "en": "zh"}
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
SEARCHES = {"zh": "算力", "en": "computing power"}
# words in the full fixture site's entries on the topic `computing`, in each language


@pytest.fixture(scope="module")
def context(browser):
    """A desktop-sized browser context with JavaScript on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    """The context's one tab, which every test goes on in, as a new one is (screen media): a new tab costs Chromium
    a process and a seventh of a second of CPU."""
    page = context.pages[0] if context.pages else context.new_page()
    page.emulate_media(media="screen")
    return page


@pytest.fixture(scope="module")
def served(served_full):
    """Every test here but one reads the full fixture site."""
    return served_full


def computing_entries(served, lang: str) -> set[str]:
    return {urlsplit(served.url(f"{lang}/{entry.kind}/{entry.key}/")).path
            for entry in served.site.entries.values() if "computing" in entry.topics}


def test_the_fixture_site_has_what_these_tests_read(served, served_full_edited):
    # Without a browser: the fixture still builds strictly, and has what the tests below need.
    site = served.site
    assert len({topic for event in site.events for topic in event.topics}) >= 3, "the timeline filter's topics"
    assert len({event.date.iso()[:4] for event in site.events}) >= 3, "years the timeline filter hides"
    assert computing_entries(served, "en") and any(entry.citation.url for entry in site.entries.values())
    assert {"about", "overview"} <= set(site.pages) and site.charts and site.glossary
    assert "unfinished-note" not in site.entries, "a draft is not published"
    assert all(entry.translated == ("zh", "en") for entry in site.entries.values())
    assert served_full_edited.site.entries[UNTRANSLATED].translated == ("zh",)


# --- language -----------------------------------------------------------------------------------------------


def test_language_switcher_round_trips_on_every_page_kind(page, served):
    # From each Chinese page to its English page and back: both switchers of every page kind. The switchers are
    # links: on every kind, where each leads once the page's scripts ran (the link's resolved address); on the
    # home page, clicked through both ways.
    kinds = served.pages("zh")
    assert "home" in kinds
    for kind, path in kinds.items():
        start, counterpart = served.url(path), served.url(served.pages("en")[kind])
        clicked = kind == "home"
        page.goto(start)
        for here, there, target in (("zh-Hans", "en", counterpart), ("en", "zh-Hans", start)):
            assert page.get_attribute("html", "lang") == here, kind
            link = f'.lang-switch a[hreflang="{there}"]'
            assert page.eval_on_selector(link, "a => a.href") == target, kind
            if clicked:
                page.click(link)
                page.wait_for_url(target)
            elif there == "en":
                page.goto(target)  # the way back is known from the start: not gone
        if clicked:
            assert page.get_attribute("html", "lang") == "zh-Hans", kind


def test_switcher_label_is_in_its_own_language(page, served):
    for lang in LANGS:
        page.goto(served.url(served.pages(lang)["home"]))
        link = page.locator(".lang-switch a")
        assert link.get_attribute("lang") == HTML_LANG[OTHER[lang]]
        assert link.inner_text() == {"zh": "English", "en": "简体中文"}[lang]


def test_fallback_page_says_so_and_marks_the_chinese_text(browser, served_full_edited):
    served = served_full_edited
    missing = served.site.entries[UNTRANSLATED]
    page = browser.new_page()
    page.goto(served.url(f"en/{missing.kind}/{missing.key}/"))
    nearest_lang = "el => el.closest('[lang]').getAttribute('lang')"
    assert page.get_attribute("html", "lang") == "en"
    assert page.eval_on_selector("main h1", nearest_lang) == "zh-Hans"
    assert page.eval_on_selector("main .lead", nearest_lang) == "zh-Hans"
    notice = page.locator("main .notice")
    assert notice.is_visible()
    assert notice.evaluate(nearest_lang) == "en"
    assert "not been translated into English" in notice.inner_text()
    # The Chinese page's switcher warns that the English page is not translated, in Chinese.
    page.goto(served.url(f"zh/{missing.kind}/{missing.key}/"))
    assert page.locator(".lang-switch__note").inner_text() == "（尚未翻译）"
    # Lists on English pages mark the Chinese headline.
    page.goto(served.url(f"en/{missing.kind}/"))
    title = page.locator(f'a[href$="/{missing.key}/"]').first
    assert title.evaluate(nearest_lang) == "zh-Hans"
    page.close()


# --- search -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_the_computing_entries_in_its_own_language(page, served, lang):
    page.goto(served.url(served.pages(lang)["search"]))
    page.fill("#search-input", SEARCHES[lang])
    results = wait_for_results(page)
    assert set(results) & computing_entries(served, lang), results
    own = urlsplit(served.url(f"{lang}/")).path
    assert all(path.startswith(own) for path in results), f"results from another language: {results}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_search_over_split_bundles_finds_what_one_bundle_finds(page, served, served_full_split, lang):
    found = []
    for site in (served, served_full_split):
        page.goto(site.url(site.pages(lang)["search"]))
        page.fill("#search-input", SEARCHES[lang])
        wait_for_results(page)
        while page.locator(".search-more").is_visible():  # every hit, not the first screenful
            shown = page.locator(".search-result__link").count()
            page.click(".search-more")
            page.wait_for_function(f"document.querySelectorAll('.search-result__link').length > {shown}")
        found.append({path[len(urlsplit(site.base).path):] for path in wait_for_results(page)})
    assert found[1] == found[0]
    # The hits sit in several bundles, which the search page merged in.
    count = len([folder for folder in (served_full_split.root / "pagefind").iterdir()
                 if folder.name.partition(".")[0] == lang])
    assert count > 2 and len({shard_of(f"{path}index.html", count) for path in found[0]}) >= 2, (count, found[0])


def test_search_reads_the_query_from_the_address(page, served):
    page.goto(served.url("en/search/") + "?q=computing%20power")
    assert set(wait_for_results(page)) & computing_entries(served, "en")
    assert page.input_value("#search-input") == "computing power"


# --- timeline -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "width"), [("zh", 390), ("en", 1280)])
def test_timeline_filter_shows_only_the_chosen_topic(browser, served, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 844})
    page.goto(served.url(served.pages(lang)["timeline"]))
    events = page.locator(".year .timeline > li")
    total = events.count()
    assert total == len(served.site.events)
    topics = page.eval_on_selector_all(".topic-filter button[data-topic]", "bs => bs.map(b => b.dataset.topic)")
    assert topics[0] == "" and len(topics) > 2, "filter buttons replace the topic links"
    for topic in topics[1:3] + topics[-1:]:
        page.click('.topic-filter button[data-topic=""]')  # topics add up: start again from all of them
        page.click(f'.topic-filter button[data-topic="{topic}"]')
        expected = sum(topic in event.topics for event in served.site.events)
        shown = page.eval_on_selector_all(".year .timeline > li", "lis => lis.filter(li => li.offsetParent)"
                                          ".map(li => li.dataset.topics.split(' '))")
        assert len(shown) == expected, topic
        assert all(topic in topics_of_event for topics_of_event in shown), topic
        assert page.locator(f'.topic-filter button[data-topic="{topic}"]').get_attribute("aria-pressed") == "true"
        assert str(expected) in page.locator("[data-timeline-status]").inner_text()
        # A year with nothing left to show is hidden with its heading.
        assert page.evaluate("[...document.querySelectorAll('.year')].every(y => "
                             "!!y.offsetParent === !!y.querySelector('.timeline > li:not([hidden])'))")
    page.click('.topic-filter button[data-topic=""]')
    assert page.evaluate("[...document.querySelectorAll('.year .timeline > li')].filter(li => li.offsetParent)"
                         ".length") == total
    page.close()


# --- print --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_printed_entry_shows_the_source_address_and_its_own(browser, served, lang):
    entry = next(entry for entry in served.site.entries.values() if entry.citation.url)
    address = served.url(f"{lang}/{entry.kind}/{entry.key}/")
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(address)
    url = page.locator(".entry__source .citation__url")
    assert url.is_visible() and url.inner_text() == entry.citation.url
    assert page.locator(".keypoints").is_visible()
    # The printed page ends with its own address.
    assert address in page.eval_on_selector("main", "m => getComputedStyle(m, '::after').content")
    page.close()


# --- side by side -------------------------------------------------------------------------------------------

HEADED = "green-power-2024"
# the full fixture site's article with headings in its body


def shown_langs(page, selector: str = ".pv-cell") -> set[str]:
    """The languages of the cells a reader sees."""
    return set(page.eval_on_selector_all(selector, "cells => cells.filter(c => c.offsetParent || "
                                         "c.getClientRects().length).map(c => c.lang)"))


@pytest.mark.parametrize("lang", LANGS)
def test_side_by_side_on_a_phone_stacks_each_row_and_shows_one_language_on_request(browser, served, lang):
    # No JavaScript: the choice is radio buttons and CSS alone.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served.url(f"{lang}/articles/{HEADED}/parallel/"))
    assert shown_langs(page) == {"zh-Hans", "en"}
    tops = page.eval_on_selector_all(".keypoints .pv-row:first-child .pv-cell",
                                     "cells => cells.map(c => c.getBoundingClientRect())"
                                     ".map(r => [r.top, r.bottom, r.left])")
    assert len(tops) == 2 and tops[1][0] >= tops[0][1] and tops[0][2] == tops[1][2], "Chinese above English"
    toggle = page.locator("fieldset.pv-toggle")
    assert toggle.is_visible() and toggle.locator("legend").inner_text().strip()
    assert page.locator(".pv-toggle input[type=radio]").count() == 3
    for code, html_lang in (("en", "en"), ("zh", "zh-Hans")):
        page.get_by_label(page.locator(f"label[for=pv-show-{code}]").inner_text().strip(), exact=True).check()
        assert shown_langs(page) == {html_lang}, code
        assert page.locator("h1").inner_text().strip() == served.site.entries[HEADED].texts[code].title
    # The keyboard moves the choice as in any radio group: from one language back to both.
    page.focus("#pv-show-zh")
    page.keyboard.press("ArrowLeft")
    assert page.locator("#pv-show-all").is_checked() and shown_langs(page) == {"zh-Hans", "en"}
    # Paper shows both languages, in columns, and no choice, whatever the screen showed.
    page.check("#pv-show-en")
    page.emulate_media(media="print")
    assert shown_langs(page) == {"zh-Hans", "en"} and not toggle.is_visible()
    context.close()


def test_side_by_side_on_a_desk_is_two_columns_without_the_choice(browser, served):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served.url(f"en/articles/{HEADED}/parallel/"))
    assert not page.locator("fieldset.pv-toggle").is_visible()
    for row in (".keypoints .pv-row", ".prose .pv-row", "h1.pv-row"):
        boxes = page.eval_on_selector(row, "row => [...row.children].map(c => c.getBoundingClientRect())"
                                      ".map(r => [r.top, r.left, r.right])")
        assert len(boxes) == 2 and boxes[0][2] < boxes[1][1] and abs(boxes[0][0] - boxes[1][0]) < 2, row
    page.close()


# --- without JavaScript -------------------------------------------------------------------------------------


def test_every_page_works_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in served.every_page():
        page.goto(served.url(path))
        assert page.locator("main h1").first.is_visible(), path
        if path:
            assert page.locator(".site-nav a").count() >= 10, path
    # The search page says that search needs JavaScript and points elsewhere.
    page.goto(served.url("en/search/"))
    assert page.locator("main .notice").is_visible()
    # Navigation works: the menu leads to the timeline, whose topic links lead to each topic's timeline.
    page.goto(served.url("en/"))
    page.click(".site-nav summary")
    page.click('.site-nav a[href$="/en/timeline/"]')
    assert page.url == served.url("en/timeline/")
    assert page.locator(".year .timeline > li:visible").count() == len(served.site.events)
    assert page.locator(".topic-filter button").count() == 0
    link = page.locator('.topic-filter a[href*="/topics/"]').first
    href = link.get_attribute("href")
    link.click()
    assert page.url.endswith(href)
    assert page.locator("#events-heading").is_visible()
    context.close()

"""What a reader does, in headless Chromium: phone and desktop widths, switching language, searching,
filtering the timeline, printing, reading without JavaScript; and what a reader must not get: sideways
scrolling, requests to other origins, layout shift."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

LANGS = ("zh", "en")
OTHER = {"zh": "en", "en": "zh"}
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
SEARCHES = {"zh": "算力", "en": "computing power"}
WIDTHS = (390, 1280)

CLS_OBSERVER = """
window.__cls = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { if (!entry.hadRecentInput) window.__cls += entry.value; });
}).observe({type: "layout-shift", buffered: true});
"""


def every_page(served) -> list[str]:
    """Every page kind in both languages, and the landing page."""
    return [""] + [path for lang in LANGS for path in served.pages(lang).values()]


@pytest.fixture(scope="module")
def context(browser):
    """A desktop-sized browser context with JavaScript on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


def wait_for_results(page) -> list[str]:
    """The paths of Pagefind's result links once they have appeared."""
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    return [urlsplit(href).path for href in page.eval_on_selector_all(
        ".pagefind-ui__result-link", "links => links.map(link => link.href)")]


def computing_entries(served, lang: str) -> set[str]:
    return {urlsplit(served.url(f"{lang}/{entry.kind}/{entry.key}/")).path
            for entry in served.site.entries.values() if "computing" in entry.topics}


# --- one walk through every page, at each width ------------------------------------------------------------


@dataclass
class Visit:
    """What one page showed at one width."""

    overflow: int
    # pixels the page is wider than the viewport
    layout_shift: float
    # cumulative layout shift up to two frames after load
    title: str
    h1_count: int
    visible_in_print: list[str]
    # navigation and other screen-only parts still visible with print media


@dataclass
class Walk:
    visits: dict[tuple[int, str], Visit]
    # (width, site-relative path) -> what the page showed
    requests: list[str]
    # every URL the browser asked for


@pytest.fixture(scope="module")
def walk(browser, served) -> Walk:
    """Visit every page kind in both languages (and the landing page) at 390 and 1280 px, with JavaScript,
    recording sideways overflow, layout shift, what printing would show, and every request made."""
    visits: dict[tuple[int, str], Visit] = {}
    requests: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 844})
        context.add_init_script(CLS_OBSERVER)
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        for path in every_page(served):
            page.goto(served.url(path))
            page.evaluate(TWO_FRAMES)
            shift = page.evaluate("window.__cls")
            if path.endswith("search/"):
                # Results answer the reader's typing, so they are not layout shift; they must fit the width.
                page.fill(".pagefind-ui__search-input", SEARCHES[path[:2]])
                wait_for_results(page)
            overflow, title, h1_count = page.evaluate(
                "[document.documentElement.scrollWidth - document.documentElement.clientWidth,"
                " document.title, document.querySelectorAll('h1').length]")
            page.emulate_media(media="print")
            in_print = page.eval_on_selector_all(SCREEN_ONLY, "els => els.filter(el => el.offsetParent)"
                                                 ".map(el => el.tagName + '.' + el.className)")
            page.emulate_media(media="screen")
            visits[width, path] = Visit(overflow, shift, title, h1_count, in_print)
        context.close()
    return Walk(visits, requests)


TWO_FRAMES = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
SCREEN_ONLY = "nav, .site-footer, .skip-link, .topic-filter, .lang-switch"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_kind_scrolls_sideways(walk, width):
    wide = {path or "/": visit.overflow for (w, path), visit in walk.visits.items()
            if w == width and visit.overflow > 0}
    assert not wide, f"pages wider than {width}px: {wide}"


def test_no_layout_shift(walk):
    shifted = {(width, path or "/"): visit.layout_shift for (width, path), visit in walk.visits.items()
               if visit.layout_shift > 0}
    assert not shifted, shifted


def test_printing_hides_navigation(walk):
    shown = {path or "/": visit.visible_in_print for (_, path), visit in walk.visits.items()
             if visit.visible_in_print}
    assert not shown, shown


def test_nothing_is_loaded_from_another_origin(walk, served):
    assert len(walk.requests) > len(walk.visits), "requests were recorded"
    foreign = sorted({url for url in walk.requests if not url.startswith(served.origin + "/")})
    assert not foreign, foreign


def test_every_page_has_a_title_and_one_h1(walk):
    odd = {path or "/": (visit.title, visit.h1_count) for (_, path), visit in walk.visits.items()
           if not visit.title.strip() or visit.h1_count != 1}
    assert not odd, odd


# --- language -----------------------------------------------------------------------------------------------


def test_language_switcher_round_trips_on_every_page_kind(page, served):
    # From each Chinese page to its English page and back: both switchers of every page kind.
    for kind, path in served.pages("zh").items():
        start = served.url(path)
        page.goto(start)
        page.click('.lang-switch a[hreflang="en"]')
        page.wait_for_url(served.url(served.pages("en")[kind]))
        assert page.get_attribute("html", "lang") == "en", kind
        page.click('.lang-switch a[hreflang="zh-Hans"]')
        page.wait_for_url(start)
        assert page.get_attribute("html", "lang") == "zh-Hans", kind


def test_switcher_label_is_in_its_own_language(page, served):
    for lang in LANGS:
        page.goto(served.url(served.pages(lang)["home"]))
        link = page.locator(".lang-switch a")
        assert link.get_attribute("lang") == HTML_LANG[OTHER[lang]]
        assert link.inner_text() == {"zh": "English", "en": "中文"}[lang]


def test_fallback_page_says_so_and_marks_the_chinese_text(browser, served_edited):
    served = served_edited
    missing = next(entry for entry in served.site.entries.values() if "en" not in entry.translated)
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
    page.fill(".pagefind-ui__search-input", SEARCHES[lang])
    results = wait_for_results(page)
    assert set(results) & computing_entries(served, lang), results
    own = urlsplit(served.url(f"{lang}/")).path
    assert all(path.startswith(own) for path in results), f"results from another language: {results}"


def test_search_reads_the_query_from_the_address(page, served):
    page.goto(served.url("en/search/") + "?q=computing%20power")
    assert set(wait_for_results(page)) & computing_entries(served, "en")
    assert page.input_value(".pagefind-ui__search-input") == "computing power"


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
def test_printed_entry_shows_the_source_address_and_its_own(browser, served_edited, lang):
    served = served_edited
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


# --- without JavaScript -------------------------------------------------------------------------------------


def test_every_page_works_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in every_page(served):
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

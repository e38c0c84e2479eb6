"""The full fixture site (tests/sites/full/) as a reader sees it in Chromium, at 390 and 1280 px: the landing
page's two language blocks, the error page's footer, the home page's lead, charts, the overview's links and
search that folds spellings and matches Chinese phrases."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from conftest import parse_html

WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def served(served_full):
    return served_full


@pytest.fixture(scope="module")
def tabs(browser):
    """A tab at each width, which every test of the module goes on in: a new one costs Chromium a process and a
    seventh of a second of CPU."""
    opened = {width: browser.new_page(viewport={"width": width, "height": 844}) for width in WIDTHS}
    yield opened
    for tab in opened.values():
        tab.close()


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def page(request, tabs):
    page = tabs[request.param]
    page.emulate_media(media="screen")  # as a new tab is, whatever the last test did
    return page


BOX = ("els => els.map(el => { const b = el.getBoundingClientRect(); "
       "return [Math.round(b.width), Math.round(b.height)]; })")


def test_the_landing_pages_two_language_blocks_are_the_same_size(page, served):
    page.goto(served.url(""))
    boxes = page.eval_on_selector_all(".landing__choice", BOX)
    assert len(boxes) == 2 and boxes[0] == boxes[1], boxes
    # Each block's button sits at its foot, so the two line up.
    tops = page.eval_on_selector_all(".landing__choice .button", "bs => bs.map(b => b.getBoundingClientRect().bottom"
                                     " - b.closest('section').getBoundingClientRect().bottom)")
    assert tops[0] == pytest.approx(tops[1], abs=1)


@pytest.mark.parametrize("path", ["404.html", "zh/404.html", "en/404.html"])
def test_the_error_pages_footer_reaches_the_foot_of_the_window(page, served, path):
    page.goto(served.url(path))
    bottom = page.eval_on_selector(".site-footer", "f => f.getBoundingClientRect().bottom")
    assert bottom == pytest.approx(page.evaluate("innerHeight"), abs=1)
    assert page.evaluate("document.documentElement.scrollHeight") <= page.evaluate("innerHeight")


def test_an_entry_shows_its_breadcrumb_above_the_headline(page, served):
    entry = next(iter(served.site.entries.values()))
    page.goto(served.url(f"en/{entry.kind}/{entry.key}/"))
    crumbs = page.locator("nav.breadcrumb a")
    assert crumbs.count() == 2 and crumbs.first.is_visible()
    above = page.eval_on_selector("nav.breadcrumb", "n => n.getBoundingClientRect().bottom")
    assert above <= page.eval_on_selector("main h1", "h => h.getBoundingClientRect().top")
    crumbs.nth(1).click()
    assert page.url == served.url(f"en/{entry.kind}/")


# --- 3. search: spellings folded, Chinese phrases matched -------------------------------------------------------


def search(page, served, lang: str, query: str) -> set[str]:
    """The paths of every hit of a search, all of them loaded."""
    page.goto(served.url(f"{lang}/search/") + "?q=" + quote(query))
    page.wait_for_function("document.querySelector('.search-status').textContent.includes('“')", timeout=15_000)
    while page.locator(".search-more").is_visible():
        count = page.locator(".search-result").count()
        page.click(".search-more")
        page.wait_for_function(f"document.querySelectorAll('.search-result').length > {count}")
    return {urlsplit(href).path for href in page.eval_on_selector_all(
        ".search-result__link", "links => links.map(link => link.href)")}


def pages_whose_text_has(served, lang: str, words: tuple[str, ...]) -> set[str]:
    """Pages of a language whose indexed text (<main>) holds any of these words, as search paths."""
    found = set()
    for path in served.root.joinpath(lang).rglob("*.html"):
        main = parse_html(path.read_text(encoding="utf-8")).find("main")
        if main is None or "data-pagefind-body" not in main.attrs:
            continue
        text = "".join(main.norm_text().split()) if lang == "zh" else main.norm_text().lower()
        if any(word in text for word in words):
            relative = path.relative_to(served.root).as_posix().removesuffix("index.html")
            found.add(urlsplit(served.url(relative)).path)
    return found


@pytest.mark.parametrize(("us", "uk"), [("data center", "data centre"), ("Center", "centre")])
def test_search_finds_the_same_whether_spelt_american_or_british(page, served, us, uk):
    american, british = search(page, served, "en", us), search(page, served, "en", uk)
    assert american == british
    assert pages_whose_text_has(served, "en", ("data centre",)) <= british
    # Names keep their own spelling (the Nanwan Computing Center) and are found either way.
    assert pages_whose_text_has(served, "en", ("center",)) <= british


def test_a_chinese_query_matches_as_a_phrase_not_character_by_character(page, served):
    with_phrase = pages_whose_text_has(served, "zh", ("绿电",))
    only_a_character = pages_whose_text_has(served, "zh", ("电",)) - with_phrase
    assert with_phrase and only_a_character, "the fixture has pages with 绿电 and pages with 电 alone"
    assert search(page, served, "zh", "绿电") == with_phrase
    # Each hit shows the phrase, marked, in its excerpt.
    marks = page.eval_on_selector_all(".search-result__excerpt mark", "marks => marks.map(m => m.textContent)")
    assert len(marks) >= len(with_phrase) and set(marks) == {"绿电"}
    # A single character is still a word of its own.
    assert search(page, served, "zh", "电") >= only_a_character


# --- 5. print: the address and the day it was printed ----------------------------------------------------------


@pytest.mark.parametrize(("lang", "word"), [("zh", "打印于"), ("en", "printed")])
def test_a_printed_page_ends_with_its_address_and_the_day_it_was_printed(browser, served, lang, word):
    entry = next(iter(served.site.entries.values()))
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(served.url(f"{lang}/{entry.kind}/{entry.key}/"))
    after = page.eval_on_selector("main", "m => getComputedStyle(m, '::after').content")
    today = page.evaluate("new Intl.DateTimeFormat(document.documentElement.lang, {dateStyle: 'long'})"
                          ".format(new Date())")
    assert served.url(f"{lang}/{entry.kind}/{entry.key}/") in after and f"{word}{' ' * (lang == 'en')}{today}" in after
    page.close()

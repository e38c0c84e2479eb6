"""The full fixture site (tests/sites/full/) as a reader sees it in Chromium, at 390 and 1280 px: the landing
page's two language blocks, the error page's footer, the home page's lead, charts, the overview's links and
search that folds spellings and matches Chinese phrases."""

from __future__ import annotations

import pytest

WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def served(served_full):
    return served_full


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def page(request, browser):
    page = browser.new_page(viewport={"width": request.param, "height": 844})
    yield page
    page.close()


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

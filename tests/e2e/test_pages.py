"""The shipped site (content/), every page read as a file: the size budget, nothing from another origin, and
the language of every fragment written in the other language; and every page kind walked in headless
Chromium: no sideways scrolling, no layout shift, no navigation in print, one title and one h1; and a screenshot
of each, for people to look at, written to screenshots/ (or $SITE_BUILDER_SCREENSHOTS), which CI keeps. And the
landing page, whose layout depends on all its blocks, sent in pieces: nothing shown moves as the rest arrives.

These check the shipped content as much as the generator, so they assert properties of every page, never
its text: an editor's change may fail them only by making a page worse. What a reader does is tested on the
full fixture site, in test_reader.py."""

from __future__ import annotations

import base64
import gzip
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import REPO_ROOT, QuietHandler, launched_chromium, require_chromium, serve_folder, wait_for_results

BUDGET = 24_000
# Bytes a reader's phone downloads for a page's HTML and its stylesheets, compressed as static hosts serve them
# (gzip): the shipped site's fullest page, the glossary, is 19 KB so (43 KB uncompressed).
# bytes of HTML + CSS per page, the search bundle aside
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Four or more English words in a row; a name or an abbreviation (GW, Atom) may stand in Chinese text unmarked.
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ ,;:&]+[A-Za-z][A-Za-z'’-]*){3,}")
# Editors' free text: notes, bodies, explanations. Its fragments need marking in site_builder (see below).
EDITORIAL = {"notes", "prose", "note", "glossary"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Page:
    """What the budget and language checks need from one HTML file."""

    stylesheets: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    # (kind, text, editorial): a fragment whose nearest lang is not its language
    unmarked: list[tuple[str, str, bool]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[tuple[str, str | None, bool]] = []
        # (tag, nearest lang, inside editorial text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or ""):
            self.page.stylesheets.append(attributes["href"] or "")
        for name in ("src", "srcset", "poster", "data"):
            if attributes.get(name) and tag in ("img", "script", "source", "video", "audio", "iframe", "object"):
                self.page.resources.append(attributes[name] or "")
        if tag == "link" and attributes.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
            self.page.resources.append(attributes.get("href") or "")
        if tag in VOID:
            return
        lang, editorial = self.stack[-1][1:] if self.stack else (None, False)
        classes = set((attributes.get("class") or "").split())
        self.stack.append((tag, attributes.get("lang", lang), editorial or bool(classes & EDITORIAL)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not self.stack or self.stack[-1][0] in ("script", "style", "title"):
            return
        _, lang, editorial = self.stack[-1]
        if lang == "en" and HAN.search(data):
            self.page.unmarked.append(("Chinese in English", data.strip()[:80], editorial))
        if lang == "zh-Hans":
            for run in ENGLISH_RUN.findall(data):
                self.page.unmarked.append(("English in Chinese", run[:80], editorial))


@pytest.fixture(scope="module")
def served(served_shipped):
    """Every test here reads the shipped site."""
    return served_shipped


@pytest.fixture(scope="module")
def pages(served) -> dict[str, Page]:
    """Every HTML page of the site (the search bundle aside), read once."""
    read = {}
    for path in sorted(served.root.rglob("*.html")):
        relative = path.relative_to(served.root).as_posix()
        if relative.startswith("pagefind/"):
            continue
        reader = _Reader()
        reader.feed(path.read_text(encoding="utf-8"))
        read[relative] = reader.page
    return read


def local_file(served, page_path: str, href: str) -> Path:
    """The output file a root-relative or relative link of a page points at."""
    url = urljoin(served.url(page_path), href)
    assert url.startswith(served.base), f"{page_path}: {href} leaves the site"
    return served.root / urlsplit(url).path[len(urlsplit(served.base).path):]


def test_every_page_kind_is_read(pages, served):
    for lang in ("zh", "en"):
        for path in served.pages(lang).values():
            assert (path + "index.html" if path.endswith("/") else path) in pages
    assert "index.html" in pages


def test_html_and_css_of_every_page_within_budget(pages, served):
    sizes = {}
    for path, page in pages.items():
        css = [href for href in page.stylesheets if "/pagefind/" not in href]
        sizes[path] = len(gzip.compress((served.root / path).read_bytes())) + sum(
            len(gzip.compress(local_file(served, path, href).read_bytes())) for href in css)
    largest = max(sizes, key=sizes.get)
    over = {path: size for path, size in sizes.items() if size >= BUDGET}
    assert not over, f"over {BUDGET} bytes: {over}"
    assert sizes[largest] < BUDGET, (largest, sizes[largest])


def test_every_resource_comes_from_the_site(pages, served):
    foreign = {path: href for path, page in pages.items() for href in page.resources
               if not urljoin(served.url(path), href).startswith(served.base)}
    assert not foreign, foreign
    stylesheet = (served.root / "assets" / "style.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(|@import", stylesheet), "the stylesheet loads nothing"


def test_fragments_in_the_other_language_carry_their_lang(pages):
    # Everything the templates put on a page: switcher, headlines, names, citations, quotes, figures, events.
    unmarked = {(kind, text): path for path, page in pages.items()
                for kind, text, editorial in page.unmarked if not editorial}
    assert not unmarked, unmarked


def test_fragments_in_editorial_text_carry_their_lang(pages):
    unmarked = {(kind, text): path for path, page in pages.items()
                for kind, text, editorial in page.unmarked if editorial}
    assert not unmarked, unmarked


# --- one walk through every page, at each width ------------------------------------------------------------


WIDTHS = (390, 1280)
DEVICES = {390: "phone", 1280: "desktop"}
PHONE_ONLY = ("zh-hant/",)
# Pages walked at the phone's width alone: zh-Hant's are zh's converted character for character, with the same
# templates and glyphs of the same width, so that a page too wide shows on the phone first. Walking them at 1280 px
# too cost Chromium 5 s of CPU, a sixth of the walk, in a suite bound by its two cores.
SCREENSHOTS = Path(os.environ.get("SITE_BUILDER_SCREENSHOTS", REPO_ROOT / "screenshots"))
SCREEN_HEIGHT = 844
# The viewport's height, and what is photographed of each page: the screen a reader lands on. Photographing the
# first 2,000 pixels took Chromium 76 ms of CPU at 390 px and 147 ms at 1280 px, against 18 and 51 ms for the
# screen alone: 7.5 s of the suite's CPU, which is CPU-bound on its two cores.

CLS_OBSERVER = """
window.__cls = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { if (!entry.hadRecentInput) window.__cls += entry.value; });
}).observe({type: "layout-shift", buffered: true});
"""


def busiest_topic_name(served, lang: str) -> str:
    """What the walk types into the search page: the name of the topic with the most entries, which the
    search finds, whatever the editors wrote."""
    entries = served.site.entries.values()
    key = max(served.site.topics, key=lambda key: sum(key in entry.topics for entry in entries))
    return served.site.topics[key].name[lang]


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
    screenshots: list[Path]


@pytest.fixture(scope="module")
def walk(served, browser) -> Walk:
    """Visit every page kind in every language (and the landing page) at 390 and 1280 px (zh-Hant's at 390 px:
    PHONE_ONLY), with JavaScript, recording sideways overflow, layout shift, what printing would show, and every
    request made; and photograph each (landing-phone.jpg, en-timeline-desktop.jpg...)."""
    require_chromium()
    names = {"": "landing"} | {path: f"{lang}-{kind}" for lang in served.site.config.languages
                               for kind, path in served.pages(lang).items()}
    assert list(names) == served.every_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The widths side by side: the phone's (the most pages) here, in the test process's browser, the others each in
    # a thread with a browser of its own (Playwright's API serves the thread that started it). A visit spends most
    # of its time waiting on the browser, so that the two at once took 35-40 s where one after the other took
    # 52-56 s (this fixture's setup, the site's build included, on 2 cores).
    phone, *wider = WIDTHS
    with ThreadPoolExecutor(len(wider)) as pool:
        others = [pool.submit(walk_in_a_browser_of_its_own, width, served, at_width(names, width)) for width in wider]
        walks = [walk_at(browser, phone, served, at_width(names, phone))] + [other.result() for other in others]
    return Walk({key: visit for one in walks for key, visit in one.visits.items()},
                [url for one in walks for url in one.requests], [path for one in walks for path in one.screenshots])


def at_width(names: dict[str, str], width: int) -> dict[str, str]:
    """The pages of `names` walked at `width`."""
    return {path: name for path, name in names.items() if width == min(WIDTHS) or not path.startswith(PHONE_ONLY)}


def walk_in_a_browser_of_its_own(width: int, served, names: dict[str, str]) -> Walk:
    with launched_chromium() as browser:
        return walk_at(browser, width, served, names)


def walk_at(browser, width: int, served, names: dict[str, str]) -> Walk:
    """The walk at one width, in a context of its own."""
    visits: dict[tuple[int, str], Visit] = {}
    requests: list[str] = []
    screenshots: list[Path] = []
    context = browser.new_context(viewport={"width": width, "height": SCREEN_HEIGHT})
    try:
        context.add_init_script(CLS_OBSERVER)
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        devtools = context.new_cdp_session(page)
        for path, name in names.items():
            page.emulate_media(media="screen")  # the last page was looked at as printed
            page.goto(served.url(path))
            if path.endswith("search/"):
                # Results answer the reader's typing, so they are not layout shift; they must fit the width.
                shift = page.evaluate(TWO_FRAMES_THEN_SHIFT)
                page.fill("#search-input", busiest_topic_name(served, next(
                        code for code in served.site.config.languages if path.startswith(f"{code.lower()}/"))))
                wait_for_results(page)
                measures = page.evaluate(MEASURES)
            else:
                shift, *measures = page.evaluate(f"{TWO_FRAMES_THEN_SHIFT}.then(shift => [shift, ...{MEASURES}])")
            overflow, title, h1_count = measures
            # The screen a reader lands on, as JPEG at middling quality, asked of Chromium directly.
            target = SCREENSHOTS / f"{name}-{DEVICES[width]}.jpg"
            shot = devtools.send("Page.captureScreenshot", {"format": "jpeg", "quality": 60})
            target.write_bytes(base64.b64decode(shot["data"]))
            screenshots.append(target)
            page.emulate_media(media="print")
            # Asked of the styles alone (no layout of the printed page): shown at all, and not made invisible.
            in_print = page.eval_on_selector_all(SCREEN_ONLY, "els => els.filter(el => el.checkVisibility("
                                                 "{visibilityProperty: true})).map(el => el.tagName + '.' + "
                                                 "el.className)")
            visits[width, path] = Visit(overflow, shift, title, h1_count, in_print)
    finally:
        context.close()
    return Walk(visits, requests, screenshots)


TWO_FRAMES_THEN_SHIFT = ("new Promise(done => requestAnimationFrame(() => requestAnimationFrame("
                         "() => done(window.__cls))))")
MEASURES = ("[document.documentElement.scrollWidth - document.documentElement.clientWidth, document.title,"
            " document.querySelectorAll('h1').length]")
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


def test_every_page_kind_is_photographed_at_each_width_it_is_walked(walk, served):
    every = served.every_page()
    assert len(set(walk.screenshots)) == len(walk.visits) == sum(len(at_width(dict.fromkeys(every, ""), width))
                                                                  for width in WIDTHS)
    assert {path for width, path in walk.visits} == set(every)
    assert not [path for width, path in walk.visits if width > min(WIDTHS) and path.startswith(PHONE_ONLY)]
    assert all(path.stat().st_size > 5_000 for path in walk.screenshots)


# --- a page painted before it has all arrived -----------------------------------------------------------------


PIECE_PAUSE = 0.1
# seconds between the pieces of a page sent piecemeal: several of the browser's frames


class PiecemealHandler(QuietHandler):
    """Sends each HTML page in pieces, pausing before each `<section`: as a slow connection, or a browser busy
    enough to paint between two slices of parsing, shows a page before the rest has been read."""

    def copyfile(self, source, outputfile) -> None:
        if not urlsplit(self.path).path.endswith(("/", ".html")):
            return super().copyfile(source, outputfile)
        data = source.read()
        starts = [match.start() for match in re.finditer(rb"<section", data)]
        for begin, end in zip([0, *starts], [*starts, len(data)], strict=True):
            outputfile.write(data[begin:end])
            outputfile.flush()
            if end < len(data):
                time.sleep(PIECE_PAUSE)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_landing_page_moves_nothing_as_its_choices_arrive(served, browser, width):
    # The landing page centres its languages' blocks and gives them one size: laid out as each arrived, the
    # first moved up and grew when the others came, a layout shift of 0.15 at 390 px and 0.08 at 1280 px.
    server, origin = serve_folder(served.root.parent, PiecemealHandler)
    context = browser.new_context(viewport={"width": width, "height": SCREEN_HEIGHT})
    try:
        context.add_init_script(CLS_OBSERVER)
        page = context.new_page()
        page.goto(f"{origin}/{served.root.name}/")
        assert page.locator(".landing__choice").count() == len(served.site.config.languages) > 1
        assert page.locator(".landing__choice").first.is_visible()
        assert page.evaluate(TWO_FRAMES_THEN_SHIFT) == 0
    finally:
        context.close()
        server.shutdown()
        server.server_close()

"""The briefing as a reader meets it on a phone, on a desk and on paper: the menu, back to top, Chinese
headlines breaking between words, the glossary's order, the citation block, print, search results and the
timeline's filter in the address."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from site_builder.render.collation import plain_pinyin

LANGS = ("zh", "en")


def _filter_query(site, how):
    """A glossary term of the site's own, and what a reader types to find it (by pinyin, Chinese or English)."""
    terms = site.glossary
    if how == "english":
        # A first word that only a few terms share, so that the filter visibly narrows the list.
        for term in terms:
            word = term.en.split()[0]
            if len(word) > 3 and sum(word.lower() in t.en.lower() for t in terms) <= len(terms) / 8:
                return word.capitalize(), term.en
    term = next(t for t in terms if len(t.zh) >= 3)
    return (plain_pinyin(term.zh), term.zh) if how == "pinyin" else (term.zh, term.zh)


def _topic_to_search(site, lang):
    """The topic with the shortest name: a query its own page answers among the first hits."""
    return min((topic for topic in site.topics.values() if any(topic.key in e.topics for e in site.entries.values())),
               key=lambda topic: (len(topic.name[lang]), topic.key))


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context
    context.close()


@pytest.fixture(scope="module")
def phone_without_js(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture(scope="module")
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def tab(context):
    """The context's one tab, which its tests go on in, as a new one is (screen media): a new tab costs Chromium a
    process and a seventh of a second of CPU."""
    page = context.pages[0] if context.pages else context.new_page()
    page.emulate_media(media="screen")
    return page


ON_SCREEN = """links => links.map(link => {
  const box = link.getBoundingClientRect();
  const seen = box.width > 0 && box.left >= 0 && box.right <= innerWidth && box.top >= 0 && box.bottom <= innerHeight;
  return seen && document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)?.closest('a') === link
    ? null : link.getAttribute('href');
}).filter(Boolean)"""


# --- 1. navigation on a phone ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("context_name", ["phone", "phone_without_js"])
def test_every_section_is_one_tap_behind_the_menu_on_a_phone(request, served_shipped, lang, context_name):
    page = tab(request.getfixturevalue(context_name))
    page.goto(served_shipped.url(served_shipped.pages(lang)["article"]))
    links = page.locator(".site-nav a")
    assert links.count() == 11
    assert links.first.is_hidden(), "the sections fold behind the menu button"
    page.click(".site-nav summary")
    assert page.eval_on_selector_all(".site-nav a", ON_SCREEN) == []
    page.click(f'.site-nav a[href$="/{lang}/glossary/"]')
    assert page.url == served_shipped.url(f"{lang}/glossary/")


@pytest.mark.parametrize("lang", LANGS)
def test_every_section_is_on_screen_on_a_desktop_without_a_menu_button(desktop, served_shipped, lang):
    page = tab(desktop)
    page.goto(served_shipped.url(served_shipped.pages(lang)["timeline"]))
    assert page.locator(".site-nav summary").is_hidden()
    assert page.locator(".site-nav a").count() == 11
    assert page.eval_on_selector_all(".site-nav a", ON_SCREEN) == []


@pytest.mark.parametrize("context_name", ["phone", "phone_without_js"])
def test_back_to_top_appears_only_once_scrolled_and_leads_to_the_top(request, served_shipped, context_name):
    page = tab(request.getfixturevalue(context_name))
    page.goto(served_shipped.url("zh/glossary/"))
    button = ".to-top a"
    assert page.eval_on_selector_all(button, ON_SCREEN) == ["#top"], "not in sight at the top of the page"
    page.evaluate("scrollTo(0, 3000)")
    assert page.eval_on_selector_all(button, ON_SCREEN) == [], "in sight once scrolled"
    page.click(button)
    page.wait_for_url("**#top")
    assert page.evaluate("scrollY") == 0
    # A page shorter than the screen has no button in sight at all.
    page.goto(served_shipped.url("zh/404.html"))
    page.evaluate("scrollTo(0, 3000)")
    assert page.eval_on_selector_all(button, ON_SCREEN) == ["#top"]


# --- 2. Chinese headlines break between words ---------------------------------------------------------------

# For each headline or list line: where its lines break (offsets into its text, from the line boxes of its
# characters) and where the browser's own Chinese word segmentation (ICU's dictionary) puts word boundaries.
LINE_BREAKS = """selector => [...document.querySelectorAll(selector)].filter(el => el.offsetParent).map(el => {
  const text = el.textContent, breaks = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let offset = 0, lastTop = null, node;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.data.length; i++, offset++) {
      if (/\\s/.test(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      if (lastTop !== null && box.top > lastTop + box.height / 2) breaks.push(offset);
      lastTop = box.top;
    }
  }
  const bounds = [...new Intl.Segmenter('zh', {granularity: 'word'}).segment(text)].map(s => s.index);
  return {text, breaks, bounds};
})"""
HEADLINES = "main :is(h1, h2, h3, .entry-list li > a, .card__viewpoints a, .event a):lang(zh)"


def breaks_inside_words(page) -> list[str]:
    """Each headline line that ends inside a word, shown as its text with | at the break."""
    wrong = []
    for line in page.evaluate(LINE_BREAKS, HEADLINES):
        for offset in line["breaks"]:
            text = line["text"]
            # A space, a line-start mark or a boundary ICU sees: a break between words.
            if offset not in line["bounds"] and not text[offset - 1].isspace():
                wrong.append(f"{text[:offset]}|{text[offset:]}")
    return wrong


@pytest.mark.parametrize("context_name", ["phone", "desktop"])
def test_chinese_headlines_break_only_between_words(request, served_shipped, context_name):
    page = tab(request.getfixturevalue(context_name))
    pages = served_shipped.pages("zh")
    wrong, lines = [], 0
    for kind in ("home", "articles", "viewpoints", "article", "viewpoint", "topics", "topic", "person", "timeline"):
        page.goto(served_shipped.url(pages[kind]))
        lines += len(page.evaluate(LINE_BREAKS, HEADLINES))
        wrong += [f"{kind}: {line}" for line in breaks_inside_words(page)]
    assert lines > 50
    assert wrong == []


def test_english_pages_mark_the_chinese_headline_of_an_untranslated_entry_too(browser, served_full_edited):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    missing = next(entry for entry in served_full_edited.site.entries.values() if "en" not in entry.translated)
    page.goto(served_full_edited.url(f"en/{missing.kind}/{missing.key}/"))
    assert page.locator("main h1 wbr").count() > 2
    assert breaks_inside_words(page) == []
    page.close()


# --- 6. glossary ----------------------------------------------------------------------------------------

# The browser's own collation (ICU): pinyin order for Chinese, A–Z for English without a leading article.
HEADWORDS_OUT_OF_ORDER = """([locale, selector]) => {
  const words = [...document.querySelectorAll(selector)].map(el => el.textContent.replace(/^(the|a|an) /i, ''));
  const compare = new Intl.Collator(locale, {ignorePunctuation: true}).compare;
  return words.map((word, i) => i > 0 && compare(words[i - 1], word) > 0 ? words[i - 1] + ' > ' + word : '')
    .filter(Boolean);
}"""


@pytest.mark.parametrize(("lang", "locale", "headword"), [("zh", "zh-Hans-u-co-pinyin", "dt > span:first-child"),
                                                          ("en", "en", "dt > span:first-child")])
def test_glossary_is_in_the_languages_alphabetical_order_under_letter_headings(desktop, served_shipped, lang, locale,
                                                                               headword):
    page = tab(desktop)
    page.goto(served_shipped.url(f"{lang}/glossary/"))
    assert page.locator(".glossary > div").count() == len(served_shipped.site.glossary)
    assert page.evaluate(HEADWORDS_OUT_OF_ORDER, [locale, f".glossary {headword}"]) == []
    assert page.locator(f".glossary {headword}").first.get_attribute("lang") == {"zh": "zh-Hans", "en": "en"}[lang]
    letters = page.eval_on_selector_all(".glossary-letter h2", "hs => hs.map(h => h.textContent)")
    assert letters == sorted(letters) and len(letters) > 10
    assert page.eval_on_selector_all(".letter-bar a", "as => as.map(a => a.textContent)") == letters
    middle = page.eval_on_selector_all(".glossary-letter h2", "hs => hs.map(h => h.id)")[len(letters) // 2]
    page.click(f'.letter-bar a[href="#{middle}"]')
    assert abs(page.eval_on_selector(f"#{middle}", "h => h.getBoundingClientRect().top")) < 5


@pytest.mark.parametrize(("lang", "how"), [("zh", "pinyin"), ("zh", "chinese"), ("en", "english")])
def test_glossary_filter_finds_a_term_by_chinese_pinyin_or_english(phone, served_shipped, lang, how):
    query, expected = _filter_query(served_shipped.site, how)
    page = tab(phone)
    page.goto(served_shipped.url(f"{lang}/glossary/"))
    page.fill("#term-filter", query)
    shown = page.eval_on_selector_all(".glossary > div", "ds => ds.filter(d => d.offsetParent).map(d => d.textContent)")
    assert 0 < len(shown) < len(served_shipped.site.glossary) / 4
    assert any(expected in text for text in shown)
    terms = page.eval_on_selector_all(".glossary > div:not([hidden])", "ds => ds.map(d => "
                                      "(d.querySelector('dt').textContent + d.dataset.pinyin).toLowerCase())")
    assert all(query.lower() in text for text in terms)
    assert page.locator(".letter-bar li:visible").count() == page.locator(".glossary-letter:visible").count()
    assert f"{len(shown)}" in page.inner_text("[data-term-status]")
    page.fill("#term-filter", "")
    assert page.locator(".glossary > div:visible").count() == len(served_shipped.site.glossary)


def test_glossary_filter_is_hidden_without_javascript(phone_without_js, served_shipped):
    page = tab(phone_without_js)
    page.goto(served_shipped.url("zh/glossary/"))
    assert page.locator("#term-filter").is_hidden()
    assert page.locator(".letter-bar a").first.is_visible()


# --- 4. citing an entry --------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "heading"), [("zh", "引用本条"), ("en", "Cite this entry")])
def test_every_entry_ends_with_how_to_cite_it_also_in_print(desktop, served_shipped, lang, heading):
    page = tab(desktop)
    for kind in ("article", "viewpoint"):
        path = served_shipped.pages(lang)[kind]
        entry = served_shipped.site.entries[path.rstrip("/").rsplit("/", 1)[-1]]
        page.goto(served_shipped.url(path))
        block = page.locator("main .cite")
        assert block.locator("h2").inner_text() == heading
        text = block.locator("p").inner_text()
        canonical = page.get_attribute('link[rel="canonical"]', "href")
        assert canonical.endswith(path) and canonical in text
        assert entry.texts[lang].title in text
        assert served_shipped.site.config.title[lang] in text
        page.emulate_media(media="print")
        assert block.is_visible()
        page.emulate_media(media="screen")


# --- 5. print -------------------------------------------------------------------------------------------


def page_fill(pdf: bytes) -> list[float]:
    """For each page of a PDF printed by Chromium, how far down its printable area the text reaches (0 to 1).

    Chromium (Skia) writes one content stream per page: a clip rectangle for the printable area, a scale from
    CSS pixels, then each run of text placed with `1 0 0 -1 x y Tm` in the document's CSS pixels."""
    import re
    import zlib

    objects = {int(m.group(1)): m.start() for m in re.finditer(rb"(\d+) 0 obj", pdf)}
    fills = []
    for ref in re.findall(rb"/Type /Page\b.*?/Contents (\d+) 0 R", pdf, re.S):
        start = pdf.index(b"stream", objects[int(ref)]) + len(b"stream\n")
        content = zlib.decompress(pdf[start:pdf.index(b"endstream", start)]).decode("latin1")
        area = re.search(r"[-\d.]+ ([-\d.]+) [-\d.]+ ([-\d.]+) re\nW\* n\nq\n([-\d.]+) 0 0 \3 [-\d.]+ ([-\d.]+) cm",
                         content)
        assert area, "a page laid out as Chromium prints"
        clip_top, clip_height, scale, origin = (float(value) for value in area.groups())
        top = (clip_top - origin) / scale
        ys = [float(y) for y in re.findall(r"1 0 0 -1 [-\d.]+ ([-\d.]+) Tm", content[area.end():])]
        fills.append(max((y - top for y in ys), default=0) / (clip_height / scale))
    return fills


@pytest.mark.parametrize("lang", LANGS)
def test_a_printed_entry_leaves_no_page_more_than_40_percent_blank_but_the_last(browser, served_shipped, lang):
    page = browser.new_page()
    page.goto(served_shipped.url(served_shipped.pages(lang)["article"]))
    fills = page_fill(page.pdf(format="A4"))
    assert len(fills) > 2
    assert [round(fill, 2) for fill in fills[:-1] if fill < 0.6] == []
    page.close()


def test_printed_pages_are_numbered(browser, served_shipped):
    page = browser.new_page()
    page.goto(served_shipped.url(served_shipped.pages("en")["article"]))
    page.emulate_media(media="print")
    rules = page.evaluate("""[...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
      .flatMap(rule => rule.media && [...rule.media].includes('print') ? [...rule.cssRules] : [rule])
      .filter(rule => rule instanceof CSSPageRule).flatMap(rule => [...rule.cssRules])
      .map(rule => rule.name + ' ' + rule.style.content)""")
    assert 'bottom-right counter(page) " / " counter(pages)' in rules
    page.close()


def test_printed_timeline_keeps_its_rings_on_the_page(browser, served_shipped):
    page = browser.new_page(viewport={"width": 673, "height": 988})
    page.emulate_media(media="print")
    page.goto(served_shipped.url("en/timeline/"))
    lefts = page.eval_on_selector_all(".event", """events => events.map(event =>
      event.getBoundingClientRect().left + parseFloat(getComputedStyle(event, '::before').left))""")
    assert len(lefts) > 10 and min(lefts) >= 0
    page.close()


# --- 3. search results ----------------------------------------------------------------------------------

KICKERS = """rs => rs.map(r => [r.querySelector('.search-kicker')?.textContent ?? '',
                          new URL(r.querySelector('.search-result__link').href).pathname])"""


@pytest.mark.parametrize(("lang", "article", "topic"), [("zh", "文章 · ", "专题"), ("en", "Article · ", "Topic")])
def test_search_hits_say_what_they_are_and_when(phone, served_shipped, lang, article, topic):
    query = _topic_to_search(served_shipped.site, lang).name[lang]
    page = tab(phone)
    page.goto(served_shipped.url(f"{lang}/search/") + f"?q={query}")
    page.wait_for_selector(".search-result .search-kicker", timeout=15_000)
    page.wait_for_function("[...document.querySelectorAll('.search-result')].every(r => "
                           "r.querySelector('.search-result__excerpt'))")
    hits = dict((path, kicker) for kicker, path in page.eval_on_selector_all(".search-result", KICKERS))
    entries = {path: kicker for path, kicker in hits.items() if "/articles/" in path and path.count("/") > 4}
    assert entries and all(kicker.startswith(article) and len(kicker) > len(article) + 3 for kicker in entries.values())
    assert any(kicker == topic for path, kicker in hits.items() if "/topics/" in path)
    # The input has a real label, and the results are set in the site's own face.
    assert page.locator("#search-input").evaluate("input => input.labels[0].textContent") in ("搜索简报",
                                                                                               "Search the briefing")
    assert page.eval_on_selector(".search-result__excerpt", "e => parseFloat(getComputedStyle(e).fontSize)") >= 15


def test_the_language_switcher_carries_the_query_to_the_other_language(phone, served_shipped):
    page = tab(phone)
    query = _topic_to_search(served_shipped.site, "en").name["en"].lower()
    page.goto(served_shipped.url("en/search/"))
    page.fill("#search-input", query)
    page.wait_for_selector(".search-result__link", timeout=15_000)
    assert page.url.endswith(f"/en/search/?q={quote(query)}")
    page.click(".lang-switch a")
    page.wait_for_url(f"**/zh/search/?q={quote(query)}")
    assert page.input_value("#search-input") == query


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_search_page_links_where_to_browse(phone_without_js, served_shipped, lang):
    page = tab(phone_without_js)
    page.goto(served_shipped.url(f"{lang}/search/"))
    links = page.eval_on_selector_all("main .search-fallback a", "as => as.map(a => a.getAttribute('href'))")
    assert [href.rstrip("/").rsplit("/", 1)[-1] for href in links] == [
        "topics", "timeline", "articles", "viewpoints", "glossary"]
    page.click("main .search-fallback a >> nth=1")
    assert page.url == served_shipped.url(f"{lang}/timeline/")


# --- 8. timeline ----------------------------------------------------------------------------------------

SHOWN_EVENTS = "lis => lis.filter(li => li.offsetParent).map(li => li.dataset.topics.split(' '))"


def test_timeline_topics_add_up_and_stay_in_the_address(phone, served_shipped):
    page = tab(phone)
    page.goto(served_shipped.url("en/timeline/"))
    buttons = page.locator(".topic-filter button")
    assert page.eval_on_selector_all(".topic-filter button", ON_SCREEN) == [], "every topic within reach at 390 px"
    first, second = (event_topic for event_topic in page.eval_on_selector_all(
        ".topic-filter button[data-topic]:not([data-topic=''])", "bs => bs.map(b => b.dataset.topic)")[:2])
    page.click(f'.topic-filter button[data-topic="{first}"]')
    page.click(f'.topic-filter button[data-topic="{second}"]')
    expected = sum(bool({first, second} & set(event.topics)) for event in served_shipped.site.events)
    shown = page.eval_on_selector_all(".year .timeline > li", SHOWN_EVENTS)
    assert len(shown) == expected and all({first, second} & set(topics) for topics in shown)
    assert page.url.endswith(f"/en/timeline/?topic={first}&topic={second}")
    # Reloaded (or shared), the address gives the same choice.
    page.reload()
    assert len(page.eval_on_selector_all(".year .timeline > li", SHOWN_EVENTS)) == expected
    assert buttons.evaluate_all("bs => bs.filter(b => b.getAttribute('aria-pressed') === 'true')"
                                ".map(b => b.dataset.topic)") == [first, second]
    # The year links lead only to years that still show an event.
    years = page.eval_on_selector_all(".year-jump li:not([hidden]) a", "as => as.map(a => a.getAttribute('href'))")
    assert years == page.eval_on_selector_all(".year:not([hidden]) h2", "hs => hs.map(h => '#' + h.id)")
    page.click(f'.topic-filter button[data-topic="{first}"]')
    assert page.url.endswith(f"?topic={second}")
    page.click('.topic-filter button[data-topic=""]')
    assert page.url.endswith("/en/timeline/")
    assert len(page.eval_on_selector_all(".year .timeline > li", SHOWN_EVENTS)) == len(served_shipped.site.events)


def test_timeline_year_links_work_without_javascript(phone_without_js, served_shipped):
    page = tab(phone_without_js)
    page.goto(served_shipped.url("zh/timeline/"))
    links = page.eval_on_selector_all(".year-jump a", "as => as.map(a => a.getAttribute('href'))")
    assert links == page.eval_on_selector_all(".year h2", "hs => hs.map(h => '#' + h.id)") and len(links) > 5
    page.click(f'.year-jump a[href="{links[len(links) // 2]}"]')
    assert abs(page.eval_on_selector(links[len(links) // 2], "h => h.getBoundingClientRect().top")) < 5

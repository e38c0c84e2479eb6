"""What a reader of the full fixture site (tests/sites/full/) finds in its pages, read as HTML: when an entry was
last revised, how it is cited, the home page's lead, charts, breadcrumbs, the social card, typographic quotes,
the landing and error pages. What needs a browser is in tests/e2e/test_readers.py."""

from __future__ import annotations

import json

import pytest
from conftest import SITES_DIR, BuiltSite, build_into

FULL_DIR = SITES_DIR / "full"
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_into(FULL_DIR, tmp_path_factory.mktemp("full") / "output", strict=True)


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
        data = json.loads(page.one("script", type="application/ld+json").text())
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

"""End-to-end fixtures: the shipped content and the full fixture site, each built once per test process, served
locally, read in headless Chromium.

Tests of what the generator does read the full fixture site (tests/sites/full/), so that an editor's change to
content/ never breaks them; tests of the shipped site itself assert properties of every page, never its text.
Each site is built for, and served under, a sub-path (/briefing/), as a static host would serve it, so that
a link or script that assumes the site root fails here too.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from judges import CHROMIUM, launched_chromium

from site_builder.build import search
from site_builder.build.pipeline import BuildOptions, build_site
from site_builder.model.site import Site

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = REPO_ROOT / "content"
FULL_DIR = REPO_ROOT / "tests" / "sites" / "full"
SUB_PATH = "briefing"


@dataclass(frozen=True)
class ServedSite:
    """A built site and the local address it is served from."""

    root: Path
    # the output folder
    origin: str
    # http://127.0.0.1:PORT
    base: str
    # origin + "/briefing/": the site's base URL
    site: Site
    # the model that was rendered

    def url(self, path: str = "") -> str:
        """The absolute URL of a site-relative path such as "en/timeline/"."""
        return self.base + path.lstrip("/")

    def pages(self, lang: str) -> dict[str, str]:
        """One page of every kind in one language: {kind: site-relative path}."""
        entries = list(self.site.entries.values())
        # The fullest page of each kind: most figures in an article, most entries on a topic.
        article = max((e for e in entries if e.kind == "articles"),
                      key=lambda e: sum(e.key in f.entries for f in self.site.figures))
        viewpoint = next(e for e in entries if e.kind == "viewpoints")
        topic = max(self.site.topics, key=lambda key: sum(key in e.topics for e in entries))
        kinds = {
            "home": "", "articles": "articles/", "viewpoints": "viewpoints/",
            "article": f"articles/{article.key}/", "viewpoint": f"viewpoints/{viewpoint.key}/",
            "timeline": "timeline/", "figures": "figures/", "topics": "topics/",
            "topic": f"topics/{topic}/", "people": "people/",
            "person": f"people/{next(iter(self.site.people))}/", "sources": "sources/", "glossary": "glossary/",
            "search": "search/", "not-found": "404.html",
        }
        kinds.update({key: f"{key}/" for key in self.site.pages})  # free pages: overview, about
        # The side-by-side page of the article above, or of the first entry written in two languages.
        both = [article] + [e for e in entries if e is not article]
        beside = next((e for e in both if {"zh", "en"} <= set(e.translated)), None)
        if beside is not None:
            kinds["parallel"] = f"{beside.kind}/{beside.key}/parallel/"
        # zh-Hant's pages are under zh-hant/: addresses are lower case.
        return {kind: f"{lang.lower()}/{path}" for kind, path in kinds.items()}

    def every_page(self) -> list[str]:
        """Every page kind in both languages, and the landing page."""
        return [""] + [path for lang in self.site.config.languages for path in self.pages(lang).values()]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
        pass


@functools.cache
def chromium_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).is_file()


def wait_for_results(page) -> list[str]:
    """The paths of Pagefind's result links once they have appeared."""
    page.wait_for_selector(".search-result__link", timeout=15_000)
    return [urlsplit(href).path for href in page.eval_on_selector_all(
        ".search-result__link", "links => links.map(link => link.href)")]


def serve_folder(folder: Path, handler: type[QuietHandler] = QuietHandler,
                 ) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve folder on 127.0.0.1 on a free port, in a daemon thread; return the server and its origin."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def build_and_serve(tmp: Path, content_dir: Path, *, search: bool, strict: bool) -> Iterator[ServedSite]:
    # The port must be known before the build: canonical links and the search bundle use the base URL.
    www = tmp / "www"
    www.mkdir()
    server, origin = serve_folder(www)
    try:
        base = f"{origin}/{SUB_PATH}/"
        output = www / SUB_PATH
        options = BuildOptions(content_dir=content_dir, output_dir=output, templates_dir=REPO_ROOT / "templates",
                               translations_dir=REPO_ROOT / "translations", base_url=base, strict=strict,
                               search=search)
        result = build_site(options)
        yield ServedSite(output, origin, base, result.site)
    finally:
        server.shutdown()
        server.server_close()


# Sites are built once per test process (a worker of `pytest -n`), whichever modules read them: no test writes
# into a served site.
@pytest.fixture(scope="session")
def served_shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The shipped content/, built strictly with its search index, and served: for what must hold on the real
    pages (long ones, real headlines), asserted as properties; what a test looks for is taken from its model."""
    yield from build_and_serve(tmp_path_factory.mktemp("shipped"), CONTENT_DIR, search=True, strict=True)


@pytest.fixture(scope="session")
def served_full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The full fixture site, built strictly with its search index, and served."""
    yield from build_and_serve(tmp_path_factory.mktemp("full"), FULL_DIR, search=True, strict=True)


SPLIT_PAGES = 3
# entries' pages per search bundle in served_full_split: the full fixture site's 12 of a language make four
# bundles, and a fifth holds the other pages


@pytest.fixture(scope="session")
def served_full_split(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The full fixture site with each language's search index split into bundles, as a site of thousands of
    pages is (build/search.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", SPLIT_PAGES)
        sites = build_and_serve(tmp_path_factory.mktemp("split"), FULL_DIR, search=True, strict=True)
        served = next(sites)
    yield served
    sites.close()


UNTRANSLATED = "port-trade-2023"
# the full fixture site's article whose English file served_full_edited removes


@pytest.fixture(scope="session")
def served_full_edited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The full fixture site after an editor's edit: one article loses its English file, so its English page
    falls back to Chinese (a warning, so not strict)."""
    tmp = tmp_path_factory.mktemp("edited")
    content = shutil.copytree(FULL_DIR, tmp / "content")
    (content / "articles" / f"{UNTRANSLATED}.en.md").unlink()
    yield from build_and_serve(tmp, content, search=False, strict=False)


def require_chromium() -> None:
    """Skip where Playwright for Python or Debian's Chromium is missing; under `make test`, fail instead."""
    if not chromium_available():
        message = "needs Playwright for Python and /usr/bin/chromium (make test installs them)"
        # make test (and CI) sets this: there a missing browser fails the run instead of skipping it.
        if os.environ.get("SITE_BUILDER_REQUIRE_TOOLS") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright, for one module: Playwright's sync API holds the thread's event loop
    while it runs, which the next modules' own (the preview's server, another launch) need."""
    require_chromium()
    with launched_chromium() as chromium:
        yield chromium

"""Outside judges of a built site: one function per check, each saying what it looked at and what is wrong.

    python3 -m tests.judges output                  # every check on output/; exit 1 if any fails
    python3 -m tests.judges output --only links,html

Each judge takes the built site folder and returns a CheckResult whose failures read `page: what is wrong`.
The HTML tree and the link resolver here are also the test suite's (conftest imports them).
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import functools
import http.server
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from multiprocessing import get_context
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = REPO_ROOT / "content"
TRANSLATIONS_DIR = REPO_ROOT / "translations"
BUILD_SCRIPT = REPO_ROOT / "build.py"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
COLOR_SCHEMES = ("light", "dark")
LANGS = ("zh", "zh-hant", "en")
# the folders of the languages' pages (the route segments: zh-Hant's is zh-hant)
CATALOG_DOMAIN = "messages"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
MAX_SHOWN = 50
# how many failures of one check the command line prints


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one judge looked at and what it found wrong."""

    name: str
    # the check, as printed: html, a11y, links, feeds, sitemap, pdf, determinism, catalogs, lint
    count: int
    # how many things it looked at
    unit: str
    # what those things are, e.g. "pages validated"
    failures: list[str]
    # one "page: what is wrong" line per problem; empty when the check passes
    failure_unit: str = "problems"
    # what a failure is called in the summary line: errors, violations, broken links, …

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        noun = self.failure_unit.removesuffix("s") if len(self.failures) == 1 else self.failure_unit
        return f"judge {self.name}: {self.count} {self.unit}, {len(self.failures)} {noun}"

    def failure_lines(self, limit: int | None = None) -> list[str]:
        shown = self.failures if limit is None else self.failures[:limit]
        lines = [f"judge {self.name}: FAIL {failure}" for failure in shown]
        if len(shown) < len(self.failures):
            lines.append(f"judge {self.name}: FAIL … and {len(self.failures) - len(shown)} more")
        return lines


# --- parsing HTML ---------------------------------------------------------------------------------------------

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Node:
    """One element of a parsed page; text children are plain strings."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def iter(self) -> Iterator[Node]:
        """This node and every element under it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> list[Node]:
        """Elements under this one with the tag, class and attribute values given (True = present)."""
        found = []
        for node in self.iter():
            if node is self or (tag is not None and node.tag != tag):
                continue
            if class_ is not None and class_ not in node.classes:
                continue
            if all((name in node.attrs) if value is True else node.attrs.get(name) == value
                   for name, value in attrs.items()):
                found.append(node)
        return found

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Node | None:
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Node:
        """The single element matching; fail the test if there are none or several."""
        found = self.find_all(tag, class_, **attrs)
        assert len(found) == 1, f"expected one <{tag} class={class_} {attrs}>, found {len(found)}"
        return found[0]

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def norm_text(self) -> str:
        """Text with runs of white space collapsed, as a browser shows it."""
        return " ".join(self.text().split())

    def text_nodes(self) -> Iterator[tuple[str, Node]]:
        """Every text child with the element that holds it."""
        for node in self.iter():
            for child in node.children:
                if isinstance(child, str):
                    yield child, node

    @property
    def lang(self) -> str | None:
        """The language in effect for this element (nearest lang attribute)."""
        node: Node | None = self
        while node is not None:
            if "lang" in node.attrs:
                return node.attrs["lang"]
            node = node.parent
        return None

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value if value is not None else "" for name, value in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {name: value if value is not None else "" for name, value in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str | bytes) -> Node:
    """Parse a page into a tree of Nodes with the standard library's html.parser."""
    builder = _TreeBuilder()
    builder.feed(text.decode("utf-8") if isinstance(text, bytes) else text)
    builder.close()
    return builder.root


# --- a site folder and where its links lead ------------------------------------------------------------------


@dataclass(eq=False)
class SiteFolder:
    """A built site on disk, with parsed pages cached and links resolved against its files."""

    output: Path
    # the folder the site was built into
    _pages: dict[str, Node] = field(default_factory=dict, repr=False, kw_only=True)
    # parsed pages by site-relative file path

    @cached_property
    def base_url(self) -> str:
        """The absolute URL the site was built for, read from robots.txt's Sitemap line."""
        robots = self.output / "robots.txt"
        text = robots.read_text(encoding="utf-8") if robots.is_file() else ""
        match = re.search(r"^Sitemap:\s*(\S+)sitemap\.xml\s*$", text, re.MULTILINE)
        return match.group(1) if match else "/"

    @cached_property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def page(self, relative: str) -> Node:
        """The parsed page at output/relative (a folder means its index.html)."""
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if relative not in self._pages:
            self._pages[relative] = parse_html((self.output / relative).read_bytes())
        return self._pages[relative]

    def html_files(self) -> list[str]:
        return sorted(path.relative_to(self.output).as_posix() for path in self.output.rglob("*.html"))

    def read(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def file_for(self, site_path: str) -> str | None:
        """Map a site-relative path ("zh/articles/x/") to the output file that serves it, or None."""
        candidate = self.output / unquote(site_path)
        if site_path == "" or site_path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate.relative_to(self.output).as_posix() if candidate.is_file() else None

    def ids_in(self, relative: str) -> set[str]:
        return {node.attrs["id"] for node in self.page(relative).iter() if "id" in node.attrs}

    def site_path_of(self, url: str, from_file: str) -> str | None:
        """Turn a link found in from_file into a site-relative path; None when it leaves the site."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            if not url.startswith(self.base_url):
                return None
            return url[len(self.base_url):].split("#")[0].split("?")[0]
        if parts.scheme or url.startswith("//"):
            return None
        path = parts.path
        if not path:
            return from_file
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return "\0outside the base path"
            return path[len(self.base_path):]
        page_dir = posixpath.dirname(from_file)
        joined = posixpath.normpath(posixpath.join(page_dir, path))
        return joined + ("/" if path.endswith("/") else "")

    def links(self) -> Iterator[tuple[str, str, str, str]]:
        """Every (page, tag, attribute, url) of an href, src or srcset in every HTML page."""
        for relative in self.html_files():
            for node in self.page(relative).iter():
                for attribute in ("href", "src", "srcset"):
                    value = node.get(attribute)
                    if value is None:
                        continue
                    urls = [part.split()[0] for part in value.split(",") if part.strip()] \
                        if attribute == "srcset" else [value]
                    for url in urls:
                        yield relative, node.tag, attribute, url

    def broken_links(self) -> list[str]:
        """Every internal href/src in every HTML file that does not lead to a file (and #id) in the output."""
        problems = []
        for relative, _tag, attribute, url in self.links():
            problem = self.check_link(url, relative)
            if problem:
                problems.append(f"{relative}: {attribute} {url} does not resolve ({problem})")
        return problems

    def check_link(self, url: str, from_file: str) -> str:
        """'' when url resolves inside the output, else what is wrong."""
        site_path = self.site_path_of(url, from_file)
        if site_path is None:
            return ""
        if site_path.startswith("\0"):
            return site_path[1:]
        target = from_file if site_path == from_file else self.file_for(site_path)
        if target is None:
            return "no such file"
        fragment = unquote(urlsplit(url).fragment)
        if fragment and target.endswith(".html") and fragment not in self.ids_in(target):
            return f"no id {fragment!r} in {target}"
        return ""

    def url_of(self, relative: str) -> str:
        """The absolute URL of an output file, as the sitemap and feeds write it."""
        return self.base_url + relative.removesuffix("index.html")

    def file_of(self, url: str) -> str | None:
        """The output file an absolute URL of this site is served from, or None."""
        if not url.startswith(self.base_url):
            return None
        return self.file_for(url[len(self.base_url):].split("#")[0])


# --- the judges -----------------------------------------------------------------------------------------------


def judge_links(site_dir: Path) -> CheckResult:
    """Every href, src and #fragment of every HTML page resolves to a file (and an id) of the site."""
    site = SiteFolder(site_dir)
    links = list(site.links())
    broken: dict[str, int] = {}
    for relative, _tag, attribute, url in links:
        problem = site.check_link(url, relative)
        if problem:
            failure = f"{relative}: {attribute} {url} does not resolve ({problem})"
            broken[failure] = broken.get(failure, 0) + 1
    # A page that links to the same missing place many times says so once.
    failures = [failure + (f" ×{times}" if times > 1 else "") for failure, times in broken.items()]
    return CheckResult("links", len(links), f"links checked in {len(site.html_files())} pages", failures,
                       "broken")


def judge_html(site_dir: Path) -> CheckResult:
    """The Nu Html Checker finds no error in any page; every XML file is well-formed."""
    site = SiteFolder(site_dir)
    pages = site.html_files()
    xml_files = sorted(path for path in site_dir.rglob("*.xml") if path.is_file())
    failures = _vnu_errors(site_dir)
    for path in xml_files:
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            failures.append(f"{path.relative_to(site_dir).as_posix()}: not well-formed XML: {exc}")
    return CheckResult("html", len(pages), f"pages and {len(xml_files)} XML files validated", failures, "errors")


def _vnu_errors(site_dir: Path) -> list[str]:
    if not VNU_JAR.is_file():
        return [f"{VNU_JAR.relative_to(REPO_ROOT)}: missing (run: npm ci --ignore-scripts)"]
    if not shutil.which("java"):
        return ["java: not found (install default-jre-headless)"]
    # The client compiler only (C1): a check runs for seconds, too short for the optimising compiler's work to pay,
    # and that work was most of the CPU (the shipped site: 10.5 CPU-s, 4.4 so). Run so, vnu's schema overflowed the
    # default 1 MB thread stack (StackOverflowError), hence 8 MB.
    command = ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
               "--stdout", "--skip-non-html", str(site_dir)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu: no report (exit {result.returncode}): {(result.stderr or result.stdout).strip()[-500:]}"]
    root = site_dir.resolve()
    failures = []
    for message in messages:
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        where = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        line = f":{message['lastLine']}" if "lastLine" in message else ""
        extract = " ".join(message.get("extract", "").split())
        failures.append(f"{where}{line}: {message.get('message', message)}" + (f" [{extract}]" if extract else ""))
    if result.returncode and not failures:
        failures.append(f"vnu: exit {result.returncode}: {result.stderr.strip()[-500:]}")
    return failures


def judge_a11y(site_dir: Path, pages: list[str] | None = None) -> CheckResult:
    """axe-core finds no WCAG 2.2 AA violation in Chromium, in the light and in the dark colour scheme."""
    site = SiteFolder(site_dir)
    sample = sample_pages(site) if pages is None else {page: page for page in pages}
    failures: list[str] = []
    if not AXE_JS.is_file():
        failures.append(f"{AXE_JS.relative_to(REPO_ROOT)}: missing (run: npm ci --ignore-scripts)")
    elif not Path(CHROMIUM).exists():
        failures.append(f"{CHROMIUM}: not found (install Debian's chromium)")
    else:
        failures = _axe_violations(site, sample)
    return CheckResult("a11y", len(sample) * len(COLOR_SCHEMES),
                       f"page views checked ({len(sample)} pages, {' and '.join(COLOR_SCHEMES)})", failures,
                       "violations")


def sample_pages(site: SiteFolder) -> dict[str, str]:
    """One page of every kind in every language, {"zh/article": file}: the largest, as it shows the most."""
    chosen: dict[str, str] = {}
    for relative in site.html_files():
        if relative.startswith("pagefind/"):
            continue
        text = site.read(relative)
        match = re.search(r"<body[^>]*\bclass=\"[^\"]*?\bpage-([\w-]+)", text)
        first = relative.split("/", 1)[0]
        key = f"{first if first in LANGS else 'root'}/{match.group(1) if match else relative}"
        size = len(text.encode("utf-8"))
        if key not in chosen or size > (site.output / chosen[key]).stat().st_size:
            chosen[key] = relative
    return dict(sorted(chosen.items()))


THREADED_A11Y = 12
# pages a sample needs before each colour scheme gets a thread and a Chromium of its own


def _axe_violations(site: SiteFolder, sample: dict[str, str]) -> list[str]:
    # The colour schemes side by side, each in a thread with a Chromium of its own (Playwright's API serves the
    # thread that started it): axe keeps a renderer busy, and with one browser the second core sat idle (the
    # shipped site's 112 page views: 75-78 s one scheme after the other, 54 s side by side). A few pages are
    # checked in one browser, one scheme after the other: starting a Chromium costs a second of CPU, more than
    # axe spends on a handful of pages.
    with serve_folder(site.output, site.base_path) as origin:
        if len(sample) < THREADED_A11Y:
            with launched_chromium() as browser:
                return [failure for scheme in COLOR_SCHEMES
                        for failure in _axe_scheme(browser, site, sample, origin, scheme)]
        with ThreadPoolExecutor(len(COLOR_SCHEMES)) as pool:
            found = pool.map(lambda scheme: _axe_in_own_browser(site, sample, origin, scheme), COLOR_SCHEMES)
            return [failure for failures in found for failure in failures]


def _axe_in_own_browser(site: SiteFolder, sample: dict[str, str], origin: str, scheme: str) -> list[str]:
    with launched_chromium() as browser:
        return _axe_scheme(browser, site, sample, origin, scheme)


def _axe_scheme(browser: Any, site: SiteFolder, sample: dict[str, str], origin: str, scheme: str) -> list[str]:
    failures = []
    axe_options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    context = browser.new_context(color_scheme=scheme)
    # Nothing leaves this machine: the site must not need another host to be judged.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else route.abort())
    page = context.new_page()
    for relative in sample.values():
        page.goto(origin + site.base_path + relative.removesuffix("index.html"), wait_until="load")
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("options => axe.run(document, options)", axe_options)
        for violation in result["violations"]:
            nodes = violation["nodes"]
            target = " ".join(map(str, nodes[0]["target"])) if nodes else ""
            failures.append(f"{relative} ({scheme}): {violation['id']} [{violation.get('impact')}] "
                            f"{violation['help']}: {len(nodes)} element{'s' * (len(nodes) != 1)}, "
                            f"first {target}")
    context.close()
    return failures


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser), for the calling thread only:
    Playwright's API serves the thread that started it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def serve_folder(folder: Path, base_path: str = "/") -> Iterator[str]:
    """Serve folder on 127.0.0.1 at a free port under base_path; yield the origin, http://127.0.0.1:PORT."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            inside = "/" + path[len(base_path):] if path.startswith(base_path) else "/\0"
            return super().translate_path(inside)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def judge_feeds(site_dir: Path) -> CheckResult:
    """Every feed.xml parses as Atom without complaint, and its links lead to pages of the site."""
    import feedparser

    site = SiteFolder(site_dir)
    feeds = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("feed.xml"))
    failures = [] if feeds else ["feed.xml: no feed in the site"]
    entries = 0
    for relative in feeds:
        parsed = feedparser.parse((site_dir / relative).read_bytes())
        if parsed.bozo:
            failures.append(f"{relative}: feedparser: {parsed.bozo_exception}")
        if parsed.version != "atom10":
            failures.append(f"{relative}: not an Atom 1.0 feed ({parsed.version or 'unknown format'})")
        if not parsed.entries:
            failures.append(f"{relative}: no entries")
        failures += _feed_link_problems(site, relative, "feed", parsed.feed)
        for entry in parsed.entries:
            entries += 1
            failures += _feed_link_problems(site, relative, f"entry {entry.get('title', '?')!r}", entry)
    return CheckResult("feeds", len(feeds), f"feeds with {entries} entries parsed", failures)


def _feed_link_problems(site: SiteFolder, feed: str, what: str, item) -> list[str]:
    problems = []
    urls = [link.get("href", "") for link in item.get("links", [])] + ([item["id"]] if "id" in item else [])
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https", "tag", "urn"):
            problems.append(f"{feed}: {what}: link {url!r} is not absolute")
            continue
        problem = site.check_link(url, feed)
        if problem:
            problems.append(f"{feed}: {what}: link {url} does not resolve ({problem})")
    return problems


SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 2**20
# the protocol's limits for one sitemap file


def judge_sitemap(site_dir: Path) -> CheckResult:
    """The sitemap index names sitemaps that list every page once; each <loc> exists, alternates are reciprocal
    and match each page's <head>; robots.txt points at the index; each file is within the protocol's limits."""
    site = SiteFolder(site_dir)
    try:
        root = ET.parse(site_dir / "sitemap.xml").getroot()
    except (OSError, ET.ParseError) as exc:
        return CheckResult("sitemap", 0, "URLs checked", [f"sitemap.xml: cannot be read: {exc}"])
    failures = []
    robots = site.read("robots.txt") if (site_dir / "robots.txt").is_file() else ""
    if f"Sitemap: {site.base_url}sitemap.xml" not in robots:
        failures.append(f"robots.txt: does not point at {site.base_url}sitemap.xml")
    if root.tag != f"{SITEMAP}sitemapindex":
        failures.append(f"sitemap.xml: is a {root.tag.removeprefix(SITEMAP)}, not a sitemapindex")
    files: list[tuple[str, ET.Element]] = []
    for loc in [item.findtext(f"{SITEMAP}loc") or "" for item in root.findall(f"{SITEMAP}sitemap")]:
        relative = site.file_of(loc)
        folder = posixpath.dirname(loc.removeprefix(site.base_url))
        if relative is None:
            failures.append(f"sitemap.xml: sitemap {loc} is not in the site")
            continue
        try:
            files.append((relative, ET.parse(site_dir / relative).getroot()))
        except ET.ParseError as exc:
            failures.append(f"{relative}: cannot be read: {exc}")
            continue
        if (site_dir / relative).stat().st_size > SITEMAP_MAX_BYTES:
            failures.append(f"{relative}: larger than 50 MB")
        if len(files[-1][1]) > SITEMAP_MAX_URLS:
            failures.append(f"{relative}: {len(files[-1][1])} URLs, more than {SITEMAP_MAX_URLS}")
        # A sitemap may list only URLs at or below its own folder.
        outside = [url for url in (item.findtext(f"{SITEMAP}loc") or "" for item in files[-1][1])
                   if not url.startswith(site.base_url + (folder + "/" if folder else ""))]
        if outside:
            failures.append(f"{relative}: lists {outside[0]}, outside its folder")
    if not files:
        failures.append("sitemap.xml: names no sitemap")
    listed: dict[str, dict[str, str]] = {}
    for relative, urlset in files:
        for url in urlset.findall(f"{SITEMAP}url"):
            loc = url.findtext(f"{SITEMAP}loc") or ""
            if loc in listed:
                failures.append(f"{relative}: {loc} is listed twice")
            listed[loc] = {link.get("hreflang", ""): link.get("href", "") for link in url.findall(f"{XHTML}link")}
            if site.file_of(loc) is None:
                failures.append(f"{relative}: <loc> {loc} has no page in the site")
    for loc, alternates in listed.items():
        if alternates and loc not in alternates.values():
            failures.append(f"sitemap: {loc} is not among its own alternates")
        for lang, href in alternates.items():
            if href not in listed:
                failures.append(f"sitemap: {loc}: alternate {lang} {href} is not in the sitemap")
            elif listed[href] != alternates:
                failures.append(f"sitemap: {loc} and its {lang} alternate {href} list different alternates")
    pages = [relative for relative in site.html_files()
             if relative.split("/", 1)[0] in LANGS and posixpath.basename(relative) != "404.html"]
    for relative in [*pages, "index.html"]:
        url = site.url_of(relative)
        if url not in listed:
            failures.append(f"{relative}: not in the sitemap (expected {url})")
            continue
        head = site.page(relative).find("head") or Node("head", {})
        canonical = [link.get("href") for link in head.find_all("link", rel="canonical")]
        if canonical != [url]:
            failures.append(f"{relative}: canonical link {canonical} is not its sitemap <loc> {url}")
        in_head = {link.get("hreflang"): link.get("href") for link in head.find_all("link", rel="alternate")
                   if link.get("hreflang")}
        if in_head != listed[url]:
            failures.append(f"{relative}: hreflang links in <head> {_pairs(in_head)} differ from the sitemap's "
                            f"{_pairs(listed[url])}")
    alternates = sum(len(item) for item in listed.values())
    return CheckResult("sitemap", len(listed), f"URLs in {len(files)} sitemaps with {alternates} alternates checked "
                       f"against {len(pages) + 1} pages", failures)


def _pairs(alternates: dict[str, str]) -> str:
    return "{" + ", ".join(f"{lang}={href}" for lang, href in sorted(alternates.items())) + "}"


def judge_determinism(site_dir: Path, content_dir: Path = CONTENT_DIR, pdf: bool = True) -> CheckResult:
    """Two strict builds (search on, PDFs too unless pdf=False) into different folders, with different hash
    seeds, are byte-identical."""
    base_url = SiteFolder(site_dir).base_url
    with tempfile.TemporaryDirectory(prefix="judge-determinism-") as scratch:
        outputs = [Path(scratch) / "first", Path(scratch) / "second" / "site"]
        failures = []
        # Both builds at once: one leaves a core idle much of the time (loading, checking, indexing, writing); the
        # shipped site's two took 44-49 s one after the other, 29-33 s together.
        running = []
        for seed, output in enumerate(outputs, start=1):
            command = [sys.executable, str(BUILD_SCRIPT), "build", "--strict", "--content", str(content_dir),
                       "--output", str(output)] + (["--base-url", base_url] if base_url != "/" else []) \
                + ([] if pdf else ["--no-pdf"])
            errors = tempfile.TemporaryFile()
            running.append((seed, errors, subprocess.Popen(command, env={**os.environ, "PYTHONHASHSEED": str(seed)},
                                                           stdout=subprocess.DEVNULL, stderr=errors)))
        try:
            for seed, errors, process in running:
                if process.wait(timeout=600):
                    errors.seek(0)
                    failures.append(f"build {seed} failed: {errors.read().decode('utf-8', 'replace').strip()[-500:]}")
        finally:  # a build that hangs past the timeout (or the judge interrupted) leaves no process behind
            for _, errors, process in running:
                process.kill()
                process.wait()
                errors.close()
        if failures:
            return CheckResult("determinism", 0, "files compared", failures, "differing files")
        first, second = (_tree(output) for output in outputs)
        failures += [f"{path}: only in the first build" for path in sorted(first - second)]
        failures += [f"{path}: only in the second build" for path in sorted(second - first)]
        failures += [f"{path}: differs between two builds" for path in sorted(first & second)
                     if not filecmp.cmp(outputs[0] / path, outputs[1] / path, shallow=False)]
    return CheckResult("determinism", len(first | second), "files compared across two builds", failures,
                       "differing files")


def judge_pdf(site_dir: Path) -> CheckResult:
    """Each home page lists the briefing's PDFs with their page counts; each PDF opens, has bookmarks, embedded
    fonts and text on every page."""
    site, failures, links = SiteFolder(site_dir), [], []
    # Each language the site has (a site may be built without the Traditional Chinese edition).
    for lang in (lang for lang in LANGS if (site_dir / lang / "index.html").is_file()):
        home = f"{lang}/index.html"
        listed = site.page(home).find_all("a", type="application/pdf")
        if not listed:
            failures.append(f"{home}: lists no PDF of the briefing (built with --no-pdf, or without WeasyPrint?)")
        for link in listed:
            target = site.file_for(site.site_path_of(link.get("href") or "", home) or "")
            if target is not None:  # else the links judge reports it
                links.append((home, link, target))
    # The PDFs read side by side: pypdf takes seconds over pages of Chinese text, in Python. Spawned processes, not
    # forked: a test process may have threads running (a served site), whose locks a fork would copy held.
    targets = sorted({target for _, _, target in links})
    with ProcessPoolExecutor(max(1, min(len(targets), os.cpu_count() or 1)), get_context("spawn")) as pool:
        read = dict(zip(targets, pool.map(_read_pdf, [site_dir / target for target in targets], targets), strict=True))
    for target in targets:
        failures += read[target][1]
    for home, link, target in links:
        if not re.search(rf"(?<!\d){read[target][0]}(?!\d)", link.parent.norm_text() if link.parent else ""):
            failures.append(f"{home}: the link to {target} does not say its {read[target][0]} pages")
    return CheckResult("pdf", len(targets), "PDFs read back", failures)


def _read_pdf(path: Path, shown: str) -> tuple[int, list[str]]:
    """A PDF's page count, and what is wrong with it: no bookmarks, a font not embedded, a page without text."""
    import pypdf

    reader, failures = pypdf.PdfReader(path), []
    if not reader.outline:
        failures.append(f"{shown}: no bookmarks")
    for number, page in enumerate(reader.pages, start=1):
        if not page.extract_text().strip():
            failures.append(f"{shown}: page {number} has no extractable text")
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = inner["/FontDescriptor"].get_object()
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                failures.append(f"{shown}: page {number}: font {font['/BaseFont']} is not embedded")
    return len(reader.pages), failures


def _tree(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def judge_catalogs(site_dir: Path, translations_dir: Path = TRANSLATIONS_DIR) -> CheckResult:
    """The catalog template is current, the catalogs compile, and no UI string is untranslated or fuzzy."""
    from babel.messages.pofile import read_po

    from site_builder.content.catalogs import catalog_problems
    from site_builder.errors import format_problem

    failures = []
    template = translations_dir / f"{CATALOG_DOMAIN}.pot"
    with tempfile.TemporaryDirectory(prefix="judge-catalogs-") as scratch:
        # Extract and compile into a scratch folder: judging writes nothing into the project.
        extracted = Path(scratch) / "extracted.pot"
        failures += _pybabel("extract", "-F", str(REPO_ROOT / "babel.cfg"), "-o", str(extracted), "--sort-output",
                             "--no-location", "--omit-header", "-k", "N_", str(REPO_ROOT))
        if extracted.is_file() and template.is_file():
            with extracted.open("rb") as used, template.open("rb") as listed:
                missing = {str(m.id) for m in read_po(used) if m.id} - {str(m.id) for m in read_po(listed) if m.id}
            failures += [f"{_shown(template)}: UI string {msgid!r} is used in templates or code but not in the "
                         f"catalog template (run: make i18n, then translate it)" for msgid in sorted(missing)]
        copy = shutil.copytree(translations_dir, Path(scratch) / "translations")
        failures += _pybabel("compile", "-d", str(copy), "-D", CATALOG_DOMAIN, "--statistics")
    failures = [failure.replace(str(copy), _shown(translations_dir)) for failure in failures]
    failures += [format_problem(problem).replace("\n ", ";") for problem in catalog_problems(translations_dir)]
    strings = 0
    if template.is_file():
        with template.open("rb") as handle:
            strings = sum(1 for message in read_po(handle) if message.id)
    return CheckResult("catalogs", strings, f"UI strings in {len(LANGS)} catalogs", failures)


def _pybabel(*argv: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "babel.messages.frontend", *argv], capture_output=True,
                            text=True, timeout=120, check=False)
    if result.returncode == 0:
        return []
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    return [f"pybabel {argv[0]}: {line}" for line in errors or result.stderr.strip().splitlines()[-3:]]


def _shown(path: Path) -> str:
    return path.resolve().relative_to(REPO_ROOT).as_posix() if path.resolve().is_relative_to(REPO_ROOT) \
        else path.as_posix()


def judge_lint(site_dir: Path) -> CheckResult:
    """ruff finds nothing in the generator, the tests and build.py."""
    paths = ["site_builder", "tests", "build.py"]
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", *paths]
    listed = subprocess.run([*ruff, "--show-files"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
                            check=False)
    files = [line for line in listed.stdout.splitlines() if line.strip().endswith(".py")]
    result = subprocess.run([*ruff, "--output-format", "concise", "--quiet"], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=120, check=False)
    failures = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode and not failures:
        failures = [f"ruff: exit {result.returncode}: {result.stderr.strip()[-500:]}"]
    return CheckResult("lint", len(files), "Python files checked by ruff", failures, "findings")


# --- the command line -----------------------------------------------------------------------------------------

JUDGES: dict[str, Callable[..., CheckResult]] = {
    "lint": judge_lint, "catalogs": judge_catalogs, "links": judge_links, "feeds": judge_feeds,
    "sitemap": judge_sitemap, "html": judge_html, "a11y": judge_a11y, "pdf": judge_pdf,
    "determinism": judge_determinism,
}


def run_judges(site_dir: Path, names: list[str], content_dir: Path = CONTENT_DIR,
               translations_dir: Path = TRANSLATIONS_DIR, report: Callable[[str], None] = print) -> list[CheckResult]:
    """Run the named judges on site_dir, reporting each summary line as it comes."""
    extra = {"determinism": {"content_dir": content_dir}, "catalogs": {"translations_dir": translations_dir}}
    results = []
    for name in names:
        started = time.perf_counter()
        try:
            result = JUDGES[name](site_dir, **extra.get(name, {}))
        except Exception as exc:  # noqa: BLE001 - a judge that cannot run fails its check, and says why
            result = CheckResult(name, 0, "checked", [f"the check could not run: {type(exc).__name__}: {exc}"])
        report(f"{result.summary()} ({time.perf_counter() - started:.1f} s)")
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tests.judges", description="Judge a built site.")
    parser.add_argument("site", type=Path, help="the built site folder, e.g. output")
    parser.add_argument("--only", help=f"comma-separated checks to run (default all: {','.join(JUDGES)})")
    parser.add_argument("--content", type=Path, default=CONTENT_DIR, help="content the site was built from")
    parser.add_argument("--translations", type=Path, default=TRANSLATIONS_DIR, help="gettext catalogs")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(JUDGES)
    unknown = [name for name in names if name not in JUDGES]
    if unknown or not (args.site / "index.html").is_file():
        print(f"error: unknown check {', '.join(unknown)}" if unknown else f"error: {args.site}/index.html: "
              "no built site there", file=sys.stderr)
        return 2
    results = run_judges(args.site, names, args.content, args.translations,
                         report=functools.partial(print, flush=True))
    failed = [result for result in results if not result.ok]
    for result in failed:
        print("\n".join(result.failure_lines(MAX_SHOWN)))
    if failed:
        print(f"judges: {len(failed)} of {len(results)} checks failed: {', '.join(r.name for r in failed)}")
        return 1
    print(f"judges: all {len(results)} checks passed")
    return 0


if __name__ == "__main__":
    if __package__ in (None, ""):
        sys.path.insert(0, str(REPO_ROOT))
    sys.exit(main())

"""Shared helpers: build a fixture site, write inline sites, parse the HTML that comes out."""

from __future__ import annotations

import posixpath
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_builder.pipeline import BuildOptions, BuildResult, build_site

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = REPO_ROOT / "templates"
TRANSLATIONS_DIR = REPO_ROOT / "translations"
CONTENT_DIR = REPO_ROOT / "content"
SITES_DIR = Path(__file__).resolve().parent / "sites"
MINIMAL_DIR = SITES_DIR / "minimal"
BUILD_SCRIPT = REPO_ROOT / "build.py"


# --- building -------------------------------------------------------------------------------------------------


def build_options(content_dir: Path, output_dir: Path, **overrides) -> BuildOptions:
    """Options for building content_dir with the project's own templates and catalogs."""
    return BuildOptions(content_dir=content_dir, output_dir=output_dir, templates_dir=TEMPLATES_DIR,
                        translations_dir=TRANSLATIONS_DIR, **overrides)


def build(content_dir: Path, output_dir: Path, **overrides) -> BuildResult:
    """Build content_dir into output_dir (strict, base_url, drafts, search may be overridden)."""
    return build_site(build_options(content_dir, output_dir, **overrides))


def txtar(text: str) -> dict[str, str]:
    """Read Hugo-style `-- path --` sections into {path: text}."""
    files: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("-- ") and stripped.endswith(" --") and len(stripped) > 6:
            current = stripped[3:-3].strip()
            files[current] = ""
        elif current is not None:
            files[current] += line
    return files


def make_site(tmp_path: Path, overrides: dict[str, str | bytes | None] | str | None = None) -> Path:
    """Copy the minimal site to tmp_path/content, then write (text or bytes) or delete (None) files in it."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL_DIR, content)
    if isinstance(overrides, str):
        overrides = txtar(overrides)
    for relative, data in (overrides or {}).items():
        target = content / relative
        if data is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return content


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder, as {relative posix path: bytes}."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


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


# --- a built site ---------------------------------------------------------------------------------------------


@dataclass
class BuiltSite:
    """An output folder and the build result, with parsed pages cached."""

    output: Path
    result: BuildResult
    _pages: dict[str, Node] = field(default_factory=dict)

    @cached_property
    def base_url(self) -> str:
        return self.result.site.config.base_url

    @cached_property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path

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
        candidate = self.output / site_path
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
            return url[len(self.base_url):].split("#")[0]
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

    def broken_links(self) -> list[str]:
        """Every internal href/src in every HTML file that does not lead to a file (and #id) in the output."""
        problems = []
        for relative in self.html_files():
            for node in self.page(relative).iter():
                for attribute in ("href", "src"):
                    url = node.get(attribute)
                    if url is None:
                        continue
                    problem = self.check_link(url, relative)
                    if problem:
                        problems.append(f"{relative}: <{node.tag} {attribute}={url!r}>: {problem}")
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
        fragment = urlsplit(url).fragment
        if fragment and target.endswith(".html") and fragment not in self.ids_in(target):
            return f"no id {fragment!r} in {target}"
        return ""


def build_into(content_dir: Path, output_dir: Path, **overrides) -> BuiltSite:
    return BuiltSite(output_dir, build(content_dir, output_dir, **overrides))


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The minimal fixture site, built once per test module (strict, as it must stay valid)."""
    return build_into(MINIMAL_DIR, tmp_path_factory.mktemp("minimal") / "output", strict=True)

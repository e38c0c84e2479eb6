"""Shared helpers: build a fixture site, write inline sites, parse the HTML that comes out."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from hypothesis import settings
from judges import VOID_TAGS, Node, SiteFolder, parse_html  # noqa: F401 - the tests import these from here

from site_builder.build.pipeline import BuildOptions, BuildResult, build_site

# Property tests draw the same examples on every run, so that a failure seen once is seen again.
settings.register_profile("repeatable", derandomize=True)
settings.load_profile("repeatable")

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = REPO_ROOT / "templates"
TRANSLATIONS_DIR = REPO_ROOT / "translations"
CONTENT_DIR = REPO_ROOT / "content"
SITES_DIR = Path(__file__).resolve().parent / "sites"
MINIMAL_DIR = SITES_DIR / "minimal"
BUILD_SCRIPT = REPO_ROOT / "build.py"


# --- sharing the tests between the runner's workers -------------------------------------------------------

# `make test` runs `pytest -n auto --dist loadgroup --no-loadscope-reorder`: each worker takes a whole module at a
# time (its module fixtures are built once), in the order collected. The longest modules go first, so that no
# worker is left with a long one at the end while the other waits, and the random rebuilds (the longest) are one
# unit per seed, shared between the workers. A scheduling hint only: a module not named here runs after these.
LONGEST_FIRST = ("test_rebuild_random.py", "e2e/test_pages.py", "e2e/test_briefing.py", "test_judges.py",
                 "test_interrupted.py", "e2e/test_reader.py", "e2e/test_readers.py", "test_cli.py", "test_paging.py",
                 "test_pdf.py", "test_bench.py", "test_readers.py", "test_parallel.py", "test_serve_live.py")
SPLIT_BY_TEST = {"test_rebuild_random.py"}
# Browser modules that read the same served sites, in one worker each, so that each site is built (and indexed for
# search) once per run rather than once in each worker: 2.5 s of CPU each time for the shipped site.
TOGETHER = {"e2e/test_pages.py": "e2e-shipped", "e2e/test_briefing.py": "e2e-shipped",
            "e2e/test_reader.py": "e2e-full", "e2e/test_readers.py": "e2e-full"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).resolve().parent
    rank = {name: position for position, name in enumerate(LONGEST_FIRST)}

    def module(item: pytest.Item) -> str:
        return item.path.resolve().relative_to(tests).as_posix()

    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            name = module(item)
            item.add_marker(pytest.mark.xdist_group(item.name if name in SPLIT_BY_TEST else TOGETHER.get(name, name)))
    items.sort(key=lambda item: rank.get(module(item), len(rank)))  # stable: each module keeps its order


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


# --- a built site ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class BuiltSite(SiteFolder):
    """An output folder and the build result, with parsed pages cached (the judges' SiteFolder, plus the model)."""

    result: BuildResult
    # what build_site returned

    @cached_property
    def base_url(self) -> str:
        return self.result.site.config.base_url


def build_into(content_dir: Path, output_dir: Path, **overrides) -> BuiltSite:
    return BuiltSite(output_dir, build(content_dir, output_dir, **overrides))


# Sites that several modules read as built, strictly, with nothing changed: built once per test process (a worker of
# `pytest -n`). No test writes into them; a test that edits a site copies it first. Without the search index, which
# none of their readers looks at (Pagefind took 2.5 s of CPU for the shipped site's three languages): the served
# sites of e2e/conftest.py have one.


@pytest.fixture(scope="session")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The full fixture site (tests/sites/full/), built strictly."""
    return build_into(SITES_DIR / "full", tmp_path_factory.mktemp("full") / "output", strict=True, search=False)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped content/, built strictly: a content error fails the tests that read it, with its messages."""
    from site_builder.errors import ContentError, format_problem

    try:
        return build_into(CONTENT_DIR, tmp_path_factory.mktemp("shipped") / "output", strict=True, search=False)
    except ContentError as exc:
        pytest.fail("content/ does not build with --strict:\n" + "\n".join(format_problem(p) for p in exc.problems),
                    pytrace=False)


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The minimal fixture site, built once per test module (strict, as it must stay valid)."""
    return build_into(MINIMAL_DIR, tmp_path_factory.mktemp("minimal") / "output", strict=True)


# --- rebuilding -----------------------------------------------------------------------------------------------

HOUR_NS = 3600 * 10**9


def age(folder: Path) -> None:
    """Date every file an hour back, as if the editor had written them long before the build."""
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns - HOUR_NS, stat.st_mtime_ns - HOUR_NS))


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a text file by `new`; `old` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(problems) -> list[tuple]:
    return [(p.path, p.line, p.field, p.message, p.severity) for p in problems]


# --- outside tools ----------------------------------------------------------------------------------------------

# `make test` (and CI) sets this: there a missing tool is a failure, never a quiet skip.
TOOLS_REQUIRED = os.environ.get("SITE_BUILDER_REQUIRE_TOOLS") == "1"


def missing_tools(*tools: str) -> list[str]:
    """Which of the judges' tools this machine lacks: 'java' with the Nu Html Checker, 'chromium' with axe-core."""
    from judges import AXE_JS, CHROMIUM, VNU_JAR

    missing = []
    if "java" in tools and not (shutil.which("java") and VNU_JAR.is_file()):
        missing.append("Java and node_modules/vnu-jar (npm ci --ignore-scripts)")
    if "chromium" in tools:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing.append("Playwright for Python")
        if not Path(CHROMIUM).is_file():
            missing.append("Debian's chromium")
        if "axe" in tools and not AXE_JS.is_file():
            missing.append("node_modules/axe-core (npm ci --ignore-scripts)")
    return missing


def need_tools(*tools: str) -> None:
    """Skip the test, with the reason, when a tool is missing; fail instead under make test."""
    missing = missing_tools(*tools)
    if missing:
        message = "needs " + ", ".join(missing) + " (make test installs them)"
        if TOOLS_REQUIRED:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

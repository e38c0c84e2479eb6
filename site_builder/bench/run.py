"""Measure the build on generated corpora: `python build.py bench [--entries 200,1000,10000] [--runs 3]`.

Every build runs as its own `python build.py build` process, as an editor runs it, so the
times include start-up and the peak memory is that process's own (from wait4's rusage).
Per corpus size it measures a clean build, the Pagefind indexer alone, a no-op rebuild, a
rebuild after editing one entry's body and one after editing an entry's title (which other
pages show), and counts the files each rebuild wrote (modification time changed) and the
files whose bytes actually changed.

`python -m site_builder.bench corpus N DIR` only writes a corpus (see corpus.py).
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from site_builder.bench.child import PROJECT_ROOT, ChildRun, largest_page, run_child, snapshot
from site_builder.bench.corpus import CORPUS_LANGUAGES, Corpus, write_corpus
from site_builder.bench.peers import PeerMeasurement, measure_peer
from site_builder.build.pagefindrun import pagefind_command
from site_builder.build.search import SearchLayout, bundle_pages
from site_builder.build.state import cache_folder

BUILD_SCRIPT = PROJECT_ROOT / "build.py"
DEFAULT_SIZES = "200,1000,10000"


@dataclass(frozen=True, slots=True)
class Rebuild:
    """One rebuild: its run and what it did to the output folder."""

    run: ChildRun
    # time and memory
    written: int
    # files created or given a new modification time
    changed: int
    # files whose bytes differ (or that are new or gone): what had to be written


@dataclass(frozen=True, slots=True)
class Measurement:
    """The medians for one corpus size."""

    entries: int
    # entries in the corpus (articles + viewpoints), each in two languages
    events: int
    # timeline events
    figures: int
    # key figures
    pages: int
    # HTML files in the output
    files: int
    # all files in the output (without the search index)
    output_mb: float
    # size of the output (without the search index)
    corpus_s: float
    # time to generate the corpus
    clean_build_s: float
    # build into an empty output folder, --no-search
    clean_build_cpu_s: float
    # its CPU time
    search_index_s: float | None
    # Pagefind alone on the built site, every bundle, as the build makes them; None when skipped
    search_bundle_s: float | None
    # the slowest bundle: the most an edit's re-indexing takes
    noop_rebuild_s: float
    # build again with nothing changed
    noop_rebuild_cpu_s: float
    # its CPU time
    noop_written: int
    # files the no-op rebuild wrote
    noop_changed: int
    # files whose bytes the no-op rebuild changed
    one_entry_rebuild_s: float
    # build after editing one entry's body
    one_entry_rebuild_cpu_s: float
    # its CPU time
    one_entry_written: int
    # files that rebuild wrote
    one_entry_changed: int
    # files whose bytes it changed
    title_edit_rebuild_s: float
    # build after editing one entry's title (shown in lists, topic and person pages, feeds)
    title_edit_rebuild_cpu_s: float
    # its CPU time
    title_edit_written: int
    # files that rebuild wrote
    title_edit_changed: int
    # files whose bytes it changed
    build_peak_rss_mb: float
    # highest peak RSS of the clean builds
    search_peak_rss_mb: float | None
    # highest peak RSS of the indexer
    largest_page: str = ""
    # the largest HTML file of the clean build, relative to the output
    largest_page_kb: float = 0.0
    # its size
    peers: tuple[PeerMeasurement, ...] = ()
    # the same corpus built by other generators (--vs)


def parse_sizes(text: str) -> list[int]:
    """Read '200,1000,10000' into [200, 1000, 10000]; raise ValueError on anything else."""
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or any(size < 1 for size in sizes):
        raise ValueError(f"expected positive entry counts such as 200,1000, got '{text}'")
    return sizes


def run_bench(sizes: list[int], runs: int = 3, keep: Path | None = None, search: bool = True,
              log: Callable[[str], None] | None = None, vs: tuple[str, ...] = ()) -> Iterator[Measurement]:
    """Measure every size in turn, in a temporary folder unless `keep` names one; yield as each is done.

    `vs`: other generators (peers.py) to build each corpus with, after ours.
    """
    log = log or (lambda message: print(message, file=sys.stderr, flush=True))
    # The builds timed start as an editor's do after `make`, with the package compiled (see the Makefile's
    # bytecode target): where PYTHONDONTWRITEBYTECODE is set, each would compile it again otherwise.
    compileall.compile_dir(PROJECT_ROOT / "site_builder", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="site-bench-")) if keep is None else keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        for size in sizes:
            ours = measure_size(size, work, runs, search, log)
            peers = (measure_peer(peer, work / f"content-{size}", work, runs, log) for peer in vs)
            yield replace(ours, peers=tuple(peer for peer in peers if peer is not None))
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def measure_size(count: int, work: Path, runs: int, search: bool, log: Callable[[str], None]) -> Measurement:
    """Generate a corpus of `count` entries and time its builds; each number is the median of `runs`."""
    content, output = work / f"content-{count}", work / f"output-{count}"
    shutil.rmtree(content, ignore_errors=True)
    started = time.perf_counter()
    corpus = write_corpus(count, content)
    corpus_s = time.perf_counter() - started
    log(f"N={count}: corpus written in {corpus_s:.1f} s")
    build = [sys.executable, str(BUILD_SCRIPT), "build", "--content", str(content), "--output", str(output),
             "--no-search", "--no-pdf"]
    clean = []
    for index in range(runs):
        # A clean build: no output, no cache (compiled templates included).
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache_folder(output), ignore_errors=True)
        clean.append(run_child(build))
        log(f"N={count}: clean build {index + 1}/{runs}: {clean[-1].seconds:.2f} s "
            f"({clean[-1].cpu_seconds:.2f} s CPU), {clean[-1].max_rss_mb:.0f} MB")
    indexing: list[tuple[ChildRun, float]] = []
    if search:
        indexing = [index_bundles(output, log, f"N={count}: search index {index + 1}/{runs}") for index in range(runs)]
        shutil.rmtree(output / "pagefind", ignore_errors=True)
    tree = snapshot(output)
    largest, largest_size = largest_page(tree)
    log(f"N={count}: largest page {largest}, {largest_size / 1024:.0f} KB")
    noop = [rebuild(build, output, log, f"N={count}: no-op rebuild {index + 1}/{runs}") for index in range(runs)]
    edited = []
    for index in range(runs):
        edit_entry(corpus, index)
        edited.append(rebuild(build, output, log, f"N={count}: one-entry rebuild {index + 1}/{runs}"))
    retitled = []
    for index in range(runs):
        edit_title(corpus, index)
        retitled.append(rebuild(build, output, log, f"N={count}: title-edit rebuild {index + 1}/{runs}"))
    return Measurement(
        entries=corpus.entries, events=corpus.events, figures=corpus.figures,
        pages=sum(1 for path in tree if path.endswith(".html")), files=len(tree),
        output_mb=round(sum(size for _, size, _ in tree.values()) / 2**20, 1), corpus_s=round(corpus_s, 2),
        clean_build_s=_median(run.seconds for run in clean), clean_build_cpu_s=_median(r.cpu_seconds for r in clean),
        search_index_s=_median(run.seconds for run, _ in indexing) if indexing else None,
        search_bundle_s=_median(slowest for _, slowest in indexing) if indexing else None,
        noop_rebuild_s=_median(r.run.seconds for r in noop),
        noop_rebuild_cpu_s=_median(r.run.cpu_seconds for r in noop),
        noop_written=_median_int(r.written for r in noop),
        noop_changed=_median_int(r.changed for r in noop),
        one_entry_rebuild_s=_median(r.run.seconds for r in edited),
        one_entry_rebuild_cpu_s=_median(r.run.cpu_seconds for r in edited),
        one_entry_written=_median_int(r.written for r in edited),
        one_entry_changed=_median_int(r.changed for r in edited),
        title_edit_rebuild_s=_median(r.run.seconds for r in retitled),
        title_edit_rebuild_cpu_s=_median(r.run.cpu_seconds for r in retitled),
        title_edit_written=_median_int(r.written for r in retitled),
        title_edit_changed=_median_int(r.changed for r in retitled),
        build_peak_rss_mb=round(max(run.max_rss_mb for run in clean), 1),
        search_peak_rss_mb=round(max(run.max_rss_mb for run, _ in indexing), 1) if indexing else None,
        largest_page=largest, largest_page_kb=round(largest_size / 1024, 1),
    )


def rebuild(command: list[str], output: Path, log: Callable[[str], None], label: str) -> Rebuild:
    """Run one build into an existing output folder and compare the folder before and after."""
    before = snapshot(output)
    run = run_child(command)
    after = snapshot(output)
    written = sum(1 for path, state in after.items() if path not in before or before[path][0] != state[0])
    changed = sorted(path for path in before.keys() | after.keys()
                     if path not in before or path not in after or before[path][2] != after[path][2])
    log(f"{label}: {run.seconds:.2f} s ({run.cpu_seconds:.2f} s CPU), {written} files written, "
        f"{len(changed)} changed{': ' + ', '.join(changed[:3]) if changed else ''}")
    return Rebuild(run, written, len(changed))


def index_bundles(output: Path, log: Callable[[str], None], label: str) -> tuple[ChildRun, float]:
    """Index a built site as the build does, bundle after bundle (build/search.py); the whole run (summed, the
    gathering of each bundle's pages included; the highest peak) and the slowest bundle's time."""
    shutil.rmtree(output / "pagefind", ignore_errors=True)
    paths = [path.relative_to(output).as_posix() for path in output.rglob("*.html")]
    layout = SearchLayout.of(CORPUS_LANGUAGES, paths).with_pages(paths)
    runs: list[ChildRun] = []
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        for bundle in layout.bundles():
            started = time.perf_counter()
            source = bundle_pages(output, layout, bundle, Path(work))
            gathered = time.perf_counter() - started
            run = run_child(pagefind_command(source, bundle.segment, output / bundle.folder))
            runs.append(ChildRun(run.seconds + gathered, run.cpu_seconds + gathered, run.max_rss_mb))
            if source != output:
                shutil.rmtree(source)
    whole = ChildRun(sum(run.seconds for run in runs), sum(run.cpu_seconds for run in runs),
                     max(run.max_rss_mb for run in runs))
    counts = ", ".join(f"{segment} {count}" for segment, count in layout.counts.items())
    slowest = max(run.seconds for run in runs)
    log(f"{label}: {whole.seconds:.2f} s in {len(runs)} bundles ({counts}); slowest {slowest:.2f} s, "
        f"peak {whole.max_rss_mb:.0f} MB")
    return whole, slowest


def edit_entry(corpus: Corpus, run: int) -> Path:
    """Change one entry's body, as an editor would: append a sentence to the first article's English text.

    The English file is edited so that the Chinese fingerprint, and so the translation stamp, stays valid.
    """
    path = corpus.folder / "articles" / f"{corpus.articles[0]}.en.md"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\nRevision {run + 1}: the editors added one more sentence to this summary.\n")
    return path


def edit_title(corpus: Corpus, run: int) -> Path:
    """Change one entry's title: the last article's English title (newest first, so it is not on the home page)."""
    path = corpus.folder / "articles" / f"{corpus.articles[-1]}.en.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(index for index, line in enumerate(lines) if line.startswith("title:"))
    title = yaml.safe_load(lines[at])["title"]
    # A JSON string is a valid YAML scalar, whatever the title holds.
    lines[at] = "title: " + json.dumps(f"{title} (revision {run + 1})", ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _median(values: Iterable[float]) -> float:
    return float(round(statistics.median(list(values)), 3))


def _median_int(values: Iterable[int]) -> int:
    return int(statistics.median_low(list(values)))


def main(argv: list[str] | None = None) -> int:
    """`corpus N DIR`: write a corpus of N entries into DIR (which must be empty or missing)."""
    parser = argparse.ArgumentParser(prog="python -m site_builder.bench")
    commands = parser.add_subparsers(dest="command", required=True)
    corpus = commands.add_parser("corpus", help="write a synthetic content folder of N entries")
    corpus.add_argument("entries", type=int, help="number of entries (one in five is a viewpoint)")
    corpus.add_argument("folder", type=Path, help="content folder to create")
    corpus.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    corpus.add_argument("--languages", default=",".join(CORPUS_LANGUAGES),
                        help=f"site.yaml's languages, comma-separated (default {','.join(CORPUS_LANGUAGES)})")
    args = parser.parse_args(argv)
    try:
        written = write_corpus(args.entries, args.folder, args.seed, tuple(args.languages.split(",")))
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {written.entries} entries ({len(written.articles)} articles, {len(written.viewpoints)} viewpoints), "
          f"{written.events} events and {written.figures} figures into {args.folder}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

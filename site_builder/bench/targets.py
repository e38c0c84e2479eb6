"""The speed targets we hold the build to, each checked against one bench run's figures.

Each target is a figure, a bound and the corpus sizes it is meant for; the report says for
each whether it holds, and by how much it misses. A target whose figure the run lacks (no
peer installed, no 1,000-entry corpus, search skipped) is left out rather than guessed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass

from site_builder.bench.reload import ReloadTimes
from site_builder.bench.run import Measurement

AT_SCALE = 10_000
# the size the rebuild, memory, search and page-size targets are set at (and any larger corpus)
PER_FILE_BASE = 1_000
# the size whose CPU per file a larger corpus's is compared with


@dataclass(frozen=True, slots=True)
class Verdict:
    """One target at one corpus size."""

    entries: int
    target: str
    # what is asked, in words
    figure: float
    # what the run measured, in the bound's unit
    bound: float
    # the figure must stay below it (or at it, where `at_most`)
    unit: str
    at_most: bool = False

    @property
    def holds(self) -> bool:
        return self.figure <= self.bound if self.at_most else self.figure < self.bound

    def line(self) -> str:
        verdict = "met" if self.holds else f"NOT MET, {self.figure / self.bound:.2f}x the bound"
        return (f"{self.entries:>7}  {self.target}: {self.figure:.2f}{self.unit} "
                f"({'at most' if self.at_most else 'under'} {self.bound:.2f}{self.unit}): {verdict}")


def verdicts(results: list[Measurement]) -> list[Verdict]:
    """Every target the run has the figures for, by corpus size."""
    return [verdict for m in results for verdict in _of(m, results)]


def _of(m: Measurement, results: list[Measurement]) -> Iterator[Verdict]:
    def check(target: str, figure: float, bound: float, unit: str = " s", at_most: bool = False) -> Verdict:
        return Verdict(m.entries, target, figure, bound, unit, at_most)

    for peer in m.peers:
        if peer.peer == "hugo":
            yield check(f"clean build at most {peer.peer}'s ({peer.clean_build_s:.2f} s)", m.clean_build_s,
                        peer.clean_build_s, at_most=True)
        if peer.peer == "pelican":
            yield check(f"clean build at least 3x faster than {peer.peer}'s ({peer.clean_build_s:.2f} s)",
                        m.clean_build_s, peer.clean_build_s / 3, at_most=True)
    base = _base(results)
    if base is not None and m.entries > base.entries:
        yield check(f"CPU per file within 1.2x of {base.entries:,} entries' "
                    f"({1000 * _cpu_per_file(base):.2f} ms)", 1000 * _cpu_per_file(m),
                    1.2 * 1000 * _cpu_per_file(base), " ms", at_most=True)
    if m.entries < AT_SCALE:
        return
    yield check("peak memory of the clean build", m.build_peak_rss_mb, 400, " MB")
    yield check("rebuild after a title edit", m.title_edit_rebuild_s, 2)
    yield check("rebuild after a body edit", m.one_entry_rebuild_s, 1)
    yield check("rebuild with nothing changed", m.noop_rebuild_s, 0.5)
    yield check("files the rebuild with nothing changed wrote", m.noop_written, 0, "", at_most=True)
    yield check("largest HTML page", m.largest_page_kb, 250, " KB")
    if m.search_index_s is not None and m.search_bundle_s is not None and m.search_peak_rss_mb is not None:
        yield check(f"search indexing under the clean build's {m.clean_build_s:.2f} s", m.search_index_s,
                    m.clean_build_s)
        yield check("search indexing's peak memory", m.search_peak_rss_mb, 1024, " MB")
        yield check("re-indexing after an edit (the slowest bundle)", m.search_bundle_s, 5)


def _cpu_per_file(m: Measurement) -> float:
    return m.clean_build_cpu_s / m.files


def _base(results: list[Measurement]) -> Measurement | None:
    return next((m for m in results if m.entries == PER_FILE_BASE), None)


def preview_verdicts(results: list[ReloadTimes]) -> list[Verdict]:
    """The live preview's targets: an edit shown in the browser, by the median of the run's saves."""
    return [verdict for r in results if r.entries >= AT_SCALE for verdict in (
        Verdict(r.entries, "preview: a title edit shown", statistics.median(r.title_s), 1, " s"),
        Verdict(r.entries, "preview: a body edit shown", statistics.median(r.body_s), 0.5, " s"))]


def format_verdicts(found: list[Verdict]) -> str:
    """The targets as lines, with how many hold; "" when the run has the figures for none."""
    if not found:
        return ""
    held = sum(verdict.holds for verdict in found)
    return "\n".join(["", f"targets: {held} of {len(found)} met", *(verdict.line() for verdict in found)])

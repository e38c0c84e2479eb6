"""The benchmark's results as a plain-text table and as one JSON line."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from site_builder.bench.run import Measurement
from site_builder.bench.targets import format_verdicts, verdicts


def format_table(results: list[Measurement]) -> str:
    """A plain-text table of the medians, one row per corpus size."""
    header = ["entries", "pages", "files", "MB", "clean s", "(CPU)", "CPU ms/file", "search s", "bundle s",
              "no-op s", "(CPU)", "no-op writes", "1-entry s", "(CPU)", "1-entry writes", "title s", "(CPU)",
              "title writes", "peak MB", "pagefind MB"]
    rows = [[str(m.entries), str(m.pages), str(m.files), f"{m.output_mb:.0f}", f"{m.clean_build_s:.2f}",
             f"{m.clean_build_cpu_s:.2f}", f"{1000 * m.clean_build_cpu_s / m.files:.2f}",
             _optional(m.search_index_s, ".2f"),
             _optional(m.search_bundle_s, ".2f"), f"{m.noop_rebuild_s:.2f}",
             f"{m.noop_rebuild_cpu_s:.2f}", f"{m.noop_written} ({m.noop_changed})", f"{m.one_entry_rebuild_s:.2f}",
             f"{m.one_entry_rebuild_cpu_s:.2f}", f"{m.one_entry_written} ({m.one_entry_changed})",
             f"{m.title_edit_rebuild_s:.2f}", f"{m.title_edit_rebuild_cpu_s:.2f}",
             f"{m.title_edit_written} ({m.title_edit_changed})", f"{m.build_peak_rss_mb:.0f}",
             _optional(m.search_peak_rss_mb, ".0f")] for m in results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *rows]]
    note = ("times: medians, wall clock (CPU: user + system); writes: files written (of which bytes changed); "
            "builds use --no-search; peak MB: max RSS")
    largest = [f"largest page at {m.entries}: {m.largest_page} ({m.largest_page_kb:.0f} KB)" for m in results]
    peers, targets = format_peers(results), format_verdicts(verdicts(results))
    return "\n".join([*lines, note, *largest, *(part for part in (peers, targets) if part)])


def format_peers(results: list[Measurement]) -> str:
    """Our clean build beside each peer's (--vs), with the ratios ours/peer; "" when no peer was measured."""
    header = ["entries", "generator", "clean s", "(CPU)", "peak MB", "1-edit s", "pages", "largest KB",
              "ours/peer wall", "ours/peer CPU", "largest page"]
    rows = []
    for m in results:
        if not m.peers:
            continue
        rows.append([str(m.entries), "ours", f"{m.clean_build_s:.2f}", f"{m.clean_build_cpu_s:.2f}",
                     f"{m.build_peak_rss_mb:.0f}", f"{m.one_entry_rebuild_s:.2f}", str(m.pages),
                     f"{m.largest_page_kb:.0f}", "", "", m.largest_page])
        rows += [[str(m.entries), f"{p.peer} {p.version}", f"{p.clean_build_s:.2f}", f"{p.clean_build_cpu_s:.2f}",
                  f"{p.peak_rss_mb:.0f}", _optional(p.edit_rebuild_s, ".2f"), str(p.pages), f"{p.largest_page_kb:.0f}",
                  _ratio(m.clean_build_s, p.clean_build_s), _ratio(m.clean_build_cpu_s, p.clean_build_cpu_s),
                  p.largest_page] for p in m.peers]
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(width) if i < len(header) - 1 else cell for i, (cell, width)
                       in enumerate(zip(row, widths, strict=True))) for row in [header, *rows]]
    note = ("clean builds into an empty folder, medians; ours --no-search --no-pdf; 1-edit: ours rebuilds "
            "incrementally, hugo builds everything again (its CLI has no incremental build)")
    return "\n".join(["", *lines, note])


def _ratio(ours: float, peer: float) -> str:
    return f"{ours / peer:.2f}" if peer > 0 else "-"


def format_json(results: list[Measurement], runs: int) -> str:
    """The same results as one JSON line, for scripts and CI logs."""
    return json.dumps({"bench": "site_builder", "runs": runs, "python": sys.version.split()[0],
                       "results": [asdict(m) for m in results]}, separators=(",", ":"))


def _optional(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)

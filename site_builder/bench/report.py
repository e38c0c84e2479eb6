"""The benchmark's results as a plain-text table and as one JSON line."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from site_builder.bench.run import Measurement


def format_table(results: list[Measurement]) -> str:
    """A plain-text table of the medians, one row per corpus size."""
    header = ["entries", "pages", "files", "MB", "clean s", "(CPU)", "search s", "no-op s", "(CPU)", "no-op writes",
              "1-entry s", "(CPU)", "1-entry writes", "title s", "(CPU)", "title writes", "peak MB", "pagefind MB"]
    rows = [[str(m.entries), str(m.pages), str(m.files), f"{m.output_mb:.0f}", f"{m.clean_build_s:.2f}",
             f"{m.clean_build_cpu_s:.2f}", _optional(m.search_index_s, ".2f"), f"{m.noop_rebuild_s:.2f}",
             f"{m.noop_rebuild_cpu_s:.2f}", f"{m.noop_written} ({m.noop_changed})", f"{m.one_entry_rebuild_s:.2f}",
             f"{m.one_entry_rebuild_cpu_s:.2f}", f"{m.one_entry_written} ({m.one_entry_changed})",
             f"{m.title_edit_rebuild_s:.2f}", f"{m.title_edit_rebuild_cpu_s:.2f}",
             f"{m.title_edit_written} ({m.title_edit_changed})", f"{m.build_peak_rss_mb:.0f}",
             _optional(m.search_peak_rss_mb, ".0f")] for m in results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *rows]]
    note = ("times: medians, wall clock (CPU: user + system); writes: files written (of which bytes changed); "
            "builds use --no-search; peak MB: max RSS")
    return "\n".join([*lines, note])


def format_json(results: list[Measurement], runs: int) -> str:
    """The same results as one JSON line, for scripts and CI logs."""
    return json.dumps({"bench": "site_builder", "runs": runs, "python": sys.version.split()[0],
                       "results": [asdict(m) for m in results]}, separators=(",", ":"))


def _optional(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)

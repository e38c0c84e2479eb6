"""Rebuilds that skip the full pipeline: nothing changed, or only entry bodies and assets.

The front matter of an entry holds everything other pages show of it (title,
summary, date, topics, people, quotes); its body appears on its own page only.
So when the inputs differ from the last good build's only in entry bodies, the
rest of the site cannot have changed: we recheck those entries' files, re-render
their pages in both languages and leave every other file alone. An edited asset
(style sheet, script) is linked by name: it is copied, and nothing else. Anything
else (a new, deleted or renamed file, a front-matter, data, template or catalog edit)
loads and checks the whole content, then renders what changed (partial.py).

The result must be, byte for byte, what a full build would write: tests/test_quick.py
compares the two after every kind of edit.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from site_builder.build.cache import BuildCache, BuildState, Stat, changed_inputs, snapshot_folder, texts_without_bodies
from site_builder.build.options import BuildOptions, BuildResult
from site_builder.build.search import BUNDLE_DIR, reindex_search
from site_builder.build.write import commit_changes, stage_changes
from site_builder.content.languages import LANGUAGES
from site_builder.content.load import EntryFile, load_entry_file
from site_builder.content.validate import check_entry_group
from site_builder.errors import Problem, sort_problems
from site_builder.model.assemble import entry_texts
from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.environment import ASSETS_DIR
from site_builder.render.outputs import iter_outputs


def quick_update(options: BuildOptions, cache: BuildCache, state: BuildState, inputs: dict[str, Stat],
                 started_ns: int) -> BuildResult | None:
    """Bring the output up to date without the full pipeline, or return None when that is not safe.

    The caller has checked that the output folder is as the state's build left it.
    """
    from site_builder.build.pipeline import compiled_templates, fatal_or_warnings, sweep_pending

    output = options.output_dir.resolve()
    changed = changed_inputs(state, inputs)
    if changed is None:
        return None
    # Assets are copied as they are and linked by name: an edited style sheet changes that one file.
    assets_dir = options.templates_dir / ASSETS_DIR
    assets = {path for path in changed if path.startswith(str(assets_dir) + os.sep)}
    if any(path not in state.entry_keys and path not in assets for path in changed):
        return None
    if not changed:
        warnings = fatal_or_warnings(state.problems, options.strict)
        if options.search and not (output / BUNDLE_DIR).is_dir():
            return None
        return BuildResult(None, state.paths, warnings, entry_count=state.entry_count, quick="nothing changed")
    groups = _edited_groups(state, changed - assets)
    if groups is None:
        return None
    problems = _recheck(state, groups)
    warnings = fatal_or_warnings(problems, options.strict)
    site, updated, pages = None, [], ()
    if groups:
        site = cache.load_model(state)
        if site is None:
            return None
        site, updated = _with_new_texts(site, groups)
        urls = UrlScheme(site.config.base_url)
        pages = iter_outputs(site, options.templates_dir, options.translations_dir,
                             only={urls.output_file(lang, site.entries[key].kind, key)
                                   for key in updated for lang in site.config.languages},
                             compiled_dir=compiled_templates(options))
    copies = [(f"{ASSETS_DIR}/{path.relative_to(assets_dir).as_posix()}", path.read_bytes())
              for path in sorted(Path(path) for path in assets)]
    with sweep_pending(output):
        report = stage_changes(output, itertools.chain(pages, copies))
    commit_changes(output, report, remove_stale=False)
    if options.search and any(path.endswith(".html") for path in report.pending):
        reindex_search(output)
        outputs = snapshot_folder(output, relative=True)
    else:
        outputs = {**state.outputs, **_stats(output, report.pending)}
    texts = {**state.texts, **{key: texts_without_bodies(site.entries[key].texts) for key in updated}}
    cache.save(replace(state, started_ns=started_ns, inputs=inputs, problems=problems, texts=texts,
                       outputs=outputs))
    what = [f"{len(groups)} {'entry' if len(groups) == 1 else 'entries'}" if groups else "",
            f"{len(assets)} {'asset' if len(assets) == 1 else 'assets'}" if assets else ""]
    return BuildResult(site, state.paths, warnings, tuple(report.pending), entry_count=state.entry_count,
                       quick=" and ".join(part for part in what if part) + " updated")


def _stats(folder: Path, paths: list[str]) -> dict[str, Stat]:
    stats = {}
    for relative in paths:
        stat = (folder / relative).stat()
        stats[relative] = (stat.st_mtime_ns, stat.st_size)
    return stats


def _edited_groups(state: BuildState, changed: set[str]) -> dict[tuple[str, str], dict[str, EntryFile]] | None:
    """Read every language file of each edited entry; None if one fails to load or its front matter changed."""
    files_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path, group in state.entry_keys.items():
        files_of[group].append(path)
    groups: dict[tuple[str, str], dict[str, EntryFile]] = {}
    for group in sorted({state.entry_keys[path] for path in changed}):
        files: dict[str, EntryFile] = {}
        for path in sorted(files_of[group]):
            load_problems: list[Problem] = []
            loaded = load_entry_file(Path(path), group[0], load_problems)
            # A file that no longer loads is reported by the full build, with what depends on it.
            if loaded is None or load_problems or loaded.front_digest != state.fronts[path]:
                return None
            files[loaded.lang] = loaded
        groups[group] = files
    return groups


def _recheck(state: BuildState, groups: dict[tuple[str, str], dict[str, EntryFile]]) -> list[Problem]:
    """The last build's problems, with those of the edited entries' files found afresh."""
    paths = {entry.path for files in groups.values() for entry in files.values()}
    problems = [problem for problem in state.problems if problem.path not in paths]
    for files in groups.values():
        problems.extend(check_entry_group(files, state.defined))
    return sort_problems(problems)


def _with_new_texts(site: Site, groups: dict[tuple[str, str], dict[str, EntryFile]]) -> tuple[Site, list[str]]:
    """The model with the edited entries' texts made again; drafts left out of the site stay out."""
    urls = UrlScheme(site.config.base_url)
    kinds = {key: entry.kind for key, entry in site.entries.items()}
    entries = dict(site.entries)
    updated = []
    for (_kind, key), files in groups.items():
        if key in entries:
            entries[key] = replace(entries[key], texts=entry_texts(files, LANGUAGES, urls, kinds))
            updated.append(key)
    return replace(site, entries=entries), updated

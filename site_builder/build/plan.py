"""Decide which files of the site to render: those whose recorded reads no longer give the same digests.

Every file the last build wrote left the keys it read (render/reads.py). A file is
rendered again when it is new, when it is not on disk as that build left it, or when
one of its keys gives another digest on the new model, templates and catalogs. Each
key is evaluated once, however many files read it.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateNotFound

from site_builder.build.apart import Apart
from site_builder.build.inputs import Snapshot
from site_builder.build.memo import Group, row_of
from site_builder.build.outputscan import Files
from site_builder.build.readindex import own_digest
from site_builder.build.state import BuildState
from site_builder.content.load import entry_group_of
from site_builder.model.indexes import SiteIndex
from site_builder.model.site import Site
from site_builder.model.urls import UrlScheme
from site_builder.render.downloads import PDF_KEY
from site_builder.render.i18n import load_catalog
from site_builder.render.outputs import Output, output_reads
from site_builder.render.reads import Key, ModelPaths, evaluate
from site_builder.render.recording import message_digest, template_digest


class OutputChoice:
    """Which files of the site to render. Its costly half, the files that read a key whose digest changed
    (changed_readers), is worked out in a process of its own on a large site (apart.py), started before the
    plan lists the site's files (a body edit at 10,000 entries: 0.15 s each); `chosen` then decides."""

    def __init__(self, state: BuildState | None, site: Site, index: SiteIndex, paths: ModelPaths,
                 templates_dir: Path, translations_dir: Path, unchanged: frozenset[Key], same_lists: bool):
        self.state = state if state is not None and state.reads is not None else None
        self.digest_now = KeyDigests(site, index, paths, templates_dir, translations_dir)
        self.unchanged, self.same_lists = unchanged, same_lists
        self.work = functools.partial(changed_readers, self.state, self.digest_now,
                                      skipped_parts(unchanged, same_lists)) if self.state is not None else None
        large = self.state is not None and len(self.state.outputs) >= APART_FROM
        self.apart = Apart(self.work) if self.work is not None and large else None

    def chosen(self, plan: list[Output], outputs: Files) -> list[Output]:
        """The files of the plan to render (choose_outputs)."""
        readers = self.apart.result() if self.apart is not None else self.work() if self.work is not None else None
        return choose_outputs(plan, self.state, outputs, self.digest_now, readers, self.unchanged, self.same_lists)

    def close(self) -> None:
        if self.apart is not None:
            self.apart.close()


APART_FROM = 4000
# files of the last build (about 1,000 entries) from which the plan's changed reads are worked out in a process
# of their own; below, the whole plan takes a few hundredths of a second (0.09 s at 2,000 entries), too little
# to share


def choose_outputs(plan: list[Output], state: BuildState | None, outputs: Files, digest_now: KeyDigests,
                   readers: list[str] | None, unchanged: frozenset[Key] = frozenset(),
                   same_lists: bool = False) -> list[Output]:
    """The files of the plan that must be rendered; all of them without a usable state.

    `readers`: the files that read a key whose digest changed (changed_readers; None: the reads table could
    not be read). `unchanged` names parts of the model made only from files that are as the last build
    read them (see unchanged_parts): the keys under them give the digests they gave then.
    `same_lists`: every list of the site holds what it held (lists_unchanged), so every
    page is the page it was and is handed what it was.
    """
    if state is None or state.reads is None or readers is None:
        return list(plan)
    read_changed = set(readers)
    chosen: dict[str, bool] = {}
    # None: to be decided by its own read
    for output in plan:
        left, now = state.outputs.get(output.path), outputs.get(output.path)
        if output.path in read_changed or left is None or now is None or left != now:
            chosen[output.path] = True
        elif output.spec is not None and (same_lists or output.spec.made_from in unchanged):
            continue  # made from one part of the model, unchanged: so is what the file is and is handed
        else:
            chosen[output.path] = False
    unsure = [output for output in plan if chosen.get(output.path) is False]
    try:
        own = state.reads.own_digests([output.path for output in unsure])
    except sqlite3.Error:  # damaged since the build it names: a cache, so everything is rendered afresh
        return list(plan)
    for output in unsure:
        chosen[output.path] = own.get(output.path) != own_digest(digest_now.own(output).items())
    return [output for output in plan if chosen.get(output.path)]


def changed_readers(state: BuildState, digest_now: KeyDigests, skipped: frozenset[Key]) -> list[str] | None:
    """The files that read a key whose digest changed since the last build, keys under the `skipped` parts left
    out (their digests are known to be the same); None when the reads table cannot be read.

    Each key is evaluated once, however many files read it. At 10,000 entries this is 0.15 s of a body edit's
    plan, and as much again is listing the site's files: a large site works it out in a process of its own
    meanwhile (apart.py; the plan step)."""
    assert state.reads is not None
    table = state.reads
    try:
        changed = {number: key for number, key, value in table.candidates(skipped) if digest_now(key) != value}
        return sorted(table.readers(changed))
    except sqlite3.Error:  # damaged since the build it names: a cache, so everything is rendered afresh
        return None


def skipped_parts(unchanged: frozenset[Key], same_lists: bool) -> frozenset[Key]:
    """The parts of the model whose keys need not be evaluated: their digests are those of the last build."""
    # The PDFs are made after rendering: the pdf step checks the pages that list them (render/downloads.py).
    return unchanged | {PDF_KEY} | (ENTRY_LISTS if same_lists else frozenset())


def changed_content(before: Snapshot, now: Snapshot, content_dir: Path) -> frozenset[str] | None:
    """The content files whose content differs from the last build's (`before`); None when one came or went:
    which entries exist, and so what their links lead to and what each list holds, is then another question."""
    inside = os.path.join(str(content_dir), "")
    if {path for path in before if path.startswith(inside)} != {path for path in now if path.startswith(inside)}:
        return None
    return frozenset(path for path, item in now.items()
                     if path.startswith(inside) and before[path].digest != item.digest)


def unchanged_since(state: BuildState | None, inputs: Snapshot, content_dir: Path, sources: dict[Key, frozenset[str]],
                    row_before: Callable[[Snapshot], Callable[[Group], Any]],
                    made: dict[Group, Any]) -> tuple[frozenset[Key], bool]:
    """The parts of the model made from unchanged files (unchanged_parts), and whether every list holds what it
    held (lists_unchanged), against the last build; none and False without one."""
    if state is None:
        return frozenset(), False
    changed = changed_content(state.inputs, inputs, content_dir)
    return unchanged_parts(sources, changed), lists_unchanged(changed, row_before(state.inputs), made)


def unchanged_parts(sources: dict[Key, frozenset[str]], changed: frozenset[str] | None) -> frozenset[Key]:
    """The parts of the model (assemble.py's sources) made only from content files that did not change
    (`changed`: changed_content's); none with a content file added or removed."""
    if changed is None:
        return frozenset()
    return frozenset(part for part, files in sources.items() if files.isdisjoint(changed))


# The parts of the model that are lists of entries: their keys say which entries a list holds, in which order
# (an entry in a list is read as its path; what a page shows of it, under the entry's own part).
ENTRY_LISTS: frozenset[Key] = frozenset({
    ("index", ".entries_by_topic"), ("index", ".entries_by_person"), ("index", ".entries_by_outlet"),
    ("index", ".viewpoints_by_article"), ("site", ".entries", "~")})


def lists_unchanged(changed: frozenset[str] | None, row_before: Callable[[Group], Any],
                    made: dict[Group, Any]) -> bool:
    """Whether every list of entries, and so every page's place and part, is what the last build had: only
    entries' files changed (`changed`: changed_content's), none came or went, and each changed entry gives the
    row it gave (index_row).

    At 10,000 entries the digests of the lists took a third of a body edit's plan, and the own reads of the
    1,160 list pages another third. `row_before` gives a group's row and draft flag as the last build
    recorded them (None: not known); `made` holds the records of the groups made from their files this time.
    """
    if changed is None:
        return False
    groups = {entry_group_of(path) for path in changed}
    return None not in groups and all(
        group in made and row_before(group) == row_of(made[group]) for group in groups if group is not None)


class KeyDigests:
    """The digest each shared key gives now, computed once per key."""

    def __init__(self, site: Site, index: SiteIndex, paths: ModelPaths, templates_dir: Path,
                 translations_dir: Path):
        self.site, self.index, self.paths = site, index, paths
        self.urls = UrlScheme(site.config.base_url)
        self._env = Environment(loader=FileSystemLoader(str(templates_dir)))
        self._translations_dir = translations_dir
        self._catalogs: dict[str, object] = {}
        self._memo: dict[Key, str | None] = {}
        self._pages: dict[int, str] = {}
        # each page's own part, made once for all its languages (outputs.output_reads)
        self._special: dict[str, Callable[[Key], str | None]] = {
            "#template": self._template, "#message": self._message}

    def __call__(self, key: Key) -> str | None:
        try:
            return self._memo[key]
        except KeyError:
            special = self._special.get(key[0])
            found = self._memo[key] = special(key) if special is not None else evaluate(key, self.paths)
            return found

    def own(self, output: Output) -> dict[Key, str]:
        """The digests of a file's own reads, made now."""
        return output_reads(output, self.site, self.index, self.urls, self.paths, self._pages)

    def _template(self, key: Key) -> str | None:
        try:
            return template_digest(self._env, key[1])
        except TemplateNotFound:
            return None

    def _message(self, key: Key) -> str | None:
        _marker, lang, msgid, plural = key
        catalog = self._catalogs.get(lang)
        if catalog is None:
            catalog = self._catalogs[lang] = load_catalog(self._translations_dir, lang)
        return message_digest(catalog, msgid, plural or None)  # type: ignore[arg-type]

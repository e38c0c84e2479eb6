"""Rebuilds that re-render only the files an edit changed.

The content has been loaded and checked whole, as for a full build (so the messages
are the same), but the pages are not all rendered again. The model is made without
converting any Markdown: the texts of entries whose files did not change come from
the cached model. Then every file of the site gets the digest of what it is made
from (depends), and only the files whose digest differs from the last build's are
rendered, with the pages of every entry whose files changed; files the site no
longer has are deleted. When most of the site must be rendered anyway, the full
build (which uses both cores) is the faster way, and this returns None.

The result must be, byte for byte, what a full build would write: tests/test_partial.py
compares the two after every kind of edit.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.build.cache import (
    BuildCache,
    BuildState,
    Stat,
    edited_inputs,
    texts_without_bodies,
)
from site_builder.build.depends import output_digests
from site_builder.build.options import BuildOptions, BuildResult
from site_builder.build.search import refresh_search
from site_builder.build.write import commit_changes, remove_files, stage_changes
from site_builder.content.languages import LANGUAGES
from site_builder.content.load import SourceTree, entry_group_of
from site_builder.content.validate import published_entries
from site_builder.errors import Problem
from site_builder.model.assemble import assemble_site, entry_texts
from site_builder.model.indexes import build_index
from site_builder.model.site import EntryText, Site
from site_builder.model.urls import UrlScheme
from site_builder.render.outputs import Output, iter_outputs, plan_outputs
from site_builder.render.pages import list_pages

Group = tuple[str, str]
# (kind, key) of an entry or free page


def partial_update(options: BuildOptions, cache: BuildCache, state: BuildState, inputs: dict[str, Stat],
                   started_ns: int, tree: SourceTree, problems: list[Problem],
                   warnings: list[Problem]) -> BuildResult | None:
    """Render only what changed since the state's build, or return None when a full build is better.

    The caller has checked the content (tree, problems, warnings) and that the output
    folder is as the state's build left it.
    """
    from site_builder.build.pipeline import compiled_templates, state_after, sweep_pending, with_texts

    output = options.output_dir.resolve()
    if not state.digests:
        return None
    old = cache.load_model(state)
    if old is None:
        return None
    grouped = published_entries(tree, options.drafts)
    edited = _edited_groups(grouped, *edited_inputs(state, inputs))
    # The model with no texts yet: those of unedited entries come from the cache.
    bare = assemble_site(tree, options.base_url, options.drafts, languages=())
    urls = UrlScheme(bare.config.base_url)
    kinds = {key: kind for (kind, key) in grouped if kind != "pages"}
    if any(kinds.get(key, entry.kind) != entry.kind for key, entry in old.entries.items()):
        # An entry moved to the other folder: every link to it, in any body, changed.
        edited = set(grouped)

    def fresh_texts(group: Group) -> dict[str, EntryText]:
        return entry_texts(grouped[group], LANGUAGES, urls, kinds)

    texts = {group: _cached_texts(old, group) if group not in edited else None for group in grouped}
    made = {group for group, cached in texts.items() if cached is None}  # texts made afresh, with bodies
    texts.update((group, fresh_texts(group)) for group in made)
    site = with_texts(bare, texts)
    index = build_index(site)
    plan = plan_outputs(site, list_pages(site, index), options.templates_dir)
    digests = output_digests(site, index, plan, options.templates_dir, options.translations_dir)
    chosen = [item for item in plan
              if state.digests.get(item.path) != digests[item.path] or _group(item) in edited]
    if 2 * len(chosen) > len(plan):
        return None
    # The pages chosen need their bodies: make the texts again of the entries that kept cached ones.
    for group in {_group(item) for item in chosen} - made - {None}:
        texts[group] = fresh_texts(group)  # type: ignore[index]
        made.add(group)  # type: ignore[arg-type]
    site = with_texts(bare, texts)

    cache.forget()
    with sweep_pending(output):
        report = stage_changes(output, iter_outputs(site, options.templates_dir, options.translations_dir,
                                                    only={item.path for item in chosen},
                                                    compiled_dir=compiled_templates(options)))
    commit_changes(output, report, remove_stale=False)
    removed = remove_files(output, sorted(set(state.paths) - digests.keys()))
    if options.search:
        refresh_search(output, report.pending + removed)
    model = with_texts(bare, {group: texts_without_bodies(text) if group in made else text
                              for group, text in texts.items()})
    cache.save(state_after(tree, options, state.key, started_ns, inputs, problems, model, list(digests), digests),
               model, tree.parsed)
    return BuildResult(model, tuple(digests), warnings, tuple(report.pending), tuple(removed), len(site.entries),
                       quick=f"{len(chosen)} of {len(plan)} files rendered")


def _edited_groups(grouped: dict[Group, dict], changed: set[str], gone: set[str]) -> set[Group]:
    """Entries and pages with a file new, changed or deleted since the last build."""
    edited = {group for group, files in grouped.items()
              if any(str(entry.file) in changed for entry in files.values())}
    edited.update(group for path in gone if (group := entry_group_of(Path(path))) is not None)
    return edited


def _cached_texts(site: Site, group: Group) -> dict[str, EntryText] | None:
    kind, key = group
    cached = site.pages.get(key) if kind == "pages" else site.entries.get(key)
    if cached is None or (kind != "pages" and cached.kind != kind):  # type: ignore[union-attr]
        return None
    return cached.texts


def _group(item: Output) -> Group | None:
    """The entry or free page a file shows, if it is one's own page."""
    context = item.spec.context if item.spec is not None else {}
    if "entry" in context:
        return context["entry"].kind, context["entry"].key
    if "free_page" in context:
        return "pages", context["free_page"].key
    return None

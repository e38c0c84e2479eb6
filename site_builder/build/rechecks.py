"""Validation with what the last build found: the checks across entries taken as they were when they would find
the same.

Validation has two parts (content/groups.py, content/validate.py): what each entry's files give on their own,
kept by their content (build/memo.py), and what spans files (keys that must exist, a key claimed twice, topics
that nothing uses, the copy checks), made over every entry's part each time. At 10,000 entries, reading back
every entry's part and going over all of them was a sixth of a body edit. When only entries' files changed
(none came or went, no data file, catalog or template changed) and each changed entry's part says what it said
before as far as the checks across entries look (its files, whether it is a draft, the keys it names, its
topics), with no problem within its files before or after, those checks find what they found: the last build's
problems stand as they were, and no other entry's part is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.build.checks import find_problems
from site_builder.build.context import BuildContext
from site_builder.build.inputs import Snapshot
from site_builder.build.loading import read_instead
from site_builder.build.memo import DataMemo, Group, GroupMemo, group_keys
from site_builder.build.state import BuildState
from site_builder.content.groups import GroupCheck
from site_builder.content.load import entry_group_of
from site_builder.content.validate import published_entries
from site_builder.errors import Problem


def validated(context: BuildContext) -> list[Problem]:
    """Every problem of the content and catalogs, as find_problems gives them, from the last build's where they
    cannot differ."""
    tree, keys, memory, cwd = context.loaded(), context.group_keys, context.memory, os.getcwd()
    checks = context.groups.checked(published_entries(tree, drafts=True), keys)
    context.data_checks = DataMemo(context.store_of(lambda kept: kept.groups),
                                   memory.data_checks if memory is not None else None)
    data = context.data_checks.checked(tree, context.inputs, cwd)
    if not tree.problems:
        found = problems_before(context.state, context.inputs, context.options.content_dir, context.members,
                                context.groups, checks, cwd)
        if found is not None:
            context.groups.carry(context.kept, keys, decode=memory is not None)
            return found
    kept, lost = context.groups.kept(context.kept, keys)
    if lost:  # a check damaged since the load found it: its entry's files say what it should have held
        read_instead(context, lost)
        read = published_entries(context.loaded(), drafts=True)
        kept.update(context.groups.checked({group: read[group] for group in lost if group in read}, keys))
    checks.update(kept)
    return find_problems(tree, context.options, checks, data)


def problems_before(state: BuildState | None, inputs: Snapshot, content_dir: Path,
                    members: dict[Group, list[str]], groups: GroupMemo, checks: dict[Group, GroupCheck],
                    cwd: str) -> list[Problem] | None:
    """The last build's problems when validation would find them again (see above); None when it might not.

    `checks`: the parts of the entries whose files this build read, among them every changed one.
    """
    if state is None or state.checked is None or state.checked_in != cwd or state.inputs.keys() != inputs.keys():
        return None
    inside = os.path.join(str(content_dir), "")
    changed: set[Group] = set()
    for path, item in inputs.items():
        if state.inputs[path].digest != item.digest:
            group = entry_group_of(path) if path.startswith(inside) else None
            if group is None:  # a data file, catalog or template
                return None
            changed.add(group)
    shown: set[str] = set()
    for group in changed:
        now = checks.get(group)
        key = group_keys({group: members.get(group, [])}, state.inputs, cwd).get(group)
        before = groups.before(key) if key is not None else None
        if now is None or before is None or now.problems or before.problems or _spanning(now) != _spanning(before):
            return None
        shown.update(path for path, _lang in now.files)
    # A problem across entries may name a changed file's line, which the edit may have moved.
    if any(problem.path in shown for problem in state.checked):
        return None
    return list(state.checked)


def _spanning(check: GroupCheck) -> tuple[object, ...]:
    """What the checks across entries read of an entry's part: all but its problems and its keys' lines."""
    return check.files, check.draft, check.topics, [(path, field, kind, key) for path, _line, field, kind, key
                                                    in check.uses]

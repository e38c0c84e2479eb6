"""What each entry's files gave the build, kept by their content: an unchanged entry is not checked again.

An entry (or free page) is the group of its files, one per language, found by their
names. Validation of a group reads those files alone (content/groups.py), so its outcome
is kept under a key made from the content of every file of the group, whether it could
be read or not (a Chinese file that exists but cannot be read changes what its English
file's check says). A live preview keeps the outcomes in memory; a build from the
command line in the cache's SQLite file.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from site_builder.build.inputs import Snapshot
from site_builder.build.store import ValueStore
from site_builder.content.groups import GroupCheck, check_group, group_check_from_json, group_check_to_json
from site_builder.content.load import EntryFile, entry_group_of

Group = tuple[str, str]
# (kind, key) of an entry or page


def group_keys(content_files: list[str], inputs: Snapshot, cwd: str) -> dict[Group, str]:
    """A key for each group of entry files, made from the path and content of each of them."""
    members: dict[Group, list[str]] = defaultdict(list)
    for path in content_files:
        group = entry_group_of(Path(path))
        if group is not None and path in inputs:
            members[group].append(f"{path}\0{inputs[path].digest}")
    # Messages name files relative to the working directory: checked from elsewhere, checked again.
    return {group: hashlib.blake2b("\0\0".join([cwd, *sorted(items)]).encode(), digest_size=16).hexdigest()
            for group, items in members.items()}


class GroupMemo:
    """Group checks by group key: in memory (and, given a store, in the cache file too)."""

    def __init__(self, store: ValueStore | None = None, known: dict[str, GroupCheck] | None = None):
        self.store = store
        self.known: dict[str, GroupCheck] = dict(known) if known is not None else {}
        self.used: dict[str, GroupCheck] = {}
        # what this build used: what a live preview hands to the next build

    def checked(self, groups: dict[Group, dict[str, EntryFile]], keys: dict[Group, str]) -> dict[Group, GroupCheck]:
        """Each group's check: kept, or made now (and kept)."""
        checks = {}
        for group, files in groups.items():
            key = keys.get(group)
            found = self._get(key) if key is not None else None
            if found is None:
                found = check_group(files)
                if key is not None:
                    self._put(key, found)
            if key is not None:
                self.used[key] = found
            checks[group] = found
        return checks

    def _get(self, key: str) -> GroupCheck | None:
        found = self.known.get(key)
        if found is None and self.store is not None:
            found = group_check_from_json(self.store.get(key))
        return found

    def _put(self, key: str, check: GroupCheck) -> None:
        self.known[key] = check
        if self.store is not None:
            self.store.put(key, group_check_to_json(check))

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
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from site_builder.build.inputs import Snapshot
from site_builder.build.signing import sign, signed_head
from site_builder.build.store import ValueStore
from site_builder.content.datafiles import DataCheck, check_data_file, data_check_from_json, data_check_to_json
from site_builder.content.groups import GroupCheck, check_group, group_check_from_json, group_check_to_json
from site_builder.content.load import EntryFile, SourceTree, entry_group_of
from site_builder.model.records import record_text

Group = tuple[str, str]
# (kind, key) of an entry or page
C = TypeVar("C")
# a kind of check kept (GroupCheck, DataCheck)


def group_members(content_files: list[str]) -> dict[Group, list[str]]:
    """The files of each entry or page (its languages), as the scan listed them."""
    members: dict[Group, list[str]] = defaultdict(list)
    for path in content_files:
        group = entry_group_of(path)
        if group is not None:
            members[group].append(path)
    return dict(members)


def group_keys(members: dict[Group, list[str]], inputs: Snapshot, cwd: str,
               before: Grouped | None = None) -> dict[Group, str]:
    """A key for each group of entry files, made from the path and content of each of them; `before`'s where
    each of its files has the content it had then."""
    # Messages name files relative to the working directory: checked from elsewhere, checked again.
    known, then = (before.keys, before.inputs) if before is not None and before.cwd == cwd else ({}, {})
    keys = {}
    for group, paths in members.items():
        if (found := known.get(group)) is not None and all(
                path in inputs and path in then and inputs[path].digest == then[path].digest for path in paths):
            keys[group] = found
        elif any(path in inputs for path in paths):
            keys[group] = hashlib.blake2b("\0\0".join([cwd, *sorted(f"{path}\0{inputs[path].digest}" for path in paths
                                                                   if path in inputs)]).encode(),
                                          digest_size=16).hexdigest()
    return keys


@dataclass(frozen=True, slots=True)
class Grouped:
    """The files of each entry or page, and each one's key by their content: a live preview keeps the last
    build's, and its next takes them as they are where the files are (grouping 20,000 files and hashing 10,000
    keys took 0.05 s of a body edit at 10,000 entries)."""

    files: list[str]
    # the content files, as listed
    members: dict[Group, list[str]]
    # group_members
    inputs: Snapshot
    # what each file held
    cwd: str
    # the working directory the keys were made in
    keys: dict[Group, str]
    # group_keys


def grouped(files: list[str], inputs: Snapshot, cwd: str, before: Grouped | None) -> Grouped:
    """The entries' files and keys, `before`'s where the same files are listed and hold what they held."""
    members = before.members if before is not None and before.files == files else group_members(files)
    return Grouped(files, members, inputs, cwd, group_keys(members, inputs, cwd, before))


class _CheckMemo(Generic[C]):
    """Checks by a key made from the content they were made of: in memory (and, given a store, in the cache file
    too), written to and read from the store by `to_json` and `from_json`."""

    to_json: Callable[[C], Any]
    from_json: Callable[[Any], C | None]

    def __init__(self, store: ValueStore | None = None, known: dict[str, C] | None = None):
        self.store = store
        self.known: dict[str, C] = dict(known) if known is not None else {}
        self.used: dict[str, C] = {}
        # what this build used: what a live preview hands to the next build

    def _get(self, key: str) -> C | None:
        found = self.known.get(key)
        if found is None and self.store is not None:
            found = type(self).from_json(self.store.get(key))
            if found is not None:
                self.known[key] = found
        return found

    def _put(self, key: str, check: C) -> None:
        self.known[key] = check
        if self.store is not None:
            self.store.put(key, type(self).to_json(check))


class GroupMemo(_CheckMemo[GroupCheck]):
    """Group checks by group key (content/groups.py)."""

    to_json = staticmethod(group_check_to_json)
    from_json = staticmethod(group_check_from_json)

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

    def kept(self, groups: Iterable[Group], keys: dict[Group, str]) -> tuple[dict[Group, GroupCheck], list[Group]]:
        """The checks of groups whose files were not read, and the groups whose check cannot be read after all
        (damaged since kept_records found it there): their files are to be read."""
        checks, lost = {}, []
        for group in groups:
            found = self._get(keys[group])
            if found is None:
                lost.append(group)
            else:
                self.used[keys[group]] = checks[group] = found
        return checks, lost

    def carry(self, groups: Iterable[Group], keys: dict[Group, str], decode: bool) -> None:
        """Keep the checks of these groups for the next build without reading them (build/rechecks.py took the
        problems across entries from the last build); `decode`: read those only the store holds, for a live
        preview, whose next build looks in its memory alone."""
        for group in groups:
            key = keys[group]
            found = self.known.get(key)
            if found is None and decode:
                found = self._get(key)
            if found is not None:
                self.used[key] = found
            elif self.store is not None:
                self.store.keep(key)

    def knows(self, key: str) -> bool:
        """Whether a check is kept under key, without reading it."""
        return key in self.known or (self.store is not None and self.store.contains(key))

    def before(self, key: str) -> GroupCheck | None:
        """A check kept under key, read but not counted among those this build uses."""
        return self._get(key)


class DataMemo(_CheckMemo[DataCheck]):
    """Data file checks (content/datafiles.py) by the file's path and content, kept beside the group checks."""

    to_json = staticmethod(data_check_to_json)
    from_json = staticmethod(data_check_from_json)

    def checked(self, tree: SourceTree, inputs: Snapshot, cwd: str) -> dict[str, DataCheck]:
        """Each data file's check, by its path as shown: kept, or made now (and kept)."""
        checks = {}
        read_from = {id(parsed.document): path for path, parsed in tree.parsed.items()}
        for data_file in tree.data:
            path = read_from.get(id(data_file))
            if path is None or path not in inputs:
                continue
            # Messages name files relative to the working directory: checked from elsewhere, checked again.
            key = hashlib.blake2b(f"data\0{cwd}\0{path}\0{inputs[path].digest}".encode(), digest_size=16).hexdigest()
            found = self._get(key)
            if found is None:
                found = check_data_file(data_file)
                self._put(key, found)
            self.used[key] = checks[data_file.path] = found
        return checks


class RecordMemo:
    """Entries and pages as the assembler made them (model/records.py), by the content of their files and the
    settings that shape them (the base URL and site.yaml): in memory, and given a store in the cache file.

    The store keeps each record signed with this user's key (render/compiled.py), in two tables: what the
    lists and the plan take of every entry (its head: row, files, bodies…), read and checked as the record is
    taken, and its value, JSON text read and checked only when a page looks into the entry
    (model/lazyentries.py). At 10,000 entries reading every value (24 MB) and checking it took a fifth of a
    second of a body edit, which fills one entry. A record another hand made or damaged is not taken: a head
    found wrong, its files are read instead; a value found wrong (or gone) when filled, the build goes back to
    read its files (build/pipeline.py). Each signature covers the key the record is kept under, so that no
    record stands for another entry's files.
    """

    def __init__(self, store: ValueStore | None, values: ValueStore | None, known: dict[str, Any] | None,
                 settings: str, secret: bytes | None = None):
        self.store = store
        self.values = values
        # the records' values, beside their heads in `store`
        self.known: dict[str, Any] = dict(known) if known is not None else {}
        self.settings = settings
        self.secret = secret
        # signs the records kept in the store; without one, none is kept there
        self.used: dict[str, Any] = {}
        # what this build used: what a live preview hands to the next build

    def get(self, group_key: str) -> Any:
        """The record kept for these files, now used by this build; None if none is."""
        key = self._key(group_key)
        found = self._found(key)
        if found is not None:
            self.used[key] = found
            if self.values is not None:
                self.values.keep(key)  # read when filled, if ever: not to be pruned meanwhile
        return found

    def peek(self, group_key: str) -> Any:
        """The record kept for these files, if one is, not counted among those this build used (which a live
        preview keeps in memory for the next)."""
        return self._found(self._key(group_key))

    def _found(self, key: str) -> Any:
        found = self.known.get(key)
        if found is None and self.store is not None and self.values is not None and self.secret is not None:
            found = signed_head(self.store.get_text(key), key, self.values, self.secret)
        return found if isinstance(found, dict) and _RECORD_FIELDS <= found.keys() else None

    def put(self, group_key: str, record: Any) -> None:
        key = self._key(group_key)
        self.known[key] = self.used[key] = record
        if self.store is not None and self.values is not None and self.secret is not None:
            head = json.dumps({name: item for name, item in record.items() if name != "value"},
                              ensure_ascii=False, separators=(",", ":"))
            value = record_text(record["value"])
            self.store.put_text(key, f"{sign(self.secret, key, head)}\n{head}")
            self.values.put_text(key, f"{sign(self.secret, key, value)}\n{value}")

    def row_before(self, members: dict[Group, list[str]], before: Snapshot) -> Callable[[Group], Any]:
        """A group's index row and draft flag (plan.lists_unchanged) as recorded for its files as they were
        (`before`: the last build's inputs), or None where no record of them is kept."""
        def row(group: Group) -> Any:
            keys = group_keys({group: members.get(group, [])}, before, os.getcwd())
            record = self.peek(keys[group]) if group in keys else None
            return row_of(record) if record is not None else None
        return row

    def _key(self, group_key: str) -> str:
        # Not hashed again: the store hashes its keys (with the generator's) into its rows' names.
        return f"{group_key}\0{self.settings}"


def row_of(record: dict[str, Any]) -> list[Any]:
    """What of a record decides where its entry stands in the site's lists: its row, and whether it is a draft."""
    return [record["row"], record["draft"]]


_RECORD_FIELDS = frozenset({"value", "row", "files", "draft", "phrases", "bodies", "lookups"})
# what model/entries.py record_of writes


def kept_records(records: RecordMemo, checks: GroupMemo, keys: dict[Group, str],
                 refused: set[Group]) -> dict[Group, Any]:
    """The entries and pages a build can take as recorded, without reading their files: a record and the
    group's check are both kept for the files as they are (`refused`: groups whose record proved wrong)."""
    kept = {}
    for group, key in keys.items():
        record = records.get(key) if checks.knows(key) and group not in refused else None
        if record is not None:
            kept[group] = record
    return kept

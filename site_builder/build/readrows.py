"""What rendered files read, as rows of the reads table (build/readindex.py), made by the render processes."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeAlias

from site_builder.build.readindex import OWN, FileRow, hashed, key_text, own_digest, pack, part_of, unpack
from site_builder.render.reads import Key

KeyColumns: TypeAlias = "tuple[array[int], array[int], list[str], list[str]]"
# each key hashed: its id, its part's id, its text (key_text), the digest it gave (a string: array is not subscriptable
# at run time). The text, not the key: one string a key to send back from a render process, not a tuple of steps,
# and joined there, on both cores


class KeySource(Protocol):
    """Where a file's key numbers come from (render/reads.py's Recorder): each number's key, each key's digest."""

    digests: dict[Key, str]

    def key_of(self, number: int) -> Key: ...


class ReadRows:
    """What rendered files read, as the table's rows: made in each render process for its own files (hashing
    a million reads at 2,000 entries took the save step a second, alone on one core), sent back as bytes.

    A key read by many files is hashed once, its hashes kept by the recorder's number for it in two arrays:
    16 bytes a key, where a dict by key took 220 (88 MB in each render process at 10,000 entries).
    """

    def __init__(self) -> None:
        self.files: dict[str, FileRow] = {}
        # path -> its row
        self.keys: KeyColumns = (array("q"), array("q"), [], [])
        # each key hashed here, as columns (a dict of rows took 200 bytes a key); a key read in several processes
        # comes back from each
        self.parts: dict[int, str] = {}
        # part id -> its text
        self._source: KeySource | None = None
        self._ids, self._parts = array("q"), array("q")
        # by the source's number of a key: its id and its part's id (0: not hashed yet)

    def __getstate__(self) -> object:
        return self.files, self.keys, self.parts

    def __setstate__(self, state: tuple[dict[str, FileRow], KeyColumns, dict[int, str]]) -> None:
        self.files, self.keys, self.parts = state
        self._source, self._ids, self._parts = None, array("q"), array("q")

    def add(self, path: str, numbers: Iterable[int], source: KeySource) -> None:
        """A file rendered, with the numbers of the keys it read in `source` (replacing what it read before)."""
        if source is not self._source:
            self._source, self._ids, self._parts = source, array("q"), array("q")
        ids, parts_of = self._ids, self._parts
        key_ids, key_parts, keys, digests = self.keys
        own, shared, parts = [], array("q"), set()
        for number in sorted(numbers):
            if number >= len(ids):
                grown = bytes(8 * (number + 1 - len(ids)))
                ids.frombytes(grown)
                parts_of.frombytes(grown)
            found = ids[number]
            if found == 0:
                key = source.key_of(number)
                if key[0] in OWN:
                    own.append((key, source.digests[key]))
                    continue
                part_text, text = key_text(part_of(key)), key_text(key)
                found, part = hashed(text), hashed(part_text)
                ids[number], parts_of[number] = found, part
                key_ids.append(found)
                key_parts.append(part)
                keys.append(text)
                digests.append(source.digests[key])
                self.parts[part] = part_text
            else:
                part = parts_of[number]
            shared.append(found)
            parts.add(part)
        self.files[path] = (hashed(path), own_digest(own), pack(shared), tuple(sorted(parts)))

    def extend(self, other: ReadRows) -> None:
        self.files.update(other.files)
        ids, parts, keys, digests = self.keys
        more_ids, more_parts, more_keys, more_digests = other.keys
        ids.extend(more_ids)
        parts.extend(more_parts)
        keys.extend(more_keys)
        digests.extend(more_digests)
        self.parts.update(other.parts)

    def key_rows(self) -> Iterator[tuple[int, int, str, str]]:
        """(id, part id, text, digest) of every key in the order they were made, as SQLite takes them (made one at
        a time: at 10,000 entries a list of them was the build's peak of memory). A key read in several processes
        comes once from each; of a key made twice, the last stands (the PDF step's pages give its latest digest)."""
        ids, parts, keys, digests = self.keys
        for index in range(len(ids)):
            yield ids[index], parts[index], keys[index], digests[index]

    def read(self, path: str, key: Key) -> bool:
        """Whether the file rendered and read this (shared) key."""
        row = self.files.get(path)
        return row is not None and hashed(key_text(key)) in unpack(row[2])

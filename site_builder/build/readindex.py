"""What every file of the site read, in an SQLite file that a build updates in place.

A list page of a large site reads tens of thousands of keys (render/reads.py), most of
them shared with other pages: half a million keys and four million reads at 10,000
entries. Reading all of that back and writing it out again took a rebuild seconds, for
an edit that changes a few keys and a few files. So the table is kept indexed both ways:

- keys: every key read (by a 64-bit hash of its text), its *part* and the digest it gave;
- parts: the part of the model a key lies under (`site .entries [k`, `#template`), so that
  the plan evaluates only the keys under parts made from changed files;
- files: per file of the site, one digest of its own reads (what it is, what its template is
  handed: plan.OWN), compared as a whole; file_keys: the hashes of the keys it read, apart,
  so that listing every file's own digest does not read 40 MB of hashes at 10,000 entries;
- part_files: which files read something under which part, to find the few files a
  changed key may concern without looking at the others.

A build rewrites the rows of the files it rendered and of those the site lost, nothing
else. The file holds data only (it cannot run code); a damaged one is set aside.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from site_builder.build.store import open_cache_database
from site_builder.render.reads import Key

KEY_SEPARATOR = "\x1f"
# between the parts of a key written as one string
OWN = frozenset({"#output"})
# The read that belongs to one file: what it is, the values its template is handed, the file it copies.

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS keys (id INTEGER PRIMARY KEY, part INTEGER NOT NULL, key TEXT NOT NULL,"
    " digest TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS keys_by_part ON keys (part)",
    "CREATE TABLE IF NOT EXISTS parts (id INTEGER PRIMARY KEY, part TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, path TEXT NOT NULL, own TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS file_keys (id INTEGER PRIMARY KEY, keys BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS part_files (part INTEGER NOT NULL, file INTEGER NOT NULL,"
    " PRIMARY KEY (part, file)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS part_files_by_file ON part_files (file)",
)
SCHEMA_VERSION = 2
# a file of another layout (an older generator's) is started afresh


def key_text(key: Key) -> str:
    """A key as the table holds it: one string."""
    return KEY_SEPARATOR.join(key)


def part_of(key: Key) -> Key:
    """The part of the model a key lies under: its first three steps (`site .entries [k`), or its marker and
    first argument (`#template name`, `#message zh`)."""
    return key[:2] if key[0].startswith("#") else key[:3]


def hashed(text: str) -> int:
    """A 64-bit id for a key, part or path: two of half a million collide once in 10^8 builds."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def own_digest(reads: Iterable[tuple[Key, str]]) -> str:
    """One digest of a file's own reads."""
    joined = "\x1e".join(sorted(f"{key_text(key)}\x1d{value}" for key, value in reads))
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=12).hexdigest()


FileRow = tuple[int, str, bytes, tuple[int, ...]]
# a rendered file's row: its id, the digest of its own reads, its other keys' ids packed, the ids of their parts


class RowsMade(Protocol):
    """Rows for the table, made where the files rendered (build/readrows.py)."""

    files: dict[str, FileRow]
    parts: dict[int, str]

    def key_rows(self) -> Iterable[tuple[int, int, str, str]]: ...


class ReadIndex:
    """The reads of the last build's files, in reads.sqlite: queried by the plan, updated by the save."""

    def __init__(self, path: Path):
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = os.getpid()

    def build_id(self) -> int | None:
        """Which build the table describes (None: none, or unreadable)."""
        try:
            found = self._db().execute("SELECT value FROM meta WHERE name = 'build_id'").fetchone()
            return int(found[0]) if found is not None else None
        except (sqlite3.Error, ValueError):
            return None

    def candidates(self, skipped: frozenset[Key]) -> Iterator[tuple[int, Key, str]]:
        """(id, key, digest) of every key whose part is not under a part of `skipped`."""
        connection = self._db()
        skipped_texts = {key_text(part) for part in skipped}
        parts = connection.execute("SELECT id, part FROM parts").fetchall()
        wanted = [(number,) for number, text in parts if not _under(text, skipped_texts)]
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id INTEGER PRIMARY KEY)")
        connection.execute("DELETE FROM wanted")
        connection.executemany("INSERT INTO wanted (id) VALUES (?)", wanted)
        # SQLite's own choice is to read the whole table (45 MB at 10,000 entries) and look each key's part up.
        # For the few parts an edit leaves wanted, the index by part is a hundred times less to read; with most
        # of them wanted (a file added or removed), reading the table in its order is the quicker.
        joined = "wanted CROSS JOIN keys" if len(wanted) * 4 < len(parts) else "keys JOIN wanted"
        for number, text, value in connection.execute(
                f"SELECT keys.id, keys.key, keys.digest FROM {joined} ON keys.part = wanted.id"):
            yield number, tuple(text.split(KEY_SEPARATOR)), value

    def readers(self, changed: dict[int, Key]) -> set[str]:
        """The files that read one of the `changed` keys (by id)."""
        if not changed:
            return set()
        connection = self._db()
        parts = {(hashed(key_text(part_of(key))),) for key in changed.values()}
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)")
        connection.execute("DELETE FROM touched")
        connection.executemany("INSERT INTO touched (id) VALUES (?)", parts)
        found = set()
        for path, blob in connection.execute(
                "SELECT path, keys FROM files JOIN file_keys USING (id) WHERE id IN"
                " (SELECT file FROM part_files JOIN touched ON part_files.part = touched.id)"):
            if not changed.keys().isdisjoint(unpack(blob)):
                found.add(path)
        return found

    def own_digests(self, paths: list[str]) -> dict[str, str]:
        """These files, as the table knows them, with the digest of their own reads."""
        connection = self._db()
        if len(paths) > 1000:  # most of the site: reading the table in its order is the quicker
            wanted = set(paths)
            return {path: own for path, own in connection.execute("SELECT path, own FROM files") if path in wanted}
        found = {}
        for path in paths:
            row = connection.execute("SELECT path, own FROM files WHERE id = ?", (hashed(path),)).fetchone()
            if row is not None and row[0] == path:
                found[path] = str(row[1])
        return found

    def digest(self, key: Key) -> str | None:
        found = self._db().execute("SELECT digest FROM keys WHERE id = ?", (hashed(key_text(key)),)).fetchone()
        return None if found is None else str(found[0])

    def update(self, build_id: int, rows: RowsMade, site_files: set[str], fresh: bool) -> None:
        """Record what the files of `rows` read now (build/readrows.py), and forget the files that are not
        `site_files` any more (all others, when `fresh`: the table then describes this build's files alone)."""
        connection = self._db()
        if fresh:
            for table in ("keys", "parts", "files", "file_keys", "part_files"):
                connection.execute(f"DELETE FROM {table}")
        else:
            for file, path in connection.execute("SELECT id, path FROM files").fetchall():
                if path not in site_files:
                    self._forget(file)
            for file, *_ in rows.files.values():
                self._forget(file)
        files = [(file, path, own) for path, (file, own, _, _) in rows.files.items()]
        file_keys = [(file, shared) for file, _, shared, _ in rows.files.values()]
        # In the order of the tables' keys: a B-tree fills fastest so. A fresh table gets its indexes after.
        if fresh:
            connection.execute("DROP INDEX IF EXISTS keys_by_part")
            connection.execute("DROP INDEX IF EXISTS part_files_by_file")
        connection.executemany("INSERT OR REPLACE INTO files (id, path, own) VALUES (?, ?, ?)", sorted(files))
        connection.executemany("INSERT OR REPLACE INTO file_keys (id, keys) VALUES (?, ?)", sorted(file_keys))
        _insert_in_order(connection, "INSERT OR IGNORE INTO part_files", ("part", "file"), "part, file", "",
                         ((part, file) for file, _, _, parts in rows.files.values() for part in parts))
        # Ordered by id, then as made: of a key made twice, the later digest is the one that stays.
        _insert_in_order(connection, "INSERT INTO keys", ("id", "part", "key", "digest"), "id, rowid",
                         " ON CONFLICT (id) DO UPDATE SET digest = excluded.digest WHERE digest != excluded.digest",
                         rows.key_rows())
        connection.executemany("INSERT OR IGNORE INTO parts (id, part) VALUES (?, ?)", sorted(rows.parts.items()))
        if fresh:
            for statement in _SCHEMA:
                connection.execute(statement)
        connection.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('build_id', ?)", (str(build_id),))
        connection.commit()

    def forget(self) -> None:
        """Mark the table as describing no build (before the output changes)."""
        try:
            connection = self._db()
            connection.execute("DELETE FROM meta WHERE name = 'build_id'")
            connection.commit()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():  # a forked process's parent's: not to touch
            self._connection.close()
        self._connection = None

    def _forget(self, file: int) -> None:
        connection = self._db()
        connection.execute("DELETE FROM files WHERE id = ?", (file,))
        connection.execute("DELETE FROM file_keys WHERE id = ?", (file,))
        connection.execute("DELETE FROM part_files WHERE file = ?", (file,))

    def _db(self) -> sqlite3.Connection:
        if self._pid != os.getpid():
            # A forked process (the plan's, apart.py) must not use its parent's connection: it opens its own.
            self._connection, self._pid = None, os.getpid()
        if self._connection is None:
            connection = open_cache_database(self.path, [])
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            if version != SCHEMA_VERSION:
                # Another layout's tables, or none yet: the file starts afresh (nothing in it names a build).
                connection.close()
                self.path.unlink(missing_ok=True)
                connection = open_cache_database(self.path, [*_SCHEMA, f"PRAGMA user_version = {SCHEMA_VERSION}"])
            self._connection = connection
        return self._connection


def _insert_in_order(connection: sqlite3.Connection, insert: str, columns: tuple[str, ...], order: str,
                     upsert: str, rows: Iterable[tuple[object, ...]]) -> None:
    """`insert` the rows in `order`, sorted by SQLite: they go into a temporary table as they come, then into
    the table in its key's order. Sorting the 940,000 part-file pairs of 10,000 entries in Python and inserting
    them took 2.9 s, through SQLite's sorter 1.5 s."""
    listed, made = ", ".join(columns), f"made_{columns[0]}"
    connection.execute(f"CREATE TEMP TABLE IF NOT EXISTS {made} ({listed})")
    connection.execute(f"DELETE FROM {made}")
    connection.executemany(f"INSERT INTO {made} ({listed}) VALUES ({', '.join('?' * len(columns))})", rows)
    connection.execute(f"{insert} ({listed}) SELECT {listed} FROM {made} WHERE true ORDER BY {order}{upsert}")
    connection.execute(f"DELETE FROM {made}")


def _under(part: str, skipped: set[str]) -> bool:
    """Whether a part (key_text) is one of the skipped parts or lies under one of two steps."""
    if part in skipped:
        return True
    second = part.find(KEY_SEPARATOR, part.find(KEY_SEPARATOR) + 1)
    return second > 0 and part[:second] in skipped


def pack(numbers: array[int]) -> bytes:
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def unpack(blob: bytes) -> array[int]:
    numbers = array("q")
    numbers.frombytes(blob)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers

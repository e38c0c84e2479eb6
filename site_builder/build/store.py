"""JSON values kept by content key in the cache folder's SQLite file, read when needed.

What the build derives from one input at a time (a file as parsed, a Markdown body as
HTML) is kept under a key made from that input's content. A rebuild reads back only the
values it needs and writes only the new ones; values no build used last time are pruned.
One SQLite file rather than a file per value: at 2,000 entries a rebuild reads 12,000
values, and opening as many files took a third of a second. SQLite holds data only
(nothing in it can run code); a damaged file is set aside and the values made again.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any


class ValueDatabase:
    """The SQLite file of one cache folder: a table of JSON values per kind, written in one transaction."""

    def __init__(self, path: Path, generator: str):
        self.path = path
        self.generator = generator
        # values made by other code are other values: a file another generator wrote starts empty (connection)
        self._connection: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._tables: list[str] = []

    def store(self, table: str, whole: bool = True) -> ValueStore:
        """The values of one kind, in a table of their own (made when the file is first opened); `whole`:
        read the table whole at the first read, for values of which a build reads nearly all."""
        self._tables.append(table)
        return ValueStore(self, table, whole)

    def connection(self) -> sqlite3.Connection:
        self._own_only()
        if self._connection is None:
            connection = open_cache_database(self.path, [
                "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
                *(f"CREATE TABLE IF NOT EXISTS {table} (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
                  for table in self._tables)])
            # Each value is named by its key alone. Hashing the generator's key into every name, as before, took
            # 40,000 hashes of a rebuild at 10,000 entries; values another generator made are deleted at once.
            try:
                found = connection.execute("SELECT value FROM meta WHERE name = 'generator'").fetchone()
                if found is None or found[0] != self.generator:
                    for table in self._tables:
                        connection.execute(f"DELETE FROM {table}")
                    connection.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('generator', ?)",
                                       (self.generator,))
                    connection.commit()  # before a forked render worker opens the file and looks
            except sqlite3.Error:
                pass  # values found damaged as they are read or written: made again
            self._connection = connection
        return self._connection

    def _own_only(self) -> None:
        if self._pid != os.getpid():
            # A forked process (a render worker, a preview's save) must not use its parent's connection, not even
            # to commit or close it: it opens its own.
            self._connection, self._pid = None, os.getpid()

    def commit(self) -> None:
        """Keep what was written. A failure (a full disk) loses only cached values, made again next time."""
        self._own_only()
        try:
            if self._connection is not None:
                self._connection.commit()
        except sqlite3.Error:
            pass

    def close(self) -> None:
        self._own_only()
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def open_cache_database(path: Path, schema: list[str]) -> sqlite3.Connection:
    """An SQLite file of the cache with its tables made; one that is not a database (damaged, or something
    else put there) is deleted and started afresh: it is a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path, schema)
    except sqlite3.DatabaseError:
        path.unlink(missing_ok=True)
        return _open(path, schema)


def _open(path: Path, schema: list[str]) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level="DEFERRED")
    try:
        # A cache: not worth a sync to disk per build. A file a power cut damaged is found damaged
        # (DatabaseError) and made afresh, here or by the reads and writes that meet it, which then keep nothing.
        connection.execute("PRAGMA synchronous=OFF")
        for statement in schema:
            connection.execute(statement)
        connection.commit()
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


class ValueStore:
    """One table of the cache's values: JSON by key."""

    def __init__(self, database: ValueDatabase, table: str, whole: bool = True):
        self.database = database
        self.table = table
        self.whole = whole
        self.used: set[str] = set()
        # keys read or written by this build
        self._keep_rest = False
        # prune nothing (keep_rest)
        self._names: set[str] | None = None
        # the names the table held when contains() first looked
        self._rows: dict[str, str] | None = None
        # the table as the first read found it: a build that reads one value reads nearly all of them

    def get(self, key: str) -> Any:
        """The value stored under key, or None (absent or unreadable: it is made again)."""
        text = self.get_text(key)
        try:
            return None if text is None else json.loads(text)
        except ValueError:
            return None

    def get_text(self, key: str) -> str | None:
        """The text stored under key as it was put (put_text), or None."""
        self.used.add(key)
        try:
            if not self.whole:
                found = self.database.connection().execute(
                    f"SELECT value FROM {self.table} WHERE name = ?", (key,)).fetchone()
                return None if found is None else str(found[0])
            if self._rows is None:
                self._rows = dict(self.database.connection().execute(f"SELECT name, value FROM {self.table}"))
            return self._rows.get(key)
        except sqlite3.Error:
            return None

    def keep(self, key: str) -> None:
        """Keep the value under key for the next build without reading it (it is not pruned)."""
        self.used.add(key)

    def contains(self, key: str) -> bool:
        """Whether a value is kept under key, without reading it."""
        try:
            if self._names is None:
                self._names = {name for (name,) in self.database.connection().execute(f"SELECT name FROM {self.table}")}
        except sqlite3.Error:
            self._names = set()
        return key in self._names or (self._rows is not None and key in self._rows)

    def keep_rest(self) -> None:
        """Keep every value this build did not use too: it used only some of those the site needs."""
        self._keep_rest = True

    def put(self, key: str, value: Any) -> None:
        self.put_text(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def put_text(self, key: str, text: str) -> None:
        self.used.add(key)
        if self._rows is not None:
            self._rows[key] = text
        try:
            self.database.connection().execute(
                f"INSERT OR REPLACE INTO {self.table} (name, value) VALUES (?, ?)", (key, text))
        except sqlite3.Error:
            pass  # not kept: the next build makes it again

    def prune(self) -> None:
        """Delete the values this build did not use, once they are many (a cache that keeps more costs space only)."""
        if self._keep_rest:
            return
        try:
            connection = self.database.connection()
            # Counting is cheap; listing the names used is not (tens of thousands per table at 10,000 entries):
            # unused values are deleted once they are a tenth of the table, a bounded cost in space.
            (count,) = connection.execute(f"SELECT count(*) FROM {self.table}").fetchone()
            if count - len(self.used) <= max(50, len(self.used) // 10):
                return
            connection.execute("CREATE TEMP TABLE IF NOT EXISTS used (name TEXT PRIMARY KEY)")
            connection.execute("DELETE FROM used")
            connection.executemany("INSERT OR IGNORE INTO used (name) VALUES (?)", ((name,) for name in self.used))
            connection.execute(f"DELETE FROM {self.table} WHERE name NOT IN (SELECT name FROM used)")
        except sqlite3.Error:
            pass


def write_json(path: Path, data: Any) -> None:
    """Write data as compact JSON under a temporary name, then rename it: a reader sees the old file or the new."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         delete=False)
    try:
        with handle:
            # dumps, not dump: dump writes piece by piece through Python, several times slower.
            handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise

"""jieba's dictionary, looked up a word at a time instead of loaded whole.

Before it segments anything, jieba loads its whole prefix dictionary (every word of its
dict.txt and every prefix of one, 580,000 keys, from a marshal file): 0.8 s, which every
build process pays that meets one new Chinese headline, as a title edit does. Segmenting a
headline asks for a few dozen of those keys. So the dictionary is copied once into an
SQLite file in the user's cache folder, made by jieba's own reading of its dict.txt (the
same frequencies, the same total), and handed to jieba's Tokenizer as its `FREQ`: a mapping
that asks the file for each key it is asked for. The segmentation is jieba's, word for word
(tests/test_wordbreak.py compares the two). Where the copy cannot be made or read, jieba
loads its dictionary as it always does.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from site_builder.render.compiled import user_cache_folder

_SCHEMA = ("CREATE TABLE freq (word TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID",
           "CREATE TABLE total (count INTEGER NOT NULL)")


class WordFrequencies:
    """jieba's FREQ as the SQLite copy holds it, with what this process adds (add_word) on top."""

    def __init__(self, path: Path, total: int, dictionary: Path, jieba: Any):
        self.path = path
        self.total = total
        # the sum of the dictionary's frequencies, which jieba keeps beside FREQ
        self._found: dict[str, int | None] = {}
        # each key asked for so far: its frequency, or None for a key the dictionary does not hold
        self._connection: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._dictionary, self._jieba = dictionary, jieba
        self._whole: dict[str, int] | None = None
        # the dictionary loaded whole after all, should the copy become unreadable during the build

    def _lookup(self, word: str) -> int | None:
        try:
            return self._found[word]
        except KeyError:
            pass
        if self._whole is None:
            try:
                if self._connection is None or self._pid != os.getpid():
                    # A forked render worker opens its own connection: a connection must not cross a fork.
                    self._connection, self._pid = _open(self.path), os.getpid()
                row = self._connection.execute("SELECT count FROM freq WHERE word = ?", (word,)).fetchone()
                found = self._found[word] = None if row is None else int(row[0])
                return found
            except sqlite3.Error:  # deleted or damaged meanwhile: jieba's own reading, whole, as it would
                with self._dictionary.open("rb") as handle:
                    self._whole = self._jieba.Tokenizer.gen_pfdict(handle)[0]
        found = self._found[word] = self._whole.get(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __getitem__(self, word: str) -> int:
        found = self._lookup(word)
        if found is None:
            raise KeyError(word)
        return found

    def get(self, word: str, default: Any = None) -> Any:
        found = self._lookup(word)
        return default if found is None else found

    def __setitem__(self, word: str, count: int) -> None:
        self._found[word] = count


def word_frequencies(jieba: Any) -> WordFrequencies | None:
    """The copy of this jieba's dictionary, made on first use; None where it cannot be had."""
    dictionary = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME  # what jieba.Tokenizer() loads
    try:
        stat = dictionary.stat()
        path = user_cache_folder() / f"jieba-{jieba.__version__}-{stat.st_size}-{stat.st_mtime_ns}.sqlite"
        if not path.is_file():
            _make_copy(jieba, dictionary, path)
        connection = _open(path)
        try:
            (total,) = connection.execute("SELECT count FROM total").fetchone()
        finally:
            connection.close()
        return WordFrequencies(path, int(total), dictionary, jieba)
    except sqlite3.Error:
        Path(path).unlink(missing_ok=True)  # damaged: the next build makes it again
        return None
    except (OSError, TypeError, ValueError):
        return None


def _open(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _make_copy(jieba: Any, dictionary: Path, path: Path) -> None:
    """Write the copy under another name, then rename it: a build that reads it sees all of it or none."""
    with dictionary.open("rb") as handle:
        frequencies, total = jieba.Tokenizer.gen_pfdict(handle)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle_number, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle_number)
    try:
        connection = sqlite3.connect(partial)
        try:
            for statement in _SCHEMA:
                connection.execute(statement)
            connection.executemany("INSERT INTO freq (word, count) VALUES (?, ?)", frequencies.items())
            connection.execute("INSERT INTO total (count) VALUES (?)", (total,))
            connection.commit()
        finally:
            connection.close()
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)

"""JSON values kept by content key in a cache folder: one small file each, written once, read when needed.

What the build derives from one input at a time (a file as parsed, a Markdown body as
HTML) is kept under a key made from that input's content. A rebuild reads back only the
values it needs and writes only the new ones; values no build used last time are pruned.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


class ValueStore:
    """A folder of JSON values, one file per key, for one version of the generator."""

    def __init__(self, folder: Path, generator: str):
        self.folder = folder
        self.generator = generator
        # values made by other code are other values: the generator's key is part of every file name
        self.used: set[str] = set()
        # file names read or written by this build

    def get(self, key: str) -> Any:
        """The value stored under key, or None (absent or unreadable: it is made again)."""
        name = self._name(key)
        self.used.add(name)
        try:
            with open(self.folder / name, "rb") as handle:
                return json.loads(handle.read())
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        name = self._name(key)
        self.used.add(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        write_json(self.folder / name, value)

    def prune(self) -> None:
        """Delete the values this build did not use (and leftovers of interrupted writes)."""
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return
        for name in names:
            if name not in self.used:
                (self.folder / name).unlink(missing_ok=True)

    def _name(self, key: str) -> str:
        return hashlib.blake2b(f"{self.generator}\0{key}".encode(), digest_size=16).hexdigest() + ".json"


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

"""Compiled templates: kept in memory for the process, and on disk for the next build, signed.

Jinja turns a template into Python code, and a compiled template read back is code that
runs. Jinja's own file cache would run whatever file is put in the cache folder (its header
is even read with pickle), and the cache folder lies beside the output, where an archive or
a checkout can bring one. So each file here carries an HMAC of its bytes under a secret kept
outside the project, in the user's own cache folder (as Jupyter signs the notebooks it
trusts): a file this user's builds did not write is never loaded, only compiled again.

In memory, a template compiled once serves every later build of the process (the live
preview, the tests) and, once loaded before forking, every render worker.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from types import CodeType

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

SECRET_BYTES = 32
_COMPILED: dict[str, tuple[str, CodeType]] = {}
# Jinja's key of a template (its name and file) -> the checksum of the source compiled, and the code:
# one per template, so that a preview whose templates are edited all day keeps only the latest
_SAVED: set[tuple[Path, str, str]] = set()
# (folder, key, checksum) written by this process: code compiled for one build folder is signed into another's


class SignedTemplateCache(BytecodeCache):
    """Jinja's bytecode cache: the process's memory first, then `folder`'s signed files (when given)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.secret = user_secret() if folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        known = _COMPILED.get(bucket.key)
        if known is not None and known[0] == bucket.checksum:
            bucket.code = known[1]
            self.dump_bytecode(bucket)  # into this folder too, once, for the next process
            return
        if self.folder is None or self.secret is None:
            return
        try:
            data = (self.folder / f"{bucket.key}.jinja").read_bytes()
        except OSError:
            return
        signature, payload = data[:SECRET_BYTES], data[SECRET_BYTES:]
        if not hmac.compare_digest(signature, _sign(self.secret, payload)):
            return  # not written by this user's builds (or damaged): compile again, and overwrite it
        bucket.bytecode_from_string(payload)  # leaves no code when the source's checksum differs
        if bucket.code is not None:
            _COMPILED[bucket.key] = (bucket.checksum, bucket.code)
            _SAVED.add((self.folder, bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        assert bucket.code is not None
        _COMPILED[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is None or self.secret is None or (self.folder, bucket.key, bucket.checksum) in _SAVED:
            return
        _SAVED.add((self.folder, bucket.key, bucket.checksum))
        payload = bucket.bytecode_to_string()
        target = self.folder / f"{bucket.key}.jinja"
        partial = target.with_name(f"{target.name}.{os.getpid()}.part")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(_sign(self.secret, payload) + payload)
            os.replace(partial, target)
        except OSError:
            partial.unlink(missing_ok=True)  # a cache that cannot be written only costs compiling next time


def _sign(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, payload, hashlib.sha256).digest()


def user_cache_folder() -> Path:
    """The generator's folder in the user's own cache (not the project's): $XDG_CACHE_HOME or ~/.cache."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(home) / "site-builder"


@functools.cache
def user_secret() -> bytes | None:
    """This user's key for signing compiled templates, made on first use (and made again if the file holding it
    is damaged); None where it cannot be kept: the compiled templates are then kept in memory only."""
    path = user_cache_folder() / "template-key"
    try:
        key = path.read_bytes()
        if len(key) == SECRET_BYTES:
            return key
        damaged = True
    except FileNotFoundError:
        damaged = False
    except OSError:
        return None
    key = secrets.token_bytes(SECRET_BYTES)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(key)
        if damaged:
            os.replace(partial, path)
        else:
            # Whole or not at all, and only if no other build made one meanwhile: then theirs is the key.
            try:
                os.link(partial, path)
            except FileExistsError:
                key = path.read_bytes()
    except OSError:
        return None
    finally:
        partial.unlink(missing_ok=True)
    return key if len(key) == SECRET_BYTES else None

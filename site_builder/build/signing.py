"""Records kept in the cache, signed with this user's key (render/compiled.py): a record another hand made or
damaged is never taken (build/memo.py RecordMemo keeps them)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from site_builder.build.store import ValueStore
from site_builder.model.records import RefusedRecordError


def sign(secret: bytes, key: str, text: str) -> str:
    return hashlib.blake2b(f"{key}\0{text}".encode(), key=secret, digest_size=16).hexdigest()


def _signed(found: str, expected: str) -> bool:
    """Whether a signature found in the cache is the one expected (compared as bytes: it may hold anything)."""
    return hmac.compare_digest(found.encode(), expected.encode())


def signed_head(stored: str | None, key: str, values: ValueStore, secret: bytes) -> dict[str, Any] | None:
    """A record's head as put() stored it under key, if its signature holds, with its value to be read from
    `values` when filled (SignedValue); None for anything else."""
    signature, _, head = (stored or "").partition("\n")
    if not _signed(signature, sign(secret, key, head)):
        return None
    try:
        record = json.loads(head)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    record["value"] = SignedValue(values, key, secret)
    return record


class SignedValue:
    """A record's value, read from the cache and its signature checked when the entry is filled (LateText)."""

    __slots__ = ("_values", "_key", "_secret", "_text")

    def __init__(self, values: ValueStore, key: str, secret: bytes):
        self._values, self._key, self._secret = values, key, secret
        self._text: str | None = None

    def text(self) -> str:
        if not self.holds():
            raise RefusedRecordError("a record in the cache is gone, or not as this user's builds wrote it")
        assert self._text is not None
        return self._text

    def holds(self) -> bool:
        if self._text is None:
            signature, _, value = (self._values.get_text(self._key) or "").partition("\n")
            if not _signed(signature, sign(self._secret, self._key, value)):
                return False
            self._text = value
        return True


def wrong_values(kept: dict[tuple[str, str], Any]) -> set[tuple[str, str]]:
    """The kept records whose value is not as signed: once one proves wrong, the others are checked at once
    (a cache damaged throughout costs one more pass of the build, not one per entry)."""
    return {group for group, record in kept.items()
            if isinstance(record["value"], SignedValue) and not record["value"].holds()}

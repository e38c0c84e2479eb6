"""What a file of the site reads while it renders: model values, templates, UI strings.

Nothing here is declared by hand. The Jinja environment reports every attribute and item a template
looks up, every template it loads, every string it translates and every model value it hands to
Python code (render/recording.py); the recorder keeps them as *keys*, paths from the model's roots
such as `site [entries [k1 .texts [zh .title`, each with the digest of the value found there. A
later build evaluates the same keys on its own model: a file is rendered again exactly when one of
its keys gives another digest.

A key names the value by where it sits in the model, not by which object it was, so the comparison
holds across processes: `ModelPaths` gives every record of the model its canonical path (the first
a breadth-first walk from the roots finds).
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import cast

from site_builder.model.lazyentries import unfilled
from site_builder.render.fieldtypes import ATOMS, MISSING, children, follow, walked_fields

Key = tuple[str, ...]
# A path from a root: "site", then ".field" for an attribute, "[key" for a dict key, "#3" for a position.
# Keys of other things start with a marker: ("#template", name), ("#message", lang, msgid), ("#page", name).

_ATOM_TYPES = frozenset(ATOMS)


def digest(data: object) -> str:
    """A short, stable digest of a token (nested tuples of atoms)."""
    return hashlib.blake2b(repr(data).encode("utf-8"), digest_size=12).hexdigest()


class ModelPaths:
    """The canonical path of every record reachable from the roots, and of the containers on the way.

    A container that holds only atoms (a title's translations, a list of topic keys) gets no
    path: a template reaches it only by a read that recorded everything it holds.
    """

    def __init__(self, roots: dict[str, object]):
        self.roots = roots
        self.of: dict[int, Key] = {}
        # canonical path -> the value there
        self.at: dict[Key, object] = {}
        self._listening: set[int] = set()
        # the fillers (model/lazyentries.py) that tell this walk of each entry they fill
        self._walk(deque((value, (name,)) for name, value in roots.items() if not _is_atom(value)))
        self._tokens: dict[int, object] = {}
        self._deep: dict[int, object] = {}

    def _walk(self, queue: deque[tuple[object, Key]]) -> None:
        of, at, append, atoms = self.of, self.at, queue.append, _ATOM_TYPES
        # The walk visits every value of the model: written out by kind, with no step made for an atom, nor for
        # a value already reached (the reverse lookups hold each entry several times; its first path stands).
        while queue:
            value, path = queue.popleft()
            if id(value) in of:
                continue
            of[id(value)] = path
            at[path] = value
            kind = type(value)
            if kind is dict:
                for key, child in cast(dict[str, object], value).items():
                    if type(child) not in atoms and id(child) not in of and not isinstance(child, ATOMS):
                        append((child, (*path, f"[{key}")))
            elif kind is tuple or kind is list:
                for position, child in enumerate(cast(tuple[object, ...], value)):
                    if type(child) not in atoms and id(child) not in of and not isinstance(child, ATOMS):
                        append((child, (*path, f"#{position}")))
            elif (filler := unfilled(value)) is not None:
                # An entry not read from its record yet: what it holds is placed when it is (_filled).
                if id(filler) not in self._listening:
                    self._listening.add(id(filler))
                    filler.listeners.append(self._filled)
            else:
                for step, child in walked_fields(value):
                    if type(child) not in atoms and id(child) not in of and not isinstance(child, ATOMS):
                        append((child, (*path, step)))

    def _filled(self, entry: object) -> None:
        """Place what an entry holds, now that it was read from its record: from the entry's own place, as the
        walk would have (no other entry holds any of it)."""
        path = self.of.get(id(entry))
        if path is None:
            return
        queue: deque[tuple[object, Key]] = deque()
        for step, child in walked_fields(entry):
            if not _is_atom(child) and id(child) not in self.of:
                queue.append((child, (*path, step)))
        self._walk(queue)

    def token(self, value: object) -> object:
        return ("missing",) if value is MISSING else self._token(value)

    def _token(self, value: object) -> object:
        """What a read of this value depends on: atoms by value, containers by their items, records by path.

        A record (dataclass) that has a path stands for itself: what a template then reads of
        it is recorded as reads of its own. A container is compared whole (its items: atoms by
        value, records by path), since templates loop over containers without looking anything up.
        """
        kind = type(value)
        if kind in _ATOM_TYPES:
            return value
        if isinstance(value, ATOMS):  # Markup and other str subclasses
            return str(value)
        memo = self._tokens.get(id(value))
        if memo is not None:
            return memo
        tokens, single = self._tokens, self._token  # items with a token made: from the memo, without a call each
        if kind is tuple or kind is list:
            items = cast(list[object], value)
            token: object = ("[", tuple([tokens.get(id(item)) or single(item) for item in items]))
        elif kind is dict:
            pairs = cast(dict[str, object], value).items()
            token = ("{", tuple([(key, tokens.get(id(item)) or single(item)) for key, item in pairs]))
        elif id(value) in self.of:
            token = ("@", self.of[id(value)])
        else:
            token = self.deep(value)
        if id(value) in self.of:  # alive as long as the model: its id stays its own
            self._tokens[id(value)] = token
        return token

    def deep(self, value: object) -> object:
        """Everything a value holds, for values handed to Python code, which reads them unobserved."""
        kind = type(value)
        if kind in _ATOM_TYPES:
            return value
        if isinstance(value, ATOMS):
            return str(value)
        memo = self._deep.get(id(value))
        if memo is not None:
            return memo
        parts = children(value)
        token = (kind.__name__, tuple((step, self.deep(child)) for step, child in parts)) if parts is not None \
            else (kind.__name__,)
        if id(value) in self.of:
            self._deep[id(value)] = token
        return token

    def resolve(self, path: Key) -> object:
        """The value at a path, or MISSING."""
        parent = self.at.get(path[:-1], MISSING)
        if parent is not MISSING:
            return follow(parent, path[-1])
        value: object = self.roots.get(path[0], MISSING)
        for step in path[1:]:
            if value is MISSING:
                break
            value = follow(value, step)
        return value


def _is_atom(value: object) -> bool:
    return type(value) in _ATOM_TYPES or isinstance(value, ATOMS)


class Recorder:
    """Collects the keys read while one file renders; memoised pieces bring their own.

    Within a process a key is a small number (see `key_of`): the sets of keys a page reads
    are sets of ints, quick to build and to merge however many thousands a list page reads.
    """

    def __init__(self, paths: ModelPaths):
        self.paths = paths
        self.digests: dict[Key, str] = {}
        # every key read in this process -> the digest of what it gave
        self.frames: list[set[int]] = []
        # each open frame's keys, innermost last (recording.py looks at it directly: 2 million lookups at 2,000)
        self._keys: list[Key] = []
        self._ids: dict[Key, int] = {}
        # (id of the value looked into, step) -> the key's number, or None for a value not from the model
        self._lookups: dict[tuple[int, str], int | None] = {}
        self.attribute_reads: dict[tuple[int, str], int] = {}  # recording.py's memo of `.name` lookups,
        self.item_reads: dict[tuple[int, str | int], int] = {}  # and of `[name]` ones, on model values

    @contextmanager
    def frame(self) -> Iterator[set[int]]:
        """Record into a fresh set (a page, a memoised macro call); its keys count for the enclosing frame too."""
        keys: set[int] = set()
        self.frames.append(keys)
        try:
            yield keys
        finally:
            self.frames.pop()
            if self.frames:
                self.frames[-1].update(keys)

    def key_of(self, number: int) -> Key:
        """The key behind one number."""
        return self._keys[number]

    def add(self, numbers: Iterable[int]) -> None:
        """Count keys already known (a memoised piece reused) as read by the current frame."""
        if self.frames:
            self.frames[-1].update(numbers)

    def read(self, parent: object, step: str, value: object) -> None:
        """A template looked up `step` on `parent` and got `value`."""
        if self.frames and (number := self.read_number(parent, step, value)) is not None:
            self.frames[-1].add(number)

    def read_number(self, parent: object, step: str, value: object) -> int | None:
        """The number of the key that `step` on `parent` reads; None for a parent not from the model."""
        lookup = (id(parent), step)
        number = self._lookups.get(lookup, -1)
        if number == -1:
            # Model values live as long as the build, so an id seen once means the same value throughout;
            # a value made while rendering was made from values that were themselves recorded.
            path = self.paths.of.get(id(parent))
            number = None if path is None else self._number(path + (step,), lambda: self.paths.token(value))
            self._lookups[lookup] = number
        return number

    def read_whole(self, value: object) -> None:
        """Python code got `value`: it depends on all of it (for a container not from the model: on its items)."""
        if not self.frames or isinstance(value, ATOMS):
            return
        if (number := self.whole_number(value)) is not None:
            self.frames[-1].add(number)
            return
        parts = children(value) if type(value) in (tuple, list, dict) else None
        for _step, item in parts or ():
            self.read_whole(item)

    def whole_number(self, value: object) -> int | None:
        """The number of the key that stands for all of a model value; None for a value not from the model."""
        path = self.paths.of.get(id(value))
        return None if path is None else self._number(path + ("*",), lambda: self.paths.deep(value))

    def note(self, key: Key, value_digest: str) -> int | None:
        """A read that is not a model value (a template's source, a translation, the page's own context): its number."""
        number = self._number(key, lambda: value_digest, made=True) if self.frames else None
        if number is not None:
            self.frames[-1].add(number)
        return number

    def _number(self, key: Key, token: Callable[[], object], made: bool = False) -> int:
        number = self._ids.get(key)
        if number is None:
            number = self._ids[key] = len(self._keys)
            self._keys.append(key)
            made_digest = token()
            self.digests[key] = made_digest if made and isinstance(made_digest, str) else digest(made_digest)
        return number


def evaluate(key: Key, paths: ModelPaths) -> str | None:
    """The digest a model key gives on this model (None: the value it was read from is gone)."""
    if key[-1] == "*":
        value = paths.resolve(key[:-1])
        return None if value is MISSING else digest(paths.deep(value))
    if key[-1] == "~":
        value = paths.resolve(key[:-1])
        return None if value is MISSING else digest(paths.token(value))
    parent = paths.resolve(key[:-1])
    if parent is MISSING:
        return None
    return digest(paths.token(follow(parent, key[-1])))

"""What every file of the site read, as numbered keys: the table the plan checks and each build extends.

A list page of a large site reads tens of thousands of keys, most of them shared with
other pages. Each key is stored once, with the digest of what it gave; a file holds
only the numbers of its keys. A rebuild keeps the numbers of the files it did not render
as they are, and numbers the keys of those it rendered, adding the new ones at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from site_builder.render.reads import Key

KEY_SEPARATOR = "\x1f"
# between the parts of a key written as one string


def key_text(key: Key) -> str:
    """A key as the table holds it: one string (a rebuild splits only the keys it must evaluate)."""
    return KEY_SEPARATOR.join(key)


@dataclass(slots=True)
class ReadTable:
    """Every key read, its digest, and which file read which."""

    keys: list[str] = field(default_factory=list)
    # every key some file read (key_text), by number
    digests: list[str] = field(default_factory=list)
    # what each key gave, by number
    files: dict[str, Sequence[int]] = field(default_factory=dict)
    # file of the site -> the numbers of the keys it read

    def updated(self, kept: Iterable[str], rendered: dict[str, list[Key]], digests: dict[Key, str]) -> ReadTable:
        """The table after a build: the `kept` files read as before, the `rendered` ones what they read now."""
        number_of = {key: number for number, key in enumerate(self.keys)}
        keys, values = list(self.keys), list(self.digests)
        files = {path: self.files[path] for path in kept if path in self.files}
        texts = {key: key_text(key) for key in digests}
        for path, read in rendered.items():
            numbers = []
            for key in read:
                text = texts[key]
                number = number_of.get(text)
                if number is None:
                    number = number_of[text] = len(keys)
                    keys.append(text)
                    values.append(digests[key])
                else:
                    values[number] = digests[key]
                numbers.append(number)
            files[path] = numbers
        table = ReadTable(keys, values, files)
        return table.compacted() if len(keys) > len(self.keys) or len(files) < len(self.files) else table

    def compacted(self) -> ReadTable:
        """The same table without the keys no file reads any more, once they are a third of it."""
        used = sorted(set().union(*self.files.values()))
        if 3 * len(used) >= 2 * len(self.keys):
            return self
        renumbered = {old: new for new, old in enumerate(used)}
        return ReadTable([self.keys[number] for number in used], [self.digests[number] for number in used],
                         {path: [renumbered[number] for number in numbers] for path, numbers in self.files.items()})

"""Reading the content for a build: the files parsed before taken as parsed, the entries recorded
before taken as recorded (their files left unread), and read after all when a record cannot serve."""

from __future__ import annotations

import hashlib
import os
import shutil
from typing import Any

from site_builder.build.context import BuildContext
from site_builder.build.memo import Group
from site_builder.build.signing import wrong_values
from site_builder.content.load import Parsed, add_entry_files, entry_group_of
from site_builder.content.serial import parsed_from_json, parsed_to_json
from site_builder.model.records import RefusedRecordError


def reuse_parsed(context: BuildContext, paths: list[str]) -> dict[str, Parsed]:
    """Those of these files an earlier build parsed as they are now, as it parsed them."""
    memory, inputs, cache = context.memory, context.inputs, context.cache
    reuse: dict[str, Parsed] = {}
    if memory is not None:
        reuse = {path: memory.parsed[path][1] for path in paths
                 if path in memory.parsed and path in inputs and inputs[path].digest == memory.parsed[path][0]}
    if cache is not None and context.reads_cache_tables():
        cwd = os.getcwd()
        for path in paths:
            if path in inputs and path not in reuse:
                parsed = parsed_from_json(cache.parsed.get(_parsed_key(path, inputs[path].digest, cwd)))
                if parsed is not None:
                    reuse[path] = parsed
    return reuse


def keep_parsed(context: BuildContext, paths: list[str], reuse: dict[str, Parsed]) -> None:
    """Keep these files as parsed now, those not reused, for the next build: the data files. An entry's files
    are kept as what they gave validation and the assembler (memo.py), which the next build takes instead of
    reading them; kept as parsed too, they were 20,000 values that the first rebuild after a clean build read
    back whole (the table is read at its first use) only to prune them."""
    if context.cache is not None:
        inputs, cwd, parsed = context.inputs, os.getcwd(), context.loaded().parsed
        for path in paths:
            if path not in reuse and path in inputs and path in parsed and entry_group_of(path) is None:
                context.cache.parsed.put(_parsed_key(path, inputs[path].digest, cwd), parsed_to_json(parsed[path]))


def _parsed_key(path: str, digest: str, cwd: str) -> str:
    # Messages show paths relative to the working directory: a file parsed from elsewhere is parsed again.
    return hashlib.blake2b(f"{path}\0{digest}\0{cwd}".encode(), digest_size=16).hexdigest()


def read_instead(context: BuildContext, groups: list[tuple[str, str]]) -> None:
    """Read the files of these kept entries after all, and make them from their files."""
    if groups:
        paths = sorted(path for group in groups for path in context.members[group])
        reuse = reuse_parsed(context, paths)
        add_entry_files(context.loaded(), paths, reuse)
        keep_parsed(context, paths, reuse)
        context.kept = {group: record for group, record in context.kept.items() if group not in groups}


def keep_made_records(context: BuildContext, records: dict[Group, Any]) -> None:
    """Keep the records of the entries made from their files, if their files were read without a problem:
    a record stands for files that need no message."""
    tree = context.loaded()
    for group, record in records.items():
        paths = context.members.get(group, [])
        if group in context.group_keys and paths and all(path in tree.parsed and not tree.parsed[path].problems
                                                          for path in paths):
            context.records.put(context.group_keys[group], record)


def refuse_record(context: BuildContext, refused: RefusedRecordError, written: bool) -> None:
    """Read the files of an entry whose kept record proved wrong when filled, in place of the record, from the
    load step on (the notices the steps since added come again, and are told once: BuildContext.result); the
    files they staged are dropped."""
    if written or refused.group in context.refused:
        raise refused  # after the write step, or read from its files already: not a record's fault
    context.refused |= {refused.group, *wrong_values(context.kept)}
    shutil.rmtree(context.staging_area().folder, ignore_errors=True)

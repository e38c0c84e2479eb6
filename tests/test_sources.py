"""What the plan takes on trust: a part of the model made only from unchanged files is as it was.

The plan skips the keys under such a part (build/plan.py, unchanged_parts) instead of
evaluating them on the new model. Here every part is evaluated anyway, after each kind of
content edit, and must give what it gave before the edit, everything it holds included.
"""

from __future__ import annotations

import random
import shutil

import pytest
from test_rebuild_random import EDITS, Editor

from site_builder.bench.corpus import write_corpus
from site_builder.build.inputs import content_files, snapshot_inputs
from site_builder.build.plan import changed_content, unchanged_parts
from site_builder.content.load import load_content
from site_builder.model.assemble import Assembled, assemble_with_sources
from site_builder.model.indexes import build_index
from site_builder.render.reads import ModelPaths, evaluate

CONTENT_EDITS = sorted(name for name in EDITS if name not in ("template_text", "template_field", "ui_string"))
# Edits of one entry's file that keep the set of files: every other entry, and the data, count as unchanged.
ONE_ENTRY = {"title", "summary", "date", "body", "body_link", "entry_topics", "entry_people", "point"}


def _paths(assembled: Assembled) -> ModelPaths:
    return ModelPaths({"site": assembled.site, "index": build_index(assembled.site)})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus") / "content"
    write_corpus(30, folder, seed=7)
    return folder


@pytest.fixture(scope="module")
def before(corpus):
    """The model's paths before any edit, made once: the same for every copy of the corpus, as nothing in the
    model names the folder its files were read from."""
    return _paths(assemble_with_sources(load_content(corpus)))


@pytest.mark.parametrize("edit", CONTENT_EDITS)
@pytest.mark.parametrize("seed", [1, 2])
def test_parts_made_from_unchanged_files_stay_as_they_were(tmp_path, corpus, before, edit, seed):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    inputs_before = snapshot_inputs(content_files(content), {}, 0)
    editor = Editor(content, tmp_path / "templates", tmp_path / "translations", random.Random(seed))
    for _ in range(2):  # a second edit of the same kind: a draft toggled back, a copy deleted
        EDITS[edit](editor)
    after = assemble_with_sources(load_content(content))
    inputs_after = snapshot_inputs(content_files(content), {}, 0)
    unchanged = unchanged_parts(after.sources, changed_content(inputs_before, inputs_after, content))
    old, new = before, _paths(after)
    compared = 0
    for part in unchanged:
        for path in [path for path in old.at if path[:len(part)] == part]:
            key = (*path, "*")
            assert evaluate(key, new) == evaluate(key, old), f"{edit}: {path} changed"
            compared += 1
    if edit in ONE_ENTRY:
        # Where the plan saves its work: all but the edited entry (and those linking to it) are skipped.
        # (Each record and container with a path is compared whole, atoms and all: some 10 per entry.)
        assert len(unchanged) > len(after.sources) // 2 and compared > 200
    elif set(inputs_after) != set(inputs_before):
        # Files added or removed: the whole model is evaluated.
        assert not unchanged

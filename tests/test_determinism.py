"""The same content gives byte-identical output, whatever the folder, process or hash seed."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import BUILD_SCRIPT, MINIMAL_DIR, build, read_tree


def test_two_builds_into_different_folders_are_byte_identical(tmp_path, minimal_site):
    build(MINIMAL_DIR, tmp_path / "elsewhere" / "site", strict=True)
    first, second = read_tree(minimal_site.output), read_tree(tmp_path / "elsewhere" / "site")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_builds_with_different_hash_seeds_are_byte_identical(tmp_path):
    # A set or dict ordered by hash would show up here: Python randomises string hashes per process.
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"seed-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, str(BUILD_SCRIPT), "build", "--strict", "--content", str(MINIMAL_DIR),
                        "--output", str(output), "--no-pdf"], env=env, check=True, capture_output=True, timeout=120)
        outputs.append(read_tree(output))
    assert sorted(outputs[0]) == sorted(outputs[1])
    assert [path for path in outputs[0] if outputs[0][path] != outputs[1][path]] == []

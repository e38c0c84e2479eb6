"""The package shows its architecture: stages as subpackages, imports pointing one way only."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "site_builder"
# Each part may import the parts before it, never one after it: no cycle can form between stages.
STAGES = ("errors", "content", "model", "render", "build", "bench", "commands")


def _stage(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imported_stages(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("site_builder."):
            found.append((node.lineno, node.module.split(".")[1]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[1]) for alias in node.names
                      if alias.name.startswith("site_builder.")]
    return found


def test_every_module_belongs_to_a_stage():
    strays = [str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
              if _stage(path) not in (*STAGES, "__init__", "__main__")]
    assert strays == []


def test_imports_point_from_later_stages_to_earlier_ones():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        stage = _stage(path)
        if stage not in STAGES:
            continue
        for line, target in _imported_stages(path):
            if target in STAGES and STAGES.index(target) > STAGES.index(stage):
                upward.append(f"{path.relative_to(PACKAGE)}:{line}: {stage} imports {target}")
    assert upward == []


def test_the_build_never_imports_the_benchmarks_or_the_commands():
    build_stages = ("errors", "content", "model", "render", "build")
    wrong = [f"{path.relative_to(PACKAGE)}:{line}: imports {target}"
             for path in sorted(PACKAGE.rglob("*.py")) if _stage(path) in build_stages
             for line, target in _imported_stages(path) if target in ("bench", "commands")]
    assert wrong == []


def test_no_module_is_over_300_lines():
    long = {str(path.relative_to(PACKAGE)): count for path in sorted(PACKAGE.rglob("*.py"))
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}


def test_no_import_hides_inside_a_function():
    # An import inside a function is how a cycle between stages gets hidden; the commands may defer
    # loading a heavy library (livereload, Playwright) until the command that needs it runs.
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("site_builder") \
                            and _stage(path) != "commands":
                        hidden.append(f"{path.relative_to(PACKAGE)}:{inner.lineno}: {inner.module}")
    assert hidden == []

"""YAML as the corpus writes it: block style, no anchors (our loader refuses aliases), keys in the order given."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block-style YAML without anchors: the loader refuses aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def yaml_text(data: dict[str, Any]) -> str:
    """Data as YAML text: block style, Unicode as it is, lines never folded."""
    return str(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                         width=4096))


def dump_yaml(path: Path, data: dict[str, Any]) -> None:
    """Write data as a YAML file, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml_text(data), encoding="utf-8")

"""Wheel build hook: refuse to package a lesson whose glued values are missing or stale.

A learner notebook takes the numbers its prose quotes, and its citations, from
``src/coursekit/book/glued/<lesson>.json`` (written by ``coursekit build``). If a lesson notebook
changed since, the wheel would ship text that no longer matches it: the build stops here, naming
the lesson, instead of a learner finding out.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _glue_module(root: Path) -> Any:
    path = root / "src" / "coursekit" / "book" / "glue.py"  # stdlib-only at import time
    spec = importlib.util.spec_from_file_location("_coursekit_glue", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class GluedValuesHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        glue = _glue_module(root)
        folder = root / "src" / "coursekit" / "book" / "glued"
        for path in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
            reason = glue.stale_reason(json.loads(path.read_text(encoding="utf-8")), folder)
            if reason:
                raise RuntimeError(f"{reason}: run `coursekit build` and commit {folder}")

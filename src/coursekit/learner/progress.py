"""The learner's progress, remembered on their own machine between sessions.

One JSON file, ``progress.json``, in ``$COURSEKIT_HOME`` (default: ``$XDG_DATA_HOME/coursekit``
or ``~/.local/share/coursekit``). Writes are atomic (temporary file, then rename), so a crash
never leaves a half-written file; an unreadable file is set aside, not silently overwritten.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from coursekit.atomic import write_atomic
from coursekit.exercises.feedback import Feedback

__all__ = ["ProgressStore", "default_home"]


def default_home() -> Path:
    """Where coursekit keeps the learner's own state."""
    if os.environ.get("COURSEKIT_HOME"):
        return Path(os.environ["COURSEKIT_HOME"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "coursekit"


class ProgressStore:
    """Per-lesson, per-exercise latest outcome, with the time it was checked."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_home() / "progress.json"

    def load(self) -> dict[str, dict[str, dict[str, Any]]]:
        """All records: lesson -> question -> {status, score, max_score, checked_at}."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError("not an object")
        except ValueError:
            self.path.replace(self.path.with_suffix(f".corrupt-{int(time.time())}.json"))
            return {}
        return data

    def record(self, lesson: str, feedback: Feedback) -> None:
        """Remember the latest outcome of one check."""
        data = self.load()
        data.setdefault(lesson, {})[feedback.question] = {
            "status": feedback.status, "score": feedback.score,
            "max_score": feedback.max_score, "checked_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True))

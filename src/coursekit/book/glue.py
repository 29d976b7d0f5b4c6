"""Glued values and citations that travel with the package, so a learner notebook is complete
however coursekit was installed.

`glue` makes a value available to the book's prose (``{glue:text}`name:fmt```). When the book is
built, `record_lessons` writes one small JSON file per lesson into ``coursekit/book/glued/``:
the text of every value the lesson glued (from the build's execution cache), the author-year
form of every source it cites with its reference-list entry (from every file under
``bibtex_bibfiles`` in ``_config.yml``), and a stamp (the lesson version and a hash of its code
cells and citation keys). `coursekit release` and `coursekit start` read those files
(`packaged`); `stale_reason` says why a file no longer fits its lesson, which the test suite and
the wheel build refuse.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "GLUED_DIR",
    "Glued",
    "cite_keys",
    "glue",
    "packaged",
    "record_lessons",
    "stale_reason",
    "stamp",
]

GLUED_DIR = Path(__file__).resolve().parent / "glued"
"""Where the per-lesson files live (inside the package, so they ship in the wheel)."""

_CITE = re.compile(r"\{cite(?::(\w+))?\}`([^`]*)`")


def glue(name: str, value: Any, display: bool = False) -> None:
    """Make `value` available to the book's prose as ``{glue:text}`name```.

    In the book build this is myst-nb's glue; in a learner's Jupyter without the book toolchain
    it does nothing, so lesson notebooks run in both; in the grader's sandbox
    (``COURSEKIT_GLUE=off``) it does nothing either, so no worker pays for importing myst-nb.
    NumPy scalars are turned into Python numbers first (myst-nb cannot format ``np.float64``
    under a format spec).
    """
    if os.environ.get("COURSEKIT_GLUE", "").lower() == "off":
        return  # the grader's sandbox: nothing reads glued values there
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()
    try:
        from myst_nb import glue as _glue
    except ImportError:
        return
    _glue(name, value, display=display)


@dataclass(frozen=True)
class Glued:
    """What one lesson's prose needs from its build: values, citations, reference list."""

    lesson: str
    version: str
    stamp: str
    values: dict[str, str] = field(default_factory=dict)
    """Glue name -> text/plain of the value, as the executed lesson left it."""
    citations: dict[str, dict[str, str]] = field(default_factory=dict)
    """Citation key (without the ``chNN-`` prefix) -> {"p": "(Author, 2020)", "t": "Author
    (2020)", "entry": the reference-list line}."""

    def to_json(self) -> str:
        return json.dumps({"lesson": self.lesson, "version": self.version, "stamp": self.stamp,
                           "values": self.values, "citations": self.citations},
                          indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _cells(notebook: Any) -> list[dict[str, Any]]:
    return list(notebook.get("cells", []))


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def cite_keys(notebook: Any) -> list[str]:
    """Every key cited in the notebook's Markdown, without its ``chNN-`` prefix, in order."""
    keys: list[str] = []
    for cell in _cells(notebook):
        if cell.get("cell_type") != "markdown":
            continue
        for match in _CITE.finditer(_source(cell)):
            for key in match.group(2).split(","):
                bare = bare_key(key)
                if bare and bare not in keys:
                    keys.append(bare)
    return keys


def bare_key(key: str) -> str:
    """``ch03-kalla2018`` -> ``kalla2018``."""
    key = key.strip()
    return key.split("-", 1)[1] if re.match(r"ch\d\d-", key) else key


def stamp(notebook: Any) -> str:
    """A fingerprint of what the packaged data depends on: the lesson version, every code
    cell's source and every cited key."""
    version = str(notebook.get("metadata", {}).get("coursekit", {}).get("version", ""))
    digest = hashlib.sha256(version.encode())
    for cell in _cells(notebook):
        if cell.get("cell_type") == "code":
            digest.update(b"\0" + _source(cell).encode())
    digest.update(("\0".join(cite_keys(notebook))).encode())
    return f"{version}:{digest.hexdigest()[:16]}"


def _path(lesson: str, folder: Path | None = None) -> Path:
    return (folder or GLUED_DIR) / f"{lesson}.json"


def packaged(lesson: str, folder: Path | None = None) -> Glued | None:
    """The packaged values and citations of a lesson, or None when there are none."""
    try:
        data = json.loads(_path(lesson, folder).read_text(encoding="utf-8"))
        return Glued(str(data["lesson"]), str(data["version"]), str(data["stamp"]),
                     dict(data.get("values", {})), dict(data.get("citations", {})))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def stale_reason(notebook: Any, folder: Path | None = None) -> str | None:
    """Why the packaged data does not fit this lesson notebook (None when it does)."""
    lesson = str(notebook.get("metadata", {}).get("coursekit", {}).get("lesson", ""))
    glued = packaged(lesson, folder)
    if glued is None:
        return f"lesson {lesson} has no glued values in {_path(lesson, folder)}"
    if glued.stamp != stamp(notebook):
        return (f"the glued values of lesson {lesson} are stale (recorded for {glued.stamp}, "
                f"the lesson is now {stamp(notebook)})")
    missing = [k for k in cite_keys(notebook) if k not in glued.citations]
    if missing:
        return f"lesson {lesson} cites {missing[0]!r}, which no bibliography file defines"
    return None


def glued_from_run(source: Any, executed: Any, bibliography: dict[str, dict[str, str]]
                   ) -> Glued:
    """The `Glued` record of a lesson from an executed copy of it and the book's bibliography
    (keys it cites that the bibliography lacks are left out)."""
    from coursekit.release import glue_values

    keys = cite_keys(source.notebook)
    return Glued(source.lesson, source.version, stamp(source.notebook), glue_values(executed),
                 {k: bibliography[k] for k in keys if k in bibliography})


def record_lessons(root: Path, cache: Path, folder: Path | None = None) -> list[Path]:
    """After a book build: write the glued values and citations of every lesson notebook in
    ``root/notebooks`` from the execution cache `cache`; returns the files written. Raises
    BuildError for a lesson the cache holds no run of, or a citation no bibliography defines."""
    from coursekit.book.citations import read_bibliography
    from coursekit.errors import BuildError
    from coursekit.lessons.source import load_source
    from coursekit.release import executed_copy

    bibliography = read_bibliography(root)
    written = []
    for path in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        source = load_source(path=path)
        executed = executed_copy(source, cache)
        if executed is None:
            raise BuildError(f"{path.name}: the build's execution cache holds no run of this "
                             "version of the lesson, so its glued values cannot be packaged")
        unknown = [k for k in cite_keys(source.notebook) if k not in bibliography]
        if unknown:
            raise BuildError(f"{path.name} cites {unknown[0]!r}, which no bibliography file "
                             "defines")
        glued = glued_from_run(source, executed, bibliography)
        target = _path(source.lesson, folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != glued.to_json():
            target.write_text(glued.to_json(), encoding="utf-8")
        written.append(target)
    return written

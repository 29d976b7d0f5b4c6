"""Learner notebooks from lesson sources: solutions replaced by starters, outputs cleared."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from coursekit.errors import LessonError
from coursekit.lesson_source import LessonSource, cell_tags, lessons_dir, load_source

__all__ = ["learner_notebook", "release", "EDITION"]

EDITION = "learner"
_EXERCISE_FENCE = re.compile(r"^(`{3,}):?\{exercise\}[ \t]*(?P<title>[^\n]*)\n"
                             r"(?P<opts>(?::[^\n]*\n)*)(?P<body>.*?)\n?\1\s*$", re.S)
_CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")
_BIBLIOGRAPHY = re.compile(r"```\{bibliography\}\n(?::[^\n]*\n)*```\n?")


def _plain_exercise(source: str, question: str, number: str) -> str:
    """Rewrite a ``{exercise}`` fence as plain Markdown that any Jupyter renders."""
    match = _EXERCISE_FENCE.match(source.strip())
    if not match:
        return source
    title = match["title"].strip()
    head = f"### Exercise {number} (`{question}`)" + (f": {title}" if title else "")
    return f"{head}\n\n{match['body'].strip()}\n\nCheck your answer with `ex.{question}.check()`; " \
           f"ask for a hint with `ex.{question}.hint()`."


def _plain_citations(text: str) -> str:
    """MyST citations read as ``[key]`` in a plain Jupyter; the bibliography points to the book."""
    def keys(match: re.Match[str]) -> str:
        names = [k.strip().split("-", 1)[-1] if re.match(r"ch\d\d-", k.strip()) else k.strip()
                 for k in match.group(1).split(",")]
        return "[" + "; ".join(names) + "]"

    text = _CITE.sub(keys, text)
    return _BIBLIOGRAPHY.sub("The sources cited in brackets are listed in full at the end of "
                             "this chapter in the course book.\n", text)


def learner_notebook(source: LessonSource) -> Any:
    """A learner's copy of a lesson: no solution cells or fences, starters in their place."""
    nb = copy.deepcopy(source.notebook)
    chapter = source.lesson.split("-", 1)[0].lstrip("0") or "0"
    exercises = 0
    cells = []
    for cell in nb.cells:
        tags = cell_tags(cell)
        meta = cell.metadata.get("coursekit", {})
        if "solution" in tags and cell.cell_type == "markdown":
            continue
        if "solution" in tags:
            cell.source = meta.get("starter", "...\n").rstrip("\n")
            cell.metadata["tags"] = [t for t in tags if t != "solution"] + ["answer"]
            cell.metadata["coursekit"] = {"question": meta.get("question"), "role": "answer"}
        if cell.cell_type == "markdown":
            cell.source = _plain_citations(cell.source)
        if "exercise" in tags:
            exercises += 1  # numbered as in the book: chapter.position
            cell.source = _plain_exercise(cell.source, meta.get("question", ""),
                                          f"{chapter}.{exercises}")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata["coursekit"] = {"lesson": source.lesson, "version": source.version,
                                "edition": EDITION}
    return nb


def release(out: Path, lesson_ids: list[str] | None = None, src: Path | None = None
            ) -> list[Path]:
    """Write learner notebooks into `out`; returns the files written."""
    import nbformat

    src = src or lessons_dir()
    paths = sorted(src.glob("[0-9][0-9]-*.ipynb"))
    unknown = sorted(set(lesson_ids or ()) - {p.stem for p in paths})
    if unknown:
        raise LessonError(f"no lesson {unknown[0]!r} in {src} (lessons: "
                          f"{', '.join(p.stem for p in paths)})")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        if lesson_ids and path.stem not in lesson_ids:
            continue
        source = load_source(path=path)
        target = out / path.name
        nbformat.write(learner_notebook(source), str(target))
        written.append(target)
    return written

"""Build the `Job` for one submission from the instructor's source notebook and the learner's cells.

The rule (also in docs/grading.md, "What runs"):

1. **The lesson source is the skeleton.** Code runs in the order of the instructor's source
   notebook. Every code cell that is not a solution cell (setup, demonstrations) runs *as the
   instructor wrote it*; the submission's copy is ignored. Check cells (``ex.q1.check()``) do not
   run: they mark where the answer is captured. Points and checks come from the lesson's exercise
   module, never from the notebook.
2. **Answers are found by exercise id.** An answer cell is a code cell whose
   ``metadata.coursekit.question`` names one of the lesson's questions and that is tagged
   ``answer`` (released notebooks) or ``solution`` (the source itself), or has role ``answer``.
   It runs where the source has that question's solution cell, wherever it sits in the
   submission.
3. **The learner's own cells run too.** A code cell that is neither an answer cell nor a copy of
   a lesson cell (recognised by cell id, else by identical text; a cell tagged ``check`` is
   recognised by its question) runs right after the recognised cell that precedes it in the
   submission (at the start when nothing precedes it). Markdown and raw cells never run.
4. **Capture.** Question *q*'s answer is collected at the place of *q*'s check cell in the source
   (so reusing a variable name later does not change it); without a check cell, at the end. When
   the step just before that place is *q*'s own answer (or a cell of the learner's that follows
   it), the answer is collected right after that step, so an error or timeout there is reported
   on *q*.
5. **Damaged structure is flagged, never trusted:**

   ========================================  ===================================================
   in the submission                         outcome
   ========================================  ===================================================
   *q*'s answer cell deleted                 *q* scores 0, status ``missing``
   *q*'s answer cell re-typed (markdown/raw) *q* scores 0, status ``tampered``
   *q*'s answer cell duplicated              all copies run in submission order (the last value
                                             counts); flagged ``tampered``
   answer or lesson cells re-ordered         they run in the lesson's order; flagged ``tampered``
   a lesson cell edited, deleted, re-typed   the instructor's copy runs; flagged ``tampered``
   or duplicated
   an unknown question id on a cell          the cell runs as the learner's own; flagged
   points or other grading fields in         ignored; flagged ``tampered``
   metadata
   kernelspec changed                        ignored (graded with the course's Python); flagged
   lesson version differs                    graded against the current version; noted
   ========================================  ===================================================
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from typing import Any

from coursekit.errors import LessonError
from coursekit.exercises.feedback import Status
from coursekit.grading.plan import Job, Step
from coursekit.lessons.source import LessonSource

__all__ = ["NOTE", "Flag", "Sanitized", "sanitize", "submission_lesson"]

NOTE = "note"
"""Kind of a flag that is information only (e.g. an older lesson version)."""

_CELL_KEYS = frozenset({"question", "role", "starter"})
_NOTEBOOK_KEYS = frozenset({"lesson", "version", "edition"})


@dataclass(frozen=True)
class Flag:
    """Something the grader noticed about a submission's structure."""

    kind: str
    """`Status.TAMPERED`, `Status.MISSING` or `NOTE`."""
    message: str
    """One sentence for the instructor and the learner."""
    question: str | None = None
    """The question it concerns, if any."""


@dataclass(frozen=True)
class Sanitized:
    """The Job to run, the questions decided without running, and the flags raised."""

    job: Job
    overrides: dict[str, tuple[str, str]]
    """Question -> (status, message) for questions that score 0 whatever runs."""
    flags: tuple[Flag, ...]


def submission_lesson(notebook: Any, override: str | None = None) -> str | None:
    """The lesson id a submission is for: `override`, else its ``coursekit.lesson`` metadata."""
    if override:
        return override
    lesson = _coursekit(notebook).get("lesson")
    return lesson if isinstance(lesson, str) and lesson else None


# -- reading cells defensively (a submission's metadata may hold anything) --------------------

def _meta(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _coursekit(cell: Any) -> dict[str, Any]:
    meta = _meta(cell).get("coursekit")
    return meta if isinstance(meta, dict) else {}


def cell_tags(cell: Any) -> list[str]:
    tags = _meta(cell).get("tags")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def cell_question(cell: Any) -> str | None:
    q = _coursekit(cell).get("question")
    return q if isinstance(q, str) else None


def _code(cell: Any) -> str:
    code = cell.get("source", "")
    return code if isinstance(code, str) else "".join(code)


# -- the source ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _SourceCell:
    index: int
    role: str  # "locked", "solution" or "check"
    question: str | None
    cell_id: str | None
    code: str


def _source_cells(source: LessonSource, questions: set[str]) -> list[_SourceCell]:
    cells = []
    for index, cell in enumerate(source.notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        tags, q = cell_tags(cell), cell_question(cell)
        role = "locked"
        if q in questions and "solution" in tags:
            role = "solution"
        elif q in questions and "check" in tags:
            role = "check"
        cells.append(_SourceCell(index, role, q, cell.get("id"), _code(cell)))
    missing = sorted(questions - {c.question for c in cells if c.role == "solution"})
    if missing:
        raise LessonError(f"lesson {source.lesson}: the source notebook has no solution cell "
                          f"for {', '.join(missing)}")
    return cells


# -- the submission --------------------------------------------------------------------------

@dataclass
class _Reading:
    """How each submission cell was recognised."""

    answers: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # q -> (pos, code)
    retyped: set[str] = field(default_factory=set)
    anchors: list[tuple[int, Any]] = field(default_factory=list)  # (pos, anchor key)
    added: list[tuple[int, str]] = field(default_factory=list)    # (pos, code)
    flags: list[Flag] = field(default_factory=list)


def _is_answer(cell: Any) -> bool:
    tags = cell_tags(cell)
    return "answer" in tags or "solution" in tags or _coursekit(cell).get("role") == "answer"


def _read_submission(notebook: Any, source_cells: list[_SourceCell], questions: set[str]
                     ) -> _Reading:
    reading = _Reading()
    locked = [c for c in source_cells if c.role in ("locked", "check")]
    by_id = {c.cell_id: c for c in locked if c.cell_id}
    by_text: dict[str, _SourceCell] = {}
    for c in locked:
        by_text.setdefault(c.code.strip(), c)
    checks = {c.question: c for c in reversed(locked) if c.role == "check"}
    matched: set[int] = set()
    for pos, cell in enumerate(notebook.get("cells", [])):
        _flag_metadata(cell, pos, reading)
        q = cell_question(cell)
        if cell.get("cell_type") != "code":
            _read_text_cell(cell, q, questions, reading)
            continue
        code = _code(cell)
        claims = _is_answer(cell) or "check" in cell_tags(cell)
        if q is not None and q not in questions and claims:
            reading.flags.append(Flag(Status.TAMPERED, f"cell {pos + 1} names question {q!r}, "
                                      "which this lesson does not have; it ran as your own code"))
            reading.added.append((pos, code))
            continue
        if q in questions and _is_answer(cell):
            reading.answers.setdefault(q, []).append((pos, code))
            continue
        target = (checks.get(q) if q in questions and "check" in cell_tags(cell) else None) \
            or by_id.get(cell.get("id")) or by_text.get(code.strip())
        if target is None:
            reading.added.append((pos, code))
        elif target.index in matched:
            reading.flags.append(Flag(Status.TAMPERED, f"cell {pos + 1} duplicates a lesson "
                                      "cell; the copy was ignored"))
        else:
            matched.add(target.index)
            reading.anchors.append((pos, target.index))
            if code.strip() != target.code.strip():
                reading.flags.append(Flag(Status.TAMPERED, f"cell {pos + 1} is a lesson cell "
                                          "that was edited; the lesson's own version ran"))
    missing_locked = [c for c in locked if c.index not in matched]
    if missing_locked:
        reading.flags.append(Flag(Status.TAMPERED, f"{len(missing_locked)} lesson cell(s) were "
                                  "deleted or changed; the lesson's own versions ran"))
    return reading


def _read_text_cell(cell: Any, q: str | None, questions: set[str], reading: _Reading) -> None:
    if q in questions and ("answer" in cell_tags(cell) or _coursekit(cell).get("role") == "answer"):
        reading.retyped.add(q)


def _flag_metadata(cell: Any, pos: int, reading: _Reading) -> None:
    extra = sorted(set(_coursekit(cell)) - _CELL_KEYS)
    if "nbgrader" in _meta(cell):
        extra.append("nbgrader")
    if extra:
        reading.flags.append(Flag(Status.TAMPERED, f"cell {pos + 1} carries grading metadata "
                                  f"({', '.join(extra)}); ignored: points and checks come "
                                  "from the lesson"))


def _notebook_flags(notebook: Any, source: LessonSource, lesson_id: str) -> list[Flag]:
    flags = []
    meta = _meta(notebook)
    ck = _coursekit(notebook)
    extra = sorted(set(ck) - _NOTEBOOK_KEYS)
    if extra:
        flags.append(Flag(Status.TAMPERED, f"notebook metadata field(s) {', '.join(extra)} "
                          "ignored: points and checks come from the lesson"))
    named = ck.get("lesson")
    if named and named != lesson_id:
        flags.append(Flag(NOTE, f"the notebook says lesson {named!r}; graded as {lesson_id!r}"))
    version = ck.get("version")
    if version and str(version) != source.version:
        flags.append(Flag(NOTE, f"made for lesson version {version}; graded against "
                          f"version {source.version}"))
    expected = _meta(source.notebook).get("kernelspec", {}).get("name")
    spec = meta.get("kernelspec", {})
    got = spec.get("name") if isinstance(spec, dict) else None
    if expected and got != expected:
        flags.append(Flag(Status.TAMPERED, f"the kernelspec was changed to {got!r}; ignored: "
                          "graded with the course's Python"))
    return flags


# -- the plan --------------------------------------------------------------------------------

def _answer_slots(reading: _Reading, source_cells: list[_SourceCell]
                  ) -> dict[int, list[tuple[int, str]]]:
    """Source solution-cell index -> the learner's answer cells that run there."""
    slots: dict[int, list[tuple[int, str]]] = {}
    for q, cells in reading.answers.items():
        places = [c.index for c in source_cells if c.role == "solution" and c.question == q]
        if len(cells) == len(places):
            for place, cell in zip(places, cells, strict=True):
                slots.setdefault(place, []).append(cell)
        else:
            slots.setdefault(places[0], []).extend(cells)
    return slots


def _check_order(reading: _Reading, slots: dict[int, list[tuple[int, str]]]) -> list[Flag]:
    anchors = list(reading.anchors)
    anchors += [(pos, place) for place, cells in slots.items() for pos, _ in cells]
    order = [place for _, place in sorted(anchors)]
    if any(a > b for a, b in itertools.pairwise(order)):
        return [Flag(Status.TAMPERED, "cells were moved; they ran in the lesson's order")]
    return []


def _attachments(reading: _Reading, slots: dict[int, list[tuple[int, str]]]
                 ) -> dict[Any, list[tuple[int, str]]]:
    """Anchor (source index, or "start") -> the learner's own cells that run right after it."""
    anchors = sorted(list(reading.anchors)
                     + [(pos, place) for place, cells in slots.items() for pos, _ in cells])
    positions = [pos for pos, _ in anchors]
    attached: dict[Any, list[tuple[int, str]]] = {}
    for pos, code in reading.added:
        before = bisect.bisect_left(positions, pos)  # anchors strictly before this cell
        attached.setdefault(anchors[before - 1][1] if before else "start", []).append((pos, code))
    return attached


def _question_overrides(reading: _Reading, questions: list[str]) -> tuple[
        dict[str, tuple[str, str]], list[Flag]]:
    overrides: dict[str, tuple[str, str]] = {}
    flags = []
    for q in questions:
        count = len(reading.answers.get(q, []))
        if count == 0 and q in reading.retyped:
            message = (f"the answer cell of {q} was changed from code to text, so it could not "
                       "run")
            overrides[q] = (Status.TAMPERED, message)
            flags.append(Flag(Status.TAMPERED, message, q))
        elif count == 0:
            message = f"the answer cell of {q} was deleted from the notebook"
            overrides[q] = (Status.MISSING, message)
            flags.append(Flag(Status.MISSING, message, q))
        elif count > 1:
            flags.append(Flag(Status.TAMPERED, f"{q} has {count} answer cells; all ran in "
                              "order and the last value counts", q))
    return overrides, flags


MAX_FLAGS = 20
"""Most flags kept per submission; the rest are counted in one last flag."""


def _capped(flags: list[Flag]) -> list[Flag]:
    """`flags`, with those past `MAX_FLAGS` summed up in one (a notebook of many edited cells
    must not make every export row long)."""
    if len(flags) <= MAX_FLAGS:
        return flags
    rest = len(flags) - (MAX_FLAGS - 1)
    return [*flags[:MAX_FLAGS - 1], Flag(Status.TAMPERED, f"… and {rest} more flags like these")]


class _Builder:
    """Emits steps in source order and places each capture."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.owner: list[str | None] = []

    def emit(self, code: str, label: str, owner: str | None = None) -> None:
        self.steps.append(Step(code=code, label=label))
        self.owner.append(owner)

    def capture(self, q: str, label: str) -> None:
        if self.steps and self.owner[-1] == q and self.steps[-1].capture is None:
            last = self.steps[-1]
            self.steps[-1] = Step(code=last.code, capture=q, label=last.label)
        else:
            self.steps.append(Step(code="", capture=q, label=label))
            self.owner.append(q)


def sanitize(notebook: Any, source: LessonSource, questions: list[str], key: str) -> Sanitized:
    """The Job for a submission (`notebook`), following the rule in this module's docstring.

    `questions` are the lesson's question ids in order (from its exercise module); `key`
    becomes the Job's key. Never raises for a malformed submission structure: it is flagged.
    """
    known = set(questions)
    source_cells = _source_cells(source, known)
    reading = _read_submission(notebook, source_cells, known)
    overrides, question_flags = _question_overrides(reading, questions)
    slots = _answer_slots(reading, source_cells)
    attached = _attachments(reading, slots)
    builder = _Builder()
    for pos, code in attached.get("start", []):
        builder.emit(code, f"your cell {pos + 1}")
    captured: set[str] = set()
    for cell in source_cells:
        owner = cell.question if cell.role == "solution" else None
        if cell.role == "locked":
            builder.emit(cell.code, f"lesson cell {cell.index + 1}")
        elif cell.role == "solution":
            for pos, code in slots.get(cell.index, []):
                builder.emit(code, f"{cell.question} answer (cell {pos + 1})", cell.question)
        elif cell.question not in captured and cell.question not in overrides:
            builder.capture(str(cell.question), f"{cell.question} check")
            captured.add(str(cell.question))
        for pos, code in attached.get(cell.index, []):
            builder.emit(code, f"your cell {pos + 1}", owner)
    for q in questions:
        if q not in captured and q not in overrides:
            builder.capture(q, f"{q} (end of notebook)")
    flags = _capped(_notebook_flags(notebook, source, source.lesson) + reading.flags
                    + _check_order(reading, slots) + question_flags)
    job = Job(key=key, lesson=source.lesson, steps=tuple(builder.steps))
    return Sanitized(job, overrides, tuple(flags))

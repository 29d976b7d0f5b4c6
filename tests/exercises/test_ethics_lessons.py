"""Chapters 1, 3 and 5: graduated hints, rubrics stated in the prompt, and the rule reused.

Hints go from the idea to narrower advice; code (a backtick span with a call, an index or an
assignment) appears only in the last hint, and no hint repeats a line of the solution. Every
reflection has a rubric whose points add up to the exercise's, and its prompt states each
criterion with its points.
"""

from __future__ import annotations

import re

import pytest

from coursekit.exercises.kinds import ReflectionProblem
from coursekit.lessons.registry import get_lesson
from coursekit.lessons.source import cell_question, cell_tags, load_source

from ..solution_lines import secret_lines

LESSONS = ("01-is-it-cheating", "03-microtargeting", "05-ethics-framework")
CODE = re.compile(r"`[^`]*[(\[=][^`]*`")
PARAMS = [(lid, q) for lid in LESSONS for q in get_lesson(lid).problems]


def _prompt(lesson_id: str, question: str) -> str:
    cells = [c for c in load_source(lesson_id).notebook.cells
             if "exercise" in cell_tags(c) and cell_question(c) == question]
    assert len(cells) == 1, f"{lesson_id}:{question} has {len(cells)} prompt cells"
    return cells[0].source


@pytest.mark.parametrize(("lesson_id", "question"), PARAMS)
def test_code_appears_only_in_the_last_hint(lesson_id: str, question: str) -> None:
    hints = get_lesson(lesson_id).problems[question].hints
    assert hints, f"{lesson_id}:{question} has no hints"
    for number, hint in enumerate(hints[:-1], start=1):
        assert not CODE.search(hint), f"{lesson_id}:{question} hint {number} shows code: {hint}"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_no_hint_contains_a_line_of_the_solution(lesson_id: str) -> None:
    lines = secret_lines(lesson_id, min_length=12)
    for question, problem in get_lesson(lesson_id).problems.items():
        for hint in problem.hints:
            leaked = [line for line in lines if line in hint]
            assert not leaked, f"{lesson_id}:{question} hint repeats {leaked[0]!r}"


@pytest.mark.parametrize(("lesson_id", "question"), PARAMS)
def test_every_reflection_states_its_rubric_in_the_prompt(lesson_id: str, question: str) -> None:
    problem = get_lesson(lesson_id).problems[question]
    if not isinstance(problem, ReflectionProblem):
        return
    assert problem.rubric, f"{lesson_id}:{question} has no rubric in data"
    assert sum(c.points for c in problem.rubric) == pytest.approx(problem.points)
    prompt = _prompt(lesson_id, question)
    assert "Rubric" in prompt
    for criterion in problem.rubric:
        assert f"*{criterion.name}* ({criterion.points:g} point" in prompt, criterion.name


def test_chapter_8_still_reads_the_twelve_checklist_items() -> None:
    lesson = get_lesson("08-capstone-gotv")
    ids = list(lesson.data()["checklist"]["item_id"])
    assert ids == ["S1", "S2", "U1", "U2", "C1", "C2", "T1", "T2", "P1", "P2", "H1", "H2"]

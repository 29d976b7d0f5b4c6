"""In the built book every exercise has a collapsed solution; the no-solutions edition has none."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from coursekit.lessons.registry import get_lesson, lesson_ids

from ..solution_lines import secret_lines

pytestmark = pytest.mark.slow

LESSONS = lesson_ids()


def page(html_dir: Path, lesson_id: str) -> str:
    return (html_dir / "notebooks" / f"{lesson_id}.html").read_text(encoding="utf-8")


def solution_lines(lesson_id: str) -> list[str]:
    """Secret solution lines long enough to search for in rendered HTML."""
    return secret_lines(lesson_id, min_length=9)


def visible_text(markup: str) -> str:
    """Page text with tags removed and entities decoded (code is split into many spans)."""
    markup = re.sub(r"<script.*?</script>", "", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_exercise_has_a_collapsed_solution(built_book: Path, lesson_id: str) -> None:
    markup = page(built_book / "_build" / "html", lesson_id)
    for question in get_lesson(lesson_id).problems:
        assert f'id="{lesson_id}-{question}"' in markup, f"exercise {question} not rendered"
    solutions = re.findall(r'<div class="solution dropdown[^"]*"', markup)
    assert len(solutions) == len(get_lesson(lesson_id).problems)
    text = visible_text(markup)
    assert all(line in text for line in solution_lines(lesson_id))


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_no_solutions_edition_contains_no_solution_text(built_book_no_solutions: Path,
                                                        lesson_id: str) -> None:
    markup = page(built_book_no_solutions, lesson_id)
    assert 'class="solution' not in markup
    assert "· Correct" not in visible_text(markup), "check outputs would reveal answers"
    text = visible_text(markup)
    for line in solution_lines(lesson_id):
        assert line not in text, f"{lesson_id}: solution line in no-solutions edition: {line!r}"
    for question in get_lesson(lesson_id).problems:
        assert f'id="{lesson_id}-{question}"' in markup, "the exercises themselves stay"


def test_lesson_pages_offer_the_learner_notebook(built_book: Path) -> None:
    html_dir = built_book / "_build" / "html"
    for lesson_id in LESSONS:
        markup = page(html_dir, lesson_id)
        assert f"_static/learner/{lesson_id}.ipynb" in markup
        learner = (html_dir / "_static" / "learner" / f"{lesson_id}.ipynb").read_text()
        assert "solution-start" not in learner

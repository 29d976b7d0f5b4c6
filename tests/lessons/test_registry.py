"""The lesson registry: ids, modules, and one version per lesson."""

from __future__ import annotations

import pytest

from coursekit.errors import LessonError
from coursekit.lessons.registry import LESSON_MODULES, get_lesson, lesson_ids
from coursekit.lessons.source import load_source


def test_lesson_ids_are_in_course_order_and_name_their_modules() -> None:
    ids = lesson_ids()
    assert ids == sorted(ids) and len(ids) == 8
    for lesson_id in ids:
        number, slug = lesson_id.split("-", 1)
        assert LESSON_MODULES[lesson_id] == f"ch{number}_{slug.replace('-', '_')}"


@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_exercise_module_and_notebook_carry_the_same_lesson_version(lesson_id: str) -> None:
    # The version is written twice (exercise module, notebook metadata): they must agree, or
    # the grader would flag every honest submission as made for another version.
    lesson = get_lesson(lesson_id)
    source = load_source(lesson_id)
    assert source.lesson == lesson.id == lesson_id
    assert source.version == lesson.version, (
        f"{lesson_id}: VERSION {lesson.version!r} in the exercise module, "
        f"{source.version!r} in the notebook metadata: bump both together")


def test_unknown_lesson_names_the_known_ones() -> None:
    with pytest.raises(LessonError, match="known lessons: 01-is-it-cheating"):
        get_lesson("99-nothing")


def test_get_lesson_is_the_one_cache_of_loaded_lessons() -> None:
    from coursekit.lessons.registry import clear_lessons, load_lesson

    first = get_lesson("01-is-it-cheating")
    data = first.data()
    assert get_lesson("01-is-it-cheating") is first and first.data() is data
    fresh = load_lesson("01-is-it-cheating")
    assert fresh is not first and fresh.version == first.version
    clear_lessons()
    assert get_lesson("01-is-it-cheating") is not first


def test_the_learner_api_uses_the_cached_lesson() -> None:
    import coursekit

    bound = coursekit.lesson("01-is-it-cheating", {}, remember=False)
    assert bound.lesson is get_lesson("01-is-it-cheating")

"""Screens of free text: notes for a reviewer, tripped by what they name and nothing else."""

from __future__ import annotations

from coursekit.exercises.screens import reflection_screens, screen_text
from coursekit.lessons.registry import get_lesson

GOOD = ("It depends on how the data was obtained and used. Scoring voters from public voter "
        "files is ordinary campaigning, done more carefully. Taking the friends of quiz takers "
        "without their knowledge, as Cambridge Analytica did with 87 million profiles, is not: "
        "consent and honesty are where I draw the line for myself and for the campaign.")


def test_a_real_reflection_trips_no_screen() -> None:
    problem = get_lesson("01-is-it-cheating").problems["q5"]
    assert reflection_screens(problem, GOOD) == ()


def test_each_screen_names_what_it_saw() -> None:
    assert screen_text("   ") == ("empty",)
    assert screen_text("too few words here", min_words=40)[0].startswith("too short: 4 words")
    assert any(s.startswith("repeated text") for s in screen_text("asdf " * 60))
    assert any(s.startswith("repeated text") for s in screen_text("I agree with this. " * 10))
    mash = "sdkfj weoiru xcmvn qwpeoi zxmcn aslkdj qpwoei zmxncb alskdj qpwoeiru"
    assert any(s.startswith("gibberish") for s in screen_text(mash))
    assert not any(s.startswith("gibberish") for s in screen_text(GOOD))


def test_pasted_hints_and_missing_numbers_are_screened() -> None:
    problem = get_lesson("01-is-it-cheating").problems["q5"]
    pasted = " ".join(problem.hints)
    assert "copies the question or its hints" in reflection_screens(problem, pasted)
    memo = get_lesson("08-capstone-gotv").problems["q7"]
    words = "We should do a bigger test next time because the result was not clear enough " * 4
    assert "no number from the chapter" in reflection_screens(memo, words)
    assert "no number from the chapter" not in reflection_screens(memo, words + " 4.2 points")

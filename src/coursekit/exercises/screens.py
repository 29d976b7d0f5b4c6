"""Automatic screens of a free-text answer: notes that help the person who reviews it.

A screen never scores: reflections are scored by people (`coursekit review`). Each screen is a
short note such as ``"too short: 12 words (40 asked)"`` shown beside the text on the review
sheet, so that a reviewer sees at once what a machine noticed. The screens:

* ``empty`` — no words at all;
* ``too short`` — fewer words than the problem's ``min_words``;
* ``repeated text`` — a few words repeated over and over (``"asdf " * 60``);
* ``gibberish`` — tokens that are not words, or no common English words at all;
* ``copies the question`` — most of the text is the prompt or the hints, pasted;
* ``no <requirement>`` — something the prompt asks for (such as a number from the chapter)
  is not there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["NUMBER", "Requirement", "reflection_screens", "screen_text", "stated_requirements"]

_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve twenty thirty "
                 "forty fifty sixty seventy eighty ninety hundred thousand million billion "
                 "percent half third quarter twice double").split()


@dataclass(frozen=True)
class Requirement:
    """Something a prompt asks the answer to contain, and how to tell that it does."""

    label: str
    """What is missing when the test fails, e.g. ``"number from the chapter"``."""
    present: Callable[[str], bool]
    """True when the text meets the requirement."""


def _has_number(text: str) -> bool:
    if re.search(r"\d", text):
        return True
    words = set(re.findall(r"[a-z]+", text.casefold()))
    return any(w in words for w in _NUMBER_WORDS)


NUMBER = Requirement("number from the chapter", _has_number)
"""The text refers to a number (digits, or a number word such as "forty" or "percent")."""

_ASKS_FOR_NUMBER = re.compile(
    r"\b(numbers?|figures?|statistics?|percent(age)?s?|estimates?|interval|salar(y|ies)|"
    r"how many|how much)\b", re.IGNORECASE)

_COMMON = frozenset((
    "the a an and or but of to in on at for with by from as is are was were be been it its this "
    "that these those they them their there i we you he she my our your not no do does did have "
    "has had would should could can will if so because than then what which who when why how "
    "more most some all any one about into also only just very").split())

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def stated_requirements(texts: Iterable[str]) -> tuple[Requirement, ...]:
    """The requirements a problem's own wording states (prompt, hints, rubric descriptions)."""
    joined = " ".join(texts)
    return (NUMBER,) if _ASKS_FOR_NUMBER.search(joined) else ()


def screen_text(text: str, *, min_words: int = 0, requirements: Iterable[Requirement] = (),
                question_text: Iterable[str] = ()) -> tuple[str, ...]:
    """The screens `text` trips, each a short note for the reviewer (empty tuple: none)."""
    words = text.split()
    if not words:
        return ("empty",)
    notes = []
    if len(words) < min_words:
        notes.append(f"too short: {len(words)} words ({min_words} asked)")
    if _repeated(words):
        notes.append("repeated text: a few words over and over")
    elif _gibberish(text):
        notes.append("gibberish: few real words")
    if _copied(text, question_text):
        notes.append("copies the question or its hints")
    notes.extend(f"no {r.label}" for r in requirements if not r.present(text))
    return tuple(notes)


def _repeated(words: list[str]) -> bool:
    """True when a handful of distinct words make up a long text, or one phrase repeats."""
    folded = [w.casefold().strip(".,;:!?\"'()") for w in words]
    if len(folded) >= 10 and len(set(folded)) / len(folded) < 0.3:
        return True
    grams = Counter(zip(folded, folded[1:], folded[2:], strict=False))
    return len(folded) >= 12 and bool(grams) and grams.most_common(1)[0][1] * 3 >= len(folded) / 2


def _gibberish(text: str) -> bool:
    """True when most tokens are not word-like, or a long text uses no common English words."""
    tokens = [t for t in text.split() if any(c.isalpha() for c in t)]
    if not tokens:
        return True
    words = [m.group(0).casefold() for t in tokens for m in [_WORD.search(t)] if m]
    wordlike = sum(1 for w in words if _wordlike(w))
    if wordlike < 0.7 * len(tokens):
        return True
    common = sum(1 for w in words if w in _COMMON)
    return len(tokens) >= 8 and common < 0.08 * len(tokens)


def _wordlike(word: str) -> bool:
    if len(word) > 24 or re.search(r"(.)\1\1", word):
        return False
    if not re.search(r"[aeiouyàâäéèêëïîôöùûüáíóúñ]", word):
        return len(word) <= 2
    return not re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", word)


def _copied(text: str, sources: Iterable[str]) -> bool:
    """True when at least half of the text's 5-word phrases appear in the question's text."""
    def grams(s: str) -> set[tuple[str, ...]]:
        w = [x.casefold() for x in _WORD.findall(s)]
        return {tuple(w[i:i + 5]) for i in range(len(w) - 4)}

    mine = grams(text)
    if not mine:
        return False
    theirs: set[tuple[str, ...]] = set()
    for source in sources:
        theirs |= grams(source)
    return len(mine & theirs) >= 0.5 * len(mine)


def reflection_screens(problem: Any, text: str) -> tuple[str, ...]:
    """The screens of a `ReflectionProblem`'s answer, with the requirements its own wording
    states (prompt, hints, rubric) and its ``min_words``."""
    criteria = problem.criteria() if hasattr(problem, "criteria") else ()
    wording = (problem.prompt, *problem.hints, *(c.description for c in criteria))
    return screen_text(text, min_words=int(problem.min_words),
                       requirements=stated_requirements(wording),
                       question_text=(problem.prompt, problem.title, *problem.hints))

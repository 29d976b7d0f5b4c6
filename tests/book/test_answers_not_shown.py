"""No exercise can be answered by copying: its expected answer does not appear in the rendered text
or the outputs that come before it (issue 14, Done-when 1).

Each lesson notebook is executed with nbclient (as the book build does), its Markdown is rendered
with the glued values, and everything a reader sees before an exercise's prompt, the prompt
included, is searched for the expected answer:

* a number (a value answer, each value of a tuple, list or dict, each numeric cell of a table) is
  compared after rounding both sides to the precision the exercise asks for: the checker's
  tolerance, but never finer than three significant figures (an answer shown to three figures is
  given away even if the checker wants more); a percentage shown in the text counts as its
  proportion too. Integers below 10 are too common in prose to search for;
* an answer made of several numbers counts as shown only when all of them are shown;
* a choice answer is shown when one sentence of the prose before the prompt (the prompt lists
  every option, so it is left out) holds at least three quarters of the correct option's content
  words, more than it holds of any wrong option's: the text has singled out the answer. For a
  multiple choice, every correct option must be singled out;
* for every kind, no secret line of the reference solution appears in that visible text.

Solution and check cells are hidden from a learner; earlier solutions are shown (collapsed) in
the book, so their outputs count as visible.
"""

from __future__ import annotations

import html
import math
import re
from functools import cache
from typing import Any, ClassVar

import pytest

from coursekit.exercises.kinds import (
    ChoiceProblem,
    Option,
    TableProblem,
    ValueProblem,
    call_with_data,
)
from coursekit.lessons.registry import get_lesson, lesson_ids
from coursekit.lessons.source import cell_question, cell_tags, load_source
from coursekit.release import fill_glue, glue_values

from ..solution_lines import secret_lines

pytestmark = pytest.mark.slow

PROBLEMS = [(lid, qid) for lid in lesson_ids() for qid in get_lesson(lid).problems]

ALLOWED: dict[tuple[str, str], str] = {
    # (lesson, question): why the answer may appear before the exercise.
    ("01-is-it-cheating", "q1"):
        "filter, select and sort the `facts` table shown in full above it: the skill is the "
        "pandas selection, and the filtered, sorted result itself is never shown before the "
        "exercise (its numbers are the table's own rows, which is why they match)",
}

_NUMBER = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?%?")


@cache
def executed(lesson_id: str) -> Any:
    """The lesson notebook after a run from a fresh kernel (the book build's execution)."""
    import tempfile

    from nbclient import NotebookClient

    notebook = load_source(lesson_id).notebook
    with tempfile.TemporaryDirectory() as folder:
        NotebookClient(notebook, timeout=180, kernel_name="python3",
                       resources={"metadata": {"path": folder}}).execute()
    return notebook


def _output_text(output: Any) -> str:
    data = output.get("data", {})
    if "scrapbook" in output.get("metadata", {}):
        return ""  # a glued value shows only where the prose uses it
    if "text/html" in data:
        return html.unescape(re.sub(r"<[^>]+>", " ", "".join(data["text/html"])))
    return "".join(data.get("text/plain", "")) + "".join(output.get("text", ""))


def visible_before(lesson_id: str, question: str, prompt: bool = True) -> str:
    """What a reader sees before the prompt of `question`, and the prompt itself if `prompt`."""
    notebook = executed(lesson_id)
    values = glue_values(notebook)
    parts = []
    for cell in notebook.cells:
        tags, asked = cell_tags(cell), cell_question(cell)
        if cell.cell_type == "markdown":
            here = "exercise" in tags and asked == question
            if "solution" not in tags and (prompt or not here):
                parts.append(fill_glue(cell.source, values))
            if here:
                break
            continue
        if asked == question or "check" in tags:
            continue
        if "solution" not in tags:
            parts.append(cell.source)
        parts += [_output_text(o) for o in cell.get("outputs", [])]
    return "\n".join(parts)


def shown_numbers(text: str) -> list[tuple[float, int]]:
    """(value, decimals as printed) of every number in `text`; a percentage also as a
    proportion (with two more decimals)."""
    found = []
    for token in _NUMBER.findall(text.replace("−", "-")):
        percent = token.endswith("%")
        digits = token.rstrip("%").replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        found.append((value, decimals))
        if percent:
            found.append((value / 100, decimals + 2))
    return found


def answer_numbers(value: Any) -> list[float]:
    """The numbers an expected answer is made of (booleans and text are not numbers)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)] if math.isfinite(value) else []
    if isinstance(value, dict):
        return [n for v in value.values() for n in answer_numbers(v)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [n for v in value for n in answer_numbers(v)]
    if hasattr(value, "select_dtypes"):  # a DataFrame
        frame = value.select_dtypes("number")
        return [float(x) for x in frame.to_numpy().ravel() if math.isfinite(float(x))]
    if hasattr(value, "dtype") and hasattr(value, "to_numpy"):  # a Series
        return answer_numbers(list(value.to_numpy())) if value.dtype.kind in "iuf" else []
    return []


def decimals_asked(problem: Any, number: float) -> int:
    """Decimal places at which a shown number would pass for `number`: the checker's tolerance,
    capped at three significant figures."""
    rel = getattr(problem, "rel_tol", 1e-6)
    absolute = getattr(problem, "abs_tol", 1e-9)
    tolerance = max(rel * abs(number), absolute, 1e-3 * abs(number))
    return max(0, round(-math.log10(tolerance))) if tolerance > 0 else 12


def informative(number: float) -> bool:
    return not (float(number).is_integer() and abs(number) < 10)


def is_shown(problem: Any, number: float, shown: list[tuple[float, int]]) -> bool:
    places = decimals_asked(problem, number)
    target = round(number, places)
    return any(printed >= places and round(value, places) == target for value, printed in shown)


_STOP = frozenset("that this with from have were which their them they what when where will "
                  "would there about into only than then also more most some such each does "
                  "been being your".split())


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP}


def singled_out(option: str, others: list[str], prose: str) -> bool:
    """True when one sentence of `prose` holds at least 3/4 of `option`'s content words, and more
    of them than of any option in `others`."""
    words = content_words(option)
    if not words:
        return False
    for sentence in re.split(r"(?<=[.!?;])\s+", prose):
        have = content_words(sentence)
        share = len(words & have) / len(words)
        rivals = [len(content_words(o) & have) / max(1, len(content_words(o))) for o in others]
        if share >= 0.75 and all(share > r for r in rivals):
            return True
    return False


def choice_shown(problem: ChoiceProblem, prose: str) -> bool:
    right = set(problem.answer) if problem.multiple else {problem.answer}
    wrong = [o.text for k, o in problem.options.items() if k not in right]
    return all(singled_out(problem.options[k].text, wrong, prose) for k in right)


@cache
def lesson_data(lesson_id: str) -> dict[str, Any]:
    return get_lesson(lesson_id).data()


def expected_answer(lesson_id: str, question: str) -> Any:
    problem = get_lesson(lesson_id).problems[question]
    return call_with_data(problem.expected, lesson_data(lesson_id))


@pytest.mark.parametrize(("lesson_id", "question"), PROBLEMS,
                         ids=[f"{lid}:{q}" for lid, q in PROBLEMS])
def test_expected_answer_is_not_shown_before_its_exercise(lesson_id: str, question: str) -> None:
    if (lesson_id, question) in ALLOWED:
        pytest.skip(ALLOWED[(lesson_id, question)])
    text = visible_before(lesson_id, question)
    problem = get_lesson(lesson_id).problems[question]
    mine = "\n".join(c.source for c in load_source(lesson_id).solution_cells(question))
    for line in secret_lines(lesson_id, min_length=12):
        if line in mine:
            assert line not in text, f"{lesson_id}:{question}: solution line shown: {line}"
    if isinstance(problem, ChoiceProblem):
        prose = visible_before(lesson_id, question, prompt=False)
        assert not choice_shown(problem, prose), \
            f"{lesson_id}:{question}: the prose before the prompt states the correct option"
        return
    if not isinstance(problem, (ValueProblem, TableProblem)):
        return
    try:
        answer = expected_answer(lesson_id, question)
    except NotImplementedError:
        return  # an open answer judged by the problem's own `evaluate` (e.g. the learner's own
        # counterexample): there is no one expected value to look for
    numbers = [n for n in answer_numbers(answer) if informative(n)]
    shown = shown_numbers(text)
    if numbers and all(is_shown(problem, n, shown) for n in numbers):
        pytest.fail(f"{lesson_id}:{question}: the answer {numbers[:6]} is already shown before "
                    "the exercise (text or outputs), at the precision the exercise asks for")


# -- the reader itself ---------------------------------------------------------------------------

class _Loose(ValueProblem):
    rel_tol = 1e-3


def test_a_rounded_percentage_in_the_text_gives_a_proportion_away() -> None:
    shown = shown_numbers("Turnout was 61.2% in 2020, and 1,234 voters moved.")
    assert is_shown(_Loose(), 0.6123, shown)
    assert is_shown(_Loose(), 1234.0, shown)
    assert not is_shown(_Loose(), 0.6153, shown)
    assert not is_shown(ValueProblem(), 0.61234567, shown_numbers("about 61%"))


def test_answer_numbers_flatten_tuples_dicts_and_tables() -> None:
    import pandas as pd

    frame = pd.DataFrame({"band": ["a", "b"], "share": [0.25, 0.5]})
    assert answer_numbers((0.1, 0.2)) == [0.1, 0.2]
    assert answer_numbers({"x": 3, "y": True}) == [3.0]
    assert answer_numbers(frame) == [0.25, 0.5]


def test_a_choice_stated_in_the_prose_is_singled_out() -> None:
    class Ftc(ChoiceProblem):
        options: ClassVar[dict[str, Option]] = {
            "a": Option("It targeted ads at voters by personality type.", ""),
            "b": Option("It told app users the app collected no personally identifiable "
                        "information, which was false.", "")}
        answer = "b"

    told = "The FTC found that it falsely told users the app collected no personally " \
           "identifiable information."
    assert choice_shown(Ftc(), told)
    assert not choice_shown(Ftc(), "The FTC ruled against the company in December 2019.")

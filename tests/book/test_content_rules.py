"""Content rules over every chapter: graduated hints, rubrics for reflections, a bibliography whose
every entry is cited, and no figure in the prose without a citation or a computation.

These run over every lesson in the registry and every page of the book, whoever wrote it; nothing
here is marked xfail. Issue 14 (Done-when 2) and issue 13 (Done-when 3).
"""

from __future__ import annotations

import re

import pytest

from coursekit.exercises.kinds import ReflectionProblem
from coursekit.lessons.registry import get_lesson, lesson_ids
from coursekit.lessons.source import cell_question, cell_tags, load_source

from ..solution_lines import secret_lines
from .prose import (
    BOOK,
    Paragraph,
    bib_key_count,
    bib_keys,
    cited_keys,
    figures,
    paragraphs,
    unsourced_figures,
)

PROBLEMS = [(lid, qid) for lid in lesson_ids() for qid in get_lesson(lid).problems]
IDS = [f"{lid}:{qid}" for lid, qid in PROBLEMS]
MIN_BIBLIOGRAPHY = 75

# -- hints -----------------------------------------------------------------------------------------

_CODE_SPAN = re.compile(r"`([^`]+)`")
_LOOKS_LIKE_CODE = re.compile(r"[(=\[{]|^\s*(import|from|def|for|return)\s")
_ATTRIBUTE = re.compile(r"[A-Za-z_]\w*\.([A-Za-z_]\w*)")


def _is_code(span: str) -> bool:
    if _LOOKS_LIKE_CODE.search(span):
        return True
    # reaching into data (`voters.voted_2020`) is code; naming a module constant (`capstone.K`) is
    # a pointer to a value the prompt already names
    return any(not attr.isupper() for attr in _ATTRIBUTE.findall(span))


def code_in(hint: str) -> list[str]:
    """Code in a hint: fenced blocks, and inline spans that call, assign, index or reach into an
    attribute. A bare name (`voter_id`), a constant (`capstone.K`) or a string value (`"opt_in"`)
    is a pointer, not code."""
    found = re.findall(r"```.*?```", hint, flags=re.S)
    return found + [s for s in _CODE_SPAN.findall(hint) if _is_code(s)]


def answer_lines(lesson_id: str, question: str) -> list[str]:
    """The secret solution lines of one question that could give its answer away: at least eight
    characters, and not a bare display of the answer (a line without `=` or `return` that only
    shows the learner's own variable, such as `ci_95` or `published.voters.min()`)."""
    name = get_lesson(lesson_id).problems[question].name
    source = load_source(lesson_id)
    mine = "\n".join(c.source for c in source.solution_cells(question))
    lines = []
    for line in secret_lines(lesson_id, min_length=8):
        if line not in mine:
            continue
        display = "=" not in line and not line.startswith("return") and name in line
        if not display:
            lines.append(line)
    return lines


@pytest.mark.parametrize(("lesson_id", "question"), PROBLEMS, ids=IDS)
def test_code_appears_only_in_the_last_hint(lesson_id: str, question: str) -> None:
    hints = get_lesson(lesson_id).problems[question].hints
    for number, hint in enumerate(hints[:-1], start=1):
        assert not code_in(hint), (f"{lesson_id}:{question} hint {number} of {len(hints)} holds "
                                   f"code {code_in(hint)}: code belongs in the last hint only")


@pytest.mark.parametrize(("lesson_id", "question"), PROBLEMS, ids=IDS)
def test_no_hint_contains_a_line_of_the_solution(lesson_id: str, question: str) -> None:
    hints = get_lesson(lesson_id).problems[question].hints
    for line in answer_lines(lesson_id, question):
        for number, hint in enumerate(hints, start=1):
            assert line not in hint, f"{lesson_id}:{question} hint {number} gives away {line!r}"


# -- rubrics ---------------------------------------------------------------------------------------

REFLECTIONS = [(lid, qid) for lid, qid in PROBLEMS
               if get_lesson(lid).problems[qid].kind == "reflection"]


def prompt_text(lesson_id: str, question: str) -> str:
    cells = [c.source for c in load_source(lesson_id).notebook.cells
             if "exercise" in cell_tags(c) and cell_question(c) == question]
    return "\n".join(cells)


@pytest.mark.parametrize(("lesson_id", "question"), REFLECTIONS,
                         ids=[f"{lid}:{qid}" for lid, qid in REFLECTIONS])
def test_every_reflection_has_a_rubric_in_data_stated_in_its_prompt(lesson_id: str,
                                                                    question: str) -> None:
    problem = get_lesson(lesson_id).problems[question]
    assert isinstance(problem, ReflectionProblem), \
        f"{lesson_id}:{question} is a reflection but not a ReflectionProblem (no rubric field)"
    assert problem.rubric, f"{lesson_id}:{question} declares no rubric"
    total = sum(c.points for c in problem.rubric)
    assert total == pytest.approx(problem.points), \
        f"{lesson_id}:{question}: rubric points sum to {total}, not {problem.points}"
    prompt = prompt_text(lesson_id, question)
    for criterion in problem.rubric:
        assert criterion.name in prompt, \
            f"{lesson_id}:{question}: the prompt does not state the criterion {criterion.name!r}"


# -- the bibliography ------------------------------------------------------------------------------

def book_texts() -> dict[str, str]:
    """Every text the book renders that can cite: notebook Markdown cells and book/*.md pages."""
    texts = {}
    for lid in lesson_ids():
        cells = load_source(lid).notebook.cells
        texts[lid] = "\n\n".join(c.source for c in cells if c.cell_type == "markdown")
    for page in sorted(BOOK.glob("**/*.md")):
        if "_build" not in page.parts:
            texts[str(page.relative_to(BOOK))] = page.read_text(encoding="utf-8")
    return texts


def test_every_bibliography_entry_is_cited_somewhere_in_the_book() -> None:
    cited = set().union(*(cited_keys(t) for t in book_texts().values()))
    uncited = sorted(set(bib_keys()) - cited)
    assert not uncited, f"{len(uncited)} bibliography entries are never cited: {uncited}"


def test_every_citation_names_an_entry() -> None:
    keys = set(bib_keys())
    missing = {where: sorted(cited_keys(text) - keys) for where, text in book_texts().items()}
    assert not {w: m for w, m in missing.items() if m}


def test_no_bibliography_key_is_defined_twice() -> None:
    assert bib_key_count() == len(bib_keys()), "a key appears in more than one entry"


def test_the_bibliography_has_at_least_75_entries() -> None:
    count = len(bib_keys())
    assert count >= MIN_BIBLIOGRAPHY, f"book/references*.bib hold {count} entries, " \
                                      f"fewer than {MIN_BIBLIOGRAPHY}"


# -- figures in the prose --------------------------------------------------------------------------

ALLOWED: dict[tuple[str, str], str] = {
    # (where, a fragment of the sentence): why the figure needs no citation or computation.
    ("04-privacy", "with probability at least 95%, the released count"):
        "a standard the exercise sets for the learner, not a claim about the world",
    ("06-jobs-salaries", "To say where a salary of, say,"):
        "a made-up salary that shows how to read a percentile off the published points",
    ("06-jobs-salaries", "compresses a whole distribution into two numbers"):
        "the salary range the course's source article states: the claim the chapter tests",
    ("06-jobs-salaries", "has read that data scientists earn"):
        "the source article's ranges again, as the premise of the reflection that critiques them",
    ("07-career-change-mentors", "by a company with 500 employees"):
        "an invented case in an exercise on where the ADEA applies (its threshold is cited)",
}


def _allowed(where: str, sentence: str) -> bool:
    return any(where == w and fragment in sentence for (w, fragment) in ALLOWED)


@pytest.mark.parametrize("where", list(book_texts()))
def test_every_figure_in_the_prose_is_cited_or_computed(where: str) -> None:
    text = book_texts()[where]
    bare = [(figure, sentence) for p in paragraphs(text, where)
            for figure, sentence in unsourced_figures(p) if not _allowed(where, sentence)]
    assert not bare, f"{where}: figures with neither a citation nor a glued computation in " \
                     "their paragraph:\n" + "\n".join(f"  {f!r} in: {s}" for f, s in bare)


# -- the readers themselves (so that the rules above can fail) -------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("Sweeney found that 87% of people were unique.", ["87%"]),
    ("The campaign raised $364.5 million online.", ["$364.5 million"]),
    ("It held 170 million records.", ["170 million"]),
    ("About 5,000 rows in all.", ["5,000"]),
    ("Volunteer calls raised turnout by 3.8 percentage points.", ["3.8 percentage points"]),
    ("In 2016 and 2020 the rule changed on 29 June 2021.", []),
    ("See chapter 4 and exercise q5, Article 9(2) and §2194.", []),
    ("````{exercise} Whom to remind · 3 points", []),
    ("- **Choice and reason** (1 point): names the group.", []),
    ("**Rubric (2 points, read by a person).** *Who agreed* (1 point): names them.", []),
    ("The lead grew (2 points, a record).", ["2 points"]),
    ("Use `k = 10` and $\\varepsilon = 0.5$ here.", []),
    ("Compute the 95% confidence interval, with 95% error bars.", []),
    ("Turnout was 95% higher.", ["95%"]),
])
def test_figures_are_recognised(sentence: str, expected: list[str]) -> None:
    assert [f.strip() for f in figures(sentence)] == expected


def test_a_paragraph_with_a_citation_or_a_glue_role_is_sourced() -> None:
    cited = Paragraph("x", "About 87% are unique {cite:p}`ch04-sweeney2000simple`.")
    glued = Paragraph("x", "Of them, {glue:text}`share:.0%` voted, 40% more than before.")
    bare = Paragraph("x", "About 87% are unique. Of those, 12 voters moved.")
    synthetic = Paragraph("x", "The synthetic file makes 52% of voters women.")
    item = Paragraph("x", "- 52% of voters are women;", lead="The generator assumes:")
    assert unsourced_figures(cited) == [] and unsourced_figures(glued) == []
    assert unsourced_figures(synthetic) == [] and unsourced_figures(item) == []
    assert [f for f, _ in unsourced_figures(bare)] == ["87%", "12 voters"]


def test_a_year_wrapped_onto_its_own_line_does_not_start_a_list_item() -> None:
    text = ("- Coppock and colleagues ran 59 experiments during\n"
            "  2016. Effects were small {cite:p}`ch03-coppock2020small`.\n"
            "- Kalla and Broockman reviewed 49 field experiments.\n\n"
            "1. **The law.**\n2. **Consent.**\n")
    found = paragraphs(text, "x")
    assert [p.text[:12] for p in found] == ["- Coppock an", "- Kalla and ", "1. **The law",
                                            "2. **Consent"]
    assert found[0].sourced and not found[1].sourced


def test_code_in_hints_is_recognised() -> None:
    assert code_in("Use `voters.voted_2020.mean()`.") == ["voters.voted_2020.mean()"]
    assert code_in("Drop rows with `do_not_contact`; texts need `\"opt_in\"`.") == []
    assert code_in("Sum the weights: `w = range(1, n + 1)`.") == ["w = range(1, n + 1)"]
    assert code_in("Keep cells of at least `capstone.K` voters.") == []

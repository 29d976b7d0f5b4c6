"""Learner notebooks: no solution code, starters in place, and they run top to bottom."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from coursekit.lessons.registry import lesson_ids
from coursekit.lessons.source import REVEALS, LessonSource, cell_tags, load_source
from coursekit.release import (
    GLUE_PLACEHOLDER,
    answer_glue_names,
    fill_glue,
    glue_values,
    learner_notebook,
    release,
)

from .solution_lines import secret_lines

LESSONS = lesson_ids()


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("learner")
    written = release(out)
    assert {p.stem for p in written} >= set(LESSONS)
    return out


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_contains_no_solution_code(released: Path, lesson_id: str) -> None:
    text = (released / f"{lesson_id}.ipynb").read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    learner_code = "\n".join(c.source for c in nb.cells)
    for line in secret_lines(lesson_id):
        assert line not in learner_code, f"{lesson_id}: solution line leaked: {line!r}"
    assert "solution-start" not in text and "{solution" not in text


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_prose_that_reveals_an_answer_is_not_in_the_learner_notebook(released: Path,
                                                                     lesson_id: str) -> None:
    tagged = [c.source.strip() for c in load_source(lesson_id).notebook.cells
              if c.cell_type == "markdown" and REVEALS in cell_tags(c)]
    text = (released / f"{lesson_id}.ipynb").read_text(encoding="utf-8")
    prose = [c.source.strip() for c in nbformat.reads(text, as_version=4).cells]
    assert not [t for t in tagged if t in prose], f"{lesson_id}: revealing prose was released"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_has_metadata_and_no_outputs(released: Path, lesson_id: str) -> None:
    nb = nbformat.read(released / f"{lesson_id}.ipynb", as_version=4)
    nbformat.validate(nb)
    meta = nb.metadata["coursekit"]
    assert meta["lesson"] == lesson_id and meta["edition"] == "learner" and meta["version"]
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    assert not any("solution" in cell_tags(c) for c in nb.cells)
    answers = [c for c in nb.cells if "answer" in cell_tags(c)]
    assert answers and all(c.metadata["coursekit"]["role"] == "answer" for c in answers)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_exercise_fence_becomes_plain_markdown_with_its_prompt(lesson_id: str) -> None:
    source = load_source(lesson_id)
    nb = learner_notebook(source)
    prompts = [c.source for c in nb.cells if "exercise" in cell_tags(c)]
    originals = [c.source for c in source.notebook.cells if "exercise" in cell_tags(c)]
    chapter = int(lesson_id[:2])
    assert prompts and prompts[0].startswith(f"### Exercise {chapter}.1 (`q")
    for prompt, original in zip(prompts, originals, strict=False):
        assert "{exercise}" not in prompt and ":label:" not in prompt
        body = original.split("\n\n", 1)[1].rsplit("\n", 1)[0].strip()
        first_line = body.splitlines()[0]
        assert first_line.split("{cite")[0][:40] in prompt, "the prompt's text must survive"


def test_citations_read_plainly_in_learner_notebooks() -> None:
    for lesson_id in LESSONS:
        text = "\n".join(c.source for c in learner_notebook(load_source(lesson_id)).cells
                         if c.cell_type == "markdown")
        assert "{cite" not in text and "{bibliography}" not in text


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_runs_top_to_bottom(released: Path, lesson_id: str,
                                              tmp_path: Path) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(released / f"{lesson_id}.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    feedback = "\n".join(str(o.get("data", {}).get("text/plain", ""))
                         for c in nb.cells if "check" in cell_tags(c) for o in c.outputs)
    assert "Not attempted" in feedback and "Correct" not in feedback


def _glued(name: str, text_plain: str) -> dict:
    """A code-cell output as myst-nb's ``glue(name, value, display=False)`` leaves it."""
    prefix = "application/papermill.record/"
    return nbformat.v4.new_output(
        "display_data", data={prefix + "text/plain": text_plain},
        metadata={"scrapbook": {"name": name, "mime_prefix": prefix}})


def _lesson(cells: list) -> LessonSource:
    nb = nbformat.v4.new_notebook(cells=cells)
    return LessonSource(lesson="01-demo", version="1", notebook=nb, path=Path("01-demo.ipynb"))


def test_glue_values_reads_scrapbook_outputs_of_an_executed_notebook() -> None:
    cell = nbformat.v4.new_code_cell('glue("n", 1234.5)')
    cell.outputs = [_glued("n", "1234.5"), _glued("who", "'Ada'"),
                    nbformat.v4.new_output("stream", text="not glue")]
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert glue_values(nb) == {"n": "1234.5", "who": "'Ada'"}


def test_glue_roles_are_formatted_as_myst_nb_formats_them() -> None:
    values = {"n": "1234.5", "rate": "0.0679", "who": "'Ada'"}
    text = "{glue:text}`n:,.0f` of {glue:text}`rate:.1%`, by {glue:text}`who` ({glue}`n`)"
    assert fill_glue(text, values) == "1,234 of 6.8%, by Ada (1234.5)"
    assert fill_glue("{glue:text}`cost`", {"cost": "'$5 *each*'"}) == r"\$5 \*each\*"


def test_glue_role_without_a_value_becomes_a_placeholder() -> None:
    text = fill_glue("about {glue:text}`missing:,.0f` people", {"n": "1"})
    assert text == "about " + GLUE_PLACEHOLDER.format(name="missing") + " people"
    assert text == "about [value: missing] people"


def test_learner_notebook_fills_glue_from_the_executed_copy() -> None:
    code = nbformat.v4.new_code_cell('glue("n", total)')
    prose = nbformat.v4.new_markdown_cell("There are {glue:text}`n:,` voters.")
    source = _lesson([code, prose])
    executed = copy.deepcopy(source.notebook)
    executed.cells[0].outputs = [_glued("n", "20000")]
    nb = learner_notebook(source, executed)
    assert nb.cells[1].source == "There are 20,000 voters."
    assert nb.cells[0].outputs == []
    assert learner_notebook(source).cells[1].source == "There are [value: n] voters."


def test_value_computed_from_an_answer_is_not_given_away() -> None:
    solution = nbformat.v4.new_code_cell("answer = 322.2", metadata={
        "tags": ["solution"], "coursekit": {"question": "q1", "starter": "answer = ...\n"}})
    derived = nbformat.v4.new_code_cell('doubled = answer * 2\nglue("mine", doubled)\n'
                                        'glue("public", 7)')
    prose = nbformat.v4.new_markdown_cell("{glue:text}`mine:.0f` and {glue:text}`public`")
    source = _lesson([solution, derived, prose])
    executed = copy.deepcopy(source.notebook)
    executed.cells[1].outputs = [_glued("mine", "644.4"), _glued("public", "7")]
    assert answer_glue_names(source) == {"mine"}
    assert learner_notebook(source, executed).cells[-1].source == \
        "(your answer: `doubled`) and 7"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_has_no_raw_glue_roles(released: Path, lesson_id: str) -> None:
    nb = nbformat.read(released / f"{lesson_id}.ipynb", as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "{glue" not in prose


@pytest.mark.slow
def test_release_takes_glued_values_from_a_jupyter_cache(tmp_path: Path) -> None:
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    lesson = "01-is-it-cheating"
    source = load_source(lesson)
    cache = get_cache(str(tmp_path / "cache"))  # filled as the book build fills its cache
    cache.add_nb_to_project(str(source.path))
    result = load_executor("local-serial", cache).run_and_cache(timeout=120)
    assert not result.errored, result

    out = release(tmp_path / "out", [lesson], executed_cache=tmp_path / "cache")[0]
    prose = "\n".join(c.source for c in nbformat.read(out, as_version=4).cells
                      if c.cell_type == "markdown")
    assert "{glue" not in prose
    assert re.search(r"signed up\n\d+\.\d% of its visitors", prose), prose
    assert prose.count("[value:") == 0


RAW_KEY = re.compile(r"\{cite|\{bibliography|\[[a-z]+\d{4}[a-z]*[;\]]|ch\d\d-[a-z]+\d{4}")


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_packaged_glue_values_fit_the_lesson_version(lesson_id: str) -> None:
    from coursekit.book.glue import packaged, stale_reason

    source = load_source(lesson_id)
    assert stale_reason(source.notebook) is None, "run `coursekit build` and commit " \
        "src/coursekit/book/glued/"
    glued = packaged(lesson_id)
    assert glued is not None and glued.version == source.version
    from coursekit.lessons.registry import get_lesson

    assert get_lesson(lesson_id).version == source.version


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_notebook_has_no_placeholder_and_no_raw_citation_key(released: Path,
                                                                      lesson_id: str) -> None:
    nb = nbformat.read(released / f"{lesson_id}.ipynb", as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "[value:" not in prose
    assert not RAW_KEY.search(prose), RAW_KEY.search(prose)


def test_citations_read_as_in_the_book_with_a_reference_list() -> None:
    from coursekit.book.glue import Glued

    cell = nbformat.v4.new_markdown_cell(
        "As shown {cite:p}`ch03-kalla2018,ch03-coppock2020`, and {cite:t}`ch03-kalla2018` "
        "argue.\n\n```{bibliography}\n:filter: docname in docnames\n```\n")
    source = _lesson([cell])
    cites = {"kalla2018": {"p": "Kalla and Broockman, 2018", "t": "Kalla and Broockman (2018)",
                           "entry": "Kalla, Joshua and Broockman, David (2018). *Minimal*."},
             "coppock2020": {"p": "Coppock et al., 2020", "t": "Coppock et al. (2020)",
                             "entry": "Coppock, Alexander (2020). *Small*."}}
    text = learner_notebook(source, glued=Glued("01-demo", "1", "x", {}, cites)).cells[0].source
    assert text.startswith("As shown (Kalla and Broockman, 2018; Coppock et al., 2020), and "
                           "Kalla and Broockman (2018) argue.")
    assert "**References**" in text
    assert "- Coppock, Alexander (2020). *Small*.\n- Kalla, Joshua" in text


def test_release_refuses_a_lesson_whose_packaged_values_are_stale(tmp_path: Path) -> None:
    from coursekit.errors import LessonError

    nb = nbformat.read(load_source(LESSONS[0]).path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.source += "\nchanged = True"
    src = tmp_path / "src"
    src.mkdir()
    nbformat.write(nb, src / f"{LESSONS[0]}.ipynb")
    with pytest.raises(LessonError, match="stale"):
        release(tmp_path / "out", src=src)


def test_a_build_writes_citations_from_the_bibliography_before_it_records_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coursekit.release as rel

    lesson = "03-microtargeting"
    monkeypatch.setattr(rel, "current_glued", lambda source: None)  # as if just edited
    monkeypatch.setattr(rel, "executed_copy", lambda source, cache: source.notebook)
    out = release(tmp_path / "out", [lesson], executed_cache=tmp_path)[0]
    prose = "\n".join(c.source for c in nbformat.read(out, as_version=4).cells
                      if c.cell_type == "markdown")
    assert "(Kalla and Broockman, 2018" in prose and "**References**" in prose
    assert not RAW_KEY.search(prose)


# --- links to other chapters and exercises -------------------------------------------------


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_released_links_open_a_sibling_notebook_at_the_named_cell(released: Path,
                                                                  lesson_id: str) -> None:
    from .book.test_cross_links import learner_link_problems

    assert learner_link_problems(released, lesson_id) == []


def _two_lessons(tmp_path: Path, prose: str) -> LessonSource:
    """01-a.ipynb (a markdown cell `prose`) beside 02-b.ipynb (two sections, one exercise and a
    heading that only the book shows), both written to `tmp_path`."""
    from coursekit.lessons.authoring import exercise_cells, new_lesson_notebook

    b_cells = [nbformat.v4.new_markdown_cell("# Chapter b\n\n## The idea: scores\n\nText."),
               nbformat.v4.new_markdown_cell("Intro.\n\n## Step 2 · A *list*"),
               *exercise_cells("02-b", "q1", prompt="Do it.", solution="x = 1",
                               starter="x = ...", title="First"),
               nbformat.v4.new_markdown_cell("## The answer", metadata={"tags": [REVEALS]})]
    nbformat.write(new_lesson_notebook("02-b", "1", b_cells), tmp_path / "02-b.ipynb")
    a = new_lesson_notebook("01-a", "1", [nbformat.v4.new_markdown_cell(prose)])
    nbformat.write(a, tmp_path / "01-a.ipynb")
    return load_source(path=tmp_path / "01-a.ipynb")


def test_learner_links_name_the_cell_of_a_section_or_exercise(tmp_path: Path) -> None:
    source = _two_lessons(tmp_path, (
        "See [chapter 2](02-b.ipynb#the-idea-scores), [chapter 2](02-b.ipynb#step-2--a-list),"
        " [Exercise 2.1](#02-b-q1), [chapter 2](02-b.ipynb), [the answer](02-b.ipynb#the-answer)"
        " and [a site](https://example.org/x.ipynb#y)."))
    b = nbformat.read(tmp_path / "02-b.ipynb", as_version=4)
    ids = [c.id for c in b.cells]
    prose = learner_notebook(source, glued=None).cells[0].source
    assert prose == (
        f"See [chapter 2](02-b.ipynb#cell-id={ids[0]}), [chapter 2](02-b.ipynb#cell-id={ids[1]}),"
        f" [Exercise 2.1](02-b.ipynb#cell-id={ids[2]}), [chapter 2](02-b.ipynb),"
        " [the answer](02-b.ipynb) and [a site](https://example.org/x.ipynb#y).")


@pytest.mark.parametrize(("link", "message"), [
    ("[chapter 9](09-none.ipynb)", "no lesson notebook 09-none.ipynb"),
    ("[chapter 2](02-b.ipynb#no-such-section)", "02-b.ipynb has no section with that slug"),
    ("[Exercise 2.9](#02-b-q9)", "no exercise with that label"),
    ("[chapter 2](02-b.ipynb#02-b-q1)", "has no section with that slug"),  # a label needs '#'
])
def test_a_link_to_nowhere_stops_the_release(tmp_path: Path, link: str, message: str) -> None:
    from coursekit.errors import LessonError

    source = _two_lessons(tmp_path, f"As {link} shows.")
    with pytest.raises(LessonError, match=re.escape(message)):
        learner_notebook(source)

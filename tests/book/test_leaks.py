"""Nothing in the no-solutions edition gives an answer away: every file of its output tree
(HTML, JS, JSON, notebooks, text) is searched for solution lines and expected answers."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from coursekit.lessons.registry import lesson_ids

from ..solution_lines import secret_lines
from .answer_forms import AnswerForm, answer_forms, number_forms

pytestmark = pytest.mark.slow

TEXT_SUFFIXES = {".html", ".js", ".json", ".ipynb", ".txt", ".svg", ".xml", ".css", ".inv"}
_VENDORED = ("_static/vendor/", "_static/scripts/", "_static/styles/")


def visible_text(markup: str) -> str:
    """HTML as a reader (or a screen reader) gets it: tags out, entities decoded, alt text kept."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    alts = " ".join(re.findall(r'\b(?:alt|title|aria-label)="([^"]*)"', markup))
    return html.unescape(re.sub(r"<[^>]+>", "", markup) + " " + alts)


def notebook_text(raw: str) -> str:
    """A notebook's cell sources and text outputs."""
    nb = json.loads(raw)
    parts = []
    for cell in nb.get("cells", []):
        parts.append("".join(cell.get("source", "")))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append("".join(output.get("text", "")) + "".join(data.get("text/plain", "")))
            parts.append(visible_text("".join(data.get("text/html", ""))))
    return "\n".join(parts)


def readable_files(html_dir: Path) -> dict[str, str]:
    """Every text file of the output tree (minus vendored libraries), as a reader could see it."""
    found = {}
    for path in sorted(p for p in html_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(html_dir).as_posix()
        if path.suffix not in TEXT_SUFFIXES or rel.startswith(_VENDORED):
            continue
        raw = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix == ".svg":  # a figure: only its words (text, title, desc) are text
            raw = " ".join(re.findall(r"<(?:text|title|desc)\b[^>]*>(.*?)</", raw, re.S))
        elif path.suffix == ".html":
            raw = visible_text(raw) + "\n" + raw  # code is split into spans; keep both
        elif path.suffix == ".ipynb":
            raw = notebook_text(raw)
        found[rel] = raw
    return found


def shown_in_every_edition() -> str:
    """What every lesson shows in the open, code and hints (a line there is no secret in
    another lesson: `.reset_index())` is one lesson's solution line and another's hint)."""
    from coursekit.lessons.registry import get_lesson
    from coursekit.lessons.source import cell_tags, load_source

    cells = [c.source for lesson in lesson_ids() for c in load_source(lesson).notebook.cells
             if "solution" not in cell_tags(c)]
    hints = [hint.replace("`", "") for lesson in lesson_ids()  # as the page shows them
             for p in get_lesson(lesson).problems.values() for hint in p.hints]
    return "\n".join(cells + hints)


@pytest.fixture(scope="module")
def tree(built_book_no_solutions: Path) -> dict[str, str]:
    return readable_files(built_book_no_solutions)


def test_no_lesson_source_is_copied_into_the_site(built_book_no_solutions: Path) -> None:
    assert not (built_book_no_solutions / "_sources").exists()
    for path in built_book_no_solutions.rglob("*.ipynb"):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        tagged = [c for c in cells if "solution" in c.get("metadata", {}).get("tags", [])]
        assert not tagged, f"{path}: a lesson source with its solution cells"


@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_no_file_holds_a_solution_line(tree: dict[str, str], lesson_id: str) -> None:
    public = shown_in_every_edition()
    leaks = [f"{rel}: {line!r}" for line in secret_lines(lesson_id, min_length=12)
             if line not in public for rel, text in tree.items() if line in text]
    assert not leaks, "solution lines in the no-solutions edition:\n" + "\n".join(leaks[:20])


@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_no_file_states_an_expected_answer(tree: dict[str, str], lesson_id: str) -> None:
    leaks = [f"{rel}: {form.question} = {form.text}" for form in answer_forms(lesson_id)
             for rel, text in tree.items() if form.pattern.search(text)]
    assert not leaks, "expected answers in the no-solutions edition:\n" + "\n".join(leaks[:20])


def test_answer_forms_match_whole_numbers_only() -> None:
    form = AnswerForm("x", "q1", "447")
    assert form.pattern.search("named 447 of 500")
    assert not form.pattern.search("1447 rows") and not form.pattern.search("0.447")
    assert {"0.397", "39.7%", "0.3966"} <= number_forms(0.396553844477759)
    assert "73,220" in number_forms(73220.0) and "13" not in number_forms(13)

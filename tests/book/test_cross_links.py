"""Mentions of another chapter or of an exercise are links, and every one of them lands.

In the lesson sources every "chapter N" / "Exercise N.M" is the text of a link to that chapter,
one of its sections or that exercise, and the number in the text is the number of the target.
In the built book each is an ``<a>`` to a page that exists and, through its fragment, to an
element on that page. In the learner notebooks each is a Markdown link to a notebook in the same
folder and, through ``#cell-id=``, to one of its cells; no MyST syntax is left raw.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from coursekit.lessons.links import LINK, MENTION, LinkIndex, heading_slug, section_slugs
from coursekit.lessons.registry import lesson_ids
from coursekit.lessons.source import cell_tags, lessons_dir, load_source

LESSONS = lesson_ids()
_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?$")
_CELL_ID = re.compile(r"^cell-id=(?P<id>[\w-]+)$")
_RAW_MYST = re.compile(r"\{(?:ref|numref|doc|eq|any|term|download)\}`|^\([\w-]+\)=\s*$|\]\(#",
                       re.M)


def _markdown_cells(notebook: Any) -> list[Any]:
    return [c for c in notebook.cells if c.cell_type == "markdown"]


_HEADING_LINE = re.compile(r"^#{1,6} .*$", re.M)


def _unlinked(markdown: str) -> list[str]:
    """Mentions of a chapter or an exercise that are not (inside) the text of a link. A heading
    names its own exercise ("### Exercise 3.1 ..." in a learner notebook): no mention."""
    prose = _HEADING_LINE.sub(" ", LINK.sub(" ", markdown))
    return [m[0] for m in MENTION.finditer(prose)]


def _numbering(notebook: Any) -> dict[str, int]:
    """Exercise label -> its position in its chapter (the book's Exercise N.<position>)."""
    labels = []
    for cell in notebook.cells:
        if "exercise" in cell_tags(cell):
            labels += re.findall(r"^:label:\s*(\S+)", cell.source, re.M)
    return {label: position for position, label in enumerate(labels, 1)}


def named_target(text: str) -> tuple[int, int | None]:
    """(chapter, exercise position or None) that a mention names: "chapter 2" -> (2, None),
    "Exercise 3.1" -> (3, 1)."""
    match = _NUMBER.search(MENTION.search(text)[0])  # type: ignore[index]
    assert match is not None
    return int(match[1]), (int(match[2]) if match[2] else None)


# --- the lesson sources --------------------------------------------------------------------


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_no_chapter_or_exercise_mention_is_left_unlinked(lesson_id: str) -> None:
    cells = load_source(lesson_id).notebook.cells
    unlinked = [(i, mention) for i, cell in enumerate(cells) if cell.cell_type == "markdown"
                for mention in _unlinked(cell.source)]
    assert not unlinked, f"{lesson_id}: mentions without a link (cell, text): {unlinked}"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_link_goes_to_the_chapter_and_exercise_its_text_names(lesson_id: str) -> None:
    folder = lessons_dir()
    index = LinkIndex.of_folder(folder)
    numbers = {}
    for path in folder.glob("[0-9][0-9]-*.ipynb"):
        numbers.update(_numbering(load_source(path=path).notebook))
    found = 0
    for cell in _markdown_cells(load_source(lesson_id).notebook):
        for link in LINK.finditer(cell.source):
            target = index.resolve(link["href"], f"{lesson_id}.ipynb")
            if target is None or not MENTION.search(link["text"]):
                continue
            found += 1
            chapter, exercise = named_target(link["text"])
            assert target.notebook.startswith(f"{chapter:02d}-"), (lesson_id, link[0])
            if exercise is not None:
                label = link["href"].partition("#")[2]  # an exercise is linked by its label
                assert numbers.get(label) == exercise, (
                    f"{lesson_id}: {link[0]} points at {label}, which is Exercise "
                    f"{chapter}.{numbers.get(label)}")
    assert found, f"{lesson_id}: no link to a chapter or an exercise"  # every lesson has one


def test_slugs_are_the_ones_myst_gives_each_heading() -> None:
    """The learner notebook finds a section by the slug the book resolves it by."""
    pytest.importorskip("myst_parser")
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode
    from myst_parser.mdit_to_docutils.base import compute_unique_slug

    checked = 0
    for lesson_id in LESSONS:
        notebook = load_source(lesson_id).notebook
        theirs: list[str] = []
        for cell in _markdown_cells(notebook):
            tree = SyntaxTreeNode(MarkdownIt("commonmark").parse(cell.source))
            for node in tree.walk():
                if node.type == "heading" and int(node.tag[1]) <= 3:
                    theirs.append(compute_unique_slug(node, theirs))
        ours = list(section_slugs(notebook))
        assert ours == theirs, lesson_id
        checked += len(ours)
    assert checked > 8 * 5
    assert heading_slug("Step 2 · A *contact* list, `ok`?") == "step-2--a-contact-list-ok"


# --- the built book ------------------------------------------------------------------------


_VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area"})


class _Prose(HTMLParser):
    """The text runs of a page's article, each with the href of the link around it (or None);
    exercise and solution titles, code and the hint blocks (written by the exercise definitions)
    are left out: they are not prose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.runs: list[tuple[str, str | None]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if "id" in named:
            self.ids.add(named["id"])
        if tag not in _VOID:
            self.stack.append((tag, named))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def _skipped(self) -> bool:
        in_article = any(t == "article" for t, _ in self.stack)
        return not in_article or any(
            t in {"script", "style", "pre"} or {"admonition-title", "ck-hints"}
            & set(a.get("class", "").split()) for t, a in self.stack)

    def handle_data(self, data: str) -> None:
        if self._skipped():
            return
        href = next((a["href"] for t, a in reversed(self.stack) if t == "a" and "href" in a),
                    None)
        self.runs.append((data, href))


def _parse(page: Path) -> _Prose:
    prose = _Prose()
    prose.feed(page.read_text(encoding="utf-8"))
    return prose


def _exercise_number(markup: str, element_id: str) -> str | None:
    """The number the book gives the exercise with that id ("3.1"), or None: no exercise."""
    match = re.search(rf'id="{re.escape(element_id)}">\s*<p class="admonition-title">'
                      r'<span class="caption-number">Exercise (\d+\.\d+)', markup)
    return match[1] if match else None


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_book_mentions_are_links_that_land(built_book: Path, lesson_id: str) -> None:
    html_dir = built_book / "_build" / "html"
    page = html_dir / "notebooks" / f"{lesson_id}.html"
    prose = _parse(page)
    unlinked = [m for text, href in prose.runs if href is None for m in _unlinked(text)]
    assert not unlinked, f"{lesson_id}: mentions that are not links: {unlinked}"
    links = [(text, href) for text, href in prose.runs if href and MENTION.search(text)]
    assert links, f"{lesson_id}: no cross link"
    for text, href in links:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, (text, href)
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        assert target.is_file(), f"{lesson_id}: {text!r} -> {href}: no such page"
        chapter, exercise = named_target(text)
        assert target.name.startswith(f"{chapter:02d}-"), (lesson_id, text, href)
        if not parts.fragment:
            continue
        fragment = unquote(parts.fragment)
        assert fragment in _parse(target).ids, f"{lesson_id}: {text!r} -> {href}: no such id"
        if exercise is not None:
            number = _exercise_number(target.read_text(encoding="utf-8"), fragment)
            assert number == f"{chapter}.{exercise}", (lesson_id, text, href, number)


# --- the learner notebooks -----------------------------------------------------------------


def learner_link_problems(folder: Path, lesson_id: str) -> list[str]:
    """What is wrong with the links of one learner notebook in `folder` (empty: nothing): a
    mention that is not a link, a link to a notebook not in the folder or to a cell it lacks, a
    number in the text that is not the target's, raw MyST syntax."""
    notebooks = {p.name: json.loads(p.read_text(encoding="utf-8"))
                 for p in folder.glob("[0-9][0-9]-*.ipynb")}
    problems, found = [], 0
    for cell in notebooks[f"{lesson_id}.ipynb"]["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        problems += [f"not a link: {m!r}" for m in _unlinked(text)]
        problems += [f"raw MyST: {m[0]!r}" for m in _RAW_MYST.finditer(text)]
        for link in LINK.finditer(text):
            if not MENTION.search(link["text"]):
                continue
            found += 1
            problems += _learner_link_problems(link, notebooks)
    return problems if found else [*problems, "no cross link at all"]


def _learner_link_problems(link: re.Match[str], notebooks: dict[str, Any]) -> list[str]:
    name, _, fragment = link["href"].partition("#")
    if name not in notebooks:
        return [f"{link[0]}: no notebook {name!r} in the folder"]
    chapter, exercise = named_target(link["text"])
    problems = [] if name.startswith(f"{chapter:02d}-") else [f"{link[0]}: wrong chapter"]
    if not fragment:
        return problems
    match = _CELL_ID.match(fragment)
    cells = {c.get("id"): c for c in notebooks[name]["cells"]}
    if not match or match["id"] not in cells:
        return [*problems, f"{link[0]}: {name} has no cell {fragment!r}"]
    heading = "".join(cells[match["id"]]["source"])
    if exercise is not None and f"Exercise {chapter}.{exercise} " not in heading:
        problems.append(f"{link[0]}: that cell is not Exercise {chapter}.{exercise}")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_learner_notebooks_of_the_book_link_to_their_siblings(built_book: Path,
                                                              lesson_id: str) -> None:
    folder = built_book / "_build" / "html" / "_static" / "learner"
    assert learner_link_problems(folder, lesson_id) == []

"""Links between lessons in their prose, and where each one lands in a learner notebook.

A lesson's Markdown links to another chapter in the one form both places read, a Markdown
link to the sibling notebook: ``[chapter 2](02-campaign-data.ipynb)``, or to one of its
sections by MyST's heading slug, ``[chapter 2](02-campaign-data.ipynb#the-idea-scores)``
(``myst_heading_anchors`` in ``_config.yml``). An exercise is linked by its label,
``[Exercise 3.1](#03-microtargeting-q2)``. The book resolves all of them, and its strict build
fails on one that points nowhere.

JupyterLab opens the sibling notebook of a link but knows neither MyST's slugs nor exercise
labels (its own heading ids keep case and punctuation, and a fragment with ``·`` or ``"`` arrives
percent-encoded and matches nothing). `LinkIndex.learner_href` therefore rewrites the fragment as
``#cell-id=<id>``, the id of the cell holding that heading or exercise, which JupyterLab 4.1+
scrolls to (an older JupyterLab opens the notebook at its top). Learner notebooks keep the
lesson's cell ids and file names, so the link lands in the learner's copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.errors import LessonError
from coursekit.lessons.source import REVEALS, cell_tags, read_notebook

__all__ = ["LINK", "MENTION", "SLUG_LEVELS", "LinkIndex", "LinkTarget", "heading_slug",
           "section_slugs"]

MENTION = re.compile(r"\b(?:[Cc]hapters?[ \-]\d+\b|[Ee]xercises? \d+\.\d+\b)")
"""A mention of another chapter or of a numbered exercise in prose ("chapter 2", "Chapter-1",
"Exercise 3.1"): each one is written as the text of a link."""

LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\((?P<href>[^)\s]+)\)")
"""An inline Markdown link, ``[text](href)``."""

SLUG_LEVELS = 3
"""Heading levels that get a slug: the book's ``myst_heading_anchors``."""

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>.+?)[ \t#]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,}|:{3,})")
_LABEL = re.compile(r"^:label:[ \t]*(?P<label>\S+)[ \t]*$", re.M)
_INLINE_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ESCAPE = re.compile(r"\\(.)")
_SLUG_DROP = re.compile(r"[^\w\u4e00-\u9fff\- ]")
_LOCAL = re.compile(r"^(?P<file>[0-9][0-9]-[\w-]+\.ipynb)?(?:#(?P<fragment>.+))?$")


def heading_slug(title: str) -> str:
    """MyST's default slug of a heading written as `title` (Markdown): its text (emphasis,
    code marks and link targets dropped), lower case, spaces as ``-``, punctuation removed."""
    text = _ESCAPE.sub(r"\1", _INLINE_LINK.sub(r"\1", title)).replace("*", "").replace("`", "")
    return _SLUG_DROP.sub("", text.strip().lower().replace(" ", "-"))


def _headings(markdown: str) -> list[tuple[int, str]]:
    """(level, title) of every ATX heading outside fenced blocks, in order."""
    found, fence = [], ""
    for line in markdown.splitlines():
        opened = _FENCE.match(line.strip())
        if opened and (not fence or opened.group(1).startswith(fence)):
            fence = "" if fence else opened.group(1)
            continue
        match = None if fence else _HEADING.match(line)
        if match:
            found.append((len(match["hashes"]), match["title"]))
    return found


def _in_learner_notebook(cell: Any) -> bool:
    """Whether a Markdown cell stays in the learner notebook (solution fences and prose that
    states an answer are dropped)."""
    return not {"solution", REVEALS} & set(cell_tags(cell))


def section_slugs(notebook: Any) -> dict[str, str]:
    """Slug -> id of the Markdown cell holding that heading, for every heading of level up to
    `SLUG_LEVELS` in the notebook, made unique as MyST makes them (``-1``, ``-2`` ...). A
    heading in a cell the learner notebook drops maps to "" (the notebook itself)."""
    slugs: dict[str, str] = {}
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        cell_id = str(cell.get("id", "")) if _in_learner_notebook(cell) else ""
        for level, title in _headings(cell.source):
            if level > SLUG_LEVELS:
                continue
            base = slug = heading_slug(title)
            number = 1
            while slug in slugs:
                slug, number = f"{base}-{number}", number + 1
            slugs[slug] = cell_id
    return slugs


def _exercise_labels(notebook: Any) -> dict[str, str]:
    """Exercise label -> id of the cell holding that ``{exercise}`` fence."""
    labels: dict[str, str] = {}
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and "{exercise}" in cell.source:
            for match in _LABEL.finditer(cell.source):
                labels[match["label"]] = str(cell.get("id", ""))
    return labels


@dataclass(frozen=True)
class LinkTarget:
    """Where a link lands: a lesson notebook's file name and, optionally, one of its cells."""

    notebook: str
    cell_id: str = ""

    def href(self) -> str:
        """The link as JupyterLab follows it: the sibling notebook, scrolled to the cell."""
        return self.notebook + (f"#cell-id={self.cell_id}" if self.cell_id else "")


@dataclass
class LinkIndex:
    """The sections and exercises of a set of lesson notebooks, by file name."""

    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    labels: dict[str, LinkTarget] = field(default_factory=dict)

    def add(self, name: str, notebook: Any) -> None:
        """Index the notebook saved as `name` (``02-campaign-data.ipynb``)."""
        self.sections[name] = section_slugs(notebook)
        for label, cell_id in _exercise_labels(notebook).items():
            self.labels[label] = LinkTarget(name, cell_id)

    @classmethod
    def of_folder(cls, folder: Path) -> LinkIndex:
        """The index of every lesson notebook (``NN-slug.ipynb``) in `folder`."""
        index = cls()
        for path in sorted(Path(folder).glob("[0-9][0-9]-*.ipynb")):
            index.add(path.name, read_notebook(path))
        return index

    def resolve(self, href: str, current: str) -> LinkTarget | None:
        """Where a link written in notebook `current` lands, or None when it is no link to a
        lesson (a web address, a file that is not a lesson). A link to a lesson section or
        exercise that does not exist raises LessonError."""
        match = _LOCAL.match(href)
        if match is None or (match["file"] is None and match["fragment"] is None):
            return None
        name, fragment = match["file"] or current, match["fragment"]
        if name not in self.sections:
            raise LessonError(f"{current} links to {href!r}: no lesson notebook {name}")
        if fragment is None:
            return LinkTarget(name)
        if fragment in self.sections[name]:
            return LinkTarget(name, self.sections[name][fragment])
        if match["file"] is None and fragment in self.labels:
            return self.labels[fragment]
        raise LessonError(f"{current} links to {href!r}: {name} has no section with that "
                          "slug" + ("" if match["file"] else " and no exercise with that label"))

    def learner_links(self, markdown: str, current: str) -> str:
        """`markdown` with every link to a lesson rewritten as JupyterLab follows it."""
        def rewrite(match: re.Match[str]) -> str:
            target = self.resolve(match["href"], current)
            return match[0] if target is None else f"[{match['text']}]({target.href()})"

        return LINK.sub(rewrite, markdown)

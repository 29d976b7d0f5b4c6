"""Learner notebooks from lesson sources: solutions replaced by starters, outputs cleared.

Glued numbers (``{glue:text}`name:fmt```) only exist once a lesson has run, and a plain Jupyter
shows the role as raw text. A learner notebook therefore carries each value as the book shows
it, formatted as myst-nb formats it: from the values packaged with coursekit when the book was
built (`coursekit.book.glue`), or from an executed copy of the lesson (a jupyter-cache) when one
is given. Values computed from an exercise's answer always get the placeholder
``[value: name]``: the solution's number would give the answer away. Citations read as in the
book, "(Author, 2020)", and the bibliography becomes a reference list at the end. Links to
another chapter's section or to an exercise point at the cell JupyterLab scrolls to
(`coursekit.lessons.links`).
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path
from typing import Any

from coursekit.book.glue import Glued, bare_key, glued_from_run, packaged, stale_reason, stamp
from coursekit.errors import LessonError
from coursekit.lessons.links import LinkIndex
from coursekit.lessons.source import REVEALS, LessonSource, cell_tags, lessons_dir, load_source
from coursekit.messages import say

__all__ = [
    "EDITION",
    "GLUE_PLACEHOLDER",
    "answer_glue_names",
    "current_glued",
    "executed_copy",
    "fill_glue",
    "glue_values",
    "learner_notebook",
    "release",
]

EDITION = "learner"
_EXERCISE_FENCE = re.compile(r"^(`{3,}):?\{exercise\}[ \t]*(?P<title>[^\n]*)\n"
                             r"(?P<opts>(?::[^\n]*\n)*)(?P<body>.*?)\n?\1\s*$", re.DOTALL)
_CITE = re.compile(r"\{cite(?::(\w+))?\}`([^`]*)`")
_BIBLIOGRAPHY = re.compile(r"```\{bibliography\}\n(?::[^\n]*\n)*```\n?")
_GLUE_ROLE = re.compile(r"\{glue(?::(?P<kind>text|any))?\}`(?P<body>[^`]+)`")
GLUE_PLACEHOLDER = "[value: {name}]"
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_$\[\]<]")


def glue_values(executed: Any) -> dict[str, str]:
    """Name -> text/plain of every value glued in an executed notebook (myst-nb's glue)."""
    values: dict[str, str] = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            scrap = output.get("metadata", {}).get("scrapbook")
            if not scrap or "name" not in scrap:
                continue
            text = output.get("data", {}).get(scrap.get("mime_prefix", "") + "text/plain")
            if text is not None:
                values[scrap["name"]] = "".join(text) if isinstance(text, list) else text
    return values


def _format_plain(text: str, spec: str) -> str:
    """The text myst-nb's ``{glue:text}`` shows for a text/plain value under a format spec."""
    try:
        value: Any = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if not spec:
        return str(value)
    kind = spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, spec)


def _glue_text(match: re.Match[str], values: dict[str, str],
               hidden: dict[str, str] | None = None) -> str:
    body = match["body"]
    name, spec = body, ""
    if match["kind"] == "text" and ":" in body.replace("::", ""):
        name, spec = body.rsplit(":", 1)
    if hidden and name in hidden:
        return say("glue_from_answer", answer=hidden[name])
    if name not in values:
        return GLUE_PLACEHOLDER.format(name=name.rsplit("::", 1)[-1])
    try:
        text = _format_plain(values[name], spec)
    except (TypeError, ValueError):
        return GLUE_PLACEHOLDER.format(name=name)
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)  # the book pastes it as text, not Markdown


def fill_glue(markdown: str, values: dict[str, str], hidden: dict[str, str] | None = None
              ) -> str:
    """`markdown` with every glue role replaced by its formatted value or the placeholder;
    a name in `hidden` (computed from an answer) points to the learner's own answer instead."""
    return _GLUE_ROLE.sub(lambda m: _glue_text(m, values, hidden), markdown)


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _glue_calls(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    """(name, value expression) of every ``glue("name", value)`` call in `tree`."""
    calls: list[tuple[str, ast.AST]] = []
    for node in ast.walk(tree):
        func = getattr(node, "func", None)
        called = getattr(func, "id", None) or getattr(func, "attr", None)
        if (isinstance(node, ast.Call) and called == "glue" and len(node.args) >= 2
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            calls.append((node.args[0].value, node.args[1]))
    return calls


def answer_glue_names(source: LessonSource) -> set[str]:
    """Glue names whose value comes from an exercise's answer: glued in a solution cell, or from
    a name a solution assigns (followed through later assignments until the lesson redefines it).
    """
    return set(answer_glue_sources(source))


def answer_glue_sources(source: LessonSource) -> dict[str, str]:
    """`answer_glue_names`, each with the expression it glues (``profiles_per_user``)."""
    tainted: set[str] = set()
    answers: dict[str, str] = {}
    for cell in source.notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        solution = "solution" in cell_tags(cell)
        for stmt in ast.walk(tree):
            if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                names = set().union(*(_names(t) for t in targets))
                if solution or (stmt.value is not None and _names(stmt.value) & tainted):
                    tainted |= names
                elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                    tainted -= names  # the lesson itself redefines it
        for name, value in _glue_calls(tree):
            if solution or _names(value) & tainted:
                answers[name] = ast.unparse(value)
    return answers


def executed_copy(source: LessonSource, cache: Path | None) -> Any | None:
    """The lesson merged with its outputs from the jupyter-cache at `cache`, or None if the
    cache is missing or holds no run of this version of the lesson."""
    if cache is None or not Path(cache).is_dir():
        return None
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(str(cache)).merge_match_into_notebook(
            copy.deepcopy(source.notebook))
    except KeyError:
        return None
    return merged


def _plain_exercise(source: str, question: str, number: str) -> str:
    """Rewrite a ``{exercise}`` fence as plain Markdown that any Jupyter renders."""
    match = _EXERCISE_FENCE.match(source.strip())
    if not match:
        return source
    title = match["title"].strip()
    head = "### " + say("exercise_head", number=number, question=question) + (
        f": {title}" if title else "")
    return f"{head}\n\n{match['body'].strip()}\n\n" + say("exercise_check", question=question)


def _citation(match: re.Match[str], citations: dict[str, dict[str, str]]) -> str:
    """One ``{cite:p}`` / ``{cite:t}`` role as the book writes it."""
    keys = [bare_key(k) for k in match.group(2).split(",") if k.strip()]
    known = [citations[k] for k in keys if k in citations]
    if len(known) != len(keys):
        return "[" + "; ".join(keys) + "]"  # never after a build: it checks every key
    if match.group(1) == "t":
        return "; ".join(c["t"] for c in known)
    return "(" + "; ".join(c["p"] for c in known) + ")"


def _references(text: str, order: list[str], citations: dict[str, dict[str, str]]) -> str:
    entries = [citations[k]["entry"] for k in order if k in citations]
    listing = "\n".join(f"- {entry}" for entry in sorted(entries))
    return f"**{say('references_head')}**\n\n{listing}\n" if entries else ""


def _plain_citations(text: str, citations: dict[str, dict[str, str]], order: list[str]
                     ) -> str:
    """Citations as in the book, "(Author, 2020)"; the bibliography directive becomes the
    chapter's reference list."""
    text = _CITE.sub(lambda m: _citation(m, citations), text)
    return _BIBLIOGRAPHY.sub(lambda m: _references(text, order, citations), text)


def current_glued(source: LessonSource) -> Glued | None:
    """The packaged values and citations of this lesson, if they were recorded for this very
    version of it (its stamp)."""
    glued = packaged(source.lesson)
    return glued if glued is not None and glued.stamp == stamp(source.notebook) else None


def learner_notebook(source: LessonSource, executed: Any | None = None,
                     glued: Glued | None = None, links: LinkIndex | None = None) -> Any:
    """A learner's copy of a lesson: no solution cells or fences, no prose tagged
    ``reveals-answer``, starters in their place, glue
    roles filled from `executed` (an executed copy of the lesson) or else from `glued` (default:
    the values packaged for this version of the lesson), citations written out, links to other
    lessons pointed at their cells (`links`: default, the lessons beside this one)."""
    from coursekit.book.glue import cite_keys

    nb = copy.deepcopy(source.notebook)
    if links is None:
        links = LinkIndex.of_folder(source.path.parent)
        links.add(source.path.name, source.notebook)
    glued = glued if glued is not None else current_glued(source)
    values = glue_values(executed) if executed is not None else dict(glued.values) if glued \
        else {}
    citations, order = (glued.citations if glued else {}), cite_keys(source.notebook)
    hidden = answer_glue_sources(source)
    for name in hidden:
        values.pop(name, None)
    chapter = source.lesson.split("-", 1)[0].lstrip("0") or "0"
    exercises = 0
    cells = []
    for cell in nb.cells:
        tags = cell_tags(cell)
        meta = cell.metadata.get("coursekit", {})
        if cell.cell_type == "markdown" and ("solution" in tags or REVEALS in tags):
            continue  # solution fences; prose that states an answer (as in --no-solutions)
        if "solution" in tags:
            cell.source = meta.get("starter", "...\n").rstrip("\n")
            cell.metadata["tags"] = [t for t in tags if t != "solution"] + ["answer"]
            cell.metadata["coursekit"] = {"question": meta.get("question"), "role": "answer"}
        if cell.cell_type == "markdown":
            cell.source = links.learner_links(fill_glue(
                _plain_citations(cell.source, citations, order), values, hidden),
                source.path.name)
        if "exercise" in tags:
            exercises += 1  # numbered as in the book: chapter.position
            cell.source = _plain_exercise(cell.source, meta.get("question", ""),
                                          f"{chapter}.{exercises}")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    nb.metadata["coursekit"] = {"lesson": source.lesson, "version": source.version,
                                "edition": EDITION}
    return nb


def release(out: Path, lesson_ids: list[str] | None = None, src: Path | None = None,
            executed_cache: Path | None = None) -> list[Path]:
    """Write learner notebooks into `out`; returns the files written. Glued values come from
    the jupyter-cache `executed_cache` where it holds a run of the lesson, else from the values
    packaged for it; a lesson with neither raises LessonError (rebuild the book)."""
    import nbformat

    src = src or lessons_dir()
    paths = sorted(src.glob("[0-9][0-9]-*.ipynb"))
    unknown = sorted(set(lesson_ids or ()) - {p.stem for p in paths})
    if unknown:
        raise LessonError(f"no lesson {unknown[0]!r} in {src} (lessons: "
                          f"{', '.join(p.stem for p in paths)})")
    out.mkdir(parents=True, exist_ok=True)
    links = LinkIndex.of_folder(src)
    written = []
    for path in paths:
        if lesson_ids and path.stem not in lesson_ids:
            continue
        source = load_source(path=path)
        target = out / path.name
        executed = executed_copy(source, executed_cache)
        glued = current_glued(source)
        if glued is None and executed is not None:  # during a build, before it records them
            glued = glued_from_run(source, executed, _bibliography(src.parent))
        if glued is None:
            raise LessonError(f"{stale_reason(source.notebook)}: run `coursekit build` to "
                              "record them")
        nbformat.write(learner_notebook(source, executed, glued, links), str(target))
        written.append(target)
    return written


def _bibliography(root: Path) -> dict[str, dict[str, str]]:
    """The book's bibliography when this is a course repository with the book toolchain."""
    try:
        from coursekit.book.citations import read_bibliography

        return read_bibliography(root)
    except (ImportError, OSError):
        return {}

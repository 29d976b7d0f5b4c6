"""Build the course book with Jupyter Book 1, strictly: a failing cell or a warning fails it.

The build runs ``jupyter-book build`` in a subprocess (warnings as errors, ``--keep-going`` so one
build reports every problem). When it fails, the execution reports that myst-nb leaves in
``_build/html/reports`` are kept and the error names the notebook and the failing cell.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from coursekit.errors import BuildError, MissingExtraError

__all__ = ["BuildResult", "build_book", "find_root", "require_book_extra"]


@dataclass(frozen=True)
class BuildResult:
    """A finished build: where its HTML is and what the builder printed."""

    html_dir: Path
    log: str
    pdf: Path | None = None


def require_book_extra() -> None:
    """Raise MissingExtraError unless the book toolchain is importable."""
    import importlib.util

    for module in ("jupyter_book", "myst_nb", "sphinx_exercise", "sphinxcontrib.bibtex"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            raise MissingExtraError("building the book", "book")


def find_root(start: Path | None = None) -> Path:
    """The course repository root: the nearest folder holding ``_config.yml`` and ``book/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "book" / "_toc.yml").is_file():
            return folder
    raise BuildError(f"no course book here: {here} has no _config.yml with book/_toc.yml "
                     "(run from a clone of the course repository)")


def _no_solutions_config(root: Path, target: Path) -> Path:
    text = (root / "_config.yml").read_text(encoding="utf-8")
    text, count = re.subn(r"coursekit_hide_solutions:\s*false", "coursekit_hide_solutions: true",
                          text)
    if count != 1:
        raise BuildError("_config.yml must set coursekit_hide_solutions: false exactly once")
    cache = (root / "_build" / ".jupyter_cache").as_posix()
    text = text.replace("execute:\n", f"execute:\n  cache: {cache}\n", 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _command(root: Path, config: Path, path_output: Path | None) -> list[str]:
    cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build",
           str(root),
           "--config", str(config), "--toc", str(root / "book" / "_toc.yml"),
           "-W", "-n", "--keep-going"]
    if path_output is not None:
        cmd += ["--path-output", str(path_output)]
    return cmd


def glued_folder(root: Path) -> Path | None:
    """Where a build of the book at `root` records its lessons' glued values: the package's own
    ``glued/`` when `root` is the checkout this coursekit runs from (they ship with it), else
    ``root/_build/glued`` (another book, or an installed coursekit: its package stays as it
    was)."""
    from coursekit.book.glue import GLUED_DIR

    return None if GLUED_DIR.is_relative_to(root.resolve()) else root / "_build" / "glued"


def build_book(root: Path | None = None, *, no_solutions: bool = False, echo: bool = True,
               pdf: bool = False) -> BuildResult:
    """Build the book (or its no-solutions edition) and return where the HTML is.

    With `pdf`, the built HTML is also printed to ``_build/pdf/book.pdf`` (see
    `coursekit.book.pdf`). The HTML folder is emptied first, so that no file of an older build
    (an old page, a copy of a source) is published with this one; the execution cache and
    Sphinx's environment are kept, so nothing is re-executed for it.
    """
    require_book_extra()
    root = find_root(root)
    config, path_output = root / "_config.yml", None
    html_dir = root / "_build" / "html"
    if no_solutions:
        path_output = root / "_build" / "no-solutions"
        config = _no_solutions_config(root, path_output / "_config.yml")
        html_dir = path_output / "_build" / "html"
    shutil.rmtree(html_dir, ignore_errors=True)  # never publish a file left by an older build
    env = {**os.environ, "COURSEKIT_PROGRESS": "off", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    env.pop("MPLBACKEND", None)  # a non-interactive backend would drop every figure from the book
    lines = []
    with subprocess.Popen(_command(root, config, path_output), cwd=root, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if echo:
                sys.stdout.write(line)
    log = "".join(lines)
    if proc.wait() != 0:
        report = _keep_report(log, html_dir.parent / "reports")
        raise BuildError(f"{_failure_summary(log)} (full log: {report})")
    from coursekit.book.glue import record_lessons  # learner notebooks ship what it computed

    record_lessons(root, root / "_build" / ".jupyter_cache", glued_folder(root))
    printed = None
    if pdf:
        from coursekit.book.pdf import write_pdf

        printed = write_pdf(root, html_dir)
    return BuildResult(html_dir, log, printed)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _keep_report(log: str, folder: Path) -> Path:
    """Keep the whole build log (tracebacks included) where the failure message points."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "build-failure.log"
    path.write_text(_ANSI.sub("", log), encoding="utf-8")
    return path


def _failure_summary(log: str) -> str:
    """One line naming what failed: the notebook and cell, or the first warning."""
    clean = _ANSI.sub("", log)
    cell = _failing_cell(clean)
    if cell:
        return cell
    warnings = [ln.strip() for ln in clean.splitlines() if "WARNING:" in ln or "ERROR:" in ln]
    if warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        return f"book build failed: {warnings[0]}{more}"
    tail = [ln.strip() for ln in clean.splitlines() if ln.strip()]
    return f"book build failed: {tail[-1] if tail else 'no output'}"


def _failing_cell(log: str) -> str | None:
    match = re.search(r"(\S+\.ipynb): (?:WARNING: )?Executing notebook failed", log)
    if not match:
        return None
    notebook = match.group(1)
    section = log[match.end():]
    block = re.search(r"the following cell:\n-+\n(.*?)\n-+\n", section, re.S)
    error = _last_error_line(section[block.end():] if block else section)
    where = ""
    if block:
        source = block.group(1).strip()
        number = _cell_number(Path(notebook), source)
        first = source.splitlines()[0] if source else ""
        where = f", cell {number}" if number else ""
        where += f" (`{first[:60]}`)"
    return f"notebook {notebook} failed{where}: {error}"


def _cell_number(notebook: Path, source: str) -> int | None:
    """1-based position of the cell with this source in the notebook, if it can be found."""
    import nbformat

    try:
        cells = nbformat.read(str(notebook), as_version=4).cells
    except Exception:
        return None
    for index, cell in enumerate(cells, start=1):
        if cell.source.strip() == source:
            return index
    return None


def _last_error_line(text: str) -> str:
    """The first `SomeError: message` line after the cell's traceback header."""
    for line in _ANSI.sub("", text).splitlines():
        if re.match(r"^[A-Za-z_.]*(Error|Exception|Interrupt|Exit)\b:?.*", line.strip()) \
                and "Traceback" not in line and "CellExecutionError" not in line:
            return line.strip()[:200]
    return "a cell raised an exception"

"""The strict book build: failures name the notebook and cell, warnings fail, the cache works."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
import yaml

from coursekit.lessons.authoring import new_lesson_notebook

from ..conftest import REPO

pytestmark = pytest.mark.slow


def mini_book(root: Path, cells: list[str], intro: str = "# Home\n\nWelcome.\n") -> Path:
    """A one-chapter book with the real _config.yml, in a temporary folder."""
    import shutil

    (root / "book").mkdir(parents=True)
    shutil.copytree(REPO / "book" / "_static", root / "book" / "_static")
    (root / "notebooks").mkdir()
    (root / "_config.yml").write_text((REPO / "_config.yml").read_text())
    for bib in (REPO / "book").glob("references*.bib"):
        (root / "book" / bib.name).write_text(bib.read_text())
    (root / "book" / "intro.md").write_text(intro)
    (root / "book" / "_toc.yml").write_text(yaml.safe_dump(
        {"format": "jb-book", "root": "book/intro",
         "chapters": [{"file": "notebooks/99-mini"}]}))
    md = nbformat.v4.new_markdown_cell("# Mini chapter\n\nText.")
    code = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(new_lesson_notebook("99-mini", "1", [md, *code]),
                   str(root / "notebooks" / "99-mini.ipynb"))
    return root


def run_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coursekit", "build", "--root", str(root),
                           *extra], capture_output=True, text=True, timeout=600)


def test_failing_cell_fails_the_build_and_names_notebook_and_cell(tmp_path: Path) -> None:
    root = mini_book(tmp_path, ["x = 1", "turnout = 1 / 0  # the broken cell", "y = 2"])
    result = run_build(root)
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: ")
    assert "99-mini.ipynb" in error
    assert "cell 3" in error and "turnout = 1 / 0" in error
    assert "ZeroDivisionError: division by zero" in error
    assert (root / "_build" / "reports" / "build-failure.log").is_file()


def test_sphinx_warning_fails_the_build(tmp_path: Path) -> None:
    root = mini_book(tmp_path, ["x = 1"],
                     intro="# Home\n\nSee {ref}`a-label-that-does-not-exist`.\n")
    result = run_build(root)
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert "a-label-that-does-not-exist" in error and "WARNING" in error


def test_rebuild_with_nothing_changed_executes_no_notebook(tmp_path: Path) -> None:
    root = mini_book(tmp_path, ["import time", "x = sum(range(10))"])
    first = run_build(root)
    assert first.returncode == 0, first.stderr
    assert "Executing notebook" in first.stdout
    second = run_build(root)
    assert second.returncode == 0, second.stderr
    assert "Executing notebook" not in second.stdout
    assert (root / "_build" / "html" / "index.html").is_file()


def test_a_build_of_another_book_records_its_values_beside_it_not_in_the_package(
        tmp_path: Path) -> None:
    from coursekit.book.build import glued_folder
    from coursekit.book.glue import GLUED_DIR

    assert glued_folder(REPO) is None  # this checkout: its values ship with the package
    root = mini_book(tmp_path, ["from coursekit.book.glue import glue", "glue('n', 42)"])
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "_build" / "glued" / "99-mini.json").is_file()
    assert not (GLUED_DIR / "99-mini.json").exists()


def test_build_without_book_extras_names_the_install_command(tmp_path: Path) -> None:
    hide = textwrap.dedent("""
        import importlib.abc, sys
        class Hide(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"jupyter_book", "myst_nb", "sphinx_exercise"}:
                    raise ModuleNotFoundError(name)
        sys.meta_path.insert(0, Hide())
        from coursekit.cli import main
        sys.exit(main(["build"]))
    """)
    result = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "pip install -e '.[book]'" in lines[0]


def test_every_toc_entry_produced_a_page(built_book: Path) -> None:
    toc = yaml.safe_load((built_book / "book" / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", [{"chapters": toc.get("chapters", [])}]):
        files += [c["file"] for c in part["chapters"]]
    html = built_book / "_build" / "html"
    assert (html / "index.html").is_file()
    for name in files:
        assert (html / f"{name}.html").is_file(), f"no page for toc entry {name}"

"""Discover: every kind of broken file becomes one Unreadable with a reason; good ones load."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coursekit.errors import UsageError
from coursekit.grading.discover import (
    Candidate,
    Loaded,
    Unreadable,
    find_submissions,
    load_submission,
)
from tests.grading.pipeline_helpers import released, write


def load(path: Path, **kw: int) -> Loaded | Unreadable:
    return load_submission(Candidate(path.stem, path), **kw)


def reason(path: Path, **kw: int) -> str:
    result = load(path, **kw)
    assert isinstance(result, Unreadable), f"{path.name} loaded"
    return result.reason


def test_a_released_notebook_loads_as_plain_data(tmp_path: Path) -> None:
    result = load(write(tmp_path / "ana.ipynb", released()))
    assert isinstance(result, Loaded)
    assert result.learner == "ana" and len(result.sha256) == 64
    assert type(result.notebook) is dict


def test_the_hash_is_of_the_bytes(tmp_path: Path) -> None:
    a = write(tmp_path / "a.ipynb", released())
    b = tmp_path / "b.ipynb"
    b.write_bytes(a.read_bytes())
    assert load(a).sha256 == load(b).sha256
    b.write_bytes(a.read_bytes() + b"\n")
    assert load(a).sha256 != load(b).sha256


@pytest.mark.parametrize("content, expected", [
    (b"this is not json", "not valid JSON"),
    (b'{"nbformat": 4, "cells": [', "not valid JSON"),
    (b"[1, 2, 3]", "top level is an array"),
    (b'"a string"', "top level is a string"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}).encode(), "nbformat 3"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (('{"nbformat": 4, "a": ' + "[" * 70 + "]" * 70 + "}").encode(), "nested too deeply"),
    (b"", "empty"),
    (b"  \n ", "empty"),
    (b'{"nbformat": 4, "\xff\xfe": 1}', "not valid UTF-8"),
    (b'{"nbformat": 4, "x": "\x00"}', "NUL byte"),
    (b'{"cells": []}', "no nbformat version"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [{"cell_type": "code"}]}).encode(), "not a valid notebook"),
])
def test_broken_files_are_unreadable_with_a_reason(tmp_path: Path, content: bytes,
                                                   expected: str) -> None:
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    assert expected in reason(path)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.ipynb"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: nothing is read if the limit is checked first
    assert "too large" in reason(path)
    small = write(tmp_path / "small.ipynb", released())
    assert "too large" in reason(small, max_bytes=100)


def test_a_directory_a_symlink_and_a_fifo_are_unreadable(tmp_path: Path) -> None:
    target = write(tmp_path / "real.ipynb", released())
    (tmp_path / "dir.ipynb").mkdir()
    (tmp_path / "link.ipynb").symlink_to(target)
    os.mkfifo(tmp_path / "fifo.ipynb")
    assert "directory" in reason(tmp_path / "dir.ipynb")
    assert "symbolic link" in reason(tmp_path / "link.ipynb")
    assert "not a regular file" in reason(tmp_path / "fifo.ipynb")


def test_a_dangling_symlink_is_unreadable_not_an_error(tmp_path: Path) -> None:
    (tmp_path / "gone.ipynb").symlink_to(tmp_path / "nowhere")
    found = find_submissions([tmp_path])
    assert [c.learner for c in found] == ["gone"]
    assert "symbolic link" in reason(found[0].path)


def test_unreadable_hashes_differ_per_learner(tmp_path: Path) -> None:
    (tmp_path / "a.ipynb").mkdir()
    (tmp_path / "b.ipynb").mkdir()
    assert load(tmp_path / "a.ipynb").sha256 != load(tmp_path / "b.ipynb").sha256


def test_a_folder_gives_its_notebooks_sorted_not_recursively(tmp_path: Path) -> None:
    for name in ["zoe.ipynb", "ana.ipynb", ".hidden.ipynb", "notes.txt"]:
        (tmp_path / name).write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.ipynb").write_text("{}")
    assert [c.learner for c in find_submissions([tmp_path])] == ["ana", "zoe"]


def test_files_and_folders_mix_and_repeats_count_once(tmp_path: Path) -> None:
    (tmp_path / "ana.ipynb").write_text("{}")
    other = tmp_path / "other"
    other.mkdir()
    (other / "bo.ipynb").write_text("{}")
    found = find_submissions([tmp_path / "ana.ipynb", other, tmp_path / "ana.ipynb"])
    assert [c.learner for c in found] == ["ana", "bo"]


def test_two_submissions_with_one_learner_id_stop_the_command(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ana.ipynb").write_text("{}")
    with pytest.raises(UsageError, match="ana"):
        find_submissions([tmp_path / "a", tmp_path / "b"])


def test_a_missing_path_stops_the_command(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        find_submissions([tmp_path / "nope"])


def test_a_notebook_without_cell_ids_gets_them_as_nbformat_would(tmp_path: Path) -> None:
    nb = released()
    for cell in nb["cells"]:
        del cell["id"]
    result = load(write(tmp_path / "a.ipynb", nb))
    assert isinstance(result, Loaded)
    assert all(cell["id"] for cell in result.notebook["cells"])

"""Discover: every kind of broken file becomes one Unreadable with a reason; good ones load."""

from __future__ import annotations

import json
import os
import zipfile
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


def test_a_folder_gives_its_notebooks_at_any_depth_a_folder_per_learner(tmp_path: Path) -> None:
    for name in ["zoe.ipynb", "ana.ipynb", ".hidden.ipynb", "notes.txt"]:
        (tmp_path / name).write_text("{}")
    for folder in ("bo", "cy/week1", ".ipynb_checkpoints", "__MACOSX"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "lesson.ipynb").write_text("{}")
    found = find_submissions([tmp_path])
    assert [c.learner for c in found] == ["ana", "bo", "cy", "zoe"]
    assert found[2].path == tmp_path / "cy" / "week1" / "lesson.ipynb"


def test_an_empty_folder_stops_the_command_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a notebook")
    with pytest.raises(UsageError, match=r"no submissions found in .*no \*\.ipynb file"):
        find_submissions([tmp_path])


def test_canvas_download_names_give_name_and_user_id(tmp_path: Path) -> None:
    for name in ["doejane_12345_6789012_01-is-it-cheating.ipynb",
                 "smithjohn_late_23456_7890123_lesson-1.ipynb",
                 "leeann_LATE_34567_8901234_x.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert [c.learner for c in find_submissions([tmp_path])] == [
        "doejane_12345", "leeann_34567", "smithjohn_23456"]


def test_moodle_download_names_flat_and_in_folders(tmp_path: Path) -> None:
    (tmp_path / "Jane Doe_123_assignsubmission_file_lesson.ipynb").write_text("{}")
    folder = tmp_path / "Zoë O'Brien_456_assignsubmission_file_"
    folder.mkdir()
    (folder / "lesson01.ipynb").write_text("{}")
    assert [c.learner for c in find_submissions([tmp_path])] == ["Jane Doe_123",
                                                                "Zoë O'Brien_456"]


def test_a_zip_of_submissions_is_read_without_extracting(tmp_path: Path) -> None:
    nb = json.dumps(released()).encode()
    archive = tmp_path / "subs.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("submissions/Jane Doe_1_assignsubmission_file_/lesson.ipynb", nb)
        z.writestr("submissions/Sam Roe_2_assignsubmission_file_/lesson.ipynb", nb)
        z.writestr("submissions/__MACOSX/._x.ipynb", b"junk")
        z.writestr("submissions/readme.txt", b"hello")
    found = find_submissions([archive])
    assert [c.learner for c in found] == ["Jane Doe_1", "Sam Roe_2"]
    assert found[0].where.endswith("subs.zip/submissions/Jane Doe_1_assignsubmission_file_/"
                                   "lesson.ipynb")
    loaded = load_submission(found[0])
    assert isinstance(loaded, Loaded) and loaded.notebook["nbformat"] == 4


def test_a_zip_member_over_the_limit_or_broken_is_unreadable(tmp_path: Path) -> None:
    archive = tmp_path / "subs.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.ipynb", b" " * 3_000_000)
        z.writestr("text.ipynb", b"not json")
    big, text = find_submissions([archive])
    assert "too large" in load_submission(big, max_bytes=1_000_000).reason
    assert "not valid JSON" in load_submission(text).reason


def test_a_file_that_is_not_a_zip_stops_the_command(tmp_path: Path) -> None:
    (tmp_path / "subs.zip").write_text("not a zip")
    with pytest.raises(UsageError, match=r"cannot read .*subs\.zip as a zip"):
        find_submissions([tmp_path / "subs.zip"])


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

"""Every command has help text and appears in the README; errors are one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.cli import build_parser, main

from .conftest import REPO


def commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return list(sub.choices)


def test_expected_commands_exist() -> None:
    assert {"build", "serve", "release", "progress"} <= set(commands())


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: coursekit {command}" in out
    description = out.split("\n\n")[1].strip()
    assert len(description) > 20, f"{command} needs a description"


@pytest.mark.parametrize("command", commands())
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"coursekit {command}" in readme


def test_unknown_lesson_is_a_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "coursekit", "release", "--out",
                             str(tmp_path / "out"), "--lesson", "99-nope"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no lesson '99-nope'")
    assert result.stderr.strip().count("\n") == 0
    assert not (tmp_path / "out").exists()


def test_serve_without_a_build_is_a_one_line_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "coursekit", "serve", "--dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "build the book first" in result.stderr


def test_import_is_light() -> None:
    code = ("import sys, coursekit; heavy = [m for m in ('pandas', 'numpy', 'nbformat', "
            "'IPython', 'sphinx') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_release_with_a_missing_cache_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "coursekit", "release", "--out",
                             str(tmp_path / "out"), "--executed-cache", str(tmp_path / "nope")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == f"Error: --executed-cache {tmp_path / 'nope'}: no such folder"
    assert not (tmp_path / "out").exists()

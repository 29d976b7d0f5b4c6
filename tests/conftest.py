"""Shared test setup: a private progress store for every test; private copies of the book."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _private_coursekit_home(tmp_path_factory: pytest.TempPathFactory,
                            monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes learner progress into its own folder, never the user's."""
    home = tmp_path_factory.mktemp("coursekit-home")
    monkeypatch.setenv("COURSEKIT_HOME", str(home))
    return home


BOOK_SOURCES = ("_config.yml", "book", "notebooks")


def copy_book(target: Path) -> Path:
    """A private copy of the book's sources, so builds in tests never touch the repo's _build."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    for name in BOOK_SOURCES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns(
                ".ipynb_checkpoints", "__pycache__"))
        else:
            shutil.copy2(src, target / name)
    return target


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book, built once per test session from a copy; returns its root folder."""
    from coursekit.book.build import build_book

    root = copy_book(tmp_path_factory.mktemp("book"))
    build_book(root, echo=False)
    return root


@pytest.fixture(scope="session")
def built_book_no_solutions(built_book: Path) -> Path:
    """The no-solutions edition of the same copy (reuses the execution cache)."""
    from coursekit.book.build import build_book

    return build_book(built_book, no_solutions=True, echo=False).html_dir


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright, launched once for the whole session.

    Playwright's sync API allows one running instance per process, so every browser test uses
    this one. Missing Chromium skips the test locally but fails it under CI, where it must run.
    """
    from .browser.conftest import require_browser
    from .browser.visit import CHROMIUM, CHROMIUM_ARGS

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()

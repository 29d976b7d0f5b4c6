"""The built site as the browser tests see it: which pages it has and what is on them.

Everything here reads the built HTML files (no browser), so that the tests can be
parametrised over the pages, solutions and explorers that the build actually produced.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

#: Folders of the build that hold assets or sources, not pages.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads", "reports", "jupyter_execute")

EXPLORER_CLASS = "coursekit-explorer"
EXPLORER_ATTR = "data-coursekit-explorer"
_WIDGET_STATE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.DOTALL)


@dataclass
class BuiltSite:
    """A built book: its HTML folder, the build's error (if any) and its pages."""

    html_dir: Path | None
    build_error: str | None = None
    report_dir: Path | None = None
    pages: list[str] = field(default_factory=list)
    editions: dict[str, Path] = field(default_factory=dict)
    """Edition ("default", "no-solutions") -> its HTML folder."""


def discover_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the site, as paths relative to `html_dir` (``book/intro.html``)."""
    pages = []
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir)
        if rel.parts[0] in NOT_PAGES:
            continue
        pages.append(rel.as_posix())
    return pages


def page_text(html_dir: Path, page: str) -> str:
    """The HTML source of one page."""
    return (html_dir / page).read_text(encoding="utf-8")


def count_solutions(html: str) -> int:
    """How many collapsible solutions (sphinx-exercise dropdowns) the page holds."""
    return len(re.findall(r'class="solution dropdown[^"]*admonition', html))


def count_explorers(html: str) -> int:
    """How many interactive explorers the page holds.

    An explorer is an element with the ``data-coursekit-explorer`` attribute (self-contained
    HTML/JS) or an ipywidgets box with the ``coursekit-explorer`` class (saved widget state).
    """
    finder = _ExplorerFinder()
    finder.feed(html)
    found = finder.found
    for state in _WIDGET_STATE.findall(html):
        models = json.loads(state).get("state", {})
        found += sum(EXPLORER_CLASS in model.get("state", {}).get("_dom_classes", [])
                     for model in models.values())
    return found


class _ExplorerFinder(HTMLParser):
    """Counts elements carrying the explorer attribute (not its mentions in code listings)."""

    def __init__(self) -> None:
        super().__init__()
        self.found = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(name == EXPLORER_ATTR for name, _ in attrs):
            self.found += 1


def lesson_pages(pages: list[str]) -> list[str]:
    """The pages built from lesson notebooks."""
    return [page for page in pages if page.startswith("notebooks/")]

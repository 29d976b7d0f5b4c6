"""Browser tests: the built book, page by page, in Debian's Chromium through Playwright.

The book is built ONCE per session, both editions (with solutions, and ``--no-solutions``), from
a copy of its sources in a private temporary folder (never the repository's ``_build``), when the
browser tests are collected: the tests are parametrised over the pages, solutions and explorers
that this build produced. Each edition is served by ``coursekit.book.serve.make_server`` on
127.0.0.1 in a thread. Every page is visited once per variant — edition × phone (390×844) or
desktop (1280×800) × the system in light or dark mode — in a fresh browser context; the per-page
tests assert on that visit. The weight (raw and gzip bytes, requests) and load time of every
visit go into ``_build/browser-report.json`` of the temporary build and into a table at the end
of the run, with the path of the screenshots.

Without Chromium or Playwright the tests are skipped, except under CI (``CI=true``), where they
fail and say what to install. ``COURSEKIT_BROWSER_HTML=/path/to/_build/html`` tests an existing
build instead of building (for quick iteration; CI always builds), with
``COURSEKIT_BROWSER_HTML_NO_SOLUTIONS`` for the other edition (without it, that edition is not
visited).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .site import BuiltSite, count_explorers, count_solutions, discover_pages, page_text
from .visit import CHROMIUM, MODES, VIEWPORTS, PageVisit, visit_page

NO_SITE = "<no built site>"
NONE_FOUND = "<none found>"
TARGET_BYTES = 1_200_000         # raw bytes a page may load (HTML, CSS, JS, fonts, images)
TARGET_GZIP_BYTES = 400_000      # the same, as a host that gzips text would send it
TARGET_MS = 500.0                # first load on localhost (reported, never asserted: noisy)
EDITIONS = ("default", "no-solutions")
_SITE = pytest.StashKey[BuiltSite]()
_VISITS = pytest.StashKey[dict[str, PageVisit]]()


def in_ci() -> bool:
    """True when running under CI (``CI`` set to anything but empty/0/false/no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (pip install -e '.[test]')"
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} not found (apt-get install chromium, or set COURSEKIT_CHROMIUM)"
    return None


def require_browser() -> None:
    """Skip when the browser is missing, but fail under CI: there it must really run."""
    reason = browser_missing()
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"browser tests must run under CI but cannot: {reason}", pytrace=False)
    pytest.skip(reason)


def _selected(config: pytest.Config) -> bool:
    """False when a -m expression deselects browser tests: then nothing is built."""
    expr = config.getoption("markexpr", "") or ""
    if not expr:
        return True
    from _pytest.mark.expression import Expression

    def has(name: str, **kwargs: Any) -> bool:
        return name in ("browser", "slow")

    return Expression.compile(expr).evaluate(has)


def _temp_dir(config: pytest.Config) -> Path:
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is not None:
        return factory.mktemp("browser-book")
    import tempfile

    return Path(tempfile.mkdtemp(prefix="coursekit-browser-"))


def _build(config: pytest.Config) -> BuiltSite:
    """Build the book from a private copy (or take COURSEKIT_BROWSER_HTML) and list its pages."""
    given = os.environ.get("COURSEKIT_BROWSER_HTML")
    if given:
        html_dir = Path(given).resolve()
        site = BuiltSite(html_dir, report_dir=_temp_dir(config))
        other = os.environ.get("COURSEKIT_BROWSER_HTML_NO_SOLUTIONS")
        if other:
            site.editions["no-solutions"] = Path(other).resolve()
    else:
        from coursekit.book.build import build_book
        from coursekit.errors import CoursekitError

        from ..conftest import copy_book

        root = copy_book(_temp_dir(config) / "book")
        site = BuiltSite(root / "_build" / "html", report_dir=root / "_build")
        backend = os.environ.pop("MPLBACKEND", None)  # tests set Agg; the book draws inline
        try:
            build_book(root, echo=False)
            site.editions["no-solutions"] = build_book(root, no_solutions=True,
                                                       echo=False).html_dir
        except CoursekitError as exc:
            site.build_error = str(exc)
        finally:
            if backend is not None:
                os.environ["MPLBACKEND"] = backend
    if site.html_dir is not None and (site.html_dir / "index.html").is_file():
        site.pages = discover_pages(site.html_dir)
        site.editions["default"] = site.html_dir
    return site


def built_site(config: pytest.Config) -> BuiltSite:
    """The session's built site (built on first use)."""
    if _SITE not in config.stash:
        if browser_missing() is not None:
            config.stash[_SITE] = BuiltSite(None, build_error=browser_missing())
        else:
            config.stash[_SITE] = _build(config)
    return config.stash[_SITE]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise over what the build produced: pages, pages with solutions, explorers."""
    wanted = {"page_path", "solution_page", "explorer"} & set(metafunc.fixturenames)
    if not wanted:
        return
    if not _selected(metafunc.config):
        for name in sorted(wanted):  # deselected anyway: do not build for nothing
            metafunc.parametrize(name, [NO_SITE])
        return
    site = built_site(metafunc.config)
    pages = site.pages or [NO_SITE]
    if "page_path" in wanted:
        variants = [f"{edition}/{size}/{mode}/{page}" for edition in EDITIONS
                    if edition in site.editions or edition == "default"
                    for size in VIEWPORTS for mode in MODES for page in pages]
        metafunc.parametrize("page_path", variants)
    if "solution_page" in wanted:
        found = [p for p in site.pages if count_solutions(page_text(site.html_dir, p))]
        metafunc.parametrize("solution_page", found or [NONE_FOUND])
    if "explorer" in wanted:
        explorers = [f"{p}#{i}" for p in site.pages
                     for i in range(count_explorers(page_text(site.html_dir, p)))]
        metafunc.parametrize("explorer", explorers or [NONE_FOUND])


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> BuiltSite:
    """The built site; fails (with the build's error) when no page was built."""
    require_browser()
    built = built_site(request.config)
    if not built.pages:
        pytest.fail(f"the book produced no site to test: {built.build_error}", pytrace=False)
    return built


@pytest.fixture(scope="session")
def origins(site: BuiltSite) -> Iterator[dict[str, str]]:
    """Each edition served on 127.0.0.1 in a thread: edition -> ``http://127.0.0.1:PORT``."""
    from coursekit.book.serve import make_server

    servers = {edition: make_server(html, 0) for edition, html in site.editions.items()}
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {edition: f"http://127.0.0.1:{server.server_address[1]}"
           for edition, server in servers.items()}
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def origin(origins: dict[str, str]) -> str:
    """The origin of the book with solutions."""
    return origins["default"]


@pytest.fixture(scope="session")
def browser(site: BuiltSite, chromium: Any) -> Any:
    """Debian's Chromium (the session-wide instance from tests/conftest.py)."""
    return chromium


@pytest.fixture(scope="session")
def screenshot_dir(site: BuiltSite) -> Path:
    """Where each page's full-page screenshot goes."""
    assert site.report_dir is not None
    folder = site.report_dir / "browser-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def visit(request: pytest.FixtureRequest, browser: Any, origins: dict[str, str],
          screenshot_dir: Path, page_path: str) -> PageVisit:
    """The recorded visit of `page_path`, ``edition/size/mode/page`` (each once per session)."""
    visits = request.config.stash.setdefault(_VISITS, {})
    if page_path not in visits:
        edition, size, mode, page = page_path.split("/", 3)
        if edition not in origins:
            pytest.fail(f"the {edition} edition was not built", pytrace=False)
        visits[page_path] = visit_page(browser, origins[edition], page, screenshot_dir,
                                       size=size, mode=mode, edition=edition)
    return visits[page_path]


@pytest.fixture
def fresh_page(browser: Any, origin: str) -> Iterator[Any]:
    """A page in a fresh browser context for interaction tests (off-site requests aborted)."""
    from .visit import guard_network, new_context

    context = new_context(browser)
    foreign: list[str] = []
    guard_network(context, origin, foreign)
    page = context.new_page()
    yield page
    context.close()
    assert not foreign, f"requests left the local server: {foreign}"


def _write_report(config: pytest.Config) -> tuple[Path, list[PageVisit]] | None:
    visits = config.stash.get(_VISITS, {})
    site = config.stash.get(_SITE, None)
    if not visits or site is None or site.report_dir is None:
        return None
    ordered = [visits[p] for p in sorted(visits, key=lambda k: (k.split("/", 3)[3], k))]
    report = site.report_dir / "browser-report.json"
    report.write_text(json.dumps({
        "html_dir": str(site.html_dir),
        "targets": {"bytes": TARGET_BYTES, "gzip_bytes": TARGET_GZIP_BYTES,
                    "load_ms": TARGET_MS},
        "pages": [v.report_row() for v in ordered]}, indent=2), encoding="utf-8")
    return report, ordered


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config
                            ) -> None:
    """Print each visit's weight and load time, and where the report is."""
    written = _write_report(config)
    if written is None:
        return
    report, visits = written
    tr = terminalreporter
    tr.section(f"browser: page weight and load time (targets: raw <= {TARGET_BYTES / 1e6:.1f} "
               f"MB, gzip <= {TARGET_GZIP_BYTES / 1e3:.0f} KB, load < {TARGET_MS:.0f} ms)")
    tr.write_line("raw KB = bytes transferred from the local server for the whole page, every "
                  "lazily loaded figure included (no compression); gzip KB = the same responses "
                  "gzipped, as a compressing static host would send them; first KB = raw bytes "
                  "of the first load; load ms = navigation start to the load event, fresh profile")
    tr.write_line(f"{'page':<36} {'variant':<26} {'raw KB':>7} {'gzip KB':>8} {'first KB':>9} "
                  f"{'reqs':>5} {'load ms':>8}")
    for v in visits:
        over = []
        if v.transferred_bytes > TARGET_BYTES or v.gzip_bytes > TARGET_GZIP_BYTES:
            over.append("OVER WEIGHT")
        if (v.load_ms or 0) > TARGET_MS:
            over.append("SLOW")
        load = f"{v.load_ms:.0f}" if v.load_ms is not None else "?"
        tr.write_line(f"{v.page:<36} {v.variant:<26} {v.transferred_bytes / 1e3:>7.0f} "
                      f"{v.gzip_bytes / 1e3:>8.0f} {v.first_load_bytes / 1e3:>9.0f} "
                      f"{len(v.requests):>5} {load:>8}  "
                      + " ".join(over))
    tr.write_line(f"report: {report}")
    tr.write_line(f"screenshots: {report.parent / 'browser-screenshots'}")

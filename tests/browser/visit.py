"""Open one page of the built book in Chromium and record what happened.

A visit uses a fresh browser context (an empty profile: no cache, no local storage, as a first
time reader has), records every request, console message and page error, waits until the
network is idle and the saved widgets have rendered, then measures, runs axe-core and takes a
screenshot. The tests assert on the recorded `PageVisit`; nothing is asserted here.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("COURSEKIT_CHROMIUM", "/usr/bin/chromium"))
# Every request that would leave the machine goes to a proxy that is not there (port 9) and fails
# at once inside Chromium, host names and IP addresses alike; the local server is reached
# directly (Chromium never proxies loopback). Nothing is intercepted on the way: the load times
# measured are the browser's own, not Playwright's routing.
NO_NETWORK = "--proxy-server=http://127.0.0.1:9"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", NO_NETWORK]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
VIEWPORT = VIEWPORTS["desktop"]
MODES = ("light", "dark")
SERIOUS = ("serious", "critical")
WIDGET_TIMEOUT_MS = 10_000
IDLE_TIMEOUT_MS = 20_000

_WIDGETS_RENDERED = """() => Array.from(document.querySelectorAll(
  'script[type="application/vnd.jupyter.widget-view+json"]')).every(s => {
    const area = s.previousElementSibling;
    return area && area.classList.contains('widget-subarea') && area.children.length > 0;
})"""

_WIDGET_PROBLEMS = """() => {
  const problems = [];
  const views = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"]');
  views.forEach((s, i) => {
    const area = s.previousElementSibling;
    if (!area || !area.classList.contains('widget-subarea')) {
      problems.push(`widget ${i + 1} of ${views.length} was not rendered`);
      return;
    }
    const box = area.getBoundingClientRect();
    const shown = area.checkVisibility ? area.checkVisibility() : true;
    if (area.children.length === 0 || (shown && (box.width === 0 || box.height === 0)))
      problems.push(`widget ${i + 1} of ${views.length} left an empty area`);
  });
  const text = document.body.innerText;
  for (const placeholder of ['Loading widget...', 'Error displaying widget'])
    if (text.includes(placeholder)) problems.push(`the page shows "${placeholder}"`);
  return problems;
}"""

_IMAGES_WITHOUT_ALT = """() => Array.from(document.images).filter(img => {
  if (img.getAttribute('role') === 'presentation' || img.getAttribute('aria-hidden') === 'true')
    return false;
  const alt = (img.getAttribute('alt') || '').trim();
  const file = (img.getAttribute('src') || '').split('/').pop().split('?')[0];
  return !alt || alt === file || /\\.(png|jpe?g|gif|svg|webp)$/i.test(alt);
}).map(img => img.getAttribute('src'))"""

_SIDEWAYS_PX = """() => Math.max(0,
  document.documentElement.scrollWidth - document.documentElement.clientWidth)"""

LOAD_EVERY_IMAGE = """async () => {
  document.querySelectorAll('img[loading="lazy"]').forEach(img => { img.loading = 'eager'; });
  await Promise.all(Array.from(document.images).map(img => img.complete ? null
    : new Promise(done => {
        img.addEventListener('load', done);
        img.addEventListener('error', done);
      })));
}"""

_LOAD_MS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav ? nav.loadEventEnd - nav.startTime : null;
}"""


@dataclass
class PageVisit:
    """What one page did in Chromium."""

    page: str
    url: str
    variant: str = "desktop/light"
    status: int | None = None
    bad_responses: list[str] = field(default_factory=list)
    sideways_px: int = 0
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    transferred_bytes: int = 0     # the whole page, every lazy figure included
    gzip_bytes: int = 0
    first_load_bytes: int = 0      # what the first screen's load fetched
    load_ms: float | None = None
    widget_problems: list[str] = field(default_factory=list)
    widget_views: int = 0
    images_without_alt: list[str] = field(default_factory=list)
    axe_violations: list[dict[str, Any]] = field(default_factory=list)
    screenshot: str | None = None

    def violations(self) -> list[str]:
        """axe-core's violations of any impact, one line each with where they are."""
        return [f"{v['id']} ({v['impact']}): {v['help']} — at "
                + ", ".join(" ".join(n["target"]) if isinstance(n["target"], list)
                            else str(n["target"]) for n in v["nodes"][:5])
                for v in self.axe_violations]

    def serious_violations(self) -> list[str]:
        """The serious and critical ones among `violations`."""
        serious = [v for v in self.axe_violations if v.get("impact") in SERIOUS]
        return [line for line, v in zip(self.violations(), self.axe_violations, strict=True)
                if v in serious]

    def report_row(self) -> dict[str, Any]:
        """The figures that go into the JSON report."""
        row = asdict(self)
        row.pop("axe_violations")
        row["requests"] = len(self.requests)
        row["violations"] = len(self.violations())
        return row


def is_local(url: str, origin: str) -> bool:
    """True for a request the page may make: to the local server, or never leaving the page."""
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" == origin


def new_context(browser: Any, size: str = "desktop", mode: str = "light", **options: Any) -> Any:
    """A fresh browser context: empty profile, a phone or desktop viewport (touch on a phone),
    the system colour scheme `mode`, reduced motion."""
    phone = size == "phone"
    options = {"viewport": VIEWPORTS[size], **options}
    return browser.new_context(color_scheme=mode, reduced_motion="reduce", has_touch=phone,
                               is_mobile=phone, **options)


def guard_network(context: Any, origin: str, foreign: list[str]) -> None:
    """Record every request that would leave the local server (Chromium, launched with
    `CHROMIUM_ARGS`, fails it: see `NO_NETWORK`)."""
    def record(request: Any) -> None:
        if not is_local(request.url, origin):
            foreign.append(request.url)

    context.on("request", record)


def visit_page(browser: Any, origin: str, page_path: str, screenshot_dir: Path,
               size: str = "desktop", mode: str = "light", edition: str = "default"
               ) -> PageVisit:
    """Load `page_path` from the server at `origin` in a `size` viewport with the system in
    colour `mode`, and record what happened."""
    from axe_playwright_python.sync_playwright import Axe

    visit = PageVisit(page=page_path, url=f"{origin}/{page_path}",
                      variant=f"{edition}/{size}/{mode}")
    context = new_context(browser, size, mode)
    guard_network(context, origin, visit.foreign_requests)
    page = context.new_page()
    finished: list[Any] = []
    def on_console(msg: Any) -> None:
        if msg.type == "error":
            visit.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
    pending: dict[str, float] = {}
    documents = [0]  # how many documents the tab has shown (a redirect page is one)
    issued_by: dict[Any, int] = {}
    failures: list[Any] = []

    def on_navigated(frame: Any) -> None:
        if frame == page.main_frame:
            documents[0] += 1

    def on_request(req: Any) -> None:
        visit.requests.append(req.url)
        pending[req.url] = time.monotonic()
        issued_by[req] = documents[0]

    def on_finished(req: Any) -> None:
        finished.append(req)
        pending.pop(req.url, None)

    def on_failed(req: Any) -> None:
        failures.append(req)
        pending.pop(req.url, None)

    page.on("framenavigated", on_navigated)
    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    page.on("requestfailed", on_failed)
    def on_response(response: Any) -> None:
        if response.status >= 400:
            visit.bad_responses.append(f"{response.url}: HTTP {response.status}")

    page.on("response", on_response)
    try:
        response = page.goto(visit.url, wait_until="load")
        visit.status = response.status if response else None
        _wait_for_network_idle(page, visit, pending)
        visit.load_ms = page.evaluate(_LOAD_MS)
        visit.first_load_bytes = sum(_response_bytes(req) for req in finished)
        page.evaluate(LOAD_EVERY_IMAGE)  # weigh the page a reader scrolls to the end of
        _wait_for_network_idle(page, visit, pending)
        # a request the browser dropped because its page had moved on (the front door's
        # redirect) did not fail; any other did
        visit.failed_requests += [f"{req.url}: {req.failure}" for req in failures
                                  if not (req.failure == "net::ERR_ABORTED"
                                          and issued_by.get(req, 0) < documents[0])]
        _wait_for_widgets(page)
        visit.widget_views = page.locator(
            'script[type="application/vnd.jupyter.widget-view+json"]').count()
        visit.widget_problems = page.evaluate(_WIDGET_PROBLEMS)
        visit.images_without_alt = page.evaluate(_IMAGES_WITHOUT_ALT)
        visit.sideways_px = int(page.evaluate(_SIDEWAYS_PX))
        # axe-core fetches stylesheets itself and resolves theme.css's relative @import against
        # the page, not the sheet (a 404 of its own making): stop listening to the console first.
        page.remove_listener("console", on_console)
        page.remove_listener("response", on_response)
        visit.axe_violations = Axe().run(page).response["violations"]
        visit.transferred_bytes = sum(_response_bytes(req) for req in finished)
        visit.gzip_bytes = sum(_gzip_bytes(req) for req in finished)
        name = f"{visit.variant}/{page_path}".replace("/", "__").removesuffix(".html")
        shot = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(shot))  # the first screen, as a reader sees it
        visit.screenshot = str(shot)
    finally:
        context.close()
    return visit


def _wait_for_network_idle(page: Any, visit: PageVisit, pending: dict[str, float]) -> None:
    """Wait until no request is in flight; one that never ends is recorded as failed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT_MS)
    except PlaywrightTimeout:
        visit.failed_requests += [f"{url}: still loading after {IDLE_TIMEOUT_MS / 1000:.0f} s"
                                  for url in pending] or [
            f"the network never went idle in {IDLE_TIMEOUT_MS / 1000:.0f} s"]


def _wait_for_widgets(page: Any) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_WIDGETS_RENDERED, timeout=WIDGET_TIMEOUT_MS)
    except PlaywrightTimeout:
        pass  # what did not render is reported by _WIDGET_PROBLEMS


_COMPRESSIBLE = ("text/", "javascript", "json", "svg", "xml")


def _gzip_bytes(request: Any) -> int:
    """What the response would weigh from a host that gzips text (as most static hosts do)."""
    import gzip

    from playwright.sync_api import Error as PlaywrightError

    response = request.response()
    if response is None:
        return 0
    kind = response.headers.get("content-type", "")
    try:
        body = response.body()
    except PlaywrightError:  # a page that redirected on: its body is gone, count it as sent
        return _response_bytes(request)
    if any(marker in kind for marker in _COMPRESSIBLE):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def _response_bytes(request: Any) -> int:
    sizes = request.sizes()
    return int(sizes.get("responseBodySize", 0)) + int(sizes.get("responseHeadersSize", 0))

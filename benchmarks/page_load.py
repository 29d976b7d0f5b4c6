"""First load of every page of the built book in Chromium, against a baseline site, side by side.

    python benchmarks/page_load.py [--html _build/html] [--baseline DIR] [-n 7]
                                   [--size desktop|phone]

Serves the built book (and, with ``--baseline``, another build of it, e.g. one made before a
change) on 127.0.0.1, then loads each page N times in a fresh browser context (an empty profile:
no cache, as a first-time reader) of the same Chromium, alternating site and baseline so that
both meet the same machine load. For each page it prints the median and the slowest of the N
load times (navigation start to the load event), the bytes fetched by that first load, and the
ratio to the baseline. The target for the book is a first load under 500 ms on localhost
(issue #15). A measurement, never a pass/fail test: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from coursekit.book.serve import make_server  # noqa: E402
from tests.browser.visit import CHROMIUM, CHROMIUM_ARGS, new_context  # noqa: E402

_LOAD = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const bytes = performance.getEntriesByType('resource')
    .reduce((sum, r) => sum + r.transferSize, nav.transferSize);
  return [nav.loadEventEnd - nav.startTime, bytes];
}"""


def pages(html: Path) -> list[str]:
    """The book's reading pages: the intro, every chapter and search (the front door,
    index.html, only redirects to the intro)."""
    found = ["book/intro.html", "search.html"]
    found += sorted(f"notebooks/{p.name}" for p in (html / "notebooks").glob("*.html"))
    return [p for p in found if (html / p).is_file()]


def serve(html: Path) -> str:
    server = make_server(html, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def first_load(browser: Any, url: str, size: str) -> tuple[float, int]:
    """One load of `url` in a fresh context: (milliseconds to the load event, bytes fetched)."""
    context = new_context(browser, size)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        ms, size_bytes = page.evaluate(_LOAD)
        return float(ms), int(size_bytes)
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--baseline", type=Path, help="another built site to compare with")
    parser.add_argument("-n", type=int, default=7, help="loads per page and site (default 7)")
    parser.add_argument("--size", choices=("desktop", "phone"), default="desktop")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sites = {"site": serve(args.html)}
    if args.baseline:
        sites["baseline"] = serve(args.baseline)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for site in sites.values():  # warm the server and the browser's own start-up
            first_load(browser, f"{site}/book/intro.html", args.size)
        print(f"{args.n} first loads per page, {args.size} viewport, fresh profile each")
        head = f"{'page':<42} {'median ms':>9} {'max ms':>7} {'KB':>6}"
        if args.baseline:
            head += f" | {'baseline ms':>11} {'max ms':>7} {'KB':>6} {'ratio':>6}"
        print(head)
        for page in pages(args.html):
            times: dict[str, list[float]] = {name: [] for name in sites}
            sizes: dict[str, int] = {}
            for _ in range(args.n):
                for name, site in sites.items():
                    ms, fetched = first_load(browser, f"{site}/{page}", args.size)
                    times[name].append(ms)
                    sizes[name] = fetched
            row = (f"{page:<42} {statistics.median(times['site']):>9.0f} "
                   f"{max(times['site']):>7.0f} {sizes['site'] / 1e3:>6.0f}")
            if args.baseline:
                base = statistics.median(times["baseline"])
                row += (f" | {base:>11.0f} {max(times['baseline']):>7.0f} "
                        f"{sizes['baseline'] / 1e3:>6.0f} "
                        f"{statistics.median(times['site']) / base:>6.2f}")
            print(row, flush=True)
        browser.close()


if __name__ == "__main__":
    main()

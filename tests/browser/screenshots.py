"""Retake the README's pictures of the built book (docs/img/) in Debian's Chromium.

    python -m tests.browser.screenshots [_build/html]

Serves the built site on 127.0.0.1 and saves: the home page (desktop), chapter 4 on a phone with
the chapter list open, a figure, an explorer and a table (each cropped to its element).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from coursekit.book.serve import make_server

from .visit import CHROMIUM, CHROMIUM_ARGS, LOAD_EVERY_IMAGE, new_context

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "docs" / "img"
CHAPTER = "notebooks/04-privacy.html"


def _page(browser: Any, origin: str, path: str, size: str) -> Any:
    context = new_context(browser, size, "light", device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{origin}/{path}", wait_until="networkidle")
    page.evaluate(LOAD_EVERY_IMAGE)  # figures load lazily: have them all before a picture
    return page


def take(html_dir: Path, out: Path = OUT) -> list[Path]:
    """Save the README's screenshots of the site in `html_dir` into `out`; return their paths."""
    from playwright.sync_api import sync_playwright

    server = make_server(html_dir, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        home = _page(browser, origin, "book/intro.html", "desktop")
        home.screenshot(path=str(out / "book-home.png"))
        phone = _page(browser, origin, CHAPTER, "phone")
        phone.locator("button.primary-toggle").tap()
        phone.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open")
        phone.wait_for_timeout(400)
        phone.screenshot(path=str(out / "phone-drawer.png"))
        page = _page(browser, origin, CHAPTER, "desktop")
        page.locator("figure:has(img[alt^='Horizontal bar chart'])").first.screenshot(
            path=str(out / "figure.png"))
        explorer = _page(browser, origin, CHAPTER, "phone").locator(
            "[data-coursekit-explorer]:visible").first
        explorer.scroll_into_view_if_needed()
        explorer.screenshot(path=str(out / "explorer.png"))
        table = _page(browser, origin, "notebooks/06-jobs-salaries.html", "desktop")
        narrow = table.locator("table.ck-table:not(.solution table)").filter(
            has=table.locator("thead th:nth-child(3)")).filter(
            has_not=table.locator("thead th:nth-child(6)")).first
        narrow.screenshot(path=str(out / "table.png"))
        browser.close()
        saved = [out / name for name in ("book-home.png", "phone-drawer.png", "figure.png",
                                          "explorer.png", "table.png")]
    server.shutdown()
    server.server_close()
    return saved


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "_build" / "html"
    for path in take(folder.resolve()):
        print(path)

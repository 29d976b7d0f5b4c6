"""The browser suite's network guard: a page that asks another host for anything is caught,
and the request goes nowhere (Chromium fails it; nothing is intercepted in between)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coursekit.book.serve import make_server

from .visit import guard_network, new_context

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="en"><title>t</title><body>
<img alt="a" src="http://example.com/a.png"><img alt="b" src="http://192.0.2.7/b.png">
<img alt="c" src="https://cdn.jsdelivr.net/c.png"><img alt="d" src="local.svg"></body></html>"""


@pytest.fixture
def tiny_site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "local.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8")
    server = make_server(tmp_path, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_off_site_requests_are_recorded_and_fail_while_local_ones_load(
        chromium: Any, tiny_site: str) -> None:
    context = new_context(chromium)
    foreign: list[str] = []
    guard_network(context, tiny_site, foreign)
    failed: list[str] = []
    loaded: list[str] = []
    page = context.new_page()
    page.on("requestfailed", lambda request: failed.append((request.url, request.failure)))
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(f"{tiny_site}/index.html")
    page.wait_for_load_state("networkidle")
    context.close()
    off_site = ["http://example.com/a.png", "http://192.0.2.7/b.png",
                "https://cdn.jsdelivr.net/c.png"]
    assert sorted(foreign) == sorted(off_site)
    # stopped inside Chromium by the proxy that is not there, before any name lookup
    assert sorted(failed) == sorted((url, "net::ERR_PROXY_CONNECTION_FAILED") for url in off_site)
    assert f"{tiny_site}/local.svg" in loaded

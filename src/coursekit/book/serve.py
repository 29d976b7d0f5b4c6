"""Serve the built book on 127.0.0.1 for a local preview."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from coursekit.errors import UsageError

__all__ = ["make_server"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(html_dir: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `html_dir` bound to 127.0.0.1 (port 0 picks a free port)."""
    if not (html_dir / "index.html").is_file():
        raise UsageError(f"{html_dir} has no index.html: build the book first (coursekit build)")
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None

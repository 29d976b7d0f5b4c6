"""Serve the built book on 127.0.0.1 for a local preview."""

from __future__ import annotations

import functools
import http.server
import socket
import sys
from pathlib import Path
from typing import Any

from coursekit.errors import UsageError

__all__ = ["make_server"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket],
                     client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the reader moved on before a file was sent: nothing went wrong
        super().handle_error(request, client_address)


def make_server(html_dir: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `html_dir` bound to 127.0.0.1 (port 0 picks a free port)."""
    if not (html_dir / "index.html").is_file():
        raise UsageError(f"{html_dir} has no index.html: build the book first (coursekit build)")
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    try:
        return _PreviewServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from None

"""The preview server (coursekit serve, and the browser suite's server)."""

from __future__ import annotations

import http.server
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursekit.book.serve import make_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[http.server.ThreadingHTTPServer]:
    (tmp_path / "index.html").write_text("<p>book</p>", encoding="utf-8")
    made = make_server(tmp_path, 0)
    yield made
    made.server_close()


Server = http.server.ThreadingHTTPServer


def _fail_with(server: Server, error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        server.handle_error(None, ("127.0.0.1", 1))  # type: ignore[arg-type]


def test_a_reader_leaving_mid_file_prints_nothing(server: Server,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
        _fail_with(server, error)
    assert capsys.readouterr().err == ""


def test_a_real_server_error_is_still_reported(server: Server,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _fail_with(server, ValueError("bad request handling"))
    assert "ValueError: bad request handling" in capsys.readouterr().err


def test_it_serves_the_built_files_on_loopback(server: Server) -> None:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as response:
        assert response.read() == b"<p>book</p>"
    server.shutdown()

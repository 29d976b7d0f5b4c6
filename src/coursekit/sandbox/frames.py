"""Length-prefixed JSON frames: the only format that crosses a sandbox boundary.

A frame is a 4-byte big-endian length followed by that many bytes of UTF-8 JSON whose top level
is an object. Readers check the length against a cap *before* buffering the body, parse with the
standard `json` module only (never pickle), and reject anything that is not a JSON object. The
sandbox worker uses frames on its pipes to the grader and from each learner process to the worker.
"""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterator
from typing import Any

from coursekit.errors import GradingError

__all__ = ["MAX_FRAME", "FrameError", "FrameReader", "encode_frame", "write_frame"]

MAX_FRAME = 64 * 1024 * 1024
"""Largest frame any reader accepts (bytes of JSON)."""

_HEADER = struct.Struct(">I")


class FrameError(GradingError):
    """A frame was malformed, too large, or not a JSON object."""


def encode_frame(message: dict[str, Any]) -> bytes:
    """The bytes of one frame carrying `message` (a JSON object)."""
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")
    return _HEADER.pack(len(body)) + body


def write_frame(fd: int, message: dict[str, Any]) -> None:
    """Write one frame to a file descriptor, looping over short writes."""
    data = memoryview(encode_frame(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


class FrameReader:
    """Incremental parser: feed it bytes as they arrive, get back complete messages."""

    def __init__(self, max_frame: int = MAX_FRAME) -> None:
        self.max_frame = max_frame
        self._buffer = bytearray()

    @property
    def pending(self) -> int:
        """Bytes received that do not yet form a complete frame."""
        return len(self._buffer)

    def feed(self, data: bytes) -> Iterator[dict[str, Any]]:
        """Add bytes; yield the messages they complete, in order.

        A bad frame raises FrameError when reached, after every good frame before it was yielded.
        """
        self._buffer += data
        while len(self._buffer) >= _HEADER.size:
            (length,) = _HEADER.unpack_from(self._buffer)
            if length > self.max_frame:
                raise FrameError(f"frame of {length} bytes exceeds the {self.max_frame}-byte cap")
            if len(self._buffer) < _HEADER.size + length:
                break
            body = bytes(self._buffer[_HEADER.size:_HEADER.size + length])
            del self._buffer[:_HEADER.size + length]
            yield parse_body(body)


def parse_body(body: bytes) -> dict[str, Any]:
    """Parse one frame body: a JSON object or FrameError (never anything but `json`)."""
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FrameError(f"frame is not JSON ({type(exc).__name__})") from None
    if type(message) is not dict:
        raise FrameError(f"frame is a JSON {type(message).__name__}, not an object")
    return message

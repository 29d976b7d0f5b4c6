"""Find submitted notebooks and read each one defensively into a `Loaded` or an `Unreadable`.

Rules (see docs/grading.md):

* A PATH argument is a notebook file or a folder; a folder contributes its direct entries whose
  name ends in ``.ipynb`` (not recursive; names starting with ``.`` are skipped).
* The learner id is the file's stem; two submissions with the same id stop the command.
* Symbolic links are never followed: an entry that is a link becomes an `Unreadable`, as does a
  directory, a FIFO or any other non-regular file named ``*.ipynb``.
* The size limit is checked on the open file before anything is parsed, and reading stops one
  byte past it. Then: UTF-8 (strict), no NUL bytes, JSON, an object at the top level, no deeper
  than `MAX_DEPTH`, nbformat 4, and nbformat's schema. The first failure is the reason.

Nothing here raises for a bad submission: every problem becomes an `Unreadable` with a one-line
reason, so a batch always goes on.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from coursekit.errors import NotebookError, UsageError

__all__ = ["Candidate", "Loaded", "Unreadable", "find_submissions", "load_submission",
           "read_trusted_notebook", "MAX_BYTES", "MAX_DEPTH"]

MAX_BYTES = 20_000_000
"""Default size limit of one submission (bytes)."""

MAX_DEPTH = 64
"""Deepest JSON nesting accepted (a real notebook is about 8 levels deep)."""


@dataclass(frozen=True)
class Candidate:
    """A file (or something named like one) found on the command line or in a folder."""

    learner: str
    path: Path


@dataclass(frozen=True)
class Loaded:
    """A submission that parsed and validated as an nbformat 4 notebook."""

    learner: str
    path: Path
    sha256: str
    """Hash of the file's bytes: the submission's identity in the gradebook."""
    notebook: dict[str, Any]
    """The notebook as plain JSON data (validated against nbformat's schema)."""


@dataclass(frozen=True)
class Unreadable:
    """A submission that cannot be graded, with the reason (one line)."""

    learner: str
    path: Path
    sha256: str
    """Hash of the bytes read, or of the learner id and reason when nothing could be read."""
    reason: str


def find_submissions(paths: Iterable[str | Path]) -> list[Candidate]:
    """Every submission named by `paths` (files, or folders of ``*.ipynb``), sorted by learner.

    Raises `UsageError` when a path does not exist or two submissions share a learner id.
    """
    found: dict[str, Candidate] = {}
    seen_paths: set[str] = set()
    for raw in paths:
        for path in _expand(Path(raw)):
            absolute = os.path.abspath(path)
            if absolute in seen_paths:
                continue
            seen_paths.add(absolute)
            learner = learner_id(path)
            if learner in found:
                raise UsageError(f"two submissions have the learner id {learner!r}: "
                                 f"{display_path(found[learner].path)} and "
                                 f"{display_path(path)}; rename one")
            found[learner] = Candidate(learner, path)
    return [found[k] for k in sorted(found)]


MAX_LEARNER_ID = 80
"""Longest learner id (characters); a longer file stem is cut and given a hash suffix."""


def learner_id(path: Path) -> str:
    """A safe learner id from a file name: its stem, readable, at most `MAX_LEARNER_ID` chars.

    Bytes that are not UTF-8, control characters, path separators and leading dots are replaced
    (by ``_``), and a name that had to change or be cut gets ``-`` and 8 hex digits of a hash of
    the original name, so two odd names never collide. The original path is kept in the record.
    """
    raw = os.fsencode(path.name)
    stem = raw[:-len(b".ipynb")] if raw.endswith(b".ipynb") and len(raw) > 6 else raw
    text = stem.decode("utf-8", "replace")
    clean = "".join(ch if ch.isprintable() and ch not in "/\\\ufffd" else "_" for ch in text)
    clean = clean.lstrip(".") or "_"
    if clean == text and len(clean) <= MAX_LEARNER_ID:
        return clean
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return f"{clean[:MAX_LEARNER_ID - 9]}-{digest}"


def display_path(path: Path) -> str:
    """The path as text that any file or database can hold (odd bytes escaped, not lost)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _expand(path: Path) -> list[Path]:
    """The submission files a single PATH argument names."""
    if path.is_symlink() and not path.is_dir():
        return [path]  # reported as unreadable: links are not followed
    if not path.exists():
        raise UsageError(f"no such file or folder: {path}")
    if not path.is_dir():
        return [path]
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        raise UsageError(f"cannot list {path}: {exc.strerror}") from None
    return [path / e.name for e in entries
            if e.name.endswith(".ipynb") and not e.name.startswith(".")]


def load_submission(candidate: Candidate, max_bytes: int = MAX_BYTES) -> Loaded | Unreadable:
    """Read, parse and validate one submission; any problem gives an `Unreadable`."""
    data = _read_bytes(candidate.path, max_bytes)
    if isinstance(data, str):
        return _unreadable(candidate, data)
    digest = hashlib.sha256(data).hexdigest()
    parsed = _parse(data)
    if isinstance(parsed, str):
        return Unreadable(candidate.learner, candidate.path, digest, parsed)
    return Loaded(candidate.learner, candidate.path, digest, parsed)


def read_submission_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes | str:
    """A submission file's bytes (size-limited, links not followed), or why they cannot be read."""
    return _read_bytes(path, max_bytes)


def parse_submission(data: bytes) -> dict[str, Any] | str:
    """The validated nbformat 4 notebook in `data` as plain JSON, or why it is not one."""
    parsed: dict[str, Any] | str = _parse(data)
    return parsed


def _unreadable(candidate: Candidate, reason: str) -> Unreadable:
    marker = f"unreadable\0{candidate.learner}\0{reason}".encode()
    return Unreadable(candidate.learner, candidate.path, hashlib.sha256(marker).hexdigest(),
                      reason)


def _read_bytes(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or the reason they cannot be read. Links are not followed."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link (links are not followed)"
    if stat.S_ISDIR(info.st_mode):
        return "is a directory, not a notebook file"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return f"cannot be opened ({exc.strerror})"
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file"
        if info.st_size > max_bytes:
            return f"is too large ({_mb(info.st_size)}; the limit is {_mb(max_bytes)})"
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return f"is too large (over {_mb(max_bytes)})"
    if not data.strip():
        return "is empty"
    return data


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _parse(data: bytes) -> Any:
    """The validated notebook, or the reason it is not one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    if "\x00" in text:
        return f"contains a NUL byte (at offset {text.index(chr(0))})"
    text = text.removeprefix("\ufeff")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        return f"is nested too deeply (more than {MAX_DEPTH} levels)"
    return _check_notebook(raw)


def _check_notebook(raw: Any) -> Any:
    if not isinstance(raw, dict):
        return f"is JSON but its top level is {_json_type(raw)}, not an object"
    if _depth_exceeds(raw, MAX_DEPTH):
        return f"is nested too deeply (more than {MAX_DEPTH} levels)"
    version = raw.get("nbformat")
    if type(version) is not int:
        return "has no nbformat version number: is it a Jupyter notebook?"
    if version != 4:
        return f"uses nbformat {version}; only nbformat 4 notebooks can be graded"
    return _validate(raw)


def _validate(raw: dict[str, Any]) -> Any:
    """`raw` if it follows nbformat's JSON schema for its minor version, else the reason.

    Uses nbformat's own schema files through fastjsonschema (importing nbformat itself pulls in
    jsonschema and costs seconds). As nbformat does, cells of a 4.5+ notebook that lack an id
    are given one (``cell-<n>``) rather than rejected.
    """
    minor = raw.get("nbformat_minor")
    if type(minor) is not int or minor < 0:
        return "is not a valid notebook (nbformat_minor is not a whole number)"
    cells = raw.get("cells")
    if minor >= 5 and isinstance(cells, list):
        for n, cell in enumerate(cells):
            if isinstance(cell, dict) and "id" not in cell:
                cell["id"] = f"cell-{n}"
    try:
        _schema_validator(min(minor, 5))(raw)
    except Exception as exc:  # noqa: BLE001 - fastjsonschema raises its own types
        text = str(exc).strip()
        first = text.splitlines()[0] if text else type(exc).__name__
        return f"is not a valid notebook ({first[:160]})"
    return raw


@functools.lru_cache(maxsize=None)
def _schema_validator(minor: int) -> Callable[[Any], Any]:
    """A compiled validator for nbformat 4.<minor>, from the schema files nbformat ships."""
    import fastjsonschema

    spec = importlib.util.find_spec("nbformat")
    if spec is None or not spec.submodule_search_locations:
        raise NotebookError("nbformat is not installed")
    folder = Path(list(spec.submodule_search_locations)[0]) / "v4"
    schema = json.loads((folder / f"nbformat.v4.{minor}.schema.json").read_text("utf-8"))
    return fastjsonschema.compile(schema)


def read_trusted_notebook(path: Path) -> dict[str, Any]:
    """Read a notebook the course ships (a lesson source); raises `NotebookError` if broken."""
    data = _read_bytes(path, MAX_BYTES)
    parsed = _parse(data) if isinstance(data, bytes) else data
    if isinstance(parsed, str):
        raise NotebookError(f"{path} {parsed}")
    return parsed


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", int: "a number", float: "a number",
             bool: "a boolean", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _depth_exceeds(root: Any, limit: int) -> bool:
    """True when containers nest more than `limit` levels (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values() if isinstance(v, (dict, list)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value if isinstance(v, (dict, list)))
    return False

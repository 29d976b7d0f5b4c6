"""A wheel of the coursekit installed here, built from its files (offline, no build backend).

The Gradescope bundle ships coursekit as a wheel so that the container grades with exactly the
exercise definitions, lesson sources and grader the instructor has. The wheel is assembled from
the installed package folder (an editable install of the repository works too: the lesson
sources are then taken from ``notebooks/``, as the packaged ``coursekit/_lessons``) and the
installed distribution's metadata, following the binary distribution format: the files, a
``.dist-info`` folder (``METADATA``, ``WHEEL``, ``entry_points.txt``) and a ``RECORD`` of sha256
digests and sizes.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import zipfile
from pathlib import Path

from coursekit.errors import GradingError

__all__ = ["build_wheel", "package_files"]

_SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".mypy_cache"}
_SKIP_SUFFIXES = {".pyc", ".pyo"}
_EPOCH = (1980, 1, 1, 0, 0, 0)
"""Every entry's timestamp: the same files give the same wheel bytes."""


def package_files() -> dict[str, Path]:
    """Archive name -> file on disk, for every file of the installed coursekit package."""
    import coursekit
    from coursekit.lessons.source import lessons_dir

    package = Path(coursekit.__file__).resolve().parent
    files: dict[str, Path] = {}
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package)
        if path.is_file() and not _skipped(rel):
            files[f"coursekit/{rel.as_posix()}"] = path
    lessons = lessons_dir().resolve()
    if lessons != (package / "_lessons").resolve():
        for path in sorted(lessons.glob("*.ipynb")):
            files[f"coursekit/_lessons/{path.name}"] = path
    return files


def _skipped(rel: Path) -> bool:
    return any(part in _SKIP_DIRS for part in rel.parts) or rel.suffix in _SKIP_SUFFIXES


def build_wheel(folder: Path) -> Path:
    """Write ``coursekit-<version>-py3-none-any.whl`` into `folder`; returns its path."""
    try:
        dist = importlib.metadata.distribution("coursekit")
    except importlib.metadata.PackageNotFoundError:
        raise GradingError("coursekit is not installed as a package here (its metadata is "
                           "missing); install it with  python -m pip install -e .") from None
    version = dist.version
    metadata = dist.read_text("METADATA")
    if not metadata:
        raise GradingError("the installed coursekit has no METADATA; reinstall it")
    info = f"coursekit-{version}.dist-info"
    entries: list[tuple[str, bytes]] = [(name, path.read_bytes())
                                        for name, path in package_files().items()]
    entries.append((f"{info}/METADATA", metadata.encode("utf-8")))
    entries.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: coursekit\n"
                    b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    entry_points = dist.read_text("entry_points.txt")
    if entry_points:
        entries.append((f"{info}/entry_points.txt", entry_points.encode("utf-8")))
    record = "".join(f"{name},sha256={_digest(data)},{len(data)}\n" for name, data in entries)
    entries.append((f"{info}/RECORD", (record + f"{info}/RECORD,,\n").encode("utf-8")))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"coursekit-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            item = zipfile.ZipInfo(name, date_time=_EPOCH)
            item.external_attr = 0o100644 << 16
            item.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(item, data)
    return path


def _digest(data: bytes) -> str:
    """The RECORD form of a sha256 digest: urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")

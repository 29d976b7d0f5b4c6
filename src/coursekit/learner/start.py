"""``coursekit start``: the course in a folder of the learner's own, opened in JupyterLab.

`deliver` writes the learner notebooks (and any files shipped beside the lesson sources, such as
data a notebook reads) into a folder and keeps a manifest of what it wrote there,
``.coursekit-manifest.json``: per file, the fingerprint of what was written there
(``delivered``) and of the newest version sent (``latest``). It never overwrites a file the
learner changed:

* a file that is missing is written (a first start, or a lesson added since);
* a file the learner has not changed is replaced by its newer version;
* a file the learner changed stays as it is, and the newer version arrives beside it, as
  ``02-campaign-data (updated 2026-11-27).ipynb``.

A notebook's fingerprint covers its cell types and sources and its ``coursekit`` metadata, so
running cells (outputs, execution counts) does not count as a change; anything typed does.
`launch_lab` then starts JupyterLab in that folder, bound to 127.0.0.1, asking nothing of the
network (no news feed, no update check).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from coursekit.atomic import write_atomic
from coursekit.errors import CoursekitError, MissingExtraError, UsageError
from coursekit.messages import say

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["DEFAULT_DIR", "MANIFEST", "Action", "Delivery", "Payload", "deliver", "describe",
           "fingerprint", "lab_argv", "launch_lab", "payloads", "register", "require_lab",
           "running_lab"]

DEFAULT_DIR = "election-data-ethics-course"
"""Where ``coursekit start`` puts the course when no folder is given (in the current folder)."""

MANIFEST = ".coursekit-manifest.json"
"""The record, inside the course folder, of what was delivered there."""

_FORMAT = 1
_LESSON_GLOB = "[0-9][0-9]-*.ipynb"


class Action:
    """What `deliver` did with one file (plain strings)."""

    NEW = "new"  # written where nothing was
    UPDATED = "updated"  # an unchanged file replaced by its newer version
    CURRENT = "up to date"  # already the latest version, untouched by the learner
    KEPT = "kept"  # changed by the learner; no newer version to deliver
    BESIDE = "beside"  # changed by the learner; the newer version written beside it


@dataclass(frozen=True)
class Payload:
    """One file the course delivers: its path inside the course folder and its bytes."""

    name: str
    """Relative POSIX path, e.g. ``02-campaign-data.ipynb`` or ``data/polls.csv``."""
    content: bytes
    version: str = ""
    """The lesson version, for notebooks."""


@dataclass(frozen=True)
class Delivery:
    """The outcome for one payload."""

    name: str
    """The payload's own name (relative path)."""
    action: str
    """One of the `Action` values."""
    written: str | None = None
    """Where the new content went when it was written (``name``, or the name beside it)."""


def fingerprint(name: str, content: bytes) -> str:
    """A hash of what the learner could have changed: cells and lesson metadata of a notebook,
    every byte of any other file."""
    digest = hashlib.sha256()
    if name.endswith(".ipynb"):
        try:
            nb = json.loads(content)
            work = {"coursekit": nb.get("metadata", {}).get("coursekit"),
                    "cells": [(c.get("cell_type"), _joined(c.get("source", "")))
                              for c in nb.get("cells", [])]}
        except (ValueError, AttributeError, TypeError):
            work = None  # not a notebook any more: compare its bytes
        if work is not None:
            digest.update(json.dumps(work, sort_keys=True).encode())
            return digest.hexdigest()
    digest.update(content)
    return digest.hexdigest()


def _joined(source: Any) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def payloads(src: Path | None = None) -> list[Payload]:
    """Every file a learner gets: the learner edition of each lesson notebook in `src` (default:
    the installed lessons), then every other file shipped beside them (data, images)."""
    from coursekit.lessons.source import lessons_dir

    src = src or lessons_dir()
    lessons = [_lesson_payload(path) for path in sorted(src.glob(_LESSON_GLOB))]
    extras = [Payload(rel, (src / rel).read_bytes()) for rel in _extra_files(src)]
    return lessons + extras


def _lesson_payload(path: Path) -> Payload:
    import nbformat

    from coursekit.lessons.source import load_source
    from coursekit.release import learner_notebook

    source = load_source(path=path)
    text = nbformat.writes(learner_notebook(source))
    return Payload(path.name, (text if text.endswith("\n") else text + "\n").encode("utf-8"),
                   source.version)


def _extra_files(src: Path) -> Iterator[str]:
    """Files beside the lesson sources that are neither notebooks nor hidden or build clutter."""
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if not path.is_file() or path.suffix in (".ipynb", ".pyc"):
            continue
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        yield rel.as_posix()


def deliver(dest: Path, items: list[Payload] | None = None, *,
            today: _dt.date | None = None) -> list[Delivery]:
    """Write `items` (default: the installed course, see `payloads`) into `dest`, keeping every
    file the learner changed; returns what happened to each item, in order."""
    items = payloads() if items is None else items
    today = today or _dt.date.today()
    _prepare(dest)
    manifest = _read_manifest(dest)
    results = [_deliver_one(dest, item, manifest, today) for item in items]
    _write_manifest(dest, manifest)
    return results


def _prepare(dest: Path) -> None:
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"{dest} is a file, not a folder: choose another place for the course")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CoursekitError(f"cannot create the course folder {dest}: {exc.strerror}") from None


def _deliver_one(dest: Path, item: Payload, manifest: dict[str, Any], today: _dt.date
                 ) -> Delivery:
    new = fingerprint(item.name, item.content)
    entry = manifest.setdefault(item.name, {})
    target = dest / item.name
    if not target.is_file():
        _write(target, item.content)
        entry.update(delivered=new, latest=new, version=item.version, beside=None)
        return Delivery(item.name, Action.NEW, item.name)
    current = fingerprint(item.name, target.read_bytes())
    learner_changed = current != entry.get("delivered")
    if current == new:
        entry.update(delivered=new, latest=new, version=item.version, beside=None)
        return Delivery(item.name, Action.CURRENT)
    if new == entry.get("latest"):
        return Delivery(item.name, Action.KEPT)
    if not learner_changed:
        _write(target, item.content)
        entry.update(delivered=new, latest=new, version=item.version, beside=None)
        return Delivery(item.name, Action.UPDATED, item.name)
    beside = _beside_name(dest, item.name, entry, today)
    _write(dest / beside, item.content)
    entry.update(latest=new, version=item.version, beside=beside)
    return Delivery(item.name, Action.BESIDE, beside)


def _beside_name(dest: Path, name: str, entry: dict[str, Any], today: _dt.date) -> str:
    """A free name beside `name` for its newer version; an earlier newer version that the learner
    left untouched is removed first, so untouched copies do not pile up."""
    earlier = str(entry.get("beside") or "")
    untouched = bool(earlier) and (dest / earlier).is_file() and fingerprint(
        earlier, (dest / earlier).read_bytes()) == entry.get("latest")
    if untouched:
        (dest / earlier).unlink()
    path = PurePosixPath(name)
    stem = f"{path.stem} (updated {today.isoformat()})"
    candidate, n = path.with_name(stem + path.suffix), 2
    while (dest / candidate).exists():
        candidate, n = path.with_name(f"{stem[:-1]}, {n}){path.suffix}"), n + 1
    return candidate.as_posix()


def _write(target: Path, content: bytes) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    try:
        write_atomic(target, content)
    except OSError as exc:
        raise CoursekitError(f"cannot write {target}: {exc.strerror}") from None


def _read_manifest(dest: Path) -> dict[str, Any]:
    """The files recorded as delivered; an unreadable manifest counts as empty, which is safe:
    every existing file is then treated as the learner's own."""
    try:
        data = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(v, dict)}


def _write_manifest(dest: Path, files: dict[str, Any]) -> None:
    text = json.dumps({"format": _FORMAT, "files": files}, indent=1, sort_keys=True)
    _write(dest / MANIFEST, (text + "\n").encode("utf-8"))


def describe(dest: Path, results: list[Delivery]) -> list[str]:
    """What the learner reads about a delivery, one line per fact worth telling."""
    lines = []
    new = [r for r in results if r.action == Action.NEW]
    updated = [r for r in results if r.action == Action.UPDATED]
    beside = [r for r in results if r.action == Action.BESIDE]
    if new:
        lines.append(say("start_wrote", count=_count(new), dest=dest))
    if updated:
        lines.append(say("start_updated", count=_count(updated),
                         names=", ".join(r.name for r in updated)))
    for r in beside:
        lines.append(say("start_beside", name=r.name, written=r.written))
    if not (new or updated or beside):
        lines.append(say("start_current", dest=dest))
    return lines


def _count(items: list[Delivery]) -> str:
    """``3 notebooks``, ``1 notebook and 2 other files``..."""
    notebooks = sum(1 for r in items if r.name.endswith(".ipynb"))
    others = len(items) - notebooks
    parts = [say(key, n=n) for n, key in ((notebooks, "start_notebooks"),
                                           (others, "start_others")) if n]
    return say("start_and", first=parts[0], second=parts[1]) if len(parts) == 2 else parts[0]


def running_lab(root: Path) -> dict[str, Any] | None:
    """The Jupyter server already serving `root` on this machine (its runtime info: url,
    token, pid...), or None. Servers whose process has ended do not count."""
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:
        return None
    for info in list_running_servers():
        if Path(str(info.get("root_dir", ""))).expanduser().resolve() == root.resolve():
            return dict(info)
    return None


def _lab_url(info: dict[str, Any]) -> str:
    url = str(info.get("url", "http://127.0.0.1:8888/")).rstrip("/") + "/lab"
    return f"{url}?token={info['token']}" if info.get("token") else url


# JupyterLab's news and update-check plugin: on a first start it asks whether to fetch news from
# the internet. The learner did not come for that, and nothing should leave the machine.
_ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
_NO_UPDATE_CHECK = "jupyterlab.handlers.announcements.NeverCheckForUpdate"


def lab_argv(root: Path, *, port: int | None = None, open_browser: bool = True) -> list[str]:
    """JupyterLab's arguments: serve `root` on 127.0.0.1 only, with no news feed and no update
    check (nothing leaves the machine)."""
    argv = [f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1", "--LabApp.news_url=None",
            f"--LabApp.check_for_updates_class={_NO_UPDATE_CHECK}"]
    if port is not None:
        argv.append(f"--ServerApp.port={port}")
    if not open_browser:
        argv.append("--ServerApp.open_browser=False")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")  # containers run as root; the server stays on loopback
    return argv


def require_lab() -> None:
    """Raise MissingExtraError unless JupyterLab and a Python kernel are installed."""
    import importlib.util

    for module in ("jupyterlab", "ipykernel"):
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(f"coursekit start ({module} is not installed)", "learn")


def launch_lab(root: Path, *, port: int | None = None, open_browser: bool = True) -> None:
    """Run JupyterLab in this process (so its kernels use this Python) until it is stopped."""
    require_lab()
    from jupyter_core.application import NoStart
    from jupyterlab.labapp import LabApp

    server = LabApp.initialize_server(argv=lab_argv(root, port=port, open_browser=open_browser))
    settings = server.web_app.settings
    settings["page_config_hook"] = _quiet_page_config(settings.get("page_config_hook"))
    try:
        server.start()
    except NoStart:
        pass


def _quiet_page_config(previous: Any) -> Any:
    """A page-config hook that disables JupyterLab's news plugin (after any `previous` hook)."""

    def hook(handler: Any, page_config: dict[str, Any]) -> dict[str, Any]:
        if previous is not None:
            page_config = previous(handler, page_config)
        disabled = list(page_config.get("disabledExtensions") or [])
        page_config["disabledExtensions"] = [*disabled, _ANNOUNCEMENTS]
        return page_config

    return hook


def _cmd_start(args: argparse.Namespace) -> int:
    if args.port is not None and not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: a port is a number from 0 to 65535")
    require_lab()
    dest = Path(args.dir).expanduser().resolve()
    for line in describe(dest, deliver(dest)):
        print(line)
    running = running_lab(dest)
    if running is not None:  # one JupyterLab per course: open the one that is there
        print(say("start_running", url=_lab_url(running)))
        if not args.no_browser:
            import webbrowser

            webbrowser.open(_lab_url(running))
            print(say("start_running_open"))
        return 0
    print(say("start_launching"), flush=True)
    launch_lab(dest, port=args.port, open_browser=not args.no_browser)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``start`` command to the coursekit CLI."""
    parser = sub.add_parser(
        "start", help="put the course in a folder and open it in JupyterLab",
        description="Write the learner notebooks into DIR and open JupyterLab there. Run it again "
                    "at any time: notebooks you changed are never overwritten; an updated lesson "
                    "arrives beside yours.")
    parser.add_argument("dir", nargs="?", default=DEFAULT_DIR, metavar="DIR",
                        help=f"the course folder (default: ./{DEFAULT_DIR})")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not open a browser (on a server, or in tests)")
    parser.add_argument("--port", type=int, default=None,
                        help="port for JupyterLab (default 8888 or the next free one; 0 = any)")
    parser.set_defaults(handler=_cmd_start)


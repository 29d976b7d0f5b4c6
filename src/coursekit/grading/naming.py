"""Learner ids from where a submission was found, as Canvas, Moodle and plain folders name people.

`learner_id(parts)` takes the submission's path below the PATH argument (or inside a ``.zip``):
the folders, then the file name. The rules, first match wins (see docs/grading.md):

1. **A folder per learner** (``alice/lesson.ipynb``): the top folder names the learner. Moodle's
   folder naming ``Full Name_12345_assignsubmission_file_/lesson.ipynb`` gives ``Full Name_12345``
   (the name and Moodle's participant id).
2. **Moodle, flat** (``Full Name_12345_assignsubmission_file_lesson.ipynb``): ``Full Name_12345``.
3. **Canvas** (``lastfirst_12345_678901_lesson.ipynb``, with ``_late_`` or ``_LATE_`` after the
   name when the submission was late): ``lastfirst_12345`` — Canvas's name key and its user id.
4. Otherwise the file name without ``.ipynb``: ``ana.ipynb`` is ``ana``.

Whatever the rule gives is then made safe (`safe_id`): at most `MAX_LEARNER_ID` printable
characters, no path separators or leading dots, valid UTF-8 — a name that had to change gets a
hash suffix of the original, so two odd names never collide. The original path stays in the record.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence

__all__ = ["MAX_LEARNER_ID", "canvas_user_id", "learner_id", "safe_id"]

MAX_LEARNER_ID = 80
"""Longest learner id (characters); a longer name is cut and given a hash suffix."""

_MOODLE = re.compile(r"^(?P<who>.+?_\d+)_assign(?:submission|feedback)_[a-z]+_(?P<rest>.*)$")
_CANVAS = re.compile(r"^(?P<name>[A-Za-z0-9-]+)_(?:late_)?(?P<uid>\d+)_(?P<att>\d+)_(?P<rest>.+)$",
                     re.IGNORECASE)
_CANVAS_ID = re.compile(r"^[A-Za-z0-9-]+_(?P<uid>\d+)$")


def learner_id(parts: Sequence[str]) -> str:
    """The learner id of a submission found at `parts` (folders..., file name), made safe."""
    return safe_id(_lms_id(parts))


def safe_id(name: str) -> str:
    """`name` as a safe learner id: readable, at most `MAX_LEARNER_ID` characters.

    Bytes that are not UTF-8 (a file system name arrives surrogate-escaped), control characters,
    path separators and leading dots are replaced by ``_``; a name that had to change or be cut
    gets ``-`` and 8 hex digits of a hash of the original bytes.
    """
    raw = os.fsencode(name)
    text = raw.decode("utf-8", "replace")
    clean = "".join(ch if ch.isprintable() and ch not in "/\\\ufffd" else "_" for ch in text)
    clean = clean.lstrip(".") or "_"
    if clean == text and len(clean) <= MAX_LEARNER_ID:
        return clean
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return f"{clean[:MAX_LEARNER_ID - 9]}-{digest}"


def _lms_id(parts: Sequence[str]) -> str:
    if len(parts) > 1:
        folder = parts[0]
        moodle = _MOODLE.match(folder + ("" if folder.endswith("_") else "_"))
        return moodle.group("who") if moodle else folder
    name = parts[-1]
    moodle = _MOODLE.match(name)
    if moodle:
        return moodle.group("who")
    canvas = _CANVAS.match(name)
    if canvas:
        return f"{canvas.group('name')}_{canvas.group('uid')}"
    stem = name[:-len(".ipynb")] if name.lower().endswith(".ipynb") else name
    return stem or name


def canvas_user_id(learner: str) -> str:
    """Canvas's numeric user id when `learner` came from a Canvas file name, else ""."""
    match = _CANVAS_ID.match(learner)
    return match.group("uid") if match else ""

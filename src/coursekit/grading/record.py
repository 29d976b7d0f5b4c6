"""Grading results and the SQLite gradebook that keeps them (``DIR/gradebook.sqlite``).

A `Result` is the output of the pure grading step (submission bytes, lesson version) → result:
it is keyed by the submission's content hash, the lesson id and the lesson version, and says
nothing about who submitted it. A `Record` is a learner's row: learner id + path + `Result`.

The gradebook holds one ``results`` row per key and one ``submissions`` row per (learner, key),
written together in one transaction as soon as a submission is graded (WAL journal,
``synchronous=FULL``), so a grader killed at any point leaves every finished submission whole and
nothing half-written. Re-running looks keys up and skips what is there. Per-question rows are
also kept in ``answers``; the view ``grades`` joins them to learners for ad-hoc SQL.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coursekit.errors import GradingError
from coursekit.grading.sanitize import Flag

__all__ = ["GRADED", "Gradebook", "Key", "QuestionResult", "Record", "Result", "open_gradebook"]

GRADED = "graded"
"""Submission status of a notebook that was run and judged (a zero is still graded)."""

Key = tuple[str, str, str]
"""(submission sha256, lesson id, lesson version)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL, lesson TEXT NOT NULL, lesson_version TEXT NOT NULL,
    status TEXT NOT NULL, message TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL,
    questions TEXT NOT NULL, flags TEXT NOT NULL,
    duration REAL NOT NULL, graded_at TEXT NOT NULL,
    PRIMARY KEY (sha256, lesson, lesson_version));
CREATE TABLE IF NOT EXISTS answers (
    sha256 TEXT NOT NULL, lesson TEXT NOT NULL, lesson_version TEXT NOT NULL,
    question TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL, message TEXT NOT NULL,
    score REAL NOT NULL, max_score REAL NOT NULL,
    PRIMARY KEY (sha256, lesson, lesson_version, question));
CREATE TABLE IF NOT EXISTS submissions (
    learner TEXT NOT NULL, sha256 TEXT NOT NULL, lesson TEXT NOT NULL,
    lesson_version TEXT NOT NULL, path TEXT NOT NULL,
    PRIMARY KEY (learner, sha256, lesson, lesson_version));
CREATE VIEW IF NOT EXISTS grades AS
    SELECT s.learner, a.lesson, a.question, a.score, a.max_score, a.status, a.message
    FROM submissions s JOIN answers a USING (sha256, lesson, lesson_version);
"""


@dataclass(frozen=True)
class QuestionResult:
    """One question's outcome in one submission."""

    question: str
    title: str
    status: str
    message: str
    score: float
    max_score: float
    answer: str = ""
    """A reflection's text, kept for the person who reviews it; empty for other kinds."""


@dataclass(frozen=True)
class Result:
    """What grading one submission produced (independent of who submitted it)."""

    sha256: str
    lesson: str
    """Lesson id ("" when it could not be told)."""
    lesson_version: str
    status: str
    """`GRADED`, or `Status.UNREADABLE` for a file that could not be graded at all."""
    message: str
    """One line for the instructor: how the run went, or why the file is unreadable."""
    questions: tuple[QuestionResult, ...]
    flags: tuple[Flag, ...] = ()
    duration: float = 0.0
    """Seconds spent grading (a timing: not part of the result's identity)."""
    graded_at: str = ""
    """UTC time of grading, ISO 8601 (a timing)."""

    @property
    def key(self) -> Key:
        return (self.sha256, self.lesson, self.lesson_version)

    @property
    def score(self) -> float:
        return float(sum(q.score for q in self.questions))

    @property
    def max_score(self) -> float:
        return float(sum(q.max_score for q in self.questions))

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON data (`from_dict` gives it back, equal)."""
        return {"sha256": self.sha256, "lesson": self.lesson,
                "lesson_version": self.lesson_version, "status": self.status,
                "message": self.message, "score": self.score, "max_score": self.max_score,
                "questions": [asdict(q) for q in self.questions],
                "flags": [asdict(f) for f in self.flags], "duration": self.duration,
                "graded_at": self.graded_at}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """Rebuild a Result from `to_dict`'s data; raises `GradingError` when it is malformed."""
        try:
            questions = tuple(QuestionResult(str(q["question"]), str(q["title"]),
                                             str(q["status"]), str(q["message"]),
                                             float(q["score"]), float(q["max_score"]),
                                             str(q.get("answer", "")))
                              for q in data["questions"])
            flags = tuple(Flag(str(f["kind"]), str(f["message"]),
                               None if f.get("question") is None else str(f["question"]))
                          for f in data["flags"])
            return cls(str(data["sha256"]), str(data["lesson"]), str(data["lesson_version"]),
                       str(data["status"]), str(data["message"]), questions, flags,
                       float(data.get("duration", 0.0)), str(data.get("graded_at", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise GradingError(f"not a grading result ({type(exc).__name__}: {exc})") from None


@dataclass(frozen=True)
class Record:
    """A learner's graded submission."""

    learner: str
    path: str
    result: Result


def now() -> str:
    """The current UTC time, ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def open_gradebook(path: Path, schema: str) -> sqlite3.Connection:
    """A connection to the gradebook file (WAL, fully synced writes) with `schema` applied;
    raises `GradingError` with one line when it cannot be opened."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.executescript(schema)
    except (sqlite3.Error, OSError) as exc:
        raise GradingError(f"cannot open the gradebook {path}: {exc}") from None
    return conn


class Gradebook:
    """The SQLite gradebook: look results up by key, save each one atomically, read records."""

    def __init__(self, path: Path) -> None:
        self._conn = open_gradebook(path, _SCHEMA)
        self.path = path

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    def find(self, key: Key) -> Result | None:
        """The stored result for `key`, or None when it has not been graded."""
        row = self._conn.execute(
            "SELECT sha256, lesson, lesson_version, status, message, questions, flags, "
            "duration, graded_at FROM results WHERE sha256=? AND lesson=? AND lesson_version=?",
            key).fetchone()
        return _result(row) if row else None

    def save(self, result: Result, learners: Iterable[tuple[str, str]]) -> None:
        """Store `result` and link it to `learners` ((learner, path) pairs) in one transaction."""
        try:
            self._save(result, learners)
        except sqlite3.Error as exc:
            raise GradingError(f"cannot save to the gradebook {self.path} ({exc}); every "
                               "submission saved before is kept: fix this and run the same "
                               "command again") from None

    def _save(self, result: Result, learners: Iterable[tuple[str, str]]) -> None:
        questions = json.dumps([asdict(q) for q in result.questions])
        flags = json.dumps([asdict(f) for f in result.flags])
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         (*result.key, result.status, result.message, result.score,
                          result.max_score, questions, flags, result.duration,
                          result.graded_at or now()))
            conn.execute("DELETE FROM answers WHERE sha256=? AND lesson=? AND lesson_version=?",
                         result.key)
            conn.executemany("INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?)",
                             [(*result.key, q.question, q.title, q.status, q.message, q.score,
                               q.max_score) for q in result.questions])
            self._link(conn, result.key, learners)

    def link(self, key: Key, learners: Iterable[tuple[str, str]]) -> None:
        """Record that `learners` submitted the (already graded) submission `key`."""
        try:
            with self._transaction() as conn:
                self._link(conn, key, learners)
        except sqlite3.Error as exc:
            raise GradingError(f"cannot save to the gradebook {self.path} ({exc})") from None

    def records(self, batch: Iterable[tuple[str, Key]]) -> list[Record]:
        """The records of a batch ((learner, key) pairs), sorted by learner; ungraded skipped."""
        out = []
        for learner, key in sorted(batch):
            row = self._conn.execute(
                "SELECT path FROM submissions WHERE learner=? AND sha256=? AND lesson=? "
                "AND lesson_version=?", (learner, *key)).fetchone()
            result = self.find(key)
            if row and result:
                out.append(Record(learner, row[0], result))
        return out

    def count(self, table: str) -> int:
        """Rows in one of the gradebook's tables (for tests and summaries)."""
        if table not in ("results", "answers", "submissions"):
            raise ValueError(f"no table {table!r}")
        return int(self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    @staticmethod
    def _link(conn: sqlite3.Connection, key: Key, learners: Iterable[tuple[str, str]]) -> None:
        conn.executemany("INSERT OR REPLACE INTO submissions VALUES (?,?,?,?,?)",
                         [(learner, *key, path) for learner, path in learners])

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self._conn.execute("BEGIN IMMEDIATE")
        return self._conn

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._conn.execute("ROLLBACK" if exc_type else "COMMIT")


def _result(row: tuple) -> Result:
    sha, lesson, version, status, message, questions, flags, duration, graded_at = row
    return Result(sha, lesson, version, status, message,
                  tuple(QuestionResult(**q) for q in json.loads(questions)),
                  tuple(Flag(**f) for f in json.loads(flags)), float(duration), graded_at)

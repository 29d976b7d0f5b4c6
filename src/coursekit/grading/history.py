"""Which submission each learner handed in when, and what reviewers scored: the gradebook's memory.

Two tables beside the gradebook's own (same SQLite file, ``DIR/gradebook.sqlite``):

* ``attempts`` — one row each time a learner's submission is seen by ``coursekit grade``:
  learner, submission key, path, batch name, time. Exports take the latest attempt per learner
  and lesson over every batch (cumulative), or only those of one named batch.
* ``reviews`` — a person's score and comment for one reflection of one learner's submission
  (keyed by learner, the submission's content hash, lesson, version and question: two learners
  who hand in the same file are still scored one by one), from ``coursekit review
  --scores``. A re-graded submission keeps its reviews; a changed one needs a new review.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from coursekit.errors import GradingError
from coursekit.grading.record import Key, now, open_gradebook

__all__ = ["Attempt", "History", "Review"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, batch TEXT NOT NULL, learner TEXT NOT NULL,
    sha256 TEXT NOT NULL, lesson TEXT NOT NULL, lesson_version TEXT NOT NULL,
    path TEXT NOT NULL, seen_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_by_learner ON attempts (learner, lesson);
CREATE TABLE IF NOT EXISTS reviews (
    learner TEXT NOT NULL, sha256 TEXT NOT NULL, lesson TEXT NOT NULL, lesson_version TEXT NOT NULL,
    question TEXT NOT NULL, score REAL NOT NULL, comment TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    PRIMARY KEY (learner, sha256, lesson, lesson_version, question));
"""


@dataclass(frozen=True)
class Attempt:
    """A learner's latest submission for one lesson."""

    learner: str
    key: Key
    path: str
    batch: str


@dataclass(frozen=True)
class Review:
    """A person's score and comment for one reflection of one learner's submission."""

    learner: str
    key: Key
    question: str
    score: float
    comment: str


class History:
    """Attempts and reviews in the gradebook file; every write is one transaction."""

    def __init__(self, path: Path) -> None:
        self._conn = open_gradebook(path, _SCHEMA)
        try:
            self._adopt_older_gradebook()
        except sqlite3.Error as exc:
            raise GradingError(f"cannot open the gradebook {path}: {exc}") from None

    def _adopt_older_gradebook(self) -> None:
        """A gradebook written before attempts were kept: its submissions become one batch."""
        if self._conn.execute("SELECT 1 FROM attempts LIMIT 1").fetchone():
            return
        has_submissions = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='submissions'").fetchone()
        if has_submissions:
            self._conn.execute(
                "INSERT INTO attempts (batch, learner, sha256, lesson, lesson_version, path, "
                "seen_at) SELECT 'earlier', learner, sha256, lesson, lesson_version, path, ? "
                "FROM submissions ORDER BY rowid", (now(),))

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.close()

    def note(self, batch: str, learner: str, key: Key, path: str) -> None:
        """Record that `learner` handed in submission `key` in `batch`."""
        self._conn.execute("INSERT INTO attempts (batch, learner, sha256, lesson, "
                           "lesson_version, path, seen_at) VALUES (?,?,?,?,?,?,?)",
                           (batch, learner, *key, path, now()))

    def latest(self, batch: str | None = None) -> list[Attempt]:
        """The latest attempt per learner and lesson (of `batch` only, when given).

        An attempt whose lesson could not be told (lesson "") is kept only while it is the
        learner's most recent attempt of all.
        """
        where, args = ("WHERE batch = ?", (batch,)) if batch is not None else ("", ())
        rows = self._conn.execute(
            f"SELECT seq, learner, sha256, lesson, lesson_version, path, batch FROM attempts "
            f"{where} ORDER BY seq", args).fetchall()
        last: dict[tuple[str, str], tuple[int, Attempt]] = {}
        newest: dict[str, int] = {}
        for seq, learner, sha, lesson, version, path, name in rows:
            last[(learner, lesson)] = (seq, Attempt(learner, (sha, lesson, version), path, name))
            newest[learner] = seq
        kept = [a for (learner, lesson), (seq, a) in last.items()
                if lesson or seq == newest[learner]]
        return sorted(kept, key=lambda a: (a.learner, a.key[1]))

    def batches(self) -> list[str]:
        """Batch names in the order they were first used."""
        rows = self._conn.execute("SELECT batch, min(seq) FROM attempts GROUP BY batch "
                                  "ORDER BY 2").fetchall()
        return [r[0] for r in rows]

    def reviews(self) -> dict[tuple[str, Key, str], Review]:
        """Every stored review, by (learner, submission key, question)."""
        rows = self._conn.execute("SELECT learner, sha256, lesson, lesson_version, question, "
                                  "score, comment FROM reviews").fetchall()
        return {(who, (s, ls, v), q): Review(who, (s, ls, v), q, float(score), comment)
                for who, s, ls, v, q, score, comment in rows}

    def save_reviews(self, reviews: Iterable[Review]) -> int:
        """Store `reviews` all together (one transaction: all or nothing); returns how many."""
        rows = [(r.learner, *r.key, r.question, r.score, r.comment, now()) for r in reviews]
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._conn.executemany("INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?,?,?,?)", rows)
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")
        return len(rows)

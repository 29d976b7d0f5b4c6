"""The sandbox boundary's messages: each round-trips through JSON, and bad ones are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coursekit.answers import encode
from coursekit.exercises.feedback import Feedback, Status
from coursekit.sandbox.protocol import (
    LEARNER_MESSAGES,
    Answer,
    Collect,
    Collecting,
    End,
    Job,
    Limits,
    Lost,
    ProtocolError,
    Ran,
    Ready,
    RunResult,
    Started,
    Step,
    Uncollected,
    WorkerConfig,
    decode,
)

EXAMPLES: list[Any] = [
    Job("abc", "02-campaign-data", (Step("x = 1", "q1", "q1 answer (cell 3)"), Step("y = 2")),
        (Collect("q1", "x"), Collect("q2", "f", (encode((1, "a")), encode(([1.5, None],)))))),
    Ready(41), Ready(42, "cannot create namespaces"), Lost("the monitor was killed"),
    RunResult({"q1": 1, "q2": {"t": "missing"}}, {"q3": (Status.TIMEOUT, "cell 4 was stopped")},
              "ok", "", False, "abc", 0.25),
    RunResult({}, {}, Status.MEMORY_LIMIT, "cell 2 ran out of memory", True, "k", 1.0),
    Started(0), Ran(3, "error", "ValueError: no"), Ran(1, "ok"), Collecting(2, "q1"),
    Answer(2, "q1", {"t": "frame", "v": []}), Uncollected(4, "q2", "raised", "KeyError: 'a'"),
    End(),
    WorkerConfig(Limits(cell_timeout=1.5, memory_mb=512), 100_123, ("numpy", "pandas"), (7, 8),
                 9),
]


@pytest.mark.parametrize("message", EXAMPLES, ids=lambda m: type(m).__name__)
def test_every_message_round_trips_through_json(message: Any) -> None:
    wire = json.loads(json.dumps(message.to_dict()))
    assert decode(wire, (type(message),)) == message


def test_a_side_accepts_only_the_kinds_it_names() -> None:
    with pytest.raises(ProtocolError, match="unexpected message kind"):
        decode(Job("k", "l", ()).to_dict(), LEARNER_MESSAGES)
    with pytest.raises(ProtocolError, match="unexpected message kind"):
        decode({"k": "result-ish"}, (RunResult,))


BAD: list[tuple[type, dict[str, Any]]] = [
    (Started, {"k": "step", "i": "1"}),
    (Started, {"k": "step", "i": -1}),
    (Started, {"k": "step", "i": True}),
    (Ran, {"k": "ran", "i": 0, "outcome": "correct", "error": ""}),
    (Ran, {"k": "ran", "i": 0, "outcome": "error", "error": "x" * 10_000}),
    (Uncollected, {"k": "uncollected", "i": 0, "q": "q1", "reason": "checker error",
                   "error": ""}),
    (RunResult, {"k": "result", "key": "k", "answers": {}, "status": "ok", "message": "",
                 "question_status": {"q1": ["checker error", "forged"]},
                 "output_truncated": False, "seconds": 0}),
    (RunResult, {"k": "result", "key": "k", "answers": {}, "status": "correct", "message": "",
                 "question_status": {}, "output_truncated": False, "seconds": 0}),
    (RunResult, {"k": "result", "key": "k", "answers": [], "status": "ok", "message": "",
                 "question_status": {}, "output_truncated": 0, "seconds": 0}),
    (Job, {"k": "job", "key": "k", "lesson": "l", "steps": [{"code": 1}], "collect": []}),
    (Job, {"k": "job", "key": "k", "lesson": "l", "steps": [], "collect": [{"q": "q1"}]}),
    (WorkerConfig, {"k": "config", "limits": {}, "uid": 1, "preload": [], "cgroup_fds": [],
                    "oom_fd": -1}),
]


@pytest.mark.parametrize("kind,data", BAD, ids=[f"{k.__name__}-{n}" for n, (k, _) in
                                                  enumerate(BAD)])
def test_a_malformed_message_is_refused_on_decode(kind: type, data: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        decode(data, (kind,))


def test_status_values_are_the_stored_strings_and_carry_label_icon_passing() -> None:
    stored = {"correct", "incorrect", "not attempted", "error", "checker error", "recorded",
              "timeout", "kernel died", "memory limit", "output truncated", "missing",
              "tampered", "unreadable notebook", "needs review", "wrong lesson", "too large"}
    assert {s.value for s in Status} == stored
    assert Status("memory limit") is Status.MEMORY_LIMIT and Status.parse("nope") is None
    assert Status.CORRECT == "correct" and f"{Status.TIMEOUT}" == "timeout"
    assert json.dumps([Status.RECORDED]) == '["recorded"]'
    assert {s for s in Status if s.passing} == {Status.CORRECT, Status.RECORDED}
    assert "correct" in Status.PASSING and Status.INCORRECT not in Status.PASSING
    assert all(s.label and s.icon for s in Status)
    shown = Feedback("q1", Status.NOT_ATTEMPTED, "write it", 0, 1)._repr_markdown_()
    assert shown.startswith(f"{Status.NOT_ATTEMPTED.icon} **q1 · Not attempted yet**")

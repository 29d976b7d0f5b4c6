"""Every message that crosses the sandbox boundary, as typed dataclasses validated on decode.

Frames (`coursekit.sandbox.frames`) carry JSON objects; this module says which objects. Each
message has ``to_dict()`` (plain JSON data, with its kind under ``"k"``) and ``from_dict()``,
which checks every field's type and size and raises `ProtocolError` on anything else. Both sides
decode what they receive through `decode`, naming the kinds they accept there.

    grader ──WorkerConfig (argv)──► warm worker        (once, at start)
    grader ◄──Ready──────────────── warm worker        (once, when warm)
    grader ──Job──────────────────► submission monitor (one per submission; read by a fresh fork)
    monitor ◄──Started/Ran/Collecting/Answer/Uncollected/End── learner process (fd 3)
    grader ◄──RunResult──────────── submission monitor (one per Job)
    grader ◄──Lost───────────────── warm worker        (when a monitor died without a result)

What the sandbox receives holds no answer: a `Job` carries the code to run and a `Collect` per
question (the name to read and, for a function, the encoded arguments to call it with). Expected
values, reference functions, choice answers and known mistakes stay in the grader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from coursekit.exercises.feedback import Status
from coursekit.sandbox.frames import FrameError

__all__ = ["LEARNER_MESSAGES", "MAX_TEXT", "RUN_STATUSES", "Answer", "Collect", "Collecting",
           "End", "Job", "Limits", "Lost", "ProtocolError", "Ran", "Ready", "RunResult",
           "Started", "Step", "Uncollected", "WorkerConfig", "decode"]

MAX_TEXT = 500
"""Longest message or label (characters) any message may carry."""
MAX_CODE = 2_000_000
"""Longest code (characters) of one step."""
MAX_STEPS = 5_000
MAX_NAME = 200

RUN_STATUSES = frozenset({Status.TIMEOUT, Status.ERROR, Status.KERNEL_DIED,
                          Status.MEMORY_LIMIT, Status.OUTPUT_TRUNCATED})
"""Statuses a run, or a question that could not be collected, may end with (never a grade)."""

_OUTCOMES = frozenset({"ok", "error", "timeout", "memory"})
_UNCOLLECTED = frozenset({"timeout", "memory", "raised"})


class ProtocolError(FrameError):
    """A message is not one this side accepts, or a field has the wrong type or size."""


def _get(data: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = data.get(key)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if type(value) not in kinds:
        raise ProtocolError(f"field {key!r} is not {'/'.join(k.__name__ for k in kinds)}")
    return value


def _text(data: dict[str, Any], key: str, limit: int = MAX_TEXT) -> str:
    value = _get(data, key, str)
    if len(value) > limit:
        raise ProtocolError(f"field {key!r} is longer than {limit} characters")
    return str(value)


def _opt_text(data: dict[str, Any], key: str, limit: int = MAX_NAME) -> str | None:
    return None if data.get(key) is None else _text(data, key, limit)


def _index(data: dict[str, Any]) -> int:
    value = _get(data, "i", int)
    if not 0 <= value < MAX_STEPS:
        raise ProtocolError("step index out of range")
    return int(value)


def _number(data: dict[str, Any], key: str) -> float:
    value = _get(data, key, (int, float))
    if not 0 <= value < 1e9:
        raise ProtocolError(f"field {key!r} out of range")
    return float(value)


@dataclass(frozen=True)
class Limits:
    """Resource limits applied to every submission (see docs/grading.md for each figure)."""

    cell_timeout: float = 30.0      # per cell: interrupt, record timeout for that step, continue
    total_timeout: float = 120.0    # per submission wall clock: kill the whole process tree
    memory_mb: int = 1024           # whole submission (cgroup), or address space per process
    output_bytes: int = 1_000_000   # cap on captured stdout/stderr per submission, while streaming
    max_processes: int = 64
    max_open_files: int = 256
    file_size_mb: int = 16
    scratch_mb: int = 256           # the submission's private /tmp (tmpfs)
    shm_mb: int = 64                # the submission's private /dev/shm (tmpfs)

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limits:
        values: dict[str, Any] = {}
        for name, spec in cls.__dataclass_fields__.items():
            if spec.type == "float":
                values[name] = _number(data, name)
            else:
                values[name] = int(_get(data, name, int))
        return cls(**values)


@dataclass(frozen=True)
class WorkerConfig:
    """How the grader configures one warm worker (its command-line argument)."""

    limits: Limits
    uid: int
    """The unprivileged uid learner processes run as (when the worker is root)."""
    preload: tuple[str, ...] = ()
    cgroup_fds: tuple[int, ...] = ()
    """Open ``cgroup.procs`` descriptors the submission's supervisor joins (empty: rlimits)."""
    oom_fd: int = -1
    """Open descriptor of the submission cgroup's OOM-kill counter file, or -1."""
    kind: ClassVar[str] = "config"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "limits": self.limits.to_dict(), "uid": self.uid,
                "preload": list(self.preload), "cgroup_fds": list(self.cgroup_fds),
                "oom_fd": self.oom_fd}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkerConfig:
        preload = _get(data, "preload", list)
        fds = _get(data, "cgroup_fds", list)
        if not all(type(p) is str for p in preload) or not all(type(f) is int for f in fds):
            raise ProtocolError("preload must be names and cgroup_fds descriptors")
        return cls(Limits.from_dict(_get(data, "limits", dict)), int(_get(data, "uid", int)),
                   tuple(preload), tuple(fds), int(_get(data, "oom_fd", int)))


@dataclass(frozen=True)
class Step:
    """One cell of code to run in the sandbox, in order."""

    code: str
    capture: str | None = None   # question id: collect its answer right after this step
    label: str = ""              # e.g. "q1 answer (cell 3)" / "lesson cell 3", for messages

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "capture": self.capture, "label": self.label}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(_text(data, "code", MAX_CODE), _opt_text(data, "capture"),
                   _text(data, "label", MAX_NAME))


@dataclass(frozen=True)
class Collect:
    """What the sandbox reads for one question: a name, and the calls to make if a function."""

    question: str
    name: str
    """The learner's variable (or function) that holds the answer."""
    cases: tuple[Any, ...] | None = None
    """For a function problem: each call's arguments, encoded (`coursekit.answers.encode` of
    a tuple); None for a value."""

    def to_dict(self) -> dict[str, Any]:
        return {"q": self.question, "name": self.name,
                "cases": None if self.cases is None else list(self.cases)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Collect:
        cases = data.get("cases")
        if cases is not None and type(cases) is not list:
            raise ProtocolError("cases must be a list")
        return cls(_text(data, "q", MAX_NAME), _text(data, "name", MAX_NAME),
                   None if cases is None else tuple(cases))


@dataclass(frozen=True)
class Job:
    """Everything the sandbox needs to run one submission (plain data only, no answers)."""

    key: str
    """Unique per submission (content hash); the result carries it back."""
    lesson: str
    steps: tuple[Step, ...]
    collect: tuple[Collect, ...] = ()
    kind: ClassVar[str] = "job"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "key": self.key, "lesson": self.lesson,
                "steps": [s.to_dict() for s in self.steps],
                "collect": [c.to_dict() for c in self.collect]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Job:
        steps = _get(data, "steps", list)
        collect = _get(data, "collect", list)
        if len(steps) > MAX_STEPS or not all(type(s) is dict for s in steps + collect):
            raise ProtocolError("steps and collect must be lists of objects")
        return cls(_text(data, "key", MAX_NAME), _text(data, "lesson", MAX_NAME),
                   tuple(Step.from_dict(s) for s in steps),
                   tuple(Collect.from_dict(c) for c in collect))


@dataclass(frozen=True)
class Ready:
    """The warm worker has imported everything and waits for jobs."""

    pid: int
    problem: str = ""
    """Why this worker cannot isolate submissions (no namespaces, no seccomp); empty when it can."""
    kind: ClassVar[str] = "ready"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "pid": self.pid, "problem": self.problem}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ready:
        return cls(int(_get(data, "pid", int)), _text(data, "problem"))


@dataclass(frozen=True)
class Lost:
    """A submission's monitor ended without a result (the worker itself stays usable)."""

    message: str
    kind: ClassVar[str] = "lost"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "message": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lost:
        return cls(_text(data, "message"))


@dataclass(frozen=True)
class RunResult:
    """What running one Job produced: answers as plain data, and why any are absent."""

    answers: dict[str, Any]
    """Question -> answer as collected (plain JSON data, judged by the grader)."""
    question_status: dict[str, tuple[str, str]]
    """Question -> (status, message) for questions whose answer could not be collected."""
    status: str
    """``"ok"`` or the run status (`RUN_STATUSES`) that ended the run early."""
    message: str
    """One line for the instructor (empty when ``ok``)."""
    output_truncated: bool
    key: str = ""
    seconds: float = 0.0
    kind: ClassVar[str] = "result"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "key": self.key, "answers": self.answers,
                "question_status": {q: list(v) for q, v in self.question_status.items()},
                "status": self.status, "message": self.message,
                "output_truncated": self.output_truncated, "seconds": self.seconds}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunResult:
        answers = _get(data, "answers", dict)
        statuses: dict[str, tuple[str, str]] = {}
        for q, value in _get(data, "question_status", dict).items():
            if type(value) is not list or len(value) != 2 or value[0] not in RUN_STATUSES \
                    or type(value[1]) is not str:
                raise ProtocolError(f"bad status for {str(q)[:40]!r}")
            statuses[q] = (str(value[0]), value[1][:MAX_TEXT])
        status = _get(data, "status", str)
        if status != "ok" and status not in RUN_STATUSES:
            raise ProtocolError("bad run status")
        return cls(dict(answers), statuses, status, _text(data, "message"),
                   bool(_get(data, "output_truncated", bool)), _text(data, "key", MAX_NAME),
                   _number(data, "seconds"))


# -- learner process -> monitor (fd 3) -------------------------------------------------------

@dataclass(frozen=True)
class Started:
    """Step `i` starts running."""

    i: int
    kind: ClassVar[str] = "step"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "i": self.i}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Started:
        return cls(_index(data))


@dataclass(frozen=True)
class Ran:
    """Step `i` ended: ``ok``, ``error``, ``timeout`` or ``memory``; `error` is learner text."""

    i: int
    outcome: str
    error: str = ""
    kind: ClassVar[str] = "ran"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "i": self.i, "outcome": self.outcome, "error": self.error}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ran:
        outcome = _get(data, "outcome", str)
        if outcome not in _OUTCOMES:
            raise ProtocolError("unknown outcome")
        return cls(_index(data), outcome, _text(data, "error"))


@dataclass(frozen=True)
class Collecting:
    """The answer to `q` is being collected right after step `i`."""

    i: int
    q: str
    kind: ClassVar[str] = "collect"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "i": self.i, "q": self.q}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Collecting:
        return cls(_index(data), _text(data, "q", MAX_NAME))


@dataclass(frozen=True)
class Answer:
    """The encoded answer to `q` (plain data, judged only by the grader)."""

    i: int
    q: str
    data: Any = field(default=None)
    kind: ClassVar[str] = "answer"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "i": self.i, "q": self.q, "data": self.data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        return cls(_index(data), _text(data, "q", MAX_NAME), data.get("data"))


@dataclass(frozen=True)
class Uncollected:
    """Collecting `q` failed: ``timeout``, ``memory`` or ``raised`` (`error` is learner text)."""

    i: int
    q: str
    reason: str
    error: str = ""
    kind: ClassVar[str] = "uncollected"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind, "i": self.i, "q": self.q, "reason": self.reason,
                "error": self.error}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Uncollected:
        reason = _get(data, "reason", str)
        if reason not in _UNCOLLECTED:
            raise ProtocolError("unknown reason")
        return cls(_index(data), _text(data, "q", MAX_NAME), reason, _text(data, "error"))


@dataclass(frozen=True)
class End:
    """Every step ran."""

    kind: ClassVar[str] = "end"

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> End:
        return cls()


LEARNER_MESSAGES: tuple[Any, ...] = (Started, Ran, Collecting, Answer, Uncollected, End)
"""What a monitor accepts from a learner process."""


def decode(data: dict[str, Any], accepted: tuple[Any, ...]) -> Any:
    """The message `data` encodes, if its kind is one of `accepted`; else `ProtocolError`."""
    kind = data.get("k")
    for cls in accepted:
        if cls.kind == kind:
            try:
                return cls.from_dict(data)
            except (TypeError, ValueError, AttributeError) as exc:
                raise ProtocolError(f"malformed {kind} message ({exc})") from None
    raise ProtocolError(f"unexpected message kind {str(kind)[:40]!r}")

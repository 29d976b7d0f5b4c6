"""Hostile submissions, each graded beside a clean control through the real ``coursekit grade``.

One grading run covers every attack of issue 6 (Done-when 1). Each hostile notebook is lesson
01's released notebook with the reference solutions filled in (the control) plus one attack; the
``touched`` questions are the ones the attack may change, every other question must score exactly
as in the control. After the run: the command exited 0, every input has exactly one record, no
watched file changed, no process of the run survived, no canary file appeared.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import ChoiceProblem
from coursekit.lessons.registry import get_lesson
from coursekit.lessons.source import lessons_dir
from tests.grading.conftest import require_sandbox
from tests.grading.pipeline_helpers import (
    LESSON,
    answer_index,
    check_index,
    clone,
    code_cell,
    machine_points,
    set_answer,
    solved,
)

pytestmark = pytest.mark.slow

PROBLEMS = get_lesson(LESSON).problems
QUESTIONS = list(PROBLEMS)
CHOICE = next(q for q, p in PROBLEMS.items() if isinstance(p, ChoiceProblem))
"""The attacked answer: a choice question (its correct value is plain data: letters)."""
NAME = PROBLEMS[CHOICE].name
_ANSWER = PROBLEMS[CHOICE].answer
RIGHT: str | list[str] = _ANSWER if isinstance(_ANSWER, str) else sorted(_ANSWER)
"""The right answer as a learner writes it: a letter, or a list of letters."""
WRONG = next(k for k in PROBLEMS[CHOICE].options if k not in _ANSWER)
LAST = QUESTIONS[-1]
"""Attacks that disrupt the run sit right before this question's answer."""
BEFORE_LAST = QUESTIONS[-2]
SECRET = "coursekit-adversarial-secret-7c1e"
MARKER = f"4343.{os.getpid()}"
"""Appears in the command line of every process an attack leaves behind (``sleep MARKER``)."""
NOT_RIGHT = {Status.INCORRECT, Status.ERROR, Status.NOT_ATTEMPTED}


@dataclass
class Hostile:
    name: str
    build: Callable[[Path], Any]
    """Returns the notebook (dict), raw bytes, or None when it created the file itself."""
    touched: frozenset[str] = frozenset()
    expect: dict[str, set[str]] = field(default_factory=dict)
    unreadable: bool = False


def _answer(code: str) -> Callable[[Path], Any]:
    """The control with `code` as the choice question's answer cell."""
    def build(_: Path) -> Any:
        nb = solved()
        set_answer(nb, CHOICE, code)
        return nb
    return build


def _cell_before_last(code: str) -> Callable[[Path], Any]:
    """The control with a learner cell of `code` right before the last question's answer."""
    def build(_: Path) -> Any:
        nb = solved()
        nb["cells"].insert(check_index(nb, BEFORE_LAST) + 1, code_cell(code))
        return nb
    return build


def _bytes(make: Callable[[bytes], bytes]) -> Callable[[Path], Any]:
    def build(_: Path) -> Any:
        return make(json.dumps(solved(), indent=1).encode())
    return build


def _edit(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], Any]:
    def build(_: Path) -> Any:
        nb = solved()
        change(nb)
        return nb
    return build


def _if_hidden(test: str) -> str:
    """Answer correctly only if `test` (an expression) is false, i.e. the secret stayed hidden."""
    return (f"try:\n    _leak = bool({test})\nexcept Exception:\n    _leak = False\n"
            f"{NAME} = 'leaked' if _leak else {RIGHT!r}")


def _deep(_: Path) -> bytes:
    return b'{"cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def _retype(nb: dict[str, Any]) -> None:
    cell = nb["cells"][answer_index(nb, CHOICE)]
    cell["cell_type"] = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)


def _reorder(nb: dict[str, Any]) -> None:
    last = nb["cells"].pop(answer_index(nb, LAST))
    nb["cells"].insert(answer_index(nb, CHOICE), last)


def _points(nb: dict[str, Any]) -> None:
    cell = nb["cells"][answer_index(nb, CHOICE)]
    cell["metadata"]["coursekit"]["points"] = 100
    cell["metadata"]["nbgrader"] = {"grade": True, "points": 100, "grade_id": CHOICE}
    nb["metadata"]["coursekit"]["points"] = {CHOICE: 100}


def _ids(nb: dict[str, Any]) -> None:
    for n, cell in enumerate(nb["cells"]):
        cell["id"] = f"forged-{n}"


def _kernelspec(nb: dict[str, Any]) -> None:
    nb["metadata"]["kernelspec"] = {"name": "evil", "display_name": "Evil", "language": "python"}


def _pickles(canary: Path) -> tuple[str, bytes]:
    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.system, (f"touch {canary}",))

    blob = pickle.dumps(Payload())
    return base64.b64encode(blob).decode(), blob


def _source_paths() -> list[str]:
    """Every place a lesson source notebook exists on this machine (repository, package)."""
    import coursekit

    repo = Path(__file__).resolve().parents[2] / "notebooks" / f"{LESSON}.ipynb"
    packaged = Path(coursekit.__file__).parent / "_lessons" / f"{LESSON}.ipynb"
    found = {str(lessons_dir() / f"{LESSON}.ipynb"), str(repo), str(packaged)}
    found |= {str(Path(p) / "coursekit" / "_lessons" / f"{LESSON}.ipynb") for p in sys.path if p}
    return sorted(found)


def hostiles(work: Path) -> list[Hostile]:
    out, subs, canary = work / "out", work / "subs", work / "CANARY"
    control = subs / "control.ipynb"
    b64, _ = _pickles(canary)

    def pickled_metadata(nb: dict[str, Any]) -> None:
        cell = nb["cells"][answer_index(nb, CHOICE)]
        cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                            "data": {"application/octet-stream": b64, "text/plain": "x"}}]
        nb["metadata"]["coursekit"]["state"] = b64

    only = lambda *qs: frozenset(qs)  # noqa: E731
    return [
        # -- answers that try to pass for right ------------------------------------------------
        Hostile("eq_always_true", _answer(
            "class Yes(str):\n    def __eq__(self, other): return True\n"
            "    def __hash__(self): return 0\n"
            f"{NAME} = Yes('zzz')"), only(CHOICE), {CHOICE: NOT_RIGHT}),
        Hostile("lookalike_subclass", _answer(
            f"class Letter(str):\n    pass\n{NAME} = Letter({RIGHT!r})"), only(CHOICE),
            {CHOICE: NOT_RIGHT}),
        Hostile("redefined_checkers", _answer(
            f"{NAME} = {WRONG!r}\nclass Fake:\n    def __getattr__(self, name): return self\n"
            "    def check(self): return 'Correct'\n"
            "ex = Fake()\ncheck = lambda *a, **k: True\ngrade = check"), only(CHOICE),
            {CHOICE: {Status.INCORRECT}}),
        Hostile("monkeypatched_coursekit", _answer(
            "import coursekit.answers, coursekit.exercises.feedback as feedback\n"
            "feedback.Feedback.passed = property(lambda self: True)\n"
            "coursekit.answers.decode = lambda data: 'patched'\n"
            "coursekit.answers.encode = lambda value, *a: 'patched'\n"
            f"{NAME} = {WRONG!r}"), only(CHOICE), {CHOICE: {Status.INCORRECT}}),
        Hostile("imports_the_exercise_definitions", _answer(
            "import coursekit.exercises.kinds as kinds\n"
            f"{NAME} = {RIGHT!r}"), only(CHOICE), {CHOICE: {Status.ERROR}}),
        Hostile("computes_the_answer_in_the_sandbox", _answer(
            "import importlib, pathlib, sys, coursekit\n"
            f"{NAME} = {WRONG!r}\n"
            "try:\n"
            "    from coursekit.lessons.registry import get_lesson\n"
            f"    {NAME} = get_lesson({LESSON!r}).problems[{CHOICE!r}].answer\n"
            "except Exception:\n"
            "    pass\n"
            "package = pathlib.Path(coursekit.__file__).parent\n"
            "readable = [p for p in package.rglob('*') if p.is_file()\n"
            "            and ('ch01' in p.name or p.stem.split('.')[0] in ('kinds', 'compare'))]\n"
            "loaded = [m for m in sys.modules if m.startswith('coursekit.exercises.')\n"
            "          and not m.endswith('feedback')]\n"
            f"ex = coursekit.lesson({LESSON!r}, globals())\n"
            f"shown = repr(ex.{CHOICE}.solution()) + repr(ex.{CHOICE}.check())\n"
            f"if readable or loaded or 'answer' in shown:\n"
            f"    {NAME} = {RIGHT!r}  # proof that an answer was within reach\n"),
            only(CHOICE), {CHOICE: {Status.INCORRECT}}),
        Hostile("silenced_showtraceback", _answer(
            "get_ipython().showtraceback = lambda *a, **k: None\n"
            f"{NAME} = undefined_name"), only(CHOICE), {CHOICE: NOT_RIGHT}),
        Hostile("silenced_set_custom_exc", _answer(
            "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)\n"
            f"{NAME} = undefined_name"), only(CHOICE), {CHOICE: NOT_RIGHT}),
        Hostile("input_transformer_blanks_later_cells", _cell_before_last(
            "get_ipython().input_transformers_post.append(lambda lines: [])"), only(LAST),
            {LAST: {Status.NOT_ATTEMPTED}}),
        Hostile("patched_builtins", _answer(
            "import builtins\nbuiltins.isinstance = lambda *a: True\n"
            "builtins.len = lambda *a: 1\nbuiltins.type = lambda *a: str\n"
            f"{NAME} = {WRONG!r}"), frozenset(QUESTIONS[QUESTIONS.index(CHOICE):]),
            {CHOICE: NOT_RIGHT | {Status.CHECKER_ERROR}}),
        Hostile("pickled_answer", _answer(
            "import pickle, os\nclass Payload:\n"
            f"    def __reduce__(self): return (os.system, ('touch {canary}',))\n"
            f"{NAME} = pickle.dumps(Payload())"), only(CHOICE), {CHOICE: NOT_RIGHT}),
        Hostile("pickled_outputs_and_metadata", _edit(pickled_metadata)),
        # -- reading for secrets ----------------------------------------------------------------
        Hostile("reads_other_submissions", _answer(_if_hidden(
            f"__import__('os').path.exists({str(control)!r}) or "
            f"__import__('os').path.exists({str(subs)!r})"))),
        Hostile("reads_lesson_source", _answer(_if_hidden(
            f"__import__('os').path.exists({str(lessons_dir() / (LESSON + '.ipynb'))!r}) or "
            f"any(__import__('os').path.exists(p) for p in {_source_paths()!r})"))),
        Hostile("reads_environment", _answer(_if_hidden(
            f"{SECRET!r} in str(dict(__import__('os').environ)) or "
            f"{SECRET!r} in open('/proc/1/environ').read()"))),
        Hostile("network_access", _answer(_if_hidden(
            "__import__('socket').create_connection(('1.1.1.1', 53), timeout=2) or "
            "__import__('socket').create_connection(('pypi.org', 443), timeout=2)"))),
        # -- forging results --------------------------------------------------------------------
        Hostile("forged_result_files", _cell_before_last(
            f"import os, json\nos.makedirs({str(out / 'results')!r}, exist_ok=True)\n"
            f"for name in ('grades.csv', 'grades.json', 'results/control.json'):\n"
            "    try:\n"
            f"        open(os.path.join({str(out)!r}, name), 'w').write('FORGED')\n"
            "    except OSError:\n        pass"), only(LAST)),
        Hostile("detached_rewriter", _cell_before_last(
            "import subprocess\nsubprocess.Popen(['sh', '-c', "
            f"'sleep {MARKER}; echo FORGED > {out}/grades.csv'], start_new_session=True)"),
            only(LAST)),
        # -- dying ------------------------------------------------------------------------------
        Hostile("sys_exit", _cell_before_last("import sys\nsys.exit(0)"), only(LAST)),
        Hostile("os_exit", _cell_before_last("import os\nos._exit(0)"), only(LAST),
                {LAST: {Status.KERNEL_DIED}}),
        Hostile("sigkill_self", _cell_before_last(
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"), only(LAST),
            {LAST: {Status.KERNEL_DIED}}),
        Hostile("segfault", _cell_before_last("import ctypes\nctypes.string_at(0)"),
                only(LAST), {LAST: {Status.KERNEL_DIED}}),
        # -- resources --------------------------------------------------------------------------
        Hostile("infinite_loop", _cell_before_last("while True:\n    pass"), only(LAST),
                {LAST: {Status.TIMEOUT}}),
        Hostile("loop_ignoring_sigint", _cell_before_last(
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "signal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    try:\n"
            "        pass\n    except BaseException:\n        pass"), only(LAST),
            {LAST: {Status.TIMEOUT}}),
        Hostile("fork_bomb", _cell_before_last(
            "import os\nfor _ in range(10000):\n    try:\n        os.fork()\n"
            "    except OSError:\n        pass"), only(LAST)),
        Hostile("thread_bomb", _cell_before_last(
            "import threading, time\nfor _ in range(100000):\n"
            "    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()"),
            only(LAST)),
        Hostile("memory_bomb", _cell_before_last("hog = bytearray(64 * 1024**3)"), only(LAST),
                {LAST: {Status.MEMORY_LIMIT}}),
        Hostile("output_flood", _cell_before_last("while True:\n    print('x' * 100_000)"),
                only(LAST), {LAST: {Status.OUTPUT_TRUNCATED}}),
        Hostile("disk_fill", _cell_before_last(
            "for i in range(100000):\n    open(f'fill{i}', 'wb').write(b'x' * 10**7)"),
            only(LAST)),
        Hostile("setsid_escapee", _cell_before_last(
            f"import subprocess\nsubprocess.Popen(['setsid', 'sleep', '{MARKER}'])"),
            only(LAST)),
        Hostile("nohup_escapee", _cell_before_last(
            f"import subprocess\nsubprocess.Popen(['nohup', 'sleep', '{MARKER}'], "
            "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"), only(LAST)),
        Hostile("daemon_thread_rewrites_answer", _cell_before_last(
            "import threading, time\ndef rewrite():\n    while True:\n"
            f"        globals()[{NAME!r}] = {WRONG!r}\n        time.sleep(0.001)\n"
            "threading.Thread(target=rewrite, daemon=True).start()"), only(LAST)),
        # -- malformed files --------------------------------------------------------------------
        Hostile("not_json", lambda _: b"this is not a notebook", unreadable=True),
        Hostile("truncated", _bytes(lambda b: b[: len(b) // 2]), unreadable=True),
        Hostile("wrong_top_level", lambda _: b"[1, 2, 3]", unreadable=True),
        Hostile("nbformat_3", lambda _: json.dumps({"nbformat": 3, "nbformat_minor": 0,
                                                   "metadata": {}, "worksheets": []}).encode(),
                unreadable=True),
        Hostile("huge", _bytes(lambda b: b[:-2] + b" " * 3_000_000 + b[-2:]), unreadable=True),
        Hostile("deeply_nested", _deep, unreadable=True),
        Hostile("empty", lambda _: b"", unreadable=True),
        Hostile("directory", lambda p: p.mkdir(), unreadable=True),
        Hostile("symlink", lambda p: p.symlink_to(control), unreadable=True),
        Hostile("invalid_utf8", _bytes(lambda b: b.replace(b'"cells"', b'"cells\xff\xfe"', 1)),
                unreadable=True),
        Hostile("nul_bytes", _bytes(lambda b: b.replace(b'"cells"', b'"ce\x00lls"', 1)),
                unreadable=True),
        # -- structure tampering ----------------------------------------------------------------
        Hostile("deleted_answer", _edit(lambda nb: nb["cells"].pop(answer_index(nb, CHOICE))),
                only(CHOICE), {CHOICE: {Status.MISSING}}),
        Hostile("duplicated_answer", _edit(lambda nb: nb["cells"].insert(
            answer_index(nb, CHOICE), clone(nb["cells"][answer_index(nb, CHOICE)])))),
        Hostile("retyped_answer", _edit(_retype), only(CHOICE), {CHOICE: {Status.TAMPERED}}),
        Hostile("reordered_cells", _edit(_reorder)),
        Hostile("edited_points", _edit(_points)),
        Hostile("edited_ids", _edit(_ids)),
        Hostile("edited_kernelspec", _edit(_kernelspec)),
    ]


def _write(work: Path) -> list[Hostile]:
    subs = work / "subs"
    subs.mkdir(parents=True)
    (subs / "control.ipynb").write_text(json.dumps(solved(), indent=1), encoding="utf-8")
    cases = hostiles(work)
    for case in cases:
        path = subs / f"{case.name}.ipynb"
        made = case.build(path)
        if isinstance(made, dict):
            path.write_text(json.dumps(made, indent=1), encoding="utf-8")
        elif isinstance(made, bytes):
            path.write_bytes(made)
    return cases


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not
                     p.is_symlink() else os.readlink(p) if p.is_symlink() else "dir")
            for p in sorted(folder.iterdir())}


def _survivors() -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if MARKER.encode() in cmdline:
                found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


@dataclass
class Graded:
    cases: list[Hostile]
    records: dict[str, list[dict[str, Any]]]
    returncode: int
    output: str
    seconds: float
    before: dict[str, str]
    after: dict[str, str]
    survivors: list[str]
    work: Path


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    require_sandbox()
    work = tmp_path_factory.mktemp("adversarial")
    cases = _write(work)
    before = _digest(work / "subs")
    env = {**os.environ, "COURSEKIT_ADVERSARIAL_SECRET": SECRET}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "coursekit", "grade", str(work / "subs"), "--out",
         str(work / "out"), "--workers", "2", "--timeout", "2", "--notebook-timeout", "30",
         "--max-size", "2", "--quiet"],
        capture_output=True, text=True, env=env, timeout=600, check=False)
    seconds = time.monotonic() - started
    deadline = time.monotonic() + 3
    while _survivors() and time.monotonic() < deadline:
        time.sleep(0.1)
    records: dict[str, list[dict[str, Any]]] = {}
    grades = work / "out" / "grades.json"
    if grades.is_file():
        for record in json.loads(grades.read_text("utf-8"))["submissions"]:
            records.setdefault(record["learner"], []).append(record)
    return Graded(cases, records, done.returncode, done.stdout + done.stderr, seconds, before,
                  _digest(work / "subs"), _survivors(), work)


def _scores(record: dict[str, Any]) -> dict[str, tuple[float, str]]:
    return {q["question"]: (q["score"], q["status"]) for q in record["questions"]}


def test_the_grader_exits_0_with_one_record_per_input(graded: Graded) -> None:
    assert graded.returncode == 0, graded.output
    expected = {"control"} | {c.name for c in graded.cases}
    assert set(graded.records) == expected
    assert all(len(r) == 1 for r in graded.records.values())
    assert len(graded.cases) >= 25


def test_the_control_scores_full_marks(graded: Graded) -> None:
    control = graded.records["control"][0]
    assert control["score"] == machine_points(LESSON) > 0  # reflections wait for a person
    assert all(q["status"] == Status.NEEDS_REVIEW for q in control["questions"]
               if PROBLEMS[q["question"]].kind == "reflection")


def test_nothing_outside_the_scratch_changed_and_no_canary_appeared(graded: Graded) -> None:
    assert graded.after == graded.before
    assert not (graded.work / "CANARY").exists()
    for path in (graded.work / "out").rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".json", ".html"):
            assert "FORGED" not in path.read_text("utf-8", errors="replace"), path


def test_no_process_of_the_run_survived(graded: Graded) -> None:
    assert graded.survivors == []


@pytest.mark.parametrize("name", [c.name for c in hostiles(Path("/nonexistent"))])
def test_each_attack_changes_only_the_questions_it_touched(graded: Graded, name: str) -> None:
    case = next(c for c in graded.cases if c.name == name)
    (record,) = graded.records[name]
    control = _scores(graded.records["control"][0])
    if case.unreadable:
        assert record["score"] == 0
        assert all(q["status"] == Status.UNREADABLE for q in record["questions"]), record
        return
    got = _scores(record)
    for question in QUESTIONS:
        if question not in case.touched:
            assert got[question] == control[question], (question, record)
        if question in case.expect:
            assert got[question][1] in case.expect[question], (question, record)
            assert got[question][0] == 0 or got[question][1] in Status.PASSING
    assert record["max_score"] == graded.records["control"][0]["max_score"]

"""The sandbox Runner: answers leave as data, limits hold, and nothing outlives a submission."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import FunctionProblem
from coursekit.grading.plan import Job, Step, collect_plan
from coursekit.grading.runner import Limits, Runner, parse_result
from coursekit.lessons.registry import get_lesson
from coursekit.sandbox.frames import FrameError, FrameReader, encode_frame
from tests.grading.conftest import require_sandbox

LESSON = "01-is-it-cheating"
LIMITS = Limits(cell_timeout=1.5, total_timeout=8, output_bytes=200_000)


def _names() -> tuple[tuple[str, str], tuple[str, str]]:
    """Two questions of the lesson whose answer is a plain value: (id, variable name) each."""
    plain = [(q, p.name) for q, p in get_lesson(LESSON).problems.items()
             if not isinstance(p, FunctionProblem)]
    return plain[0], plain[1]


(Q1, N1), (Q2, N2) = _names()


PLAN = collect_plan(get_lesson(LESSON))
"""The lesson's collect-only view: names and function inputs, no answers."""


def job(*steps: Step, key: str = "k") -> Job:
    return Job(key=key, lesson=LESSON, steps=steps, collect=PLAN)


def two_answers(attack: str, *, before_second: bool = True) -> Job:
    """Answer Q1 (captured), run `attack`, then answer Q2 (captured)."""
    steps = [Step(f"{N1} = 'first'", capture=Q1, label="first answer"),
             Step(attack, label="attack"),
             Step(f"{N2} = 'second'", capture=Q2, label="second answer")]
    return job(*steps)


@pytest.fixture(scope="module")
def runner() -> Runner:
    require_sandbox()
    with Runner(LIMITS, workers=2) as r:
        yield r


def _survivors(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


# -- answers -----------------------------------------------------------------------------------

def test_an_answer_is_captured_as_data_right_after_its_step(runner: Runner) -> None:
    result = runner.run(job(Step(f"{N1} = 'b'", capture=Q1), Step(f"{N1} = 'changed later'")))
    assert result.status == "ok"
    assert result.answers == {Q1: "b"}
    assert result.question_status == {}


def test_a_name_never_defined_is_collected_as_missing(runner: Runner) -> None:
    result = runner.run(job(Step("", capture=Q1)))
    assert result.answers == {Q1: {"t": "missing"}}


def test_a_look_alike_object_arrives_as_unsupported_data(runner: Runner) -> None:
    code = (f"class Yes(str):\n    def __eq__(self, other): return True\n"
            f"{N1} = Yes('b')")
    result = runner.run(job(Step(code, capture=Q1)))
    assert result.answers[Q1]["t"] == "unsupported"


def test_an_error_with_no_answer_is_reported_and_the_run_goes_on(runner: Runner) -> None:
    result = runner.run(two_answers("1 / 0"))
    assert result.answers == {Q1: "first", Q2: "second"}
    result = runner.run(job(Step("undefined_name", capture=Q1), Step(f"{N2} = 2", capture=Q2)))
    assert result.question_status[Q1] == (Status.ERROR, "cell 1 raised “NameError: name "
                                                        "'undefined_name' is not defined”")
    assert result.answers == {Q2: 2}


def test_a_forged_answer_frame_for_another_question_is_ignored(runner: Runner) -> None:
    forge = ("import os, json, struct\n"
             f"body = json.dumps({{'k': 'answer', 'i': 1, 'q': '{Q2}', 'data': 'forged'}})"
             ".encode()\n"
             "os.write(3, struct.pack('>I', len(body)) + body)")
    result = runner.run(two_answers(forge))
    assert result.answers == {Q1: "first", Q2: "second"}


def test_garbage_on_the_message_pipe_ends_only_that_run(runner: Runner) -> None:
    result = runner.run(two_answers("import os\nos.write(3, b'\\xff' * 64)"))
    assert result.answers == {Q1: "first"}
    assert result.question_status[Q2][0] == Status.KERNEL_DIED


# -- time --------------------------------------------------------------------------------------

def test_a_looping_cell_is_interrupted_and_later_cells_still_run(runner: Runner) -> None:
    started = time.monotonic()
    result = runner.run(job(Step("while True: pass", capture=Q1), Step(f"{N2} = 2",
                                                                        capture=Q2)))
    assert result.question_status[Q1][0] == Status.TIMEOUT
    assert result.answers == {Q2: 2}
    assert time.monotonic() - started < LIMITS.cell_timeout + 2


def test_a_loop_that_ignores_interrupts_is_killed_and_the_rest_times_out(runner: Runner) -> None:
    attack = ("import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
              "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
              "while True:\n    try:\n        pass\n    except BaseException:\n        pass")
    started = time.monotonic()
    result = runner.run(two_answers(attack))
    assert result.status == Status.TIMEOUT
    assert result.answers == {Q1: "first"}
    assert result.question_status[Q2][0] == Status.TIMEOUT
    assert time.monotonic() - started < LIMITS.cell_timeout + 4


# -- crashes and limits ------------------------------------------------------------------------

@pytest.mark.parametrize("attack, how", [
    ("import os\nos._exit(0)", "exited with code 0"),
    ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "SIGKILL"),
    ("import ctypes\nctypes.string_at(0)", "SIGSEGV"),
])
def test_a_dying_process_costs_only_the_questions_not_yet_captured(runner: Runner, attack: str,
                                                                   how: str) -> None:
    result = runner.run(two_answers(attack))
    assert result.status == Status.KERNEL_DIED
    assert how in result.message
    assert result.answers == {Q1: "first"}
    assert result.question_status[Q2][0] == Status.KERNEL_DIED


def test_sys_exit_is_an_error_in_its_cell_as_in_jupyter(runner: Runner) -> None:
    result = runner.run(two_answers("import sys\nsys.exit(0)"))
    assert result.answers == {Q1: "first", Q2: "second"}


def test_a_memory_bomb_hits_the_memory_limit(runner: Runner) -> None:
    result = runner.run(job(Step(f"{N1} = 1"), Step("x = bytearray(8 * 1024**3)",
                                                    capture=Q1)))
    assert result.question_status[Q1][0] == Status.MEMORY_LIMIT


def test_an_output_flood_is_cut_while_it_streams(runner: Runner) -> None:
    started = time.monotonic()
    result = runner.run(two_answers("while True: print('x' * 10000)"))
    assert result.status == Status.OUTPUT_TRUNCATED and result.output_truncated
    assert result.answers == {Q1: "first"}
    assert result.question_status[Q2][0] == Status.OUTPUT_TRUNCATED
    assert time.monotonic() - started < LIMITS.cell_timeout


@pytest.mark.parametrize("attack", [
    "import os\nfor _ in range(500):\n    try:\n        os.fork()\n    except OSError:\n"
    "        break",
    "import threading, time\nfor _ in range(5000):\n    threading.Thread(target=time.sleep, "
    "args=(60,), daemon=True).start()",
    "for i in range(100):\n    open(f'fill{i}', 'wb').write(b'x' * 10**7)",
])
def test_process_thread_and_disk_bombs_are_bounded(runner: Runner, attack: str) -> None:
    result = runner.run(two_answers(attack))
    assert result.answers[Q1] == "first"
    assert Q2 in result.answers or Q2 in result.question_status


@pytest.mark.parametrize("spawn", [
    "subprocess.Popen(['setsid', 'sleep', '{marker}'])",
    "subprocess.Popen(['nohup', 'sleep', '{marker}'], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL, start_new_session=True)",
])
def test_no_escapee_outlives_its_submission(runner: Runner, spawn: str) -> None:
    marker = f"4242.{os.getpid()}{threading.get_ident() % 1000}"
    result = runner.run(two_answers("import subprocess\n" + spawn.format(marker=marker)))
    assert result.answers == {Q1: "first", Q2: "second"}
    deadline = time.monotonic() + 3
    while _survivors(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _survivors(marker) == []


# -- what learner code can see and do ---------------------------------------------------------

def _probe(runner: Runner, expression: str) -> object:
    result = runner.run(job(Step(f"{N1} = {expression}", capture=Q1)))
    assert Q1 in result.answers, result.question_status
    return result.answers[Q1]


def test_learner_code_runs_as_an_unprivileged_user_with_no_capabilities(runner: Runner) -> None:
    assert _probe(runner, "__import__('os').getuid()") != 0
    caps = _probe(runner, "[l for l in open('/proc/self/status') if l.startswith('CapEff')][0]")
    assert caps.split()[1] == "0" * 16


def test_learner_code_has_no_network(runner: Runner) -> None:
    code = ("import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=2)\n"
            f"    {N1} = 'connected'\nexcept OSError as e:\n    {N1} = 'blocked'")
    result = runner.run(job(Step(code, capture=Q1)))
    assert result.answers[Q1] == "blocked"


def test_learner_code_cannot_see_lesson_sources_secrets_or_other_processes(
        runner: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from coursekit.lessons.source import lessons_dir

    monkeypatch.setenv("COURSEKIT_SECRET_TOKEN", "s3cret")
    source = str(lessons_dir() / f"{LESSON}.ipynb")
    assert _probe(runner, f"__import__('os').path.exists({source!r})") is False
    assert _probe(runner, "'COURSEKIT_SECRET_TOKEN' in __import__('os').environ") is False
    pids = _probe(runner, "sorted(int(p) for p in __import__('os').listdir('/proc') "
                          "if p.isdigit())")
    assert pids == [1, 2]  # the submission's own supervisor and itself


def test_learner_code_cannot_write_outside_its_scratch(runner: Runner, tmp_path: Path) -> None:
    target = tmp_path / "planted"
    code = (f"import os\nwritten = []\nfor p in [{str(target)!r}, '/usr/planted', "
            f"'/etc/planted', {str(Path(__file__))!r}]:\n"
            "    try:\n        open(p, 'a').write('x')\n        written.append(p)\n"
            f"    except OSError:\n        pass\n{N1} = written")
    result = runner.run(job(Step(code, capture=Q1)))
    assert result.answers[Q1] == []
    assert not target.exists()


# -- the runner itself -------------------------------------------------------------------------

def test_two_workers_grade_concurrently_without_mixing_results(runner: Runner) -> None:
    results: dict[int, object] = {}

    def grade(n: int) -> None:
        results[n] = runner.run(job(Step(f"import time\ntime.sleep(0.3)\n{N1} = {n}",
                                         capture=Q1), key=f"k{n}")).answers[Q1]

    threads = [threading.Thread(target=grade, args=(n,)) for n in range(6)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {n: n for n in range(6)}
    assert time.monotonic() - started < 6 * 0.3  # ran two at a time


def test_a_dead_worker_is_replaced_and_its_job_reported(runner: Runner) -> None:
    import signal

    slot, worker = runner._idle.get()
    os.killpg(worker.proc.pid, signal.SIGKILL)
    runner._idle.put((slot, worker))
    results = [runner.run(job(Step(f"{N1} = 1", capture=Q1))) for _ in range(3)]
    assert any(r.status == Status.KERNEL_DIED for r in results)
    assert results[-1].answers == {Q1: 1}


def test_a_malformed_worker_reply_becomes_a_failed_run() -> None:
    j = job(Step("", capture=Q1))
    good = {"k": "result", "key": "k", "answers": {Q1: 1}, "question_status": {},
            "status": "ok", "message": "", "output_truncated": False, "seconds": 0.1}
    assert parse_result(good, j).answers == {Q1: 1}
    for bad in ({**good, "key": "other"}, {**good, "answers": {"q99": 1}},
                {**good, "question_status": {Q1: ["correct", "forged"]}},
                {**good, "status": "correct"}, {**good, "output_truncated": "no"}, {}):
        result = parse_result(bad, j)
        assert result.status == Status.KERNEL_DIED and result.answers == {}


def test_frames_are_capped_before_buffering_and_must_be_objects() -> None:
    reader = FrameReader(max_frame=100)
    with pytest.raises(FrameError, match="exceeds"):
        list(reader.feed((10**6).to_bytes(4, "big")))
    with pytest.raises(FrameError, match="not an object"):
        list(FrameReader().feed(b"\x00\x00\x00\x02[]"))
    frame = encode_frame({"k": "x", "v": [1, 2]})
    reader = FrameReader()
    assert list(reader.feed(frame[:3])) == []
    assert list(reader.feed(frame[3:])) == [{"k": "x", "v": [1, 2]}]


def test_without_bubblewrap_the_runner_refuses_unless_told_otherwise(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coursekit.errors import GradingError
    from coursekit.grading import bwrap
    from coursekit.grading import runner as sandbox

    monkeypatch.setattr(bwrap, "_bwrap_path", lambda: None)
    bwrap.sandbox_problem.cache_clear()
    try:
        assert "bubblewrap is not installed" in (bwrap.sandbox_problem() or "")
        with pytest.raises(GradingError, match="--no-sandbox"):
            sandbox.Runner(LIMITS)
    finally:
        bwrap.sandbox_problem.cache_clear()


def test_without_the_sandbox_code_still_runs_out_of_process_with_limits() -> None:
    with Runner(LIMITS, sandbox=False) as bare:
        result = bare.run(job(Step(f"import os\n{N1} = os.getpid()", capture=Q1),
                              Step("while True: pass", capture=Q2)))
    assert result.answers[Q1] != os.getpid()
    assert result.question_status[Q2][0] == Status.TIMEOUT

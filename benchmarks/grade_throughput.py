"""Throughput of ``coursekit grade`` (sandbox on) against an nbclient baseline, side by side.

    python benchmarks/grade_throughput.py [--lesson 02-campaign-data] [-n 20] [--workers 2]
                                          [--rss 800] [--dask]

Grades the same N copies of a lesson's source notebook (each scores full marks) with coursekit's
real CLI, then executes the same N notebooks one after another through nbclient with a fresh
kernel each (what nbgrader and otter-grader do; their own checking costs milliseconds on top), and
prints submissions per second for both and the ratio. ``--rss M`` also grades M submissions with
the sandbox Runner in this process and prints the grader's resident memory every 100 (flat means
no growth with the batch). ``--dask`` also grades the batch on a local Dask cluster (a scheduler
and 1, then 2, one-thread workers on 127.0.0.1) beside the local pool with as many workers: the
first batch (each worker starts its warm sandbox) and a second one (sandboxes already warm), with
the overhead per submission against the local pool. It first times the round trip of an empty
job (one ``x = 1`` cell) on a local sandbox and through a one-worker Dask cluster, one at a time:
the difference is what Dask adds per submission (the job and reply as JSON text, a hop through the
scheduler, a worker thread), a latency of tens of milliseconds. In a batch it is hidden: the
client keeps twice the cluster's threads in flight, and sanitizing and judging happen on the
client while the workers run, so a warm cluster's throughput matches or beats the local pool of
the same size; a first batch pays each worker's sandbox start-up once. A measurement, never a
pass/fail test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _copies(lesson: str, n: int, folder: Path) -> list[Path]:
    from coursekit.lessons.source import source_path

    text = source_path(lesson).read_text("utf-8")
    paths = []
    for i in range(n):
        nb = json.loads(text)
        nb["metadata"]["benchmark_copy"] = i  # distinct bytes: no result is reused
        path = folder / f"learner{i:04d}.ipynb"
        path.write_text(json.dumps(nb), encoding="utf-8")
        paths.append(path)
    return paths


def coursekit_seconds(folder: Path, workers: int, *extra: str) -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "coursekit", "grade", str(folder), "--out", str(out),
                    "--workers", str(workers), "--quiet", *extra], check=True)
    seconds = time.perf_counter() - started
    shutil.rmtree(out)
    return seconds


def nbclient_seconds(paths: list[Path]) -> float:
    import nbformat
    from nbclient import NotebookClient

    started = time.perf_counter()
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - started


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_run(lesson: str, total: int, workers: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from coursekit.grading.runner import Runner
    from coursekit.grading.step import LessonContext, grade_submission
    from coursekit.lessons.source import source_path

    context = LessonContext.load(lesson)
    notebook = json.loads(source_path(lesson).read_text("utf-8"))
    with Runner(workers=workers) as runner:

        def one(i: int) -> float:
            copy = {**notebook, "metadata": {**notebook["metadata"], "benchmark_copy": i}}
            data = json.dumps(copy).encode()
            return grade_submission(data, context, runner).score

        with ThreadPoolExecutor(workers) as pool:
            for start in range(0, total, 100):
                scores = list(pool.map(one, range(start, min(total, start + 100))))
                print(f"  after {start + len(scores):4d} submissions: grader RSS "
                      f"{_rss_mb():6.1f} MB (last score {scores[-1]:g}/"
                      f"{context.lesson.max_score:g})", flush=True)


@contextlib.contextmanager
def dask_cluster(workers: int) -> Iterator[str]:
    """A scheduler and `workers` one-thread ``dask worker`` processes on 127.0.0.1; its address."""
    from distributed import Client

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
              "start_new_session": True}
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"], **common)]
    address = f"tcp://127.0.0.1:{port}"
    try:
        procs += [subprocess.Popen([sys.executable, "-m", "dask", "worker", address,
                                    "--nthreads", "1", "--no-nanny", "--host", "127.0.0.1",
                                    "--no-dashboard"], **common) for _ in range(workers)]
        with Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def round_trip_ms(runner: object, lesson: str, count: int = 40) -> float:
    """Median milliseconds to run a one-line job (fork, run, reply) on `runner`, one at a time."""
    import statistics

    from coursekit.grading.plan import Job, Step

    times = []
    for i in range(count + 3):
        job = Job(f"empty{i}", lesson, (Step("x = 1", None, "empty"),))
        started = time.perf_counter()
        runner.run(job)  # type: ignore[attr-defined]
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times[3:])  # the first runs warm the sandbox up


def dask_rows(folder: Path, n: int, lesson: str) -> None:
    """Throughput on 1 and 2 Dask workers beside the local pool with as many workers, and the
    round trip of an empty job on each (what Dask adds per submission)."""
    from coursekit.grading.cluster import DaskRunner
    from coursekit.grading.runner import Limits, Runner

    with Runner(Limits(), workers=1) as runner:
        local_ms = round_trip_ms(runner, lesson)
    with dask_cluster(1) as address, DaskRunner.connect(address, Limits()) as runner:
        dask_ms = round_trip_ms(runner, lesson)
    print(f"{'empty job round trip':<28} local sandbox {local_ms:6.1f} ms, through Dask "
          f"{dask_ms:6.1f} ms: Dask adds {dask_ms - local_ms:+6.1f} ms per submission")
    for workers in (1, 2):
        local = coursekit_seconds(folder, workers)
        with dask_cluster(workers) as address:
            cold = coursekit_seconds(folder, 2 * workers, "--dask", address)
            warm = coursekit_seconds(folder, 2 * workers, "--dask", address)
        print(f"{'local pool':<28} {n} submissions in {local:7.2f} s  {n / local:6.2f}/s  "
              f"({workers} worker{'s' * (workers > 1)}, start-up included)")
        for label, seconds in (("first batch", cold), ("warm workers", warm)):
            print(f"{'dask ' + label:<28} {n} submissions in {seconds:7.2f} s  "
                  f"{n / seconds:6.2f}/s  ({workers} worker{'s' * (workers > 1)}, "
                  f"overhead {1000 * (seconds - local) / n:+6.0f} ms per submission)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="02-campaign-data")
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rss", type=int, default=0, metavar="M")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--dask", action="store_true",
                        help="also grade on local Dask clusters of 1 and 2 workers")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-subs-"))
    paths = _copies(args.lesson, args.n, folder)
    ours = coursekit_seconds(folder, args.workers)
    print(f"{'coursekit grade':<28} {args.n} submissions in {ours:7.2f} s  "
          f"{args.n / ours:6.2f}/s  (sandbox on, {args.workers} workers, start-up included)")
    if not args.skip_baseline:
        base = nbclient_seconds(paths)
        print(f"{'nbclient baseline':<28} {args.n} submissions in {base:7.2f} s  "
              f"{args.n / base:6.2f}/s  (one kernel per notebook, sequential)")
        print(f"{'ratio':<28} {base / ours:.1f}x the baseline's throughput")
    if args.dask:
        dask_rows(folder, args.n, args.lesson)
    shutil.rmtree(folder)
    if args.rss:
        print(f"grader memory over {args.rss} submissions ({args.lesson}):")
        rss_run(args.lesson, args.rss, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

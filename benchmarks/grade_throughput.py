"""Throughput of ``coursekit grade`` (sandbox on) against an nbclient baseline, side by side.

    python benchmarks/grade_throughput.py [--lesson 02-campaign-data] [-n 20] [--workers 2]
                                          [--rss 800]

Grades the same N copies of a lesson's source notebook (each scores full marks) with coursekit's
real CLI, then executes the same N notebooks one after another through nbclient with a fresh
kernel each (what nbgrader and otter-grader do; their own checking costs milliseconds on top), and
prints submissions per second for both and the ratio. ``--rss M`` also grades M submissions with
the sandbox Runner in this process and prints the grader's resident memory every 100 (flat means
no growth with the batch). A measurement, never a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
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


def coursekit_seconds(folder: Path, workers: int) -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "coursekit", "grade", str(folder), "--out", str(out),
                    "--workers", str(workers), "--quiet"], check=True)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="02-campaign-data")
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rss", type=int, default=0, metavar="M")
    parser.add_argument("--skip-baseline", action="store_true")
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
    shutil.rmtree(folder)
    if args.rss:
        print(f"grader memory over {args.rss} submissions ({args.lesson}):")
        rss_run(args.lesson, args.rss, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Measure the learner's `check()`: median time over every exercise of every lesson, and the
time of a cold `import coursekit` (a fresh interpreter each time, minus an empty interpreter).

    python benchmarks/check_speed.py [--repeat 5]

Targets: median check() under 10 ms (issue 16); cold import under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def check_times(repeat: int) -> list[tuple[str, float]]:
    from coursekit.learner.api import lesson
    from coursekit.lessons.registry import get_lesson, lesson_ids
    from tests.exercises.lesson_runner import run_lesson

    results = []
    for lesson_id in lesson_ids():
        run = run_lesson(lesson_id)
        for question in get_lesson(lesson_id).problems:
            bound = lesson(lesson_id, dict(run.after[question]), remember=True)
            problem = getattr(bound, question)
            problem.check()  # first call loads the lesson data, as a learner's first check does
            samples = []
            for _ in range(repeat):
                start = time.perf_counter()
                problem.check()
                samples.append(time.perf_counter() - start)
            results.append((f"{lesson_id}:{question}", statistics.median(samples)))
    return results


def _interpreter_time(code: str, repeat: int) -> float:
    def run() -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    return statistics.median(run() for _ in range(repeat))


def cold_import(repeat: int) -> tuple[float, float]:
    """(import coursekit, import + bind a lesson), each minus an empty interpreter."""
    base = _interpreter_time("pass", repeat)
    light = _interpreter_time("import coursekit", repeat)
    bind = _interpreter_time("import coursekit; coursekit.lesson('01-is-it-cheating', {})",
                             repeat)
    return light - base, bind - base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import os
    import tempfile

    os.environ["COURSEKIT_HOME"] = tempfile.mkdtemp(prefix="coursekit-bench-")
    times = check_times(args.repeat)
    for name, seconds in sorted(times, key=lambda t: -t[1])[:5]:
        print(f"  slowest: {name:<32} {seconds * 1000:7.2f} ms")
    median = statistics.median(t for _, t in times)
    print(f"check(): median {median * 1000:.2f} ms over {len(times)} exercises "
          f"(target < 10 ms)")
    light, bind = cold_import(args.repeat)
    print(f"cold `import coursekit`: {light:.3f} s (target < 0.5 s)")
    print(f"cold `import coursekit` + `coursekit.lesson(...)`: {bind:.3f} s")


if __name__ == "__main__":
    main()

"""Clean build versus a rebuild with nothing changed, on a private copy of the book.

    python benchmarks/build_cache.py

Prints both wall times, their ratio (target: rebuild under 20% of the clean build) and how many
notebooks each build executed (target for the rebuild: none).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def timed_build(root: Path) -> tuple[float, int]:
    from coursekit.book.build import build_book

    start = time.perf_counter()
    result = build_book(root, echo=False)
    executed = len(re.findall(r"Executing notebook using", result.log))
    return time.perf_counter() - start, executed


def main() -> None:
    from tests.conftest import copy_book

    with tempfile.TemporaryDirectory(prefix="coursekit-build-") as tmp:
        root = copy_book(Path(tmp) / "book")
        clean, clean_runs = timed_build(root)
        again, again_runs = timed_build(root)
    print(f"clean build: {clean:6.1f} s, {clean_runs} notebooks executed")
    print(f"rebuild:     {again:6.1f} s, {again_runs} notebooks executed")
    print(f"ratio:       {again / clean:6.1%} (target < 20%)")


if __name__ == "__main__":
    main()

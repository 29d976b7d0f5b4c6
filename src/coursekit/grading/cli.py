"""``coursekit grade PATH... --out DIR``: the grading command (registered into coursekit's CLI)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from coursekit.errors import UsageError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``grade`` subcommand to coursekit's argument parser."""
    p = sub.add_parser(
        "grade", help="grade submitted notebooks in a sandbox",
        description="Grade submitted lesson notebooks (files, or folders of *.ipynb). Learner "
        "code runs in a sandbox; the grades go to DIR/grades.csv, DIR/grades_wide.csv, "
        "DIR/grades.json, DIR/gradebook.sqlite, DIR/results/<learner>.json and "
        "DIR/feedback/<learner>.html. Re-running skips what is already graded. Exit 0 when "
        "every submission was graded (a zero is a grade).")
    p.set_defaults(handler=_cmd_grade)
    p.add_argument("paths", nargs="+", metavar="PATH", help="a notebook, or a folder of them")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for grades and feedback")
    p.add_argument("--workers", default=None, metavar="N",
                   help="submissions graded at once (default: CPUs, at most 4)")
    p.add_argument("--timeout", default="30", metavar="S",
                   help="seconds one cell may run before it is interrupted (default 30)")
    p.add_argument("--notebook-timeout", default="120", metavar="S",
                   help="seconds one whole submission may run (default 120)")
    p.add_argument("--lesson", metavar="ID",
                   help="grade every submission as this lesson (default: notebook metadata)")
    p.add_argument("--max-size", default="20", metavar="MB",
                   help="largest submission accepted, in MB (default 20)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run learner code without the sandbox (still in separate processes); "
                        "only for code you trust")
    p.add_argument("--quiet", action="store_true", help="print only the summary line")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run the submissions on the workers of this Dask scheduler (e.g. "
                        "tcp://10.0.0.5:8786; needs the 'cluster' extra and bubblewrap on "
                        "every worker); --workers then counts submissions in flight "
                        "(default: twice the cluster's worker threads)")
    register_gradescope(sub)


def _number(text: str, option: str, *, whole: bool = False) -> float:
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise UsageError(f"{option} must be {kind}, not {text!r}") from None
    if not value > 0 or value != value or value == float("inf"):
        raise UsageError(f"{option} must be more than 0, not {text!r}")
    return value


def _cmd_grade(args: argparse.Namespace) -> int:
    from coursekit.grading.pipeline import GradeOptions, grade

    workers = (int(_number(args.workers, "--workers", whole=True)) if args.workers is not None
               else 0 if args.dask else max(1, min(4, os.cpu_count() or 1)))
    options = GradeOptions(
        out=Path(args.out), workers=workers,
        cell_timeout=_number(args.timeout, "--timeout"),
        notebook_timeout=_number(args.notebook_timeout, "--notebook-timeout"),
        lesson=args.lesson, sandbox=not args.no_sandbox,
        max_bytes=int(_number(args.max_size, "--max-size") * 1_000_000),
        progress=False if args.quiet else None, dask=args.dask)
    summary = grade(args.paths, options)
    if not args.quiet:
        print(f"Wrote {options.out / 'grades.csv'}, grades_wide.csv, grades.json, "
              f"gradebook.sqlite, results/ and feedback/ in {options.out}")
    print(f"Graded {summary.line()}")
    return 0


# -- coursekit gradescope (the Gradescope autograder bundle) --------------------------------

def register_gradescope(sub: argparse._SubParsersAction) -> None:
    """Add the ``gradescope`` subcommand (build a Gradescope autograder zip)."""
    from coursekit.grading.gradescope import VISIBILITIES

    p = sub.add_parser(
        "gradescope", help="build a Gradescope autograder (zip) for one lesson",
        description="Build the zip to upload as a Gradescope programming assignment's "
        "autograder: setup.sh installs coursekit (bundled as a wheel, with pinned libraries) "
        "and bubblewrap; run_autograder grades the submitted notebook with the same pipeline "
        "and sandbox as `coursekit grade` into results/results.json, a test per question. "
        "Set AUTOGRADER_ROOT to run it outside Gradescope's /autograder.")
    p.set_defaults(handler=_cmd_gradescope)
    p.add_argument("--lesson", required=True, metavar="ID", help="the lesson to grade")
    p.add_argument("--out", required=True, metavar="FILE.zip", help="where to write the zip")
    p.add_argument("--visibility", default="visible", choices=VISIBILITIES,
                   help="when learners see each question's result (default: visible)")
    p.add_argument("--timeout", default="30", metavar="S",
                   help="seconds one cell may run before it is interrupted (default 30)")
    p.add_argument("--notebook-timeout", default="120", metavar="S",
                   help="seconds one whole submission may run (default 120)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="grade without bubblewrap in the container (each submission still gets "
                        "its own namespaces and limits, but sees the container's files and "
                        "network); see docs/grading.md")


def _cmd_gradescope(args: argparse.Namespace) -> int:
    from coursekit.grading.gradescope import BundleOptions, build_bundle

    out = build_bundle(BundleOptions(
        lesson=args.lesson, out=Path(args.out), visibility=args.visibility,
        cell_timeout=_number(args.timeout, "--timeout"),
        notebook_timeout=_number(args.notebook_timeout, "--notebook-timeout"),
        sandbox=not args.no_sandbox))
    print(f"Wrote {out}: upload it as the autograder of a Gradescope programming assignment "
          f"(lesson {args.lesson}).")
    return 0

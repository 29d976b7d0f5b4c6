"""``coursekit grade`` and ``coursekit review``: the grading commands (registered into the CLI)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from coursekit.errors import UsageError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``grade`` and ``review`` subcommands to coursekit's argument parser."""
    _register_grade(sub)
    _register_review(sub)


def _register_grade(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "grade", help="grade submitted notebooks in a sandbox",
        description="Grade submitted lesson notebooks: files, folders (at any depth, one "
        "folder per learner is fine) or .zip files, named as you like or as Canvas and Moodle "
        "name downloads. Learner code runs in a sandbox. The gradebook DIR/gradebook.sqlite "
        "keeps every batch; the exports cover all of them (latest submission per learner and "
        "lesson): DIR/grades.csv, DIR/grades_wide.csv, DIR/grades.json, DIR/canvas.csv, "
        "DIR/moodle.csv, DIR/report.html, DIR/results/<learner>.json and "
        "DIR/feedback/<learner>.html. Re-running skips what is already graded. Reflections "
        "are 'needs review' until `coursekit review`. Exit 0 when every submission was graded "
        "(a zero is a grade).")
    p.set_defaults(handler=_cmd_grade)
    p.add_argument("paths", nargs="+", metavar="PATH", help="a notebook, a folder or a .zip")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for grades and feedback")
    p.add_argument("--workers", default=None, metavar="N",
                   help="submissions graded at once (default: CPUs, at most 4)")
    p.add_argument("--timeout", default="30", metavar="S",
                   help="seconds one cell may run before it is interrupted (default 30)")
    p.add_argument("--notebook-timeout", default="120", metavar="S",
                   help="seconds one whole submission may run (default 120)")
    p.add_argument("--lesson", metavar="ID",
                   help="the lesson of this batch: a notebook made for another lesson is "
                        "recorded as 'wrong lesson' (default: the lesson most notebooks name)")
    p.add_argument("--any-lesson", action="store_true",
                   help="grade each notebook as the lesson it names (a batch of mixed lessons)")
    p.add_argument("--batch", metavar="NAME",
                   help="name this batch; the exports then hold only its submissions "
                        "(default: every batch in the gradebook)")
    p.add_argument("--regrade", nargs="+", default=[], metavar="LEARNER",
                   help="run these learners' submissions again even if already graded")
    p.add_argument("--regrade-all", action="store_true",
                   help="run every submission again even if already graded")
    p.add_argument("--roster", metavar="FILE",
                   help="CSV mapping learner ids to LMS identities for canvas.csv and "
                        "moodle.csv (kept as DIR/roster.csv for later exports)")
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


def _register_review(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review", help="review reflections: write the sheet, then record the scores",
        description="Without --scores: write DIR/review.html (to read) and DIR/review.csv "
        "(to fill: learner, lesson, question, submission, text, rubric, screens, max_score, "
        "score, comment) for every reflection in the gradebook. With --scores FILE: check the "
        "filled sheet (every row, before anything is stored), record the scores and comments "
        "in the gradebook and write every export again.")
    p.set_defaults(handler=_cmd_review)
    p.add_argument("out", metavar="DIR", help="the --out folder of `coursekit grade`")
    p.add_argument("--scores", metavar="FILE", help="the filled review CSV")
    p.add_argument("--batch", metavar="NAME", help="only this batch (default: every batch)")
    p.add_argument("--roster", metavar="FILE", help="as for `coursekit grade`")


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
    from coursekit.grading.report import terminal_table

    workers = (int(_number(args.workers, "--workers", whole=True)) if args.workers is not None
               else 0 if args.dask else max(1, min(4, os.cpu_count() or 1)))
    if args.regrade and args.regrade_all:
        raise UsageError("give --regrade LEARNER... or --regrade-all, not both")
    options = GradeOptions(
        out=Path(args.out), workers=workers,
        cell_timeout=_number(args.timeout, "--timeout"),
        notebook_timeout=_number(args.notebook_timeout, "--notebook-timeout"),
        lesson=args.lesson, sandbox=not args.no_sandbox,
        max_bytes=int(_number(args.max_size, "--max-size") * 1_000_000),
        progress=False if args.quiet else None, regrade=tuple(args.regrade),
        regrade_all=args.regrade_all, batch=args.batch,
        roster=Path(args.roster) if args.roster else None, any_lesson=args.any_lesson,
        dask=args.dask)
    summary = grade(args.paths, options)
    published = summary.published
    if not args.quiet:
        print(terminal_table(summary.records, published.notes))
        print()
        for warning in published.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
        waiting = _waiting(published.records)
        if waiting:
            print(f"{waiting} reflection(s) need review: run `coursekit review {options.out}`")
        print(f"Wrote grades.csv, grades_wide.csv, grades.json, canvas.csv, moodle.csv, "
              f"report.html, gradebook.sqlite, results/ and feedback/ in {options.out} "
              f"({len(published.records)} learner-lesson record(s) over "
              f"{'batch ' + options.batch if options.batch else 'every batch'})")
    print(f"Graded {summary.line()}")
    return 0


def _waiting(records: list) -> int:
    from coursekit.exercises.feedback import Status

    return sum(q.status == Status.NEEDS_REVIEW for r in records for q in r.result.questions)


def _cmd_review(args: argparse.Namespace) -> int:
    from coursekit.grading.publish import record_scores, write_review_sheet

    out = Path(args.out)
    if args.scores:
        count, published = record_scores(out, Path(args.scores), batch=args.batch,
                                         roster=Path(args.roster) if args.roster else None)
        for warning in published.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
        print(f"Recorded {count} score(s) from {args.scores}; {_waiting(published.records)} "
              f"reflection(s) still need review. Exports rewritten in {out}.")
        return 0
    files, count = write_review_sheet(out, batch=args.batch)
    print(f"Wrote {files[1]} (to read) and {files[0]} (to fill): {count} reflection(s). "
          f"Then run `coursekit review {out} --scores {files[0]}`.")
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

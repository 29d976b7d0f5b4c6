"""The `coursekit` command: a thin shim over the library that maps errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coursekit.errors import CoursekitError, UsageError

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def _cmd_build(args: argparse.Namespace) -> int:
    from coursekit.book.build import build_book

    result = build_book(Path(args.root) if args.root else None, no_solutions=args.no_solutions,
                        echo=not args.quiet, pdf=args.pdf)
    print(f"Built: {result.html_dir / 'index.html'}")
    if result.pdf is not None:
        print(f"PDF: {result.pdf}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from coursekit.book.build import find_root
    from coursekit.book.serve import make_server

    html = Path(args.dir) if args.dir else find_root() / "_build" / "html"
    server = make_server(html, args.port)
    print(f"Serving {html} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def _cmd_release(args: argparse.Namespace) -> int:
    from coursekit.release import release

    cache = Path(args.executed_cache) if args.executed_cache else _book_cache()
    if args.executed_cache and not (cache and cache.is_dir()):
        raise UsageError(f"--executed-cache {cache}: no such folder")
    written = release(Path(args.out), args.lesson or None, executed_cache=cache)
    for path in written:
        print(path)
    print(f"Released {len(written)} learner notebook(s) into {args.out}")
    return 0


def _book_cache() -> Path | None:
    """The execution cache of this repository's book build, when there is one."""
    from coursekit.book.build import find_root

    try:
        cache = find_root() / "_build" / ".jupyter_cache"
    except CoursekitError:
        return None
    return cache if cache.is_dir() else None


def _cmd_progress(args: argparse.Namespace) -> int:
    from coursekit.learner.report import course_progress

    print(course_progress())
    return 0


def _add(sub: argparse._SubParsersAction, name: str, handler: Handler, help_: str,
         description: str) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_, description=description)
    parser.set_defaults(handler=handler)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every coursekit command."""
    parser = argparse.ArgumentParser(
        prog="coursekit", description="Election Data Ethics & Data Careers: build the book, "
        "release learner notebooks, grade submissions.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = _add(sub, "build", _cmd_build, "build the course book into _build/html",
             "Build the book strictly (notebooks executed and cached; a failing cell or a "
             "warning fails the build).")
    p.add_argument("--no-solutions", action="store_true",
                   help="build the edition with every solution removed "
                        "(into _build/no-solutions/_build/html)")
    p.add_argument("--pdf", action="store_true",
                   help="also print the built book to _build/pdf/book.pdf with Chromium")
    p.add_argument("--root", help="course repository root (default: found from the cwd)")
    p.add_argument("--quiet", action="store_true", help="print only the result line")
    p = _add(sub, "serve", _cmd_serve, "preview the built book on 127.0.0.1",
             "Serve the built HTML on 127.0.0.1 for a local preview.")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 = any free)")
    p.add_argument("--dir", help="HTML folder (default: _build/html of this repository)")
    p = _add(sub, "release", _cmd_release, "write learner notebooks (no solutions)",
             "Write learner notebooks: solution cells replaced by starters, outputs cleared.")
    p.add_argument("--out", required=True, help="folder to write the notebooks into")
    p.add_argument("--lesson", action="append", help="only this lesson id (repeatable)")
    p.add_argument("--executed-cache", metavar="DIR",
                   help="jupyter-cache of a book build, for the computed numbers in the prose "
                        "(default: this repository's _build/.jupyter_cache if it exists, else "
                        "the values packaged with coursekit by the last book build)")
    _add(sub, "progress", _cmd_progress, "show your progress across the course",
         "Show, per lesson, how many exercises you have passed and when you last checked.")
    for register in _command_modules():
        register(sub)
    return parser


def _command_modules() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Commands that live beside their library module, each exposing ``register(sub)``."""
    import importlib

    return [importlib.import_module(name).register for name in _COMMAND_MODULES]


_COMMAND_MODULES: tuple[str, ...] = ("coursekit.learner.start", "coursekit.grading.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 success, 1 failure, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except CoursekitError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

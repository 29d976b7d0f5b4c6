"""``coursekit gradescope``: build the autograder bundle (a zip) that Gradescope runs.

Gradescope builds an image from the zip once (``setup.sh``, as root, on its Ubuntu base image,
with the zip's contents in ``/autograder/source``) and then, for every submission, runs
``/autograder/run_autograder`` with the learner's files in ``/autograder/submission`` and reads
``/autograder/results/results.json``. The bundle holds:

* ``setup.sh`` — installs bubblewrap and a Python ≥ 3.11 with apt when they are missing, then a
  virtual environment ``/autograder/venv`` with the bundled coursekit wheel and the pinned
  requirements;
* ``run_autograder`` — grades the submitted notebook with `coursekit.grading.gradescope_run`
  (the same pipeline and sandbox as ``coursekit grade``);
* ``coursekit-<version>-py3-none-any.whl`` — the coursekit installed here (see
  `coursekit.grading.wheel`), lesson sources included;
* ``requirements.txt`` — the libraries coursekit and the lesson import, pinned to the versions
  installed here, so the container computes what this machine computes;
* ``coursekit-autograder.json`` — the lesson, limits, sandbox and visibility settings.

Both scripts read the root from ``AUTOGRADER_ROOT`` (default ``/autograder``), so that the bundle
can be run anywhere as Gradescope would run it.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import sys
import tempfile
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coursekit.errors import GradingError, UsageError

__all__ = [
    "CONFIG_NAME",
    "VISIBILITIES",
    "BundleConfig",
    "BundleOptions",
    "build_bundle",
    "pinned_requirements",
]

VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")
"""Gradescope's visibility values, for tests and for the whole result."""

CONFIG_NAME = "coursekit-autograder.json"


@dataclass(frozen=True)
class BundleOptions:
    """What to build."""

    lesson: str
    out: Path
    visibility: str = "visible"
    """When learners see each question's result (one of `VISIBILITIES`)."""
    cell_timeout: float = 30.0
    notebook_timeout: float = 120.0
    sandbox: bool = True
    """Grade inside bubblewrap (refuse to run learner code where it cannot work)."""


@dataclass(frozen=True)
class BundleConfig:
    """The settings `coursekit-autograder.json` carries into the container."""

    lesson: str
    lesson_version: str
    coursekit_version: str
    visibility: str
    cell_timeout: float
    notebook_timeout: float
    sandbox: bool

    @classmethod
    def read(cls, path: Path) -> BundleConfig:
        """The bundle's settings; raises GradingError when the file is missing or malformed."""
        try:
            data = json.loads(path.read_text("utf-8"))
            config = cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise GradingError(f"cannot read the autograder settings {path}: {exc}") from None
        if config.visibility not in VISIBILITIES:
            raise GradingError(f"{path}: visibility must be one of {', '.join(VISIBILITIES)}")
        return config


_SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# It installs only what is missing, so running it again is harmless.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
source_dir="$root/source"
wanted="@PYTHON@"

ok_python() {  # a Python >= 3.11 that can make virtual environments
  command -v "$1" >/dev/null 2>&1 &&
    "$1" -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

python=""
for candidate in "$wanted" python3.13 python3.12 python3.11 python3; do
  if ok_python "$candidate"; then python="$candidate"; break; fi
done
packages=()
command -v bwrap >/dev/null 2>&1 || packages+=(bubblewrap)
[ -n "$python" ] || packages+=("$wanted" "$wanted-venv")
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing with apt: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
[ -n "$python" ] || python="$wanted"

"$python" -m venv "$root/venv"
"$root/venv/bin/python" -m pip install -q --upgrade pip
"$root/venv/bin/python" -m pip install -q -r "$source_dir/requirements.txt" \
  "$source_dir/@WHEEL@"
"$root/venv/bin/python" -c "import coursekit.grading.gradescope_run"
echo "coursekit autograder installed in $root/venv"
"""

_RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission; it writes results/results.json.
root="${AUTOGRADER_ROOT:-/autograder}"
export AUTOGRADER_ROOT="$root"
# The venv's physical path: the sandbox binds the interpreter's real folders only.
python="$(cd "$root/venv" 2>/dev/null && pwd -P)/bin/python"
if [ ! -x "$python" ]; then
  mkdir -p "$root/results"
  cat > "$root/results/results.json" <<'EOF'
{"score": 0,
 "output": "The autograder is not installed. This is not your fault: your instructor can see why.",
 "output_format": "text", "stdout_visibility": "hidden"}
EOF
  echo "coursekit autograder: $root/venv is missing or broken; run setup.sh" >&2
  exit 1
fi
cd "$root" || exit 1
exec "$python" -m coursekit.grading.gradescope_run "$root"
"""


def build_bundle(options: BundleOptions) -> Path:
    """Write the autograder zip to `options.out`; returns its path.

    Raises `LessonError` for an unknown lesson, `UsageError` for a bad visibility, and
    `GradingError` when the zip cannot be written or coursekit cannot be packaged.
    """
    from coursekit.grading.step import LessonContext
    from coursekit.grading.wheel import build_wheel

    if options.visibility not in VISIBILITIES:
        raise UsageError(f"--visibility must be one of {', '.join(VISIBILITIES)}, "
                         f"not {options.visibility!r}")
    context = LessonContext.load(options.lesson)  # the lesson must load and be gradable
    lesson = context.lesson
    config = BundleConfig(lesson.id, lesson.version, importlib.metadata.version("coursekit"),
                          options.visibility, options.cell_timeout, options.notebook_timeout,
                          options.sandbox)
    with tempfile.TemporaryDirectory(prefix="coursekit-bundle-") as tmp:
        wheel = build_wheel(Path(tmp))
        imports = _source_imports(context.source.notebook)
        files = {
            "setup.sh": _SETUP_SH.replace("@PYTHON@", _python_name())
                                 .replace("@WHEEL@", wheel.name).encode(),
            "run_autograder": _RUN_AUTOGRADER.encode(),
            "requirements.txt": "".join(f"{r}\n" for r in pinned_requirements(imports)).encode(),
            CONFIG_NAME: (json.dumps(asdict(config), indent=1) + "\n").encode(),
            wheel.name: wheel.read_bytes(),
        }
        return _write_zip(options.out, files)


def _python_name() -> str:
    """The interpreter the container should prefer: this one's ``python3.X``."""
    return f"python{sys.version_info.major}.{sys.version_info.minor}"


def _source_imports(notebook: dict[str, Any]) -> set[str]:
    """Top-level module names the lesson source (plain notebook JSON) imports."""
    import ast

    found: set[str] = set()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        try:
            tree = ast.parse(str(cell.get("source", "")))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


_ALWAYS = ("pandas", "numpy", "nbformat", "ipywidgets", "ipython", "matplotlib")
"""Distributions pinned whatever the lesson imports (coursekit's own needs and the worker's)."""


def pinned_requirements(imports: set[str]) -> list[str]:
    """``name==version`` for coursekit's libraries and those providing `imports`, as here."""
    wanted = {_canonical(name) for name in _ALWAYS}
    by_module = importlib.metadata.packages_distributions()
    for module in imports:
        wanted.update(_canonical(d) for d in by_module.get(module, ()))
    wanted.discard("coursekit")
    pins = []
    for name in sorted(wanted):
        try:
            pins.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue  # not installed here (e.g. matplotlib): the lesson cannot use it either
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _write_zip(out: Path, files: dict[str, bytes]) -> Path:
    """Write `files` at the root of a zip (scripts executable), atomically."""
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                item = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                mode = 0o755 if name in ("setup.sh", "run_autograder") else 0o644
                item.external_attr = (0o100000 | mode) << 16
                item.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(item, data)
        tmp.replace(out)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass  # the folder itself is unusable: nothing was written
        raise GradingError(f"cannot write the autograder bundle {out}: "
                           f"{exc.strerror or exc}") from None
    return out

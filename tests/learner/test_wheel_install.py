"""From the built wheel, in a fresh virtualenv: `coursekit start DIR --no-browser` writes notebooks
with every number and citation filled in, and each runs top to bottom.

The wheel is built with pip (hatchling comes from the package registry); it is installed with
``--no-deps`` into a new virtualenv that sees this environment's installed dependencies through
a ``.pth`` line (their own ``.pth`` files, such as the editable coursekit's, are not read), so
nothing but the build backend is downloaded and the coursekit that runs is the wheel's.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RAW_KEY = re.compile(r"\{cite|\{bibliography|\{glue|\[value:|\[[a-z]+\d{4}[a-z]*[;\]]")

RUN_ALL = """
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
out = {}
for path in sorted(Path(sys.argv[1]).glob("[0-9][0-9]-*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=180, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        out[path.name] = "ok"
    except Exception as exc:
        out[path.name] = f"{type(exc).__name__}: {str(exc)[-400:]}"
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtualenv with coursekit installed from its wheel."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                            "--disable-pip-version-check", "-w", str(tmp / "dist"), str(REPO)],
                           capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((tmp / "dist").glob("coursekit-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=300)
    bin_dir = venv / "bin"
    site = subprocess.run([str(bin_dir / "python"), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--no-deps",
                                "--quiet", "--disable-pip-version-check", str(wheel)],
                               capture_output=True, text=True, timeout=600, check=False)
    assert installed.returncode == 0, installed.stderr[-3000:]
    where = subprocess.run([str(bin_dir / "python"), "-c",
                            "import coursekit; print(coursekit.__file__)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(venv), f"coursekit came from {where}, not the wheel"
    return bin_dir


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(COURSEKIT_HOME=str(tmp / "home"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               MPLBACKEND="Agg")
    return env


@pytest.mark.slow
def test_start_from_the_wheel_writes_complete_notebooks_that_run(wheel_venv: Path,
                                                                 tmp_path: Path) -> None:
    course = tmp_path / "course"
    env = _env(tmp_path)
    start = subprocess.run(
        [str(wheel_venv / "python"), "-c",
         "import sys; import coursekit.learner.start as s; s.launch_lab = lambda *a, **k: None; "
         "from coursekit.cli import main; sys.exit(main(sys.argv[1:]))",
         "start", str(course), "--no-browser"],
        capture_output=True, text=True, timeout=600, env=env, check=False)
    assert start.returncode == 0, start.stderr[-2000:]
    notebooks = sorted(course.glob("[0-9][0-9]-*.ipynb"))
    assert [p.name for p in notebooks] == sorted(
        p.name for p in (REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        prose = "\n".join("".join(c["source"]) for c in nb["cells"]
                          if c["cell_type"] == "markdown")
        found = RAW_KEY.search(prose)
        assert found is None, f"{path.name}: {found.group(0) if found else ''}"
        assert "**References**" in prose or "{cite" not in (
            REPO / "notebooks" / path.name).read_text(encoding="utf-8")
    ran = subprocess.run([str(wheel_venv / "python"), "-c", RUN_ALL, str(course)],
                         capture_output=True, text=True, timeout=1800, env=env, check=False)
    assert ran.returncode == 0, ran.stderr[-3000:]
    results = json.loads(ran.stdout.strip().splitlines()[-1])
    assert results == {p.name: "ok" for p in notebooks}, results

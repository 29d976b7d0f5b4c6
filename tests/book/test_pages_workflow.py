"""The GitHub Pages workflow: its steps, run here without GitHub, publish the built book.

Its ``uses:`` steps (checkout, Python) are GitHub's; its ``run:`` steps are run in a copy of the
repository, with the test's virtual environment (``COURSEKIT_NO_INSTALL=1``: no pip) and a local
bare repository standing in for GitHub (``PAGES_REMOTE``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ..conftest import REPO, copy_book

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def steps() -> list[dict[str, object]]:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return jobs["publish"]["steps"]


def readme_build_command() -> str:
    """The command the README's "Publish the book" section gives to build the site."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Publish the book", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "README's 'Publish the book' has no bash block"
    return block.group(1).splitlines()[0].split("#")[0].strip()


def test_workflow_runs_the_readmes_build_command_and_publishes_build_html() -> None:
    runs = [str(s["run"]) for s in steps() if "run" in s]
    assert runs[0].strip() == readme_build_command()
    assert "cd _build/html" in runs[1] and "git push" in runs[1]
    uses = [str(s["uses"]) for s in steps() if "uses" in s]
    assert all(re.fullmatch(r"actions/[a-z-]+@v\d+", u) for u in uses), uses
    on = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))[True]  # YAML reads `on:` as True
    assert on["push"]["branches"] == ["main"]


@pytest.mark.slow
def test_workflow_steps_publish_the_site_to_the_pages_branch(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = copy_book(tmp_path / "repo")
    for name in ("dev.sh", "pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO / name, repo / name)
    remote = tmp_path / "github.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    job_env = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["publish"]["env"]
    env = {**os.environ, "COURSEKIT_VENV": str(REPO / ".venv"), "COURSEKIT_NO_INSTALL": "1",
           "PAGES_BRANCH": job_env["PAGES_BRANCH"], "PAGES_REMOTE": str(remote),
           "GITHUB_SHA": "0" * 40}
    env.pop("MPLBACKEND", None)
    for step in steps():
        if "run" not in step:
            continue
        done = subprocess.run(["bash", "-eo", "pipefail", "-c", str(step["run"])], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, f"step {step.get('name')!r} failed:\n{done.stderr[-2000:]}"
    listing = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only",
                              "gh-pages"], capture_output=True, text=True, check=True).stdout
    files = set(listing.split())
    assert {"index.html", ".nojekyll", "book/intro.html", "search.html"} <= files
    assert "_static/learner/01-is-it-cheating.ipynb" in files
    assert not [f for f in files if f.startswith("_sources/")]

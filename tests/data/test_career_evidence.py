"""Chapter 7's published age figures, and how the chapter may use them.

The NLSY79 age bands overlap (a job spanning two bands counts in both), so the chapter must not
add them up; the EEOC's over-40 share is a stock and must not be read as evidence about hiring;
and every paragraph on age and hiring must cite its source.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from coursekit.data import career_evidence

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "07-career-change-mentors.ipynb"


def markdown_cells() -> list[str]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "markdown"]


def code_cells() -> list[str]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"
            and "solution" not in c["metadata"].get("tags", [])]


def test_bands_are_the_published_release_and_add_up_to_more_than_the_total() -> None:
    jobs = career_evidence.jobs_by_age()
    assert list(jobs.jobs) == [5.6, 4.5, 2.9, 2.2, 1.3]
    assert career_evidence.JOBS_18_TO_58 == 12.9
    # the overlap the chapter explains: summing bands overcounts jobs that cross a boundary
    assert jobs.jobs.sum() > career_evidence.JOBS_18_TO_58


def test_the_chapter_never_sums_a_subset_of_the_overlapping_bands() -> None:
    for source in code_cells():
        # a sum over selected bands (e.g. ages 35 and over) is the error the issue reported
        assert not re.search(r"jobs\.loc\[[^\]]*first_age[^\]]*\"jobs\"\]\.sum\(\)", source)
    text = "\n".join(markdown_cells())
    assert "jobs_after_35" not in text and "share_after_35" not in text


def test_the_over_40_share_is_not_read_as_openness_to_newcomers() -> None:
    text = "\n".join(markdown_cells())
    assert "is not closed" not in text
    assert "stock" in text and "flow" in text


def test_paragraphs_on_age_and_hiring_cite_a_source() -> None:
    topic = re.compile(r"discriminat|ADEA|Age Discrimination in Employment|callback|résumé "
                       r"experiment", re.IGNORECASE)
    for cell in markdown_cells():
        if "{exercise}" in cell or cell.startswith(("# ", "## Summary")):
            continue
        for paragraph in cell.split("\n\n"):
            if topic.search(paragraph) and re.search(r"\d+(\.\d+)?%|\d,\d{3}|\b[1-9]\d\b",
                                                     paragraph):
                assert "{cite:p}`ch07-" in paragraph or "{glue:text}" in paragraph, paragraph[:120]

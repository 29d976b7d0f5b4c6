"""The class report (``OUT/report.html``) in Chromium: it renders on a phone, in light and dark,
requests nothing off the page, and axe-core finds no violation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coursekit.exercises.feedback import Status
from coursekit.grading.record import GRADED, QuestionResult, Record, Result
from coursekit.grading.report import report_html
from coursekit.lessons.registry import get_lesson

pytestmark = pytest.mark.browser
LESSON = "01-is-it-cheating"


def class_records() -> list[Record]:
    """Twelve learners with a spread of scores, catalogued mistakes and a reflection."""
    lesson = get_lesson(LESSON)
    mistake = lesson.problems["q2"].mistakes[0].message
    records = []
    for n in range(12):
        questions = []
        for i, (q, p) in enumerate(lesson.problems.items()):
            right = (n + i) % 3 != 0
            status = Status.CORRECT if right else Status.INCORRECT
            message = "`lift` is 1.4. " + mistake if q == "q2" and not right else "ok"
            if p.kind == "reflection":
                status, message, right = Status.NEEDS_REVIEW, "Saved (50 words).", False
            questions.append(QuestionResult(q, p.title, status, message,
                                            float(p.points) if right else 0.0, float(p.points)))
        learner = f"learner-{n:02d}" if n else "a_learner_with_a_very_long_name_" + "x" * 40
        records.append(Record(learner, "", Result(f"sha{n}", LESSON, lesson.version, GRADED,
                                                  "ran", tuple(questions), (), 1.5 + n / 10)))
    return records


def test_report_renders_on_a_phone_offline_and_passes_axe(tmp_path: Path, chromium: Any
                                                          ) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page_file = tmp_path / "report.html"
    notes = {"learner-01": ["identical submission to learner-02"]}
    page_file.write_text(report_html(class_records(), notes), encoding="utf-8")
    for scheme in ("light", "dark"):
        page = chromium.new_page(viewport={"width": 360, "height": 740}, color_scheme=scheme)
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        try:
            page.goto(page_file.as_uri())
            assert [u for u in requests if not u.startswith("file:")] == []
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            box = page.locator("svg.hist").bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 50
            points = int(get_lesson(LESSON).max_score)
            assert page.locator("rect.bar").count() == (points + 1 if points <= 12 else 10)
            text = page.inner_text("main")
            assert "Success per question" in text and "Most frequent mistakes" in text
            assert "subtract 1" in text and "identical submission" in text
            assert Axe().run(page).violations_count == 0
        finally:
            page.close()

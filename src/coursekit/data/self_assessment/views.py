"""Views of a chapter 7 learning plan: tables, static-page explorers, Markdown/JSON, a widget."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from coursekit.data.self_assessment.model import (
    BACKGROUNDS,
    ROLE_NAMES,
    SKILLS,
    WEEKS_PER_MONTH,
    CareerInputError,
    LearningPlan,
    _check_role,
    learning_plan,
    ratings_from_background,
    study_hours,
)
from coursekit.data.self_assessment.ranges import PlanAssumptions, PlanRange, plan_range

__all__ = [
    "assessment_widget",
    "background_explorer",
    "hours_explorer",
    "month_summary",
    "plan_frame",
    "plan_html",
    "plan_markdown",
    "range_frame",
    "range_html",
    "save_plan",
    "scores_html",
]


def plan_frame(plan: LearningPlan) -> Any:
    """The plan as a pandas DataFrame: one row per month and item (month, skill, title, hours,
    to_level, completes); milestones are left out."""
    import pandas as pd

    rows = [{"month": step.month, "skill": item.skill, "title": item.title, "hours": item.hours,
             "to_level": item.to_level, "completes": item.completes}
            for step in plan for item in step.items]
    return pd.DataFrame(rows)


def month_summary(plan: LearningPlan) -> Any:
    """One row per month: ``Month``, ``Study`` (items with their hours; ✓ = skill finished) and
    ``Hours`` — a compact table for pages and explorers."""
    import pandas as pd

    rows = []
    for step in plan:
        parts = [f"{item.title} {item.hours} h" + (" ✓" if item.completes else "")
                 for item in step.items]
        rows.append({"Month": step.month, "Study": "; ".join(parts), "Hours": step.hours})
    return pd.DataFrame(rows)


def _fit_frame(scores: dict[str, float]) -> Any:
    import pandas as pd

    return pd.DataFrame({"Role": [ROLE_NAMES[r] for r in scores],
                         "Fit now (of 100)": [round(v) for v in scores.values()]})


def background_explorer(hours_per_week: int = 8) -> str:
    """Static-page explorer (HTML + inline JS): a slider over previous careers showing the role
    fits, the best-fit role and its 12-month plan, all precomputed with `learning_plan`."""
    from coursekit.book.explorers import explorer_html

    states = {}
    for background in BACKGROUNDS:
        plan = learning_plan(ratings_from_background(background), hours_per_week)
        states[background] = [
            _fit_frame(plan.scores),
            f"Best fit: {ROLE_NAMES[plan.role]}. Plan at {hours_per_week} hours a week "
            f"({plan.total_hours} hours in 12 months); still to study afterwards: "
            f"{sum(plan.carried_over.values())} hours.",
            month_summary(plan)]
    return explorer_html(states, label="Previous career", explorer_id="ck-career-background",
                         value_format=lambda b: b.replace("_", " ").capitalize(),
                         caption="Each position is a previous career with its typical starting "
                                 "levels; the plan targets the best-fit role.")


def hours_explorer(background: str = "teacher", target_role: str = "data_analyst",
                   hours: tuple[int, ...] = (2, 3, 5, 8, 12, 20),
                   assumptions: PlanAssumptions | None = None,
                   runway: float | None = None) -> str:
    """Static-page explorer: a slider over weekly study hours for one profile and role. Each
    position shows the typical plan, and the same plan as ranges under `assumptions` (hours,
    months of study, job search, months to a first offer, and the `runway` in months if given)."""
    from coursekit.book.explorers import explorer_html

    ratings = ratings_from_background(background)
    needed = study_hours(ratings, target_role)
    states = {}
    for h in hours:
        plan = learning_plan(ratings, h, target_role)
        span = plan_range(ratings, h, target_role, assumptions, runway)
        left = sum(plan.carried_over.values())
        states[h] = [f"Typical case: {needed} hours of gaps; {plan.total_hours} hours available "
                     "in 12 months; " + (f"{left} hours still to study afterwards." if left else
                                         "every gap closes within the year."),
                     "As ranges: " + span.summary(), range_frame(span), month_summary(plan)]
    return explorer_html(states, label="Study hours per week", initial=hours[len(hours) // 3],
                         explorer_id=f"ck-career-hours-{background}",
                         value_format="{} h/week",
                         caption=f"{_label(background)} aiming at "
                                 f"{ROLE_NAMES[_check_role(target_role)].lower()}.")


def range_frame(span: PlanRange) -> Any:
    """The ranges of a plan as a small table: one row per quantity, ``Fast`` and ``Slow``
    columns (months to a first offer last), the quantity named in the first column."""
    import pandas as pd

    rows = [("Study hours", span.study_hours), ("Months of study", span.study_months),
            ("Months of job search", span.job_search_months),
            ("Months to a first offer", span.total_months)]
    return pd.DataFrame({"Quantity": [name for name, _ in rows],
                         "Fast": [lo for _, (lo, _) in rows],
                         "Slow": [hi for _, (_, hi) in rows]})


def _range_dict(span: PlanRange) -> dict[str, Any]:
    """The ranges as plain data, (low, high) pairs as two-item lists."""
    return {"hours_factor": list(span.assumptions.hours_factor),
            "study_hours": list(span.study_hours), "study_months": list(span.study_months),
            "job_search_months": list(span.job_search_months),
            "total_months": list(span.total_months), "runway_months": span.runway_months,
            "shortfall_months": span.shortfall, "assumptions": list(span.assumptions.notes)}


def range_html(span: PlanRange) -> str:
    """The plan's ranges and their assumptions as HTML (the widget and the static book)."""
    rows = "".join(f"<tr><th scope='row'>{_escape(str(r['Quantity']))}</th><td>{r['Fast']}</td>"
                   f"<td>{r['Slow']}</td></tr>" for r in range_frame(span).to_dict("records"))
    notes = "".join(f"<li>{_escape(n)}</li>" for n in span.assumptions.notes)
    low, high = span.assumptions.hours_factor
    return (f"<p>{_escape(span.summary())}</p><table><caption>The plan as ranges (hours factor "
            f"{low:g}–{high:g})</caption><thead><tr><th scope='col'>Quantity</th>"
            "<th scope='col'>Fast"
            f"</th><th scope='col'>Slow</th></tr></thead><tbody>{rows}</tbody></table>"
            f"<p>Assumptions:</p><ul>{notes}</ul>")


# -- saving -------------------------------------------------------------------------------------

def plan_markdown(plan: LearningPlan, span: PlanRange | None = None) -> str:
    """The plan as a Markdown document: a summary, the plan as ranges with its assumptions (if
    `span` is given), then one table row per item per month."""
    lines = [f"# My 12-month learning plan: {ROLE_NAMES[plan.role]}", "",
             f"- Study time: {plan.hours_per_week} hours a week "
             f"({plan.hours_per_week * WEEKS_PER_MONTH} hours a month), "
             f"{plan.total_hours} hours in all.",
             "- Role fit before the plan: " + ", ".join(
                 f"{ROLE_NAMES[r]} {s:.0f}/100" for r, s in plan.scores.items()), ""]
    if plan.carried_over:
        lines += ["- Still to study after the plan: " + ", ".join(
            f"{SKILLS[s].name} ({h} h)" for s, h in plan.carried_over.items()), ""]
    if span is not None:
        lines += ["## As ranges", "", span.summary(), "", "Assumptions:", "",
                  *[f"- {note}" for note in span.assumptions.notes], ""]
    lines += ["| Month | Skill | Hours | What to do |", "|---|---|---|---|"]
    for step in plan:
        for item in step.items:
            reached = f" (reach level {item.to_level})" if item.completes else ""
            lines.append(f"| {step.month} | {item.title}{reached} | {item.hours} | "
                         f"{item.activity} |")
        if step.note:
            lines.append(f"| {step.month} | Milestone | 0 | {step.note} |")
    return "\n".join(lines) + "\n"


def save_plan(plan: LearningPlan, path: str | Path, span: PlanRange | None = None) -> Path:
    """Write the plan to `path` as Markdown (``.md``) or JSON (``.json``), with its ranges if
    `span` is given; returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".md":
        text = plan_markdown(plan, span)
    elif suffix == ".json":
        data = plan.to_dict()
        if span is not None:
            data["ranges"] = _range_dict(span)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        raise CareerInputError(f"cannot save a plan as {path.name!r}: use a .md or .json name")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CareerInputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


# -- the interactive assessment -----------------------------------------------------------------

def assessment_widget(background: str = "teacher", hours_per_week: int = 8) -> Any:
    """The interactive self-assessment: an ipywidgets ``VBox`` of labelled controls.

    The box has ``.sliders`` (skill -> IntSlider), ``.background``, ``.role`` (dropdowns),
    ``.hours`` (IntSlider), the assumptions ``.pace`` (hours factor, a range), ``.search`` (job
    search months, a range) and ``.runway`` (months; 0 = not set), ``.path`` and
    ``.save_button``; ``.ratings``, ``.plan`` and ``.span`` give the current ratings, the
    `LearningPlan` and its `PlanRange`. Moving any control updates the scores and the plan at
    once; "Save my plan" writes the plan to the file named in ``.path``.
    """
    ratings_from_background(background)  # a clear error before any widget is made
    return _widget_class()(background, hours_per_week)


@lru_cache(maxsize=1)
def _widget_class() -> type:
    """The widget class, made on first use so that importing this module stays light."""
    import ipywidgets as w

    class AssessmentWidget(w.VBox):
        """The self-assessment box; see `assessment_widget`."""

        def __init__(self, background: str, hours_per_week: int) -> None:
            start = ratings_from_background(background)
            self.background = w.Dropdown(
                options=[("(rate myself)", "")] + [(_label(b), b) for b in BACKGROUNDS],
                value=background, description="Previous career", style=_STYLE)
            self.sliders = {s: w.IntSlider(value=start[s], min=0, max=4,
                                           description=SKILLS[s].name, style=_STYLE,
                                           layout=w.Layout(width="95%")) for s in SKILLS}
            self.role = w.Dropdown(options=[("Best fit", "")] + [
                (n, r) for r, n in ROLE_NAMES.items()], value="", description="Target role",
                style=_STYLE)
            self.hours = w.IntSlider(value=hours_per_week, min=1, max=40,
                                     description="Hours per week", style=_STYLE)
            default = PlanAssumptions()
            self.pace = w.FloatRangeSlider(value=default.hours_factor, min=0.5, max=3.0,
                                           step=0.25, description="Hours factor (fast–slow)",
                                           style=_STYLE)
            self.search = w.IntRangeSlider(value=default.job_search_months, min=0, max=24,
                                           description="Job search, months", style=_STYLE)
            self.runway = w.IntSlider(value=0, min=0, max=36,
                                      description="Runway, months (0: not set)", style=_STYLE)
            self.path = w.Text(value="my_learning_plan.md", description="Save as",
                               style=_STYLE)
            self.save_button = w.Button(description="Save my plan", icon="download")
            self.status, self.scores_view, self.plan_view = w.HTML(), w.HTML(), w.HTML()
            self.range_view = w.HTML()
            self._plan = learning_plan(start, hours_per_week)
            self._span = plan_range(start, hours_per_week)
            super().__init__([w.HTML(_SCALE_HTML), self.background, *self.sliders.values(),
                              self.role, self.hours, self.pace, self.search, self.runway,
                              self.scores_view, self.range_view, self.plan_view,
                              w.HBox([self.path, self.save_button]), self.status])
            self.background.observe(self._on_background, names="value")
            for control in (*self.sliders.values(), self.role, self.hours, self.pace,
                            self.search, self.runway):
                control.observe(self._refresh, names="value")
            self.save_button.on_click(self._on_save)
            self._refresh()

        @property
        def ratings(self) -> dict[str, int]:
            """The ratings the sliders show now."""
            return {s: int(slider.value) for s, slider in self.sliders.items()}

        @property
        def plan(self) -> LearningPlan:
            """The plan for the current settings."""
            return self._plan

        @property
        def span(self) -> PlanRange:
            """The plan as ranges, under the assumptions the controls show now."""
            return self._span

        def _on_background(self, change: dict[str, Any]) -> None:
            if change["new"]:
                start = ratings_from_background(change["new"])
                for skill, slider in self.sliders.items():
                    slider.value = start[skill]
                self._refresh()

        def _refresh(self, change: dict[str, Any] | None = None) -> None:
            self._plan = learning_plan(self.ratings, int(self.hours.value),
                                       self.role.value or None)
            pace_low, pace_high = self.pace.value
            search_low, search_high = self.search.value
            assumptions = PlanAssumptions((float(pace_low), float(pace_high)),
                                          (int(search_low), int(search_high)))
            self._span = plan_range(self.ratings, int(self.hours.value), self._plan.role,
                                    assumptions, int(self.runway.value) or None)
            self.range_view.value = range_html(self._span)
            self.scores_view.value = scores_html(self._plan)
            self.plan_view.value = plan_html(self._plan)

        def _on_save(self, button: Any = None) -> None:
            try:
                saved = save_plan(self._plan, self.path.value, self._span)
            except CareerInputError as exc:
                self.status.value = f"Not saved: {_escape(str(exc))}"
            else:
                self.status.value = f"Saved to {_escape(str(saved))}"

    return AssessmentWidget


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


_SCALE_HTML = ("<b>Rate each skill 0–4</b> (0 none · 1 aware of it · 2 with help · "
               "3 on my own · 4 could teach it)")


_STYLE = {"description_width": "20em"}


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def scores_html(plan: LearningPlan) -> str:
    """The role scores before the plan, and the role planned for, as HTML."""
    cells = "".join(f"<li>{ROLE_NAMES[r]}: <b>{s:.0f}</b>/100</li>" for r, s in
                    plan.scores.items())
    return (f"<p>Role fit now (share of each role's required levels you cover):</p><ul>{cells}"
            f"</ul><p>Plan for: <b>{ROLE_NAMES[plan.role]}</b></p>")


def plan_html(plan: LearningPlan) -> str:
    """The plan as an HTML table (for the widget and the static book)."""
    rows = []
    for step in plan:
        for item in step.items:
            done = f" → level {item.to_level}" if item.completes else ""
            rows.append(f"<tr><td>{step.month}</td><td>{_escape(item.title)}{done}</td>"
                        f"<td>{item.hours}</td></tr>")
        if step.note:
            rows.append(f"<tr><td>{step.month}</td><td><i>{_escape(step.note)}</i></td>"
                        "<td>0</td></tr>")
    left = ""
    if plan.carried_over:
        left = "<p>Still to study after 12 months: " + ", ".join(
            f"{_escape(SKILLS[s].name)} ({h} h)" for s, h in plan.carried_over.items()) + "</p>"
    return ("<table><caption>Your month-by-month plan "
            f"({plan.hours_per_week} h/week, {plan.total_hours} h in all)</caption>"
            "<thead><tr><th scope='col'>Month</th><th scope='col'>Study</th>"
            "<th scope='col'>Hours</th></tr></thead><tbody>" + "".join(rows) +
            "</tbody></table>" + left)

"""The career self-assessment: scores, the plan's rules, saving, and the widget that drives them."""

from __future__ import annotations

import json
from itertools import pairwise

import ipywidgets
import pytest

from coursekit.data import self_assessment as career
from coursekit.data.self_assessment import (
    BACKGROUNDS,
    ROLES,
    SKILLS,
    WEEKS_PER_MONTH,
    CareerInputError,
    assess,
    assessment_widget,
    best_role,
    learning_plan,
    ratings_from_background,
    save_plan,
    study_hours,
    study_needs,
    study_order,
)
from coursekit.errors import CoursekitError

ALL_ZERO = {s: 0 for s in SKILLS}
ALL_FOUR = {s: 4 for s in SKILLS}


# -- the catalogue ------------------------------------------------------------------------------

def test_catalogue_prerequisites_name_known_skills_and_have_no_cycles():
    for skill in SKILLS.values():
        assert set(skill.prerequisites) <= set(SKILLS)
    # every skill can be ordered after its prerequisites
    order = study_order(ALL_ZERO, "data_scientist") + study_order(ALL_ZERO, "data_engineer")
    assert order


def test_roles_and_backgrounds_use_only_catalogue_skills_and_levels():
    for table in (*ROLES.values(), *BACKGROUNDS.values()):
        assert set(table) <= set(SKILLS)
        assert all(0 <= level <= 4 for level in table.values())


# -- scores -------------------------------------------------------------------------------------

def test_assess_gives_zero_for_no_skills_and_full_marks_for_all():
    assert assess(ALL_ZERO) == {role: 0.0 for role in ROLES}
    assert assess(ALL_FOUR) == {role: 100.0 for role in ROLES}


def test_assess_caps_each_skill_at_the_level_the_role_asks_for():
    needs = ROLES["data_analyst"]
    only_sql = {"sql": 4}
    expected = 100 * needs["sql"] / sum(needs.values())
    assert assess(only_sql)["data_analyst"] == pytest.approx(expected)


def test_best_role_of_a_developer_is_engineering_and_of_an_accountant_is_analysis():
    assert best_role(ratings_from_background("software_developer")) == "data_engineer"
    assert best_role(ratings_from_background("accountant")) == "data_analyst"


@pytest.mark.parametrize("ratings, fragment", [
    ({"cooking": 3}, "unknown skill 'cooking'"),
    ({"sql": 5}, "0–4"),
    ({"sql": -1}, "0–4"),
    ({"sql": 2.5}, "whole number"),
    ({"sql": True}, "whole number"),
    (["sql"], "must be a dict"),
])
def test_bad_ratings_raise_one_clear_coursekit_error(ratings, fragment):
    with pytest.raises(CareerInputError, match=fragment) as info:
        assess(ratings)
    assert isinstance(info.value, CoursekitError)
    assert "\n" not in str(info.value)


def test_unknown_role_and_background_are_named_in_the_error():
    with pytest.raises(CareerInputError, match="unknown role 'astronaut'"):
        learning_plan(ALL_ZERO, 5, "astronaut")
    with pytest.raises(CareerInputError, match="unknown background 'pirate'"):
        ratings_from_background("pirate")


# -- the plan's rules ---------------------------------------------------------------------------

def test_prerequisites_are_studied_before_the_skills_that_need_them():
    for role in ROLES:
        for background in BACKGROUNDS:
            order = study_order(ratings_from_background(background), role)
            for position, skill in enumerate(order):
                for pre in SKILLS[skill].prerequisites:
                    if pre in order:
                        assert order.index(pre) < position, (background, role, skill, pre)


def test_largest_gap_comes_first_among_skills_free_to_start():
    # nothing has prerequisites here except visualisation, which is already met
    ratings = dict(ALL_FOUR, sql=2, communication=0, domain=1)
    assert study_order(ratings, "data_analyst") == ["communication", "sql", "domain"]


def test_prerequisites_of_a_gap_are_raised_to_at_least_level_two():
    # analysts need experiments at 1 and statistics at 2: statistics must reach 2 either way
    ratings = dict(ALL_FOUR, statistics=0, experiments=0)
    assert study_needs(ratings, "data_analyst")["statistics"] == (0, 2)
    # engineers need statistics only at 1 and nothing they study depends on it
    ratings = dict(ALL_FOUR, statistics=0)
    assert study_needs(ratings, "data_engineer")["statistics"] == (0, 1)
    # scientists need version control at 2; an engineer's pipeline work needs it at 3
    ratings = dict(ALL_FOUR, version_control=0, data_engineering=0)
    assert study_needs(ratings, "data_engineer")["version_control"] == (0, 3)


def test_a_prerequisite_the_role_does_not_list_is_added_for_a_dependant():
    # a data engineer's role does not list spreadsheets; no engineer skill depends on it
    ratings = dict(ALL_FOUR, spreadsheets=0)
    assert "spreadsheets" not in study_needs(ratings, "data_engineer")
    # visualisation needs spreadsheets: an analyst without either must study spreadsheets first
    ratings = dict(ALL_FOUR, spreadsheets=0, visualisation=0)
    assert study_order(ratings, "data_analyst") == ["spreadsheets", "visualisation"]


def test_study_hours_are_levels_times_hours_per_level():
    ratings = dict(ALL_FOUR, sql=1, python=2)
    expected = 2 * SKILLS["sql"].hours_per_level + 1 * SKILLS["python"].hours_per_level
    assert study_hours(ratings, "data_engineer") == expected
    assert study_hours(ALL_FOUR, "data_engineer") == 0


@pytest.mark.parametrize("hours", [1, 5, 8, 20, 40])
def test_every_month_holds_exactly_the_hours_available(hours):
    plan = learning_plan(ratings_from_background("nurse"), hours, "data_scientist")
    assert len(plan) == 12
    assert [step.month for step in plan] == list(range(1, 13))
    assert all(step.hours == hours * WEEKS_PER_MONTH for step in plan)
    assert plan.total_hours == 12 * hours * WEEKS_PER_MONTH


def test_plan_follows_study_order_and_carries_over_what_does_not_fit():
    ratings = ratings_from_background("teacher")
    plan = learning_plan(ratings, 3, "data_scientist")
    studied = [item.skill for step in plan for item in step.items if item.skill != "portfolio"]
    first_seen = list(dict.fromkeys(studied))
    order = study_order(ratings, "data_scientist")
    assert first_seen == order[:len(first_seen)]
    planned = sum(i.hours for s in plan for i in s.items if i.skill != "portfolio")
    assert planned + sum(plan.carried_over.values()) == study_hours(ratings, "data_scientist")
    assert plan.carried_over  # 144 hours cannot close a 410-hour gap


def test_spare_hours_go_to_a_portfolio_project_once_gaps_are_closed():
    ratings = dict(ALL_FOUR, sql=2)
    plan = learning_plan(ratings, 10, "data_analyst")
    assert [(i.skill, i.hours, i.completes) for i in plan[0].items] == [
        ("sql", 20, True), ("portfolio", 20, False)]
    assert all(item.skill == "portfolio" for step in plan.steps[1:] for item in step.items)
    assert plan.carried_over == {}


def test_no_target_role_plans_for_the_best_fit():
    ratings = ratings_from_background("software_developer")
    assert learning_plan(ratings, 5).role == "data_engineer"


@pytest.mark.parametrize("hours", [0, 61, 2.5, "8", True])
def test_impossible_weekly_hours_are_refused(hours):
    with pytest.raises(CareerInputError, match="hours_per_week"):
        learning_plan(ALL_ZERO, hours, "data_analyst")


# -- saving -------------------------------------------------------------------------------------

def test_save_plan_as_json_round_trips_the_plan(tmp_path):
    plan = learning_plan(ratings_from_background("journalist"), 6, "data_analyst")
    path = save_plan(plan, tmp_path / "plan.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == plan.to_dict()
    assert data["role"] == "data_analyst" and len(data["months"]) == 12
    assert sum(m["hours"] for m in data["months"]) == data["total_hours"] == 12 * 6 * 4


def test_save_plan_as_markdown_is_a_readable_table(tmp_path):
    plan = learning_plan(ratings_from_background("journalist"), 6, "data_analyst")
    text = save_plan(plan, tmp_path / "plan.md").read_text(encoding="utf-8")
    assert text.startswith("# My 12-month learning plan: Data analyst")
    assert "| Month | Skill | Hours | What to do |" in text
    first = study_order(ratings_from_background("journalist"), "data_analyst")[0]
    assert f"| 1 | {SKILLS[first].name}" in text
    assert "Find a mentor" in text


def test_save_plan_refuses_other_formats_and_unwritable_paths(tmp_path):
    plan = learning_plan(ALL_ZERO, 5, "data_analyst")
    with pytest.raises(CareerInputError, match=r"\.md or \.json"):
        save_plan(plan, tmp_path / "plan.docx")
    with pytest.raises(CareerInputError, match="cannot write"):
        save_plan(plan, tmp_path / "missing-folder" / "plan.md")


# -- the widget ---------------------------------------------------------------------------------

def test_widget_is_a_box_of_labelled_controls():
    box = assessment_widget()
    assert isinstance(box, ipywidgets.VBox)
    controls = [box.background, box.role, box.hours, box.path, *box.sliders.values()]
    assert all(control.description for control in controls)
    assert set(box.sliders) == set(SKILLS)


def test_moving_sliders_updates_the_scores_and_the_plan():
    box = assessment_widget(background="teacher", hours_per_week=8)
    before = box.plan
    for skill, slider in box.sliders.items():
        slider.value = 4 if skill != "sql" else 1
    box.role.value = "data_engineer"
    after = box.plan
    assert after is not before
    assert after.role == "data_engineer"
    assert after.scores == assess(box.ratings)
    assert [(i.skill, i.hours) for i in after[0].items] == [
        ("sql", 32), ]
    assert "Data engineer" in box.scores_view.value


def test_hours_slider_changes_monthly_hours_and_best_fit_follows_the_ratings():
    box = assessment_widget(background="software_developer", hours_per_week=8)
    box.hours.value = 12
    assert all(step.hours == 48 for step in box.plan)
    assert box.plan.role == "data_engineer"  # "Best fit" is the default
    box.background.value = "accountant"
    assert box.ratings == ratings_from_background("accountant")
    assert box.plan.role == "data_analyst"


def test_save_button_writes_the_current_plan(tmp_path):
    box = assessment_widget(background="nurse", hours_per_week=5)
    box.role.value = "data_scientist"
    box.path.value = str(tmp_path / "mine.json")
    box.save_button.click()
    saved = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    assert saved["role"] == "data_scientist" and saved["hours_per_week"] == 5
    assert "Saved to" in box.status.value


def test_save_button_reports_a_bad_file_name_in_the_widget(tmp_path):
    box = assessment_widget()
    box.path.value = str(tmp_path / "plan.txt")
    box.save_button.click()
    assert "Not saved" in box.status.value
    assert not (tmp_path / "plan.txt").exists()


def test_widget_refuses_an_unknown_background():
    with pytest.raises(CareerInputError, match="unknown background"):
        career.assessment_widget(background="wizard")


# -- the static-page explorers ------------------------------------------------------------------

def test_background_explorer_holds_a_plan_for_every_previous_career():
    page = career.background_explorer(hours_per_week=8)
    # careers are categories: a drop-down list with one option per career, not a slider
    assert "<select" in page and page.count("<option ") == len(BACKGROUNDS)
    for background in BACKGROUNDS:
        plan = learning_plan(ratings_from_background(background), 8)
        assert f"Best fit: {career.ROLE_NAMES[plan.role]}" in page
    assert "http" not in page  # self-contained: nothing loaded from elsewhere


def test_hours_explorer_states_follow_the_planner():
    page = career.hours_explorer("teacher", "data_analyst", hours=(2, 8))
    need = study_hours(ratings_from_background("teacher"), "data_analyst")
    assert f"{need} hours of gaps; 96 hours available" in page
    assert "every gap closes within the year" in page  # 8 h/week = 384 h
    with pytest.raises(CareerInputError, match="unknown role"):
        career.hours_explorer("teacher", "wizard")


# -- the plan as ranges ---------------------------------------------------------------------------

def test_plan_range_scales_the_typical_hours_and_rounds_months_up():
    teacher = ratings_from_background("teacher")
    typical = study_hours(teacher, "data_analyst")
    span = career.plan_range(teacher, 6, "data_analyst",
                             career.PlanAssumptions(hours_factor=(0.5, 2.0),
                                                    job_search_months=(2, 8)))
    assert span.study_hours == (round(typical * 0.5), round(typical * 2.0))
    per_month = 6 * WEEKS_PER_MONTH
    assert span.study_months == tuple(-(-h // per_month) for h in span.study_hours)
    assert span.total_months == (span.study_months[0] + 2, span.study_months[1] + 8)


def test_a_longer_job_search_or_a_slower_learner_moves_only_the_slow_end_it_touches():
    teacher = ratings_from_background("teacher")
    base = career.plan_range(teacher, 8, "data_analyst")
    longer = career.plan_range(teacher, 8, "data_analyst",
                               career.PlanAssumptions(job_search_months=(3, 15)))
    slower = career.plan_range(teacher, 8, "data_analyst",
                               career.PlanAssumptions(hours_factor=(0.75, 3.0)))
    assert longer.total_months == (base.total_months[0], base.total_months[1] + 6)
    assert slower.total_months[0] == base.total_months[0]
    assert slower.total_months[1] > base.total_months[1]


def test_more_weekly_hours_never_lengthen_the_plan():
    teacher = ratings_from_background("teacher")
    totals = [career.plan_range(teacher, h, "data_analyst").total_months for h in range(1, 41)]
    assert all(a[0] >= b[0] and a[1] >= b[1] for a, b in pairwise(totals))


def test_the_runway_is_compared_with_the_slow_case():
    teacher = ratings_from_background("teacher")
    span = career.plan_range(teacher, 8, "data_analyst")
    assert span.runway_months is None and span.shortfall is None
    short = career.plan_range(teacher, 8, "data_analyst", runway=span.total_months[1] - 4)
    enough = career.plan_range(teacher, 8, "data_analyst", runway=span.total_months[1])
    assert short.shortfall == 4 and "falls 4 months short" in short.summary()
    assert enough.shortfall == 0 and "covers even the slow case" in enough.summary()


def test_runway_months_is_savings_over_the_monthly_gap():
    assert career.runway_months(12_000, 3_000, 1_000) == 6
    assert career.runway_months(5_000, 1_000, 1_500) == float("inf")


@pytest.mark.parametrize(("call", "fragment"), [
    (lambda: career.PlanAssumptions(hours_factor=(2.0, 1.0)), "hours_factor"),
    (lambda: career.PlanAssumptions(job_search_months=(3, 2.5)), "job_search_months"),
    (lambda: career.plan_range(ratings_from_background("nurse"), 0), "hours_per_week"),
    (lambda: career.plan_range(ratings_from_background("nurse"), 5, runway=-1), "runway"),
    (lambda: career.runway_months(1000, "lots"), "monthly_costs"),
    (lambda: career.plan_range(ratings_from_background("nurse"), 5, "wizard"), "unknown role"),
])
def test_bad_range_inputs_raise_one_clear_coursekit_error(call, fragment):
    with pytest.raises(CareerInputError, match=fragment):
        call()


def test_widget_assumption_controls_drive_the_ranges():
    box = assessment_widget("teacher", hours_per_week=8)
    for control in (box.pace, box.search, box.runway):
        assert control.description
    before = box.span.total_months
    box.search.value = (6, 18)
    assert box.span.total_months == (before[0] + 3, before[1] + 9)
    assert "6–18 months of job search" in box.range_view.value
    box.runway.value = 6
    assert box.span.runway_months == 6 and "falls" in box.range_view.value
    box.runway.value = 0
    assert box.span.runway_months is None


def test_hours_explorer_shows_the_ranges_and_the_runway_for_every_position():
    page = career.hours_explorer("teacher", "data_analyst", hours=(2, 20), runway=15)
    teacher = ratings_from_background("teacher")
    for hours in (2, 20):
        summary = career.plan_range(teacher, hours, "data_analyst", runway=15).summary()
        assert summary.replace("–", "\\u2013") in page or summary in page
    assert "falls" in page and "covers even the slow case" in page


def test_saved_plans_carry_their_ranges_and_assumptions(tmp_path):
    teacher = ratings_from_background("teacher")
    plan = learning_plan(teacher, 8, "data_analyst")
    span = career.plan_range(teacher, 8, "data_analyst", runway=10)
    data = json.loads(save_plan(plan, tmp_path / "p.json", span).read_text(encoding="utf-8"))
    assert data["ranges"]["total_months"] == list(span.total_months)
    assert data["ranges"]["shortfall_months"] == span.shortfall
    text = save_plan(plan, tmp_path / "p.md", span).read_text(encoding="utf-8")
    assert span.summary() in text and span.assumptions.notes[-1] in text
    # without a span the files are as before
    assert "ranges" not in json.loads(save_plan(plan, tmp_path / "q.json").read_text())


def test_the_widget_saves_the_plan_with_its_ranges(tmp_path):
    box = assessment_widget("nurse", hours_per_week=6)
    box.path.value = str(tmp_path / "mine.md")
    box.save_button.click()
    assert "As ranges" in (tmp_path / "mine.md").read_text(encoding="utf-8")

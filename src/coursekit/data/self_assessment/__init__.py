"""Chapter 7's self-assessment: skills, roles and backgrounds as data, the fit scores and the
12-month plan they yield (`model`), the plan as ranges with a financial runway (`ranges`), and
its views: tables, explorers, a widget (`views`).

    from coursekit.data import self_assessment as career
    plan = career.learning_plan(career.ratings_from_background("teacher"), hours_per_week=8)
"""

from __future__ import annotations

from coursekit.data.self_assessment.model import *  # noqa: F403
from coursekit.data.self_assessment.model import __all__ as _model_all
from coursekit.data.self_assessment.ranges import *  # noqa: F403
from coursekit.data.self_assessment.ranges import __all__ as _ranges_all
from coursekit.data.self_assessment.views import *  # noqa: F403
from coursekit.data.self_assessment.views import __all__ as _views_all

__all__ = [*_model_all, *_ranges_all, *_views_all]

"""Exercise kinds and the exercise definitions, one module per lesson (``chNN_slug``).

The registry that finds lesson modules is `coursekit.lessons.registry`.
"""

from __future__ import annotations

from coursekit.exercises.kinds import (
    ChoiceProblem,
    FunctionProblem,
    Mistake,
    Option,
    Problem,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

__all__ = [
    "ChoiceProblem",
    "FunctionProblem",
    "Mistake",
    "Option",
    "Problem",
    "ReflectionProblem",
    "TableProblem",
    "ValueProblem",
]

"""The plan handed to the sandbox: plain data describing one submission's code to run.

The grading pipeline builds a `Job` from a submission and the instructor's source notebook
(`coursekit.grading.sanitize`) and adds the lesson's collect-only view (`collect_plan`): for each
question, the name to read and, for a function problem, the encoded arguments to call it with.
The classes are defined with the rest of the boundary's messages in `coursekit.sandbox.protocol`.
"""

from __future__ import annotations

from coursekit.answers import encode
from coursekit.exercises.kinds import FunctionProblem, call_with_data
from coursekit.lessons.registry import Lesson
from coursekit.sandbox.protocol import Collect, Job, Step

__all__ = ["Collect", "Job", "Step", "collect_plan"]


def collect_plan(lesson: Lesson) -> tuple[Collect, ...]:
    """What the sandbox needs to collect each of `lesson`'s answers, and nothing more.

    Function problems' cases are computed here, from the lesson data, and sent encoded; the
    expected results, reference implementations, choice answers and mistakes never leave the
    grader.
    """
    data = lesson.data()
    plans = []
    for q, problem in lesson.problems.items():
        cases = None
        if isinstance(problem, FunctionProblem):
            cases = tuple(encode(tuple(args)) for args in call_with_data(problem.cases, data))
        plans.append(Collect(q, problem.name, cases))
    return tuple(plans)

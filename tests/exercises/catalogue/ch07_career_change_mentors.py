"""Typical wrong answers for chapter 7 (career change and mentors)."""

_SHIFT = '''
def share_after(counts, years):
    workforce = list(counts)
    for _ in range(years):
        workforce = [{hire}] + workforce[:-1]
    return {scale} * sum(workforce[{start}:]) / sum(workforce)
'''

WRONG = {
    "q1": [
        (_SHIFT.format(hire="workforce[-1]", scale=100, start=16), "leaves out the 40-year-olds"),
        (_SHIFT.format(hire="0", scale=100, start=15), "your workforce shrinks"),
        (_SHIFT.format(hire="workforce[-1]", scale=1, start=15), "returns a proportion"),
    ],
    "q2": [
        ('age_claims = ["a", "b", "e"]', "20 or more employees"),
        ('age_claims = ["b", "c", "e"]', "considerably less evidence"),
        ('age_claims = ["b", "d", "e"]', "a stock"),
        ('age_claims = ["b"]', "look again at 'e'"),
    ],
    "q3": [
        ('programme_claim = "a"', "how believable it sounds"),
        ('programme_claim = "c"', "not zero"),
        ('programme_claim = "d"', "compares (nothing)"),
    ],
    "q4": [
        ("teacher = backgrounds['teacher']\n"
         "teacher_fit = pd.DataFrame([{'role': r, 'fit': 100 * sum(teacher.get(s, 0) for s in n)"
         " / sum(n.values())} for r, n in roles.items()])", "min(level, required)"),
        ("teacher = backgrounds['teacher']\n"
         "teacher_fit = pd.DataFrame([{'role': r, 'fit': sum(min(teacher.get(s, 0), v) for s, v"
         " in n.items()) / sum(n.values())} for r, n in roles.items()])", "proportions"),
        ("teacher = backgrounds['teacher']\n"
         "teacher_fit = pd.DataFrame([{'role': r, 'fit': 100 * sum(teacher.get(s, 0) >= v for s,"
         " v in n.items()) / len(n)} for r, n in roles.items()])", "skills fully met"),
    ],
    "q5": [
        ("def gap_hours(ratings, role):\n"
         "    return sum((need - ratings.get(s, 0)) * skills[s].hours_per_level\n"
         "               for s, need in roles[role].items())", "never be negative"),
        ("def gap_hours(ratings, role):\n"
         "    return sum(max(need - ratings.get(s, 0), 0) for s, need in roles[role].items())",
         "counts levels, not hours"),
        ("def gap_hours(ratings, role):\n"
         "    return sum(max(need - ratings[s], 0) * skills[s].hours_per_level\n"
         "               for s, need in roles[role].items())", "KeyError"),
    ],
    "q6": [
        ('nurse_order = career.study_order(backgrounds["nurse"], "data_analyst")',
         "the planner's own order"),
        ('nurse_order = career.study_order(backgrounds["nurse"], "data_analyst")[::-1]',
         "before their prerequisites"),
    ],
    "q7": [
        ("teacher = backgrounds['teacher']\n"
         "min_hours = next(h for h in range(1, 41)\n"
         "                 if career.plan_range(teacher, h, 'data_analyst').total_months[0] <= 18)",
         "fast case only"),
        ("teacher = backgrounds['teacher']\n"
         "min_hours = next(h for h in range(1, 41)\n"
         "                 if career.plan_range(teacher, h, 'data_analyst').study_months[1] <= 18)",
         "the job search comes after it"),
    ],
    "q8": [
        ('mentor_questions = "How did you get started?"', "write at least 60"),
        ("mentor_questions = ['What tools do you use?', 'Should I learn SQL?']", "as a string"),
    ],
}

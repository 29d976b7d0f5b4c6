"""Typical wrong answers for chapter 7 (career change and mentors)."""

WRONG = {
    "q1": [
        ('share = high_tech.set_index("year")["share_over_40"]\n'
         "change_pp = share[2014] - share[2022]", "earlier minus later"),
        ('share = high_tech.set_index("year")["share_over_40"]\n'
         "change_pp = 100 * (share[2022] - share[2014]) / share[2014]", "relative change"),
        ('share = high_tech.set_index("year")["share_over_40"]\n'
         "change_pp = (share[2022] - share[2014]) / 100", "proportion"),
    ],
    "q3": [
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
    "q4": [
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
    "q5": [
        ("nurse = backgrounds['nurse']\n"
         "gaps = {s: n - nurse.get(s, 0) for s, n in roles['data_analyst'].items()"
         " if n > nurse.get(s, 0)}\n"
         "nurse_order = sorted([s for s in skills if s in gaps], key=lambda s: -gaps[s])",
         "sorted by gap alone"),
        ("nurse = backgrounds['nurse']\n"
         "nurse_order = [s for s in skills if roles['data_analyst'].get(s, 0) > nurse.get(s, 0)]",
         "catalogue order"),
    ],
    "q2": [
        ('mentoring_answer = "a"', "small"),
        ('mentoring_answer = "c"', "similar to their mentor"),
        ('mentoring_answer = "d"', "No such study"),
    ],
    "q6": [
        ('age_claims = ["a", "b", "c"]', "No official statistic"),
        ('age_claims = ["b", "c", "d"]', "far from none"),
        ('age_claims = ["b"]', "look again at 'c'"),
    ],
    "q7": [
        ('mentor_questions = "How did you get started?"', "write at least 60"),
        ("mentor_questions = ['What tools do you use?', 'Should I learn SQL?']", "as a string"),
    ],
}

"""Typical wrong answers for lesson 02-campaign-data."""

_BAND = ('band = pd.cut(voters.age, bins=[17, 29, 44, 64, 95], '
         'labels=["18-29", "30-44", "45-64", "65+"])\n')
_GROUPED = 'voters.assign(age_band=band).groupby("age_band", observed=True)'
_RATES = ('rates = email.groupby("subject").{col}.agg(["mean", "size"])\n'
          'p1, n1 = rates.loc["{a}"]\np2, n2 = rates.loc["{b}"]\n')
_HEY, _CHIP = "Hey, it's us", "Can you chip in before midnight?"


def _interval(col: str = "donated", z: str = "1.96", a: str = _HEY, b: str = _CHIP,
              se: str = "np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)") -> str:
    return (_RATES.format(col=col, a=a, b=b) + f"se = {se}\n"
            f"ci_95 = (p1 - p2 - {z} * se, p1 - p2 + {z} * se)")


WRONG = {
    "q1": [
        ("turnout_2020 = voters.voted_2020.sum()", "count of voters"),
        ("turnout_2020 = voters.voted_2020.mean() * 100", "percentage"),
        ("turnout_2020 = voters.voted_2024.mean()", "turnout in 2024"),
    ],
    "q2": [
        ("def turnout_score(past):\n    return 100 * sum(past) / len(past)",
         "every election alike"),
        ("def turnout_score(past):\n"
         "    w = range(1, len(past) + 1)\n"
         "    return sum(a * b for a, b in zip(w, past)) / sum(w)", "0–1 scale"),
        ("def turnout_score(past):\n"
         "    w = range(len(past), 0, -1)\n"
         "    return 100 * sum(a * b for a, b in zip(w, past)) / sum(w)", "wrong way"),
        ("def turnout_score(past):\n    return sum(past)", "counts elections"),
        ("def turnout_score(past):\n    print(sum(past))", "forget `return`"),
    ],
    "q3": [
        (_BAND + f'turnout_by_age = {_GROUPED}.agg(voters=("voter_id", "size"), '
         'turnout_2024=("voted_2024", "sum")).reset_index()', "counts voters"),
        (_BAND + f'turnout_by_age = {_GROUPED}.agg(voters=("voter_id", "size"), '
         'turnout_2024=("voted_2024", "mean")).reset_index()\n'
         'turnout_by_age["turnout_2024"] *= 100', "in percent"),
        (_BAND + f'turnout_by_age = {_GROUPED}.agg(voters=("voter_id", "size"), '
         'turnout_2024=("voted_2020", "mean")).reset_index()', "comes from `voted_2020`"),
        (_BAND + f'turnout_by_age = {_GROUPED}.agg(voters=("voter_id", "size"), '
         'turnout_2024=("voted_2024", "mean"))', "no column `age_band`"),
    ],
    "q4": [
        (_interval(z="1.645"), "90% coverage"),
        (_interval(a=_CHIP, b=_HEY), "other way"),
        (_interval(col="opened"), "open rates"),
        (_interval(se="p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2"), "square root"),
    ],
    "q5": [
        ('wrong_rows = ["c"]', "look again at 'e'"),
        ('wrong_rows = ["e"]', "look again at 'c'"),
        ('wrong_rows = ["c", "d"]', "row d matches the ncsl survey"),
        ('wrong_rows = ["b", "c", "e"]', "row b matches"),
        ('wrong_rows = "c, e"', "not an option"),
    ],
    "q6": [
        ('reminder_plan = "The middle ones."', "write at least 60"),
        ("reminder_plan = None", "as a string"),
    ],
}

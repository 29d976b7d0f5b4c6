"""Typical wrong answers for chapter 4 (04-privacy), with the feedback they must get."""

_TABLE = ("rows = []\n"
          "for name, columns in qi_sets.items():\n"
          "    {line}\n"
          "    rows.append({{'quasi_identifiers': name, 'unique_share': value}})\n"
          "uniqueness = pd.DataFrame(rows)")

WRONG = {
    "q1": [
        (_TABLE.format(line="value = (~voters.duplicated(columns)).mean()"), "keep=False"),
        (_TABLE.format(line="value = (~voters.duplicated(columns, keep=False)).sum()"),
         "counts of people"),
        (_TABLE.format(line="value = voters.duplicated(columns, keep=False).mean()"),
         "the opposite"),
    ],
    "q2": [
        ("reidentified = len(survey.merge(voters, on=['zip', 'birth_date', 'sex']))",
         "rows of the merge"),
        ("reidentified = survey.merge(voters, on=['zip', 'birth_date', 'sex'])"
         ".respondent_id.nunique()",
         "at least one match"),
        ("m = survey.merge(voters, on=['zip', 'birth_date', 'sex'])"
         ".groupby('respondent_id').size()\n"
         "reidentified = (m == 1).sum() / len(survey)",
         "share of the survey"),
    ],
    "q3": [
        ("def k_anonymity(records, columns):\n"
         "    return pd.DataFrame(records).groupby(columns).ngroups",
         "number of groups"),
        ("def k_anonymity(records, columns):\n"
         "    return int(pd.DataFrame(records).groupby(columns).size().max())",
         "largest group"),
        ("def k_anonymity(records, columns):\n"
         "    return int((pd.DataFrame(records).groupby(columns).size() == 1).sum())",
         "counts the unique records"),
    ],
    "q4": [
        ("epsilon_needed = math.log(10) / threshold", "one tail only"),
        ("epsilon_needed = threshold / math.log(20)", "noise scale"),
        ("epsilon_needed = -math.log(0.95) / threshold", "at most 5%"),
        ("epsilon_needed = math.log(20) * threshold", "multiplied by the threshold"),
    ],
    "q5": [
        ('gdpr_applies = ["b"]', "look again at 'd'"),
        ('gdpr_applies = ["b", "c", "d"]', "does not turn on citizenship"),
        ('gdpr_applies = ["a", "b", "d"]', "no eu establishment"),
    ],
    "q6": [
        ('release_plan = "Publish it, names are gone."', "write at least 50"),
        ("release_plan = ['publish']", "as a string"),
    ],
}

"""Typical wrong answers for chapter 5, with a fragment of the feedback each must produce."""

_SCORE = (
    'scored = assessments.assign(score=assessments.answer.map({scores}))\n'
    'scored = scored.merge(checklist[["item_id", "criterion"]], on="item_id")\n'
    'criterion_scores = scored.groupby(["case", "criterion"], as_index=False)["score"].{how}()\n'
)

_ARTICLE = (
    'article = {"source": "public_record", "consent": False, "hidden_sponsor": False,\n'
    '           "deceptive": False, "exploits_vulnerability": False, "public_view": False}\n'
)

_LABELS = ('case_labels = {{"v1": "mobilisation", "v2": "{v2}", "v3": "demobilisation",\n'
           '               "v4": "{v4}", "v5": "persuasion", "v6": "{v6}"}}\n')

_PRACTICE = ('p = {"aim": "mobilise", "source": "public_record", "consent": False,\n'
             '     "hidden_sponsor": False, "deceptive": False,\n'
             '     "exploits_vulnerability": False, "public_view": False}\n')

WRONG = {
    "q1": [
        (_SCORE.format(scores='{"yes": 1, "partly": 0, "no": 0}', how="mean"),
         'treat "partly" as 0'),
        (_SCORE.format(scores='{"yes": 1, "partly": 1, "no": 0}', how="mean"),
         'treat "partly" as a full "yes"'),
        (_SCORE.format(scores='{"yes": 1, "partly": 0.5, "no": 0}', how="sum"),
         "those are totals per criterion"),
    ],
    "q2": [
        ('failed_items = ["T2"]', "not the only criterion"),
        ('failed_items = ["C2", "T1", "T2"]', "even the signed drive"),
        ('failed_items = ["C1", "T2", "T1"]', "no way to ask to stop"),
        ('failed_items = ["C1", "C2", "T1", "T2", "H1"]', "already counted under transparency"),
        ('failed_items = {"S1", "S2", "C1", "C2", "T2"}', "The source items pass"),
        ('failed_items = ["C1", "C2", "T2", "P1"]', "lists 1 item(s) that it passes"),
        ('failed_items = "C1, C2, T1, T2"', "expected a collection"),
    ],
    "q3": [
        (_ARTICLE + "claim_verdicts = {a: ethics_checklist.verdict({**article, 'aim': a}).step"
                    " for a in ethics_checklist.AIMS}", "store the `.verdict`"),
        (_ARTICLE + "claim_verdicts = {a: ethics_checklist.verdict({**article, 'aim': a, "
                    "'public_view': True}).verdict for a in ethics_checklist.AIMS}",
         "only to the people picked"),
        (_ARTICLE + "claim_verdicts = {a: ethics_checklist.verdict({**article, 'aim': a, "
                    "'source': 'third_party'}).verdict for a in ethics_checklist.AIMS}",
         "not third-party data"),
    ],
    "q4": [
        (_LABELS.format(v2="persuasion", v4="demobilisation", v6="persuasion"),
         "classified by aim alone"),
        (_LABELS.format(v2="demobilisation", v4="manipulation", v6="manipulation"),
         "that is persuasion, not demobilisation"),
        (_LABELS.format(v2="persuasion", v4="manipulation", v6="persuasion"),
         "exploiting a weakness"),
    ],
    "q5": [
        ('label_defence = "v6 is manipulation because it targets anxiety."', "write at least 60"),
        ("label_defence = {'v6': 'manipulation'}", "write your reflection as a string"),
    ],
    "q6": [
        (_PRACTICE + "counterexample = {'practice': p, 'rule_says': 'acceptable', "
                     "'should_be': 'acceptable'}", "agrees with the rule"),
        (_PRACTICE + "counterexample = {'practice': p, 'rule_says': 'questionable', "
                     "'should_be': 'unacceptable'}", "the rule says 'acceptable'"),
        ("counterexample = {'practice': {'aim': 'mobilise'}, 'rule_says': 'acceptable', "
         "'should_be': 'questionable'}", "cannot read your practice"),
        (_PRACTICE + "counterexample = ['questionable', p]", "should be a dict"),
    ],
    "q7": [
        ('counterexample_why = "The rule misses pressure."', "write at least 60"),
        ("counterexample_why = None", "write your reflection as a string"),
    ],
    "q8": [
        ('mentor_reflection = "Question: how do you get consent?"', "write at least 60"),
        ("mentor_reflection = ['Question', 'Reassuring answer', 'Worrying answer']",
         "write your reflection as a string"),
    ],
    "q9": [
        ('my_stance_revisited = "I still think it depends on consent."', "write at least 60"),
        ("my_stance_revisited = True", "write your reflection as a string"),
    ],
}

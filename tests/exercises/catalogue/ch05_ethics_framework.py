"""Typical wrong answers for chapter 5, with a fragment of the feedback each must produce."""

_SCORE = (
    'scored = assessments.assign(score=assessments.answer.map({scores}))\n'
    'scored = scored.merge(checklist[["item_id", "criterion"]], on="item_id")\n'
    'criterion_scores = scored.groupby(["case", "criterion"], as_index=False)["score"].{how}()\n'
)

_CLASSIFY_ACCEPTABLE_FIRST = '''
def classify_practice(practice):
    if practice["transparent"] and (practice["consent"] or practice["source"] == "public_record"):
        return "acceptable"
    if practice["deceptive"] or practice["purpose"] == "suppress":
        return "manipulative"
    if (practice["source"] == "third_party" and not practice["consent"]
            and not practice["transparent"]):
        return "manipulative"
    return "questionable"
'''

_CLASSIFY_CONSENT_ONLY = '''
def classify_practice(practice):
    if practice["deceptive"] or practice["purpose"] == "suppress":
        return "manipulative"
    if (practice["source"] == "third_party" and not practice["consent"]
            and not practice["transparent"]):
        return "manipulative"
    if practice["transparent"] and practice["consent"]:
        return "acceptable"
    return "questionable"
'''

_CLASSIFY_NO_SUPPRESS = '''
def classify_practice(practice):
    if practice["deceptive"]:
        return "manipulative"
    if (practice["source"] == "third_party" and not practice["consent"]
            and not practice["transparent"]):
        return "manipulative"
    if practice["transparent"] and (practice["consent"] or practice["source"] == "public_record"):
        return "acceptable"
    return "questionable"
'''

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
        ('violated_criterion = "c"', "never rested on individual consent"),
        ('violated_criterion = "a"', "the source is sound"),
        ('violated_criterion = "b"', "the use the file is released for"),
    ],
    "q3": [
        (_CLASSIFY_ACCEPTABLE_FIRST, 'checks "acceptable" before the manipulation rules'),
        (_CLASSIFY_CONSENT_ONLY, "asks for consent even for a public record"),
        (_CLASSIFY_NO_SUPPRESS, 'misses the purpose "suppress"'),
    ],
    "q4": [
        ('mentor_reflection = "Question: how do you get consent?"', "write at least 60"),
        ("mentor_reflection = ['Question', 'Reassuring answer', 'Worrying answer']",
         "write your reflection as a string"),
    ],
    "q5": [
        ('my_stance_revisited = "I still think it depends on consent."', "write at least 60"),
        ("my_stance_revisited = True", "write your reflection as a string"),
    ],
}

"""Typical wrong answers for chapter 8 (the get-out-the-vote capstone)."""

_RULES = ("permitted = {c: consent[c].eq('opt_in') if c in capstone.USE_RULE.opt_in_channels\n"
          "             else consent[c].ne('opt_out') for c in capstone.CHANNELS}\n")

_CHECKLIST_OK = (
    "reasons = {\n"
    "    'S1': 'The names come from the public registration record kept by the county office.',\n"
    "    'S2': 'We asked the election office under its published rule and nobody was misled.',\n"
    "    'U1': 'Reminding people to vote is the election purpose that the rule allows here.',\n"
    "    'U2': 'We mobilise people with a reminder and build no personality profiles at all.',\n"
    "    'C1': 'Texts go only to opted-in voters while phone and post rely on the record.',\n"
    "    'C2': 'Every opt-out removes the channel and do-not-contact removes the whole person.',\n"
    "    'T1': 'The county lists who received the file but few voters will ever look there.',\n"
    "    'T2': 'Each message names the campaign that sends it so the sender is always visible.',\n"
    "    'P1': 'The list keeps one id and one channel and the tables keep only group counts.',\n"
    "    'P2': 'One reminder by the least intrusive channel is small next to the civic goal.',\n"
    "    'H1': 'The message gives the date and how to vote and discourages nobody from voting.',\n"
    "    'H2': 'A leak would expose consent choices so we encrypt the list and delete it after.',\n"
    "}\n"
)

_RECOVER = (
    "keys = ['zip', 'age_band']\n"
    "shown = release.groupby(keys).{col}.sum()\n"
    "cells = table[table.voters < capstone.K].groupby(keys).size()\n"
    "recovered = (band_totals.set_index(keys)\n"
    "             .assign(hidden_cells=cells.reindex(band_totals.set_index(keys).index, "
    "fill_value=0),\n"
    "                     hidden_opt_ins=lambda t: {hidden})\n"
    "             .query(\"hidden_cells > 0\")\n"
    "             .astype({{'hidden_cells': 'int64', 'hidden_opt_ins': 'int64'}})"
    "[['hidden_cells', 'hidden_opt_ins']].reset_index())"
)

WRONG = {
    "q1": [
        ('permitted_requests = ["a", "b", "c", "d"]', "commercial use"),
        ('permitted_requests = ["a", "b", "d", "e"]', "Resale to advertisers"),
        ('permitted_requests = ["b", "d"]', "look again at 'a'"),
    ],
    "q2": [
        (_RULES + "choice = np.select([permitted[c] for c in capstone.CHANNELS],"
         " list(capstone.CHANNELS), default='')\n"
         "contacts = pd.DataFrame({'voter_id': consent.voter_id, 'channel': choice})"
         ".query(\"channel != ''\").reset_index(drop=True)", "do_not_contact"),
        ("ok = {c: consent[c].ne('opt_out') for c in capstone.CHANNELS}\n"
         "choice = np.select([~consent.do_not_contact & ok[c] for c in capstone.CHANNELS],"
         " list(capstone.CHANNELS), default='')\n"
         "contacts = pd.DataFrame({'voter_id': consent.voter_id, 'channel': choice})"
         ".query(\"channel != ''\").reset_index(drop=True)", "explicit"),
        ("ok = {c: consent[c].eq('opt_in') if c in capstone.USE_RULE.opt_in_channels"
         " else consent[c] == consent[c] for c in capstone.CHANNELS}\n"
         "choice = np.select([~consent.do_not_contact & ok[c] for c in capstone.CHANNELS],"
         " list(capstone.CHANNELS), default='')\n"
         "contacts = pd.DataFrame({'voter_id': consent.voter_id, 'channel': choice})"
         ".query(\"channel != ''\").reset_index(drop=True)", "ignores opt-outs"),
    ],
    "q3": [
        ("r, u = programme[programme.reached], programme[~programme.reached]\n"
         "p1, p0 = r.voted_2023.mean(), u.voted_2023.mean()\n"
         "se = np.sqrt(p1 * (1 - p1) / len(r) + p0 * (1 - p0) / len(u))\n"
         "lift_ci = (p1 - p0 - 1.96 * se, p1 - p0 + 1.96 * se)", "not randomised"),
        ("a, c = programme[programme.assigned], programme[~programme.assigned]\n"
         "p1, p0 = a.voted_2023.mean(), c.voted_2023.mean()\n"
         "se = np.sqrt(p1 * (1 - p1) / len(a) + p0 * (1 - p0) / len(c))\n"
         "lift_ci = (p1 - p0 - 1.645 * se, p1 - p0 + 1.645 * se)", "90% interval"),
        ("a, c = programme[programme.assigned], programme[~programme.assigned]\n"
         "p1, p0 = a.voted_2023.mean(), c.voted_2023.mean()\n"
         "se = np.sqrt(p1 * (1 - p1) / len(a))\n"
         "lift_ci = (p1 - p0 - 1.96 * se, p1 - p0 + 1.96 * se)", "one group only"),
    ],
    "q4": [
        ("published = table[table.voters > capstone.K].reset_index(drop=True)", "exactly 10"),
        ("published = table.copy()", "Nothing is suppressed"),
        ("published = table[table.texts_opt_in >= capstone.K].reset_index(drop=True)",
         "number who opted in"),
    ],
    "q5": [
        (_RECOVER.format(col="texts_opt_in", hidden="t.texts_opt_in"), "whole band total"),
        (_RECOVER.format(col="voters", hidden="t.voters - shown.reindex(t.index, fill_value=0)"),
         "public anyway"),
        (_RECOVER.format(col="texts_opt_in",
                         hidden="t.texts_opt_in - shown.reindex(t.index, fill_value=0)")
         .replace('.query("hidden_cells > 0")', ""), "every band"),
    ],
    "q6": [
        ("rng = np.random.default_rng(capstone.DP_SEED)\n"
         "noise = rng.laplace(0, capstone.EPSILON, size=len(table))\n"
         "private_table = table[['zip', 'age_band', 'party']].assign(noisy_texts_opt_in="
         "np.clip(np.round(table.texts_opt_in + noise), 0, None).astype(int))",
         "sensitivity / epsilon"),
        ("rng = np.random.default_rng(capstone.DP_SEED)\n"
         "noise = rng.laplace(0, 1 / capstone.EPSILON, size=len(table))\n"
         "private_table = table[['zip', 'age_band', 'party']].assign("
         "noisy_texts_opt_in=table.texts_opt_in + noise)", "not whole numbers"),
        ("pub = table[table.voters >= capstone.K].reset_index(drop=True)\n"
         "rng = np.random.default_rng(capstone.DP_SEED)\n"
         "noise = rng.laplace(0, 1 / capstone.EPSILON, size=len(pub))\n"
         "private_table = pub[['zip', 'age_band', 'party']].assign(noisy_texts_opt_in="
         "np.clip(np.round(pub.texts_opt_in + noise), 0, None).astype(int))",
         "suppressed table"),
        ("rng = np.random.default_rng(capstone.DP_SEED)\n"
         "noise = rng.laplace(0, 1 / capstone.EPSILON, size=len(table))\n"
         "private_table = table[['zip', 'age_band', 'party']].assign(noisy_texts_opt_in="
         "np.clip(np.round(table.voters + noise), 0, None).astype(int))",
         "anyone can count"),
    ],
    "q7": [
        (_CHECKLIST_OK + "checklist_answers = {k: {'answer': 'yes', 'why': v}"
         " for k, v in reasons.items() if k != 'H2'}", "no entry for item 'H2'"),
        ("checklist_answers = {k: {'answer': 'yes', 'why': 'Fine.'} for k in checklist.item_id}",
         "give at least 12"),
        ("checklist_answers = {k: {'answer': 'yes', 'why': 'We followed the law and the county "
         "rule for voter data in every single step of this project.'}"
         " for k in checklist.item_id}", "same reason"),
        (_CHECKLIST_OK + "checklist_answers = {k: {'answer': 'maybe', 'why': v}"
         " for k, v in reasons.items()}", "must be \"yes\", \"partly\" or \"no\""),
        (_CHECKLIST_OK + "checklist_answers = reasons", "keys \"answer\" and \"why\""),
    ],
    "q8": [
        ('memo = "The calls worked. Do them again."', "write at least 50"),
        ("memo = 0.012", "as a string"),
    ],
}

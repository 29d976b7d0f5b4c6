"""Typical wrong answers for chapter 3 (03-microtargeting), with the feedback they must get."""

_SKEW = (
    "rows = []\n"
    "for budget in [250, 1_000, 4_000, 16_000]:\n"
    "    dem = party_share(users, deliver(users, 'DEM', budget, 1{opt}), '{party}')\n"
    "    rep = party_share(users, deliver(users, 'REP', budget, 1{opt}), '{party}')\n"
    "    rows.append({{'budget': budget, 'dem_ad': dem, 'rep_ad': rep, 'gap': {sign}}})\n"
    "skew_by_budget = pd.DataFrame(rows)\n"
)

WRONG = {
    "q1": [
        ("def count_exposed(friend_lists, installers):\n"
         "    return sum(len(friend_lists[i]) for i in installers)",
         "counted twice"),
        ("def count_exposed(friend_lists, installers):\n"
         "    return len({f for i in installers for f in friend_lists[i]})",
         "leaves out the installers"),
        ("def count_exposed(friend_lists, installers):\n"
         "    friends = {f for i in installers for f in friend_lists[i]}\n"
         "    return len(set(installers)) + len(friends)",
         "counts an installer twice"),
    ],
    "q2": [
        ("ftc_per_user = [87_000_000 / 270_000, 87_000_000 / 250_000]", "two sources"),
        ("ftc_per_user = [50_000_000 / 250_000, 65_000_000 / 270_000]", "paired low with low"),
        ("ftc_per_user = [65_000_000 / 250_000, 50_000_000 / 270_000]", "wrong order"),
    ],
    "q3": [
        ("flip_table = races[['year', 'state']].copy()\n"
         "flip_table['margin'] = races.winner_votes - races.runner_up_votes\n"
         "flip_table['reach_needed'] = flip_table.margin / effect",
         "moves the margin by two votes"),
        ("flip_table = races[['year', 'state']].copy()\n"
         "flip_table['margin'] = races.winner_votes - races.runner_up_votes\n"
         "flip_table['reach_needed'] = flip_table.margin / (2 * 0.7)",
         "100 times too small"),
        ("flip_table = races[['year', 'state']].copy()\n"
         "flip_table['margin'] = races.winner_votes - races.runner_up_votes\n"
         "flip_table['reach_needed'] = flip_table.margin / 0.7",
         "200 times too small"),
    ],
    "q4": [
        ("ledger = (statements.groupby(['bears_on', 'direction'], as_index=False).size()\n"
         "          .rename(columns={'size': 'statements'}))", "you counted every statement"),
        ("ledger = (statements[statements.stake].groupby(['bears_on', 'direction'],\n"
         "          as_index=False).size().rename(columns={'size': 'statements'}))",
         "kept only the speakers with a stake"),
        ("ledger = (statements[~statements.stake].groupby(['kind', 'direction'],\n"
         "          as_index=False).size().rename(columns={'size': 'statements'}))",
         "you grouped by `kind`"),
    ],
    "q5": [
        ('friends_consent = "It was wrong."', "write at least 50"),
        ("friends_consent = 42", "as a string"),
    ],
    "q6": [
        (_SKEW.format(opt=", optimise=False", sign="dem - rep", party="DEM"),
         "your deliveries are random"),
        (_SKEW.format(opt="", sign="rep - dem", party="DEM"), "wrong sign"),
        (_SKEW.format(opt="", sign="dem - rep", party="REP"), "registered republicans"),
    ],
    "q7": [
        ('crucial_role = "No: the effects were small."', "write at least 80"),
        ("crucial_role = False", "as a string"),
    ],
}

"""Typical wrong answers for chapter 3 (03-microtargeting), with the feedback they must get."""

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
        ("profiles_per_installer = len(graph.exposed(installers))",
         "divide it by the number of installers"),
        ("profiles_per_installer = graph.degree()[installers].mean()",
         "naive count"),
        ("profiles_per_installer = graph.degree()[installers].mean() + 1",
         "adds one (the installer)"),
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
        ('evidence_answer = "a"', "not votes"),
        ('evidence_answer = "c"', "separate questions"),
        ('evidence_answer = "d"', "well-recognised processes"),
    ],
    "q5": [
        ('friends_consent = "It was wrong."', "write at least 50"),
        ("friends_consent = 42", "as a string"),
    ],
}

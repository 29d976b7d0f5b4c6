"""Typical wrong answers for lesson 01-is-it-cheating."""

WRONG = {
    "q1": [
        ('money_facts = facts[facts.unit == "USD"][["campaign", "year", "claim", "value"]]',
         "not in order"),
        ('money_facts = facts[facts.unit == "USD"][["campaign", "year", "claim", "value"]]'
         '.sort_values("value")', "order is reversed"),
        ('money_facts = facts[facts.unit == "USD"].sort_values("value", ascending=False)',
         "keep only the columns"),
    ],
    "q2": [
        ("rates = splash.signups / splash.visitors\nlift = rates.max() / rates.iloc[0]",
         "subtract 1"),
        ("rates = splash.signups / splash.visitors\nlift = rates.max() - rates.iloc[0]",
         "difference in sign-up rates"),
        ("rates = splash.signups / splash.visitors\nlift = 100 * (rates.max() / rates.iloc[0] - 1)",
         "as a percentage"),
        ("lift = splash.signups.max() / splash.signups.iloc[0] - 1", "compare rates"),
    ],
    "q3": [
        ("per_user = {'mixed': 270_000 / 87_000_000, 'ftc': 270_000 / 65_000_000}",
         "upside down"),
        ("per_user = {'mixed': 65_000_000 / 270_000, 'ftc': 87_000_000 / 270_000}",
         "swapped"),
        ("per_user = {'mixed': 87_000_000 / 300_000, 'ftc': 65_000_000 / 300_000}",
         "no source confirms"),
    ],
    "q4": [
        ('table_errors = ["b", "c"]', "one more option is also true"),
        ('table_errors = ["b", "c", "d", "f"]', "row d is right"),
        ('table_errors = ["a", "b", "c", "f"]', "row a is right"),
        ('table_errors = "e"', "row e is right"),
    ],
    "q5": [
        ('my_stance = "It depends."', "write at least 40"),
        ("my_stance = 42", "as a string"),
        ('my_stance = ["yes", "because"]', "as a string"),
    ],
}

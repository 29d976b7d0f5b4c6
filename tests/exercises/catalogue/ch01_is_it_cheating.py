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
        ("profiles_per_user = 270_000 / 87_000_000", "upside down"),
        ("profiles_per_user = 87_000_000 / 250_000", "lower figure"),
        ("profiles_per_user = 87_000_000 / 300_000", "no source confirms"),
    ],
    "q4": [
        ('ftc_answer = "a"', "psychographic targeting was not"),
        ('ftc_answer = "c"', "lawful in most states"),
        ('ftc_answer = "d"', "testing ads is routine"),
    ],
    "q5": [
        ('my_stance = "It depends."', "write at least 40"),
        ("my_stance = 42", "as a string"),
        ('my_stance = ["yes", "because"]', "as a string"),
    ],
}

"""Exercises for chapter 8: Capstone: an ethical get-out-the-vote analysis."""

from __future__ import annotations

from typing import Any, ClassVar

from coursekit.answers import Unsupported
from coursekit.exercises.compare import describe, normalise_text
from coursekit.exercises.feedback import Status
from coursekit.exercises.kinds import (
    ChoiceProblem,
    Criterion,
    Mistake,
    Option,
    ReflectionProblem,
    TableProblem,
    ValueProblem,
)

ID = "08-capstone-gotv"
TITLE = "Capstone: an ethical get-out-the-vote analysis"
VERSION = "2026.11.1"


def load_data() -> dict[str, Any]:
    """The synthetic voter file, consent records, past programme and the ethics checklist."""
    from coursekit.data import capstone, ethics_checklist
    from coursekit.data.voters import voter_file

    voters = voter_file()
    return {"voters": voters, "consent": capstone.consent_records(voters),
            "programme": capstone.past_programme(voters),
            "checklist": ethics_checklist.checklist()}


# -- q1: which uses the rule permits --------------------------------------------------------------

class PermittedRequests(ChoiceProblem):
    """Which requests to use the voter data the state-use rule permits."""

    id = "q1"
    name = "permitted_requests"
    title = "Which requests may use the voter file?"
    points = 1
    options: ClassVar[dict[str, Option]] = {
        "a": Option("The county election office: text reminders of a polling-place change.",
                    "Governmental and election use is permitted (texts still need an opt-in)."),
        "b": Option("A candidate's campaign: a phone bank reminding supporters to vote.",
                    "Political and election use is permitted, respecting opt-outs."),
        "c": Option("A solar-panel installer: a door-to-door sales list of homeowners.",
                    "Selling panels is commercial use, which the rule forbids whatever the "
                    "channel."),
        "d": Option("A university research team: a mailed survey on why people skip local "
                    "elections.",
                    "Scholarly use is permitted."),
        "e": Option("A data broker: resale of contact lists to advertisers.",
                    "Resale to advertisers is commercial use, which the rule forbids."),
    }
    answer = frozenset({"a", "b", "d"})
    hints = ("Judge each request by its purpose, not by who asks or which channel it uses.",
             "The rule lists permitted purposes: election, scholarly, journalistic, political, "
             "governmental. Anything commercial is out, whatever the channel.",
             "Answer with a list of letters, e.g. `permitted_requests = [\"x\", \"y\"]`.")


# -- q2: the contact list -------------------------------------------------------------------------

def _contacts(voters: Any, consent: Any, *, honour_dnc: bool = True, opt_in_needed: bool = True,
              honour_opt_out: bool = True) -> Any:
    import pandas as pd

    from coursekit.data.capstone import CHANNELS, USE_RULE

    merged = voters[["voter_id"]].merge(consent, on="voter_id")
    rows = []
    for record in merged.itertuples(index=False):
        if honour_dnc and record.do_not_contact:
            continue
        for channel in CHANNELS:
            status = getattr(record, channel)
            if honour_opt_out and status == "opt_out":
                continue
            if opt_in_needed and channel in USE_RULE.opt_in_channels and status != "opt_in":
                continue
            rows.append((record.voter_id, channel))
            break
    return pd.DataFrame(rows, columns=["voter_id", "channel"])


class ContactList(TableProblem):
    """One permitted channel per voter, in the campaign's order of preference."""

    id = "q2"
    name = "contacts"
    title = "Build a contact list that respects consent"
    points = 3
    hints = ("Apply the rule in its order: who may be contacted at all, then which channels, then "
             "the cheapest allowed channel.",
             "Drop every voter with `do_not_contact`; texts and e-mail need `\"opt_in\"`, phone "
             "and mail are fine unless `\"opt_out\"`; try sms, email, phone, mail in that order.",
             "`np.select(conditions, choices, default=\"\")` picks, per row, the choice of the "
             "first true condition.")
    mistakes = (
        Mistake(lambda voters, consent: _contacts(voters, consent, honour_dnc=False),
                "Your list includes voters who asked never to be contacted (`do_not_contact`): "
                "drop them first."),
        Mistake(lambda voters, consent: _contacts(voters, consent, opt_in_needed=False),
                "Your list texts or e-mails people with `\"no_record\"`: those channels need an "
                "explicit `\"opt_in\"`."),
        Mistake(lambda voters, consent: _contacts(voters, consent, honour_opt_out=False),
                "Your list ignores opt-outs: a voter who said `\"opt_out\"` for a channel must "
                "not be contacted that way."),
    )

    def expected(self, voters: Any, consent: Any) -> Any:
        from coursekit.data.capstone import contact_list

        return contact_list(voters, consent, purpose="election")


# -- q3: the lift and its interval --------------------------------------------------------------

def _interval(programme: Any, group: str = "assigned", z: float = 1.96,
              one_group: bool = False) -> tuple[float, float]:
    treated = programme.loc[programme[group], "voted_2023"]
    control = programme.loc[~programme[group], "voted_2023"]
    p1, p0 = treated.mean(), control.mean()
    var = p1 * (1 - p1) / len(treated) + (0 if one_group else p0 * (1 - p0) / len(control))
    return (float(p1 - p0 - z * var ** 0.5), float(p1 - p0 + z * var ** 0.5))


class LiftInterval(ValueProblem):
    """95% interval for the turnout lift of being assigned a reminder call."""

    id = "q3"
    name = "lift_ci"
    title = "Estimate the lift, with an honest interval"
    points = 3
    rel_tol = 1e-3
    abs_tol = 5e-4
    hints = ("Compare everyone *assigned* a call with everyone not assigned: that comparison is "
             "the one randomisation protects, whoever picked up.",
             "The standard error of a difference of two proportions is √(p₁(1−p₁)/n₁ + "
             "p₀(1−p₀)/n₀); the interval is the difference ± 1.96 standard errors.",
             "`programme[programme.assigned]` selects the assigned voters, `.voted_2023.mean()` "
             "their turnout, and `np.sqrt` takes the square root.")
    mistakes = (
        Mistake(lambda programme: _interval(programme, group="reached"),
                "You compared voters who were reached with everyone else: who answers the phone "
                "was not randomised, so compare assigned with not assigned."),
        Mistake(lambda programme: _interval(programme, z=1.645),
                "That is a 90% interval (1.645); a 95% interval uses 1.96 standard errors."),
        Mistake(lambda programme: _interval(programme, one_group=True),
                "Your standard error uses one group only: add the variances of both groups, "
                "`p1*(1-p1)/n1 + p0*(1-p0)/n0`, before the square root."),
    )

    def expected(self, programme: Any) -> tuple[float, float]:
        from coursekit.data.capstone import lift_interval

        _, low, high = lift_interval(programme)
        return (low, high)


# -- q4, q5, q6: publishing --------------------------------------------------------------------

def _table(voters: Any, consent: Any) -> Any:
    from coursekit.data.capstone import optin_table
    return optin_table(voters, consent)


class KAnonymousTable(TableProblem):
    """Opt-in table with cells of fewer than k voters suppressed."""

    id = "q4"
    name = "published"
    title = "Publish a k-anonymous table"
    points = 2
    hints = ("k-anonymity is about how many people a cell describes, not about what they did.",
             "Keep a row only when its `voters` count is at least `capstone.K` (10): at least, "
             "so a cell of exactly 10 stays.",
             "A boolean mask such as `table[table.some_column >= 10]` keeps rows; "
             "`.reset_index(drop=True)` renumbers them.")
    mistakes = (
        Mistake(lambda voters, consent: _table(voters, consent).query("voters > 10"),
                "You also dropped cells of exactly 10 voters: k-anonymity needs at least k, so "
                "keep `voters >= 10`."),
        Mistake(lambda voters, consent: _table(voters, consent),
                "Nothing is suppressed: drop the cells with fewer than 10 voters before "
                "publishing."),
        Mistake(lambda voters, consent: _table(voters, consent).query("texts_opt_in >= 10"),
                "You suppressed on the number who opted in; k-anonymity is about how many people "
                "a cell describes: use the `voters` column."),
    )

    def expected(self, voters: Any, consent: Any) -> Any:
        from coursekit.data.capstone import K, k_anonymous

        return k_anonymous(_table(voters, consent), K)


def _recovered(voters: Any, consent: Any, column: str = "texts_opt_in",
               subtract: bool = True, every_band: bool = False) -> Any:
    from coursekit.data.capstone import K, band_totals, k_anonymous

    table = _table(voters, consent)
    keys = ["zip", "age_band"]
    shown = k_anonymous(table, K).groupby(keys)[column].sum()
    totals = band_totals(table).set_index(keys)
    hidden = totals[column] - (shown.reindex(totals.index, fill_value=0) if subtract else 0)
    cells = (table[table["voters"] < K].groupby(keys).size()
             .reindex(totals.index, fill_value=0))
    frame = (totals.assign(hidden_cells=cells.astype("int64"),
                           hidden_opt_ins=hidden.astype("int64"))
             [["hidden_cells", "hidden_opt_ins"]].reset_index())
    if not every_band:
        frame = frame[frame["hidden_cells"] > 0]
    return frame.sort_values(keys, ignore_index=True)


class RecoveredCells(TableProblem):
    """Undo small-cell suppression by subtracting published cells from published totals."""

    id = "q5"
    name = "recovered"
    title = "Undo the suppression"
    points = 3
    hints = ("Every suppressed cell still counts in a published total; whatever the published "
             "cells do not account for must be in the hidden ones.",
             "Per ZIP and age band: band total of `texts_opt_in` minus the sum over the "
             "published cells; count the suppressed cells as the cells of `table` with fewer "
             "than `capstone.K` voters; keep only bands with at least one.",
             "`release.groupby([\"zip\", \"age_band\"]).texts_opt_in.sum()` sums the published "
             "cells; `.reindex(..., fill_value=0)` lines it up with `band_totals`.")
    mistakes = (
        Mistake(lambda voters, consent: _recovered(voters, consent, subtract=False),
                "`hidden_opt_ins` is the whole band total: subtract the opt-ins of the cells "
                "that were published."),
        Mistake(lambda voters, consent: _recovered(voters, consent, column="voters"),
                "`hidden_opt_ins` counts the voters in the hidden cells (public anyway); "
                "subtract the `texts_opt_in` column instead."),
        Mistake(lambda voters, consent: _recovered(voters, consent, every_band=True),
                "Your table has a row for every band; keep only the bands that lost at least "
                "one cell to suppression."),
    )

    def expected(self, voters: Any, consent: Any) -> Any:
        return _recovered(voters, consent)


def _noisy(voters: Any, consent: Any, scale: float | None = None, rounded: bool = True,
           published: bool = False, column: str = "texts_opt_in") -> Any:
    import numpy as np

    from coursekit.data.capstone import DP_SEED, EPSILON, K, k_anonymous

    table = _table(voters, consent)
    if published:
        table = k_anonymous(table, K)
    rng = np.random.default_rng(DP_SEED)
    noise = rng.laplace(0.0, 1.0 / EPSILON if scale is None else scale, size=len(table))
    noisy = table[column].to_numpy() + noise
    if rounded:
        noisy = np.clip(np.round(noisy), 0, None).astype("int64")
    return table[["zip", "age_band", "party"]].assign(noisy_texts_opt_in=noisy)


class PrivateTable(TableProblem):
    """Laplace-noised opt-in counts for every cell, with the seed the exercise gives."""

    id = "q6"
    name = "private_table"
    title = "Publish a differentially private table"
    points = 2
    hints = ("Differential privacy protects every cell by noise instead of hiding some, so start "
             "from the full table.",
             "The Laplace scale is sensitivity / ε: each person adds at most 1 to one cell's "
             "count, so with ε = 0.5 the scale is 2. Round to whole numbers, then clip at 0.",
             "`np.clip(np.round(x), 0, None)` rounds and clips; "
             "`rng.laplace(0, scale, size=n)` draws the noise.")
    mistakes = (
        Mistake(lambda voters, consent: _noisy(voters, consent, scale=0.5),
                "Your noise scale is epsilon (0.5); the Laplace scale is sensitivity / epsilon, "
                "here 1 / 0.5 = 2."),
        Mistake(lambda voters, consent: _noisy(voters, consent, rounded=False),
                "Your counts are not whole numbers: round them and clip at 0 (post-processing "
                "costs no privacy)."),
        Mistake(lambda voters, consent: _noisy(voters, consent, published=True),
                "You added noise to the suppressed table: differential privacy protects every "
                "cell, so start from the full opt-in table."),
        Mistake(lambda voters, consent: _noisy(voters, consent, column="voters"),
                "You added noise to `voters`, which anyone can count from the voter file; the "
                "private column is `texts_opt_in`."),
    )

    def expected(self, voters: Any, consent: Any) -> Any:
        from coursekit.data.capstone import DP_SEED, EPSILON, laplace_release

        return laplace_release(_table(voters, consent), EPSILON, DP_SEED, column="texts_opt_in")


# -- q7, q8: the ethics checklist and the memo ----------------------------------------------

class ChecklistJustified(ReflectionProblem):
    """Every chapter-5 checklist item answered for this project, with a reason."""

    id = "q7"
    name = "checklist_answers"
    title = "Complete the ethics checklist"
    points = 3
    min_words: ClassVar[int] = 12
    answers: ClassVar[tuple[str, ...]] = ("yes", "partly", "no")
    rubric = (
        Criterion("Concrete reasons", 1, "Each reason points at something done or not done in "
                  "this project: data source, consent rule, interval, published tables."),
        Criterion("Honest about gaps", 1, "Answers \"partly\" or \"no\" where the project "
                  "falls short, and says what would fix it."),
        Criterion("Consistent with the evidence", 1, "No reason contradicts the chapter's "
                  "analysis, e.g. the recovered cells or an interval that includes zero."),
    )
    hints = ("Answer for *this* project, item by item: what did you do that makes the answer "
             "true, or what is missing?",
             "Some items deserve \"partly\" or \"no\": think of the recovered cells and of "
             "contact by phone without a specific yes.",
             "A dict of dicts, one key per `checklist.item_id`: "
             "`{\"S1\": {\"answer\": \"yes\", \"why\": \"...\"}, ...}`.")

    def evaluate(self, value: Any, data: dict[str, Any]) -> tuple[str, str]:
        ids = list(data["checklist"]["item_id"])
        problem = self._shape_problem(value, ids)
        if problem:
            return Status.INCORRECT, problem
        problem = self._substance_problem(value, ids)
        if problem:
            return Status.INCORRECT, problem
        return Status.NEEDS_REVIEW, (f"Saved: all {len(ids)} items answered with a reason. A "
                                     "person, not a machine, reads the reasons.")

    def _shape_problem(self, value: Any, ids: list[str]) -> str | None:
        if isinstance(value, Unsupported) or not isinstance(value, dict):
            return f"`{self.name}` is {describe(value)}; expected a dict keyed by item id."
        missing = [i for i in ids if i not in value]
        if missing:
            return (f"`{self.name}` has no entry for item {missing[0]!r}"
                    f"{f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}: every "
                    "checklist item needs an answer and a reason.")
        unknown = sorted(str(k) for k in value if k not in ids)
        if unknown:
            return f"`{self.name}` has {unknown[0]!r}, which is not a checklist item id."
        for item_id in ids:
            entry = value[item_id]
            if not isinstance(entry, dict) or set(entry) != {"answer", "why"}:
                return (f"Item {item_id!r} should be a dict with the keys \"answer\" and "
                        f"\"why\", not {describe(entry)}.")
            if not isinstance(entry["answer"], str) or entry["answer"].strip().lower() \
                    not in self.answers:
                return (f"Item {item_id!r}: the answer must be \"yes\", \"partly\" or \"no\", "
                        f"not {entry['answer']!r}.")
        return None

    def _substance_problem(self, value: dict[str, Any], ids: list[str]) -> str | None:
        seen: dict[str, str] = {}
        for item_id in ids:
            why = value[item_id]["why"]
            if not isinstance(why, str):
                return f"Item {item_id!r}: the reason should be text, not {describe(why)}."
            words = len(normalise_text(why).split())
            if words < self.min_words:
                return (f"Item {item_id!r}: the reason has {words} words; give at least "
                        f"{self.min_words} that say what in this project makes the answer true.")
            key = normalise_text(why)
            if key in seen:
                return (f"Items {seen[key]!r} and {item_id!r} have the same reason: each item "
                        "asks something different, so justify each one on its own.")
            seen[key] = item_id
        return None


class MemoToCampaign(ReflectionProblem):
    """What the learner would tell the campaign about the past programme."""

    id = "q8"
    name = "memo"
    title = "Tell the campaign what you found"
    points = 2
    min_words = 50
    rubric = (
        Criterion("Estimate with its uncertainty", 1, "States the randomised estimate and its "
                  "interval, and only what they allow one to claim."),
        Criterion("Limits and next step", 1, "Says what the contact list and the published "
                  "tables can and cannot do, and proposes a concrete next step."),
    )
    hints = ("Lead with the one comparison randomisation protects, and how sure it is.",
             "Then say what the interval allows you to claim and what it does not; mention the "
             "biased comparison only to explain why you did not use it.",
             "End with the list, the tables and what you would do next.")


PROBLEMS = [PermittedRequests, ContactList, LiftInterval, KAnonymousTable, RecoveredCells,
            PrivateTable, ChecklistJustified, MemoToCampaign]

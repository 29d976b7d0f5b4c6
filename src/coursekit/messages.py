"""Every sentence coursekit's own machinery says to a learner, in one catalogue.

`say(key, **fields)` returns the sentence for `key` with its ``{fields}`` filled in. The English
text below is the gettext *msgid*: a translation is an ordinary ``coursekit.mo`` catalogue under
``coursekit/locale/<lang>/LC_MESSAGES/`` (or ``$COURSEKIT_LOCALEDIR``), chosen by
``$COURSEKIT_LANG`` or the usual ``LANGUAGE``/``LC_ALL``/``LANG``. Without one, English is used.
``python -m coursekit.messages > coursekit.pot`` writes the template a translator starts from.

Exercise content (prompts, hints, the messages of a lesson's own `Mistake`s) lives with its
exercise in ``coursekit/exercises/chNN_*.py``; this catalogue holds the sentences every lesson
shares.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

__all__ = ["MESSAGES", "pot", "say"]

MESSAGES: dict[str, str] = {
    # -- not attempted, missing, misuse ---------------------------------------------------------
    "not_defined": "`{name}` is not defined yet: write your answer in the exercise cell and "
                   "run it.",
    "not_defined_renamed": "`{name}` is not defined yet, but `{other}` is: the check reads "
                           "`{name}`, so give your answer that name.",
    "still_ellipsis": "`{name}` is still `...`: replace it with your answer.",
    "not_bound": "Run the setup cell at the top of the notebook first (the one with "
                 "`coursekit.lesson(...)`), then run this check again.",
    "namespace_wrong": "Pass your notebook's namespace: `coursekit.lesson(\"{lesson}\", "
                       "globals())`.",
    "no_exercise": "Lesson {lesson} has no exercise `{name}`; its exercises are {known}.",
    "hint_none": "No hints for this exercise.",
    "hint_range": "There are {count} hints: ask for `hint(1)` to `hint({count})`.",
    "hint_not_number": "Ask for a hint by its number, like `hint(1)`; `{given}` is not a "
                       "number. There are {count} hints.",
    "hint_head": "Hint {n}/{count}:",
    "hint_more": "(more: `hint({next})`)",
    "progress_head": "{title}: {passed}/{total} exercises done",
    "progress_columns": "| exercise | | status | points |",
    "progress_unchecked": "not checked",
    "solution_head": "Solution to {question}:",
    "checker_bug": "The checker for {question} failed ({error}); this is a bug in the course, "
                   "not in your answer — please report it.",
    # -- kinds ----------------------------------------------------------------------------------
    "correct_value": "`{name}` = {value}.",
    "correct_table": "`{name}` matches: {rows}.",
    "is_value": "`{name}` is {value}.",
    "try_hint": "Try `ex.{question}.hint()`.",
    "choice_not_option": "`{name}` is {kind}; expected an option letter like \"a\".",
    "choice_unknown": "`{name}` includes '{key}', which is not an option; choose from {known}.",
    "choice_single": "`{name}` should be a single option letter, not {count}.",
    "choice_wrong": "Option '{key}': {explanation}",
    "choice_incomplete": "Your choices are right as far as they go, but one more option is also "
                         "true: look again at '{key}'.",
    "not_callable": "`{name}` is {kind}, not a function: define it with `def {name}(...):`.",
    "not_function": "`{name}` is {kind}, not a function.",
    "call_raised": "When calling {call}, Python raised {error}.",
    "call_too_long": "When calling {call}, it was still running after {seconds} seconds, so the "
                     "check stopped it: look for a loop that never ends.",
    "correct_calls": "`{name}` gives the expected result on {count} cases.",
    "returns_ellipsis": "`{name}` still returns `...`: replace it with your code.",
    "returned_none": "{call} returned nothing (`None`): did you forget `return`?",
    "returned_wrong": "{call} returned {value}; expected {expected}.",
    "reflection_type": "`{name}` is {kind}; write your reflection as text in quotes.",
    "reflection_empty": "`{name}` is empty: write your reflection.",
    "reflection_short": "`{name}` has {words} words; write at least {minimum} so that your "
                        "reasoning shows.",
    "reflection_recorded": "Recorded ({words} words). A person, not a machine, reads "
                           "reflections: there is no right answer to match.",
    # -- comparisons ----------------------------------------------------------------------------
    "want_number": "`{name}` is {kind}; expected a number.",
    "want_text": "`{name}` is {kind}; expected text.",
    "want_kind": "`{name}` is {kind}; expected {expected}.",
    "wrong_number": "`{name}` is {value}; that is not the expected value.",
    "wrong_text": "`{name}` is {value}; that is not the expected text.",
    "wrong_value": "`{name}` is {value}; not the expected value.",
    "wrong_length": "`{name}` has {count}; expected {expected}.",
    "want_collection": "`{name}` is {kind}; expected a collection of items.",
    "uncomparable": "`{name}` holds items that cannot be compared as a set.",
    "duplicates": "`{name}` lists some items more than once.",
    "missing_item": "`{name}` is missing {item}.",
    "missing_items": "`{name}` is missing {item} and {more} more.",
    "extra_item": "`{name}` includes {item}, which does not belong.",
    "extra_items": "`{name}` includes {item}, which does not belong (and {more} more).",
    "want_dict": "`{name}` is {kind}; expected a dictionary.",
    "no_key": "`{name}` has no key {key}.",
    "extra_key": "`{name}` has an unexpected key {key}.",
    "want_table": "`{name}` is {kind}; expected {expected}.",
    "no_column": "`{name}` has no column `{column}` (its columns: {columns}).",
    "duplicate_column": "`{name}` has the column `{column}` more than once.",
    "extra_column": "`{name}` has an extra column `{column}`; expected only {columns}.",
    "row_count": "`{name}` has {count}; expected {expected}.",
    "index_differs": "`{name}` is labelled {labels}; expected {expected}.",
    "column_type": "Column `{column}` of `{name}` holds {kind}; expected {expected}.",
    "cell_differs": "`{name}` differs first in column `{column}`, {row}: {value} where "
                    "{expected} was expected.",
    "row_where": "in the row where `{key}` is {label}",
    "row_label": "in row {label}",
    "row_position": "in row {position} (counting from 1)",
    "row_missing": "`{name}` has no row where `{key}` is {label}.",
    # -- typical slips (kind level) -------------------------------------------------------------
    "slip_percent": "It looks like a percentage: give a proportion between 0 and 1 (divide by "
                    "100).",
    "slip_proportion": "It looks like a proportion: give it as a percentage between 0 and 100 "
                       "(multiply by 100).",
    "slip_rounded": "It is close but rounded: keep full precision in your calculation and round "
                    "only when you display the result.",
    "slip_bounds": "The two bounds are swapped: put the lower one first.",
    "slip_sign": "The sign is flipped: check which value you subtract from which.",
    "slip_power": "It is off by a factor of {factor}: check the units (thousands, millions) "
                  "and any multiplication or division by a power of ten.",
    "slip_sibling": "That is what `{used}` gives instead of `{wanted}`: check that you used the "
                    "right column (or year).",
    "slip_column_percent": "Column `{column}` looks like percentages: give proportions "
                           "between 0 and 1.",
    "slip_column_proportion": "Column `{column}` looks like proportions: give percentages "
                              "between 0 and 100.",
    "slip_column_rounded": "Column `{column}` is close but rounded: keep full precision and "
                           "round only when you display it.",
    "slip_column_sign": "Column `{column}` has its sign flipped: check which value you "
                        "subtract from which.",
    "slip_column_power": "Column `{column}` is off by a factor of {factor}: check the units "
                         "and any multiplication or division by a power of ten.",
    # -- plain words for values -----------------------------------------------------------------
    "kind_none": "nothing (`None`)",
    "kind_bool": "a True/False value (`{value}`)",
    "kind_whole": "a whole number",
    "kind_number": "a number",
    "kind_text": "text",
    "kind_list": "a list of {count}",
    "kind_tuple": "a tuple of {count}",
    "kind_set": "a set of {count}",
    "kind_dict": "a dictionary with {count}",
    "kind_table": "a table with {rows}",
    "kind_column": "a column of {count}",
    "kind_array": "an array of {count}",
    "kind_function": "a function",
    "kind_bool_plain": "a True/False value",
    "kind_list_plain": "a list",
    "kind_tuple_plain": "a tuple",
    "kind_dict_plain": "a dictionary",
    "kind_set_plain": "a set",
    "kind_module": "a module",
    "kind_unreadable": "a value the checker cannot read ({what})",
    "kind_other": "an object of type `{type}`",
    "kind_class": "a type (`{type}`), not a value",
    "kind_series": "a column of values",
    "kind_frame": "a table",
    "kind_array_plain": "an array",
    "kind_not_data": "its contents are not plain data",
    "col_whole": "whole numbers",
    "col_number": "numbers",
    "col_bool": "True/False values",
    "col_text": "text",
    "col_other": "values of another kind",
    "count_items": "{n} item|{n} items",
    "count_keys": "{n} key|{n} keys",
    "count_rows": "{n} row|{n} rows",
    "count_values": "{n} value|{n} values",
    "num_nan": "not a number (`NaN`)",
    "num_inf": "infinity",
    "num_minus_inf": "minus infinity",
    "num_huge": "an enormous number ({digits} digits)",
    "num_tiny": "a tiny number, almost zero",
    "num_million": "{value} million",
    "num_billion": "{value} billion",
    "num_trillion": "{value} trillion",
    # -- learner notebooks -----------------------------------------------------------------------
    "glue_from_answer": "(your answer: `{answer}`)",
    "exercise_head": "Exercise {number} (`{question}`)",
    "exercise_check": "Check your answer with `ex.{question}.check()`; ask for a hint with "
                      "`ex.{question}.hint()`.",
    "references_head": "References",
    # -- coursekit progress ----------------------------------------------------------------------
    "report_summary": "{passed} of {total} exercises passed; {started} of {lessons} lessons "
                      "started.",
    "report_head": "Your progress:",
    "report_lesson": "lesson",
    "report_passed": "passed",
    "report_checked": "last checked",
    "report_never": "never",
    # -- coursekit start ------------------------------------------------------------------------
    "start_wrote": "Wrote {count} into {dest}.",
    "start_updated": "Updated {count} you had not changed: {names}.",
    "start_beside": "You changed {name}, so it stays as it is; the updated lesson is beside it: "
                    "{written}",
    "start_current": "Your course in {dest} is up to date.",
    "start_notebooks": "{n} notebook|{n} notebooks",
    "start_others": "{n} other file|{n} other files",
    "start_and": "{first} and {second}",
    "start_launching": "Starting JupyterLab on 127.0.0.1 (press Ctrl-C twice to stop it)...",
    "start_running": "The course's JupyterLab is already running: {url}",
    "start_running_open": "Opened it in your browser; stop it from its own terminal (Ctrl-C "
                          "twice).",
}
"""Key -> English sentence (the gettext msgid). A ``|`` separates singular and plural."""


@lru_cache(maxsize=4)
def _translation(language: str) -> gettext.NullTranslations:
    folder = os.environ.get("COURSEKIT_LOCALEDIR") or str(Path(__file__).parent / "locale")
    languages = [language] if language else None
    return gettext.translation("coursekit", folder, languages=languages, fallback=True)


def _translated(english: str) -> str:
    return _translation(os.environ.get("COURSEKIT_LANG", "")).gettext(english)


def say(message_id: str, /, **fields: object) -> str:
    """The sentence `message_id` in the learner's language, with `fields` filled in; a
    sentence with a singular|plural pair takes ``n`` and chooses one."""
    english = MESSAGES[message_id]
    text = _translated(english)
    if "|" in english:
        one, many = text.split("|", 1)
        text = one if fields.get("n") == 1 else many
    return text.format(**fields)


def pot() -> str:
    """The catalogue as a gettext template (``.pot``), one entry per sentence."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for key, english in MESSAGES.items():
        escaped = english.replace("\\", "\\\\").replace('"', '\\"')
        lines += [f"#. {key}", f'msgid "{escaped}"', 'msgstr ""', ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(pot())

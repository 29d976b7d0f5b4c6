"""Citations in author-year form, read from the book's bibliography at build time.

`read_bibliography(root)` reads every file listed under ``bibtex_bibfiles`` in ``_config.yml``
and returns, per key, the in-text forms (``p``: "(Kalla and Broockman, 2018)", ``t``: "Kalla and
Broockman (2018)") and a reference-list line. It needs the book toolchain (pybtex, PyYAML) and
runs only when the book is built; learner notebooks get the result as package data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ["bib_files", "read_bibliography"]

_LATEX = re.compile(r"\\[a-zA-Z]+\s*|[{}]")


def bib_files(root: Path) -> list[Path]:
    """The bibliography files of the book, as listed in ``_config.yml``."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return [root / name for name in config.get("bibtex_bibfiles", [])]


_SYMBOLS = {"\\pounds": "£", "\\euro": "€", "\\$": "$", "\\%": "%", "\\&": "&"}


def _plain(text: str) -> str:
    for command, symbol in _SYMBOLS.items():
        text = text.replace(command + "{}", symbol).replace(command, symbol)
    text = text.replace("\\&", "&").replace("``", "\u201c").replace("''", "\u201d")
    text = text.replace("--", "\u2013")
    return " ".join(_LATEX.sub("", text).split())


def _names(entry: Any) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = []
    for person in people:
        last = " ".join(person.prelast_names + person.last_names)
        names.append(_plain(last) or _plain(str(person)))
    return names


def _who(entry: Any) -> str:
    names = _names(entry)
    if not names:
        return _plain(entry.fields.get("organization", "") or entry.fields.get("title", "?"))
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def _full_names(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_plain(str(p)) for p in people]
    if not names:
        return _who(entry)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _entry_line(entry: Any) -> str:
    fields = entry.fields
    parts = [f"{_full_names(entry)} ({_plain(fields.get('year', 'n.d.'))}).",
             f"*{_plain(fields.get('title', ''))}*."]
    venue = fields.get("journal") or fields.get("booktitle") or fields.get("howpublished") \
        or fields.get("institution") or fields.get("publisher") or fields.get("organization")
    if venue:
        parts.append(f"{_plain(venue)}.")
    if fields.get("url"):
        parts.append(f"<{fields['url']}>")
    return " ".join(parts)


def read_bibliography(root: Path) -> dict[str, dict[str, str]]:
    """Key -> {"p", "t", "entry"} for every entry of every bibliography file of the book."""
    from pybtex.database import parse_file

    found: dict[str, dict[str, str]] = {}
    for path in bib_files(root):
        for key, entry in parse_file(str(path), bib_format="bibtex").entries.items():
            who, year = _who(entry), _plain(entry.fields.get("year", "n.d."))
            found[key] = {"p": f"{who}, {year}", "t": f"{who} ({year})",
                          "entry": _entry_line(entry)}
    return found

"""Reading the book's prose for the content tests: citations, bibliography keys, paragraphs, and
the figures a sentence states.

Shared by ``test_content_rules.py`` (hints, rubrics, citations) and ``test_answers_not_shown.py``
(answers visible before their exercise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BOOK = REPO / "book"

_BIB_ENTRY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.M)
_CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")
_ANY_ROLE = re.compile(r"\{(cite|glue)(?::\w+)?\}`[^`]*`")
_CHAPTER_PREFIX = re.compile(r"^ch\d\d-")


def bib_keys() -> dict[str, Path]:
    """Every entry key of ``book/references*.bib`` -> the file that defines it (the first one)."""
    keys: dict[str, Path] = {}
    for path in sorted(BOOK.glob("references*.bib")):
        for key in _BIB_ENTRY.findall(path.read_text(encoding="utf-8")):
            keys.setdefault(key, path)
    return keys


def bib_key_count() -> int:
    """How many entries the bibliography files hold, duplicates counted each time."""
    return sum(len(_BIB_ENTRY.findall(p.read_text(encoding="utf-8")))
               for p in BOOK.glob("references*.bib"))


def cited_keys(text: str) -> set[str]:
    """Bibliography keys cited in `text`, with the ``chNN-`` key prefix removed."""
    keys = set()
    for group in _CITE_ROLE.findall(text):
        for key in group.split(","):
            if key.strip():
                keys.add(_CHAPTER_PREFIX.sub("", key.strip()))
    return keys


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of prose (a list item and a table row count as paragraphs)."""

    where: str
    text: str
    lead: str = ""
    """For a list item or table row: the paragraph that introduces its list or table."""

    @property
    def sourced(self) -> bool:
        """True when the paragraph carries a ``{cite}`` or ``{glue}`` role."""
        return bool(_ANY_ROLE.search(self.text))


_FENCE_LINE = re.compile(r"^\s*(`{3,}|:{3,})")
_OPTION_LINE = re.compile(r"^\s*:\w[\w-]*:")
_BLOCK_START = re.compile(r"^\s*([-*+]|\d+\.)\s+|^\s*\|")
_ORDERED_ITEM = re.compile(r"^\s*(\d+)\.\s+")


def _in_ordered_list(blocks: list[list[str]]) -> bool:
    """True when an ordered list is open: a numbered item since the last plain paragraph."""
    for block in reversed([b for b in blocks if b]):
        if _ORDERED_ITEM.match(block[0]):
            return True
        if not _BLOCK_START.match(block[0]):
            return False
    return False


def _starts_block(line: str, blocks: list[list[str]]) -> bool:
    """True when `line` opens a new list item or table row after the lines of ``blocks[-1]``. As
    in CommonMark, a numbered line cannot interrupt a paragraph unless it is "1." or continues an
    ordered list: "2016. Effects were small" wrapped onto its own line continues a sentence."""
    if not blocks[-1] or not _BLOCK_START.match(line):
        return False
    ordered = _ORDERED_ITEM.match(line)
    return not ordered or ordered.group(1) == "1" or _in_ordered_list(blocks)


def paragraphs(markdown: str, where: str) -> list[Paragraph]:
    """The prose paragraphs of a Markdown text: blank-line separated blocks, with each list item
    and table row on its own; directive fences and their option lines dropped; display math
    (``$$ ... $$``) dropped."""
    text = re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.S)
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if not line.strip() or _FENCE_LINE.match(line) or _OPTION_LINE.match(line):
            blocks.append([])
            continue
        if _starts_block(line, blocks):
            blocks.append([])
        blocks[-1].append(line.strip())
    found, lead = [], ""
    for block in (b for b in blocks if b):
        joined = " ".join(block)
        item = bool(_BLOCK_START.match(block[0]))
        found.append(Paragraph(where, joined, lead if item else ""))
        if not item:
            lead = joined
    return found


_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
_UNITS = ("people|persons|voters|respondents|users|records|states|countries|cities|points|"
          "percentage points|times|contacts|households|profiles|jobs|workers|applications|"
          "messages|ads|adverts|installs|employees|calls|texts|blocks|experiments|studies|"
          "subjects|members|supporters|donors|doors|conversations|variants|impressions|"
          "complaints|staff|staffers|seats|votes|ballots")
_FIGURE = re.compile(
    r"(?<![\w.])("
    r"\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|per cent\b)"            # a percentage
    r"|[$£€]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand|bn|k|m)\b)?"  # money
    r"|\d[\d,]*(?:\.\d+)?\s(?:million|billion|thousand)\b"        # a magnitude
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"                              # 1,234 and more
    rf"|\d[\d,]*(?:\.\d+)?\s(?:{_UNITS})\b"                       # a count with a unit
    r")", re.I)
_NOT_FIGURES = [
    re.compile(rf"\b\d{{1,2}}\s(?:{_MONTHS})\b"),                 # a day in a date
    re.compile(r"`[^`]*`"),                                       # code spans
    re.compile(r"\$[^$]*\$"),                                     # inline math
    re.compile(r"\{(?:cite|glue)(?::\w+)?\}`[^`]*`"),              # roles themselves
    re.compile(r"·\s*\d+(?:\.\d+)?\s+points?"),                   # an exercise's points
    re.compile(r"\(\d+(?:\.\d+)?\s+points?\)"),                   # a rubric line's points
    re.compile(r"\bRubric\s*\(\d+(?:\.\d+)?\s+points?\b"),            # a rubric's total
    re.compile(r"\b(?:80|90|95|99)%(?=\s+(?:normal-approximation\s+)?(?:confidence|"
               r"interval|error bars|coverage|CI)\b)"),           # a confidence level
]
_SYNTHETIC = re.compile(r"synthetic|generator|generated|generative|seed", re.I)


def figures(sentence: str) -> list[str]:
    """The figures a sentence states: percentages, money, magnitudes, grouped numbers and counts
    with a unit. Years, dates, chapter or exercise numbering, code, math and the points of an
    exercise or rubric line are not figures."""
    text = sentence
    for pattern in _NOT_FIGURES:
        text = pattern.sub(" ", text)
    return [m.group(1) for m in _FIGURE.finditer(text)]


def sentences(text: str) -> list[str]:
    """`text` split after sentence-ending punctuation (good enough for the course's prose)."""
    return [s for s in re.split(r"(?<=[.!?;:])\s+(?=[A-Z*\"(])", text) if s.strip()]


def unsourced_figures(paragraph: Paragraph) -> list[tuple[str, str]]:
    """(figure, sentence) for every figure in a paragraph without a cite or glue role. Paragraphs
    about the course's own synthetic data, and list items introduced by one, are exempt: their
    numbers define the data, they claim nothing about the world."""
    if paragraph.sourced or _SYNTHETIC.search(paragraph.text) or _SYNTHETIC.search(paragraph.lead):
        return []
    found = []
    for sentence in sentences(paragraph.text):
        found += [(figure, sentence) for figure in figures(sentence)]
    return found

"""The class report (``OUT/report.html``) and the per-learner table printed after grading.

The report holds, per lesson: the distribution of total scores (a histogram drawn as inline
SVG), the success rate of each question, the most frequent mistakes per question (the lesson's
mistake catalogue: which `Mistake` message the judged feedback carried), status counts and
grading times. It is one self-contained page: inline CSS, no script, no request anywhere,
readable on a phone.
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from typing import Any

from coursekit.exercises.feedback import Status
from coursekit.grading.record import GRADED, QuestionResult, Record

__all__ = ["histogram", "mistake_counts", "question_stats", "report_html", "terminal_table"]

_OTHER = "another wrong answer (not in the mistake catalogue)"


def _problems(lesson: str) -> dict[str, Any]:
    from coursekit.errors import LessonError
    from coursekit.lessons.registry import get_lesson

    try:
        return dict(get_lesson(lesson).problems)
    except LessonError:
        return {}


def mistake_counts(results: list[QuestionResult], problem: Any) -> Counter[str]:
    """How often each catalogued mistake (by its message) was made; others grouped."""
    catalogue = [m.message for m in (*getattr(problem, "mistakes", ()),
                                     *getattr(problem, "wrong_versions", ()))]
    counts: Counter[str] = Counter()
    for q in results:
        if q.status != Status.INCORRECT:
            continue
        known = next((m for m in catalogue if m and m in q.message), None)
        counts[known or _OTHER] += 1
    return counts


def question_stats(records: list[Record]) -> list[dict[str, Any]]:
    """Per question: title, answers, correct, success rate, statuses and top mistakes."""
    lesson = records[0].result.lesson if records else ""
    problems = _problems(lesson)
    by_q: dict[str, list[QuestionResult]] = {}
    for record in records:
        for q in record.result.questions:
            by_q.setdefault(q.question, []).append(q)
    stats = []
    for name, results in by_q.items():
        full = sum(1 for q in results if q.max_score and q.score >= q.max_score)
        stats.append({"question": name, "title": results[0].title, "count": len(results),
                      "full": full, "rate": full / len(results),
                      "statuses": Counter(q.status for q in results),
                      "mistakes": mistake_counts(results, problems.get(name)).most_common(3)})
    return stats


def histogram(totals: list[float], max_score: float) -> list[tuple[str, int]]:
    """(label, count) bins of total scores: one per point up to 12 points, else ten bins."""
    if max_score <= 0:
        return [("0", len(totals))]
    if max_score <= 12 and float(max_score).is_integer():
        edges = [float(i) for i in range(int(max_score) + 1)]
        counts = [sum(1 for t in totals if e <= t < e + 1) for e in edges]
        return [(f"{e:g}", c) for e, c in zip(edges, counts, strict=False)]
    width = max_score / 10
    bins = []
    for i in range(10):
        low, high = i * width, (i + 1) * width
        count = sum(1 for t in totals if low <= t < high or (i == 9 and t == max_score))
        bins.append((f"{low:g}–{high:g}", count))
    return bins


def _svg_histogram(bins: list[tuple[str, int]], lesson: str) -> str:
    e = html.escape
    top = max((c for _, c in bins), default=0) or 1
    bar, gap, height = 28, 6, 120
    width = len(bins) * (bar + gap) + gap
    label = "Score distribution for " + lesson + ": " + ", ".join(
        f"{c} learner{'s' if c != 1 else ''} scored {b}" for b, c in bins)
    parts = [f'<svg viewBox="0 0 {width} {height + 40}" width="100%" role="img" '
             f'aria-label="{e(label)}" class="hist"><title>{e(label)}</title>']
    for i, (name, count) in enumerate(bins):
        x = gap + i * (bar + gap)
        h = round(height * count / top)
        parts.append(f'<rect x="{x}" y="{height - h + 14}" width="{bar}" height="{h}" '
                     'class="bar"/>')
        parts.append(f'<text x="{x + bar / 2}" y="{height - h + 10}" text-anchor="middle" '
                     f'class="n">{count}</text>')
        parts.append(f'<text x="{x + bar / 2}" y="{height + 30}" text-anchor="middle" '
                     f'class="lab">{e(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--line:#ccc;--bar:#1f5f99;
--ok:#17663a;--bad:#9b1c1c}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#bbb;--line:#444;
--bar:#7fb2e5;--ok:#7fd49b;--bad:#ff9b9b}}
*{box-sizing:border-box}
body{margin:0 auto;padding:1rem;max-width:60rem;font:1rem/1.5 system-ui,-apple-system,
"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
h1{font-size:1.5rem}h2{font-size:1.25rem;border-top:1px solid var(--line);padding-top:1rem}
h3{font-size:1.05rem}
.muted{color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
.meter{display:block;height:.6rem;background:var(--line);border-radius:.3rem;min-width:4rem}
.meter span{display:block;height:100%;background:var(--bar);border-radius:.3rem}
.hist{max-width:26rem;display:block}
.hist .bar{fill:var(--bar)}.hist text{fill:var(--fg);font-size:11px}
ul{padding-left:1.2rem}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.cards li{border:1px solid var(--line);border-radius:.5rem;padding:.4rem .7rem}
"""


def report_html(records: list[Record], notes: dict[str, list[str]] | None = None,
                title: str = "Class report") -> str:
    """The class report for `records` (the latest per learner and lesson)."""
    e = html.escape
    by_lesson: dict[str, list[Record]] = {}
    for record in records:
        by_lesson.setdefault(record.result.lesson or "(unknown lesson)", []).append(record)
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{e(title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             "<main>", f"<h1>{e(title)}</h1>",
             f'<p class="muted">{len({r.learner for r in records})} learner(s), '
             f"{len(records)} submission(s), {len(by_lesson)} lesson(s).</p>"]
    for lesson, mine in sorted(by_lesson.items()):
        parts.extend(_lesson_section(lesson, mine))
    flagged = sorted((notes or {}).items())
    if flagged:
        parts.append("<h2>Notes for the instructor</h2><ul>")
        parts.extend(f"<li><strong>{e(k)}</strong>: {e('; '.join(v))}</li>" for k, v in flagged)
        parts.append("</ul>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _lesson_section(lesson: str, records: list[Record]) -> list[str]:
    e = html.escape
    max_score = max(r.result.max_score for r in records)
    totals = [r.result.score for r in records if r.result.questions]
    statuses = Counter(r.result.status for r in records)
    durations = [r.result.duration for r in records if r.result.status == GRADED]
    parts = [f"<section><h2>Lesson {e(lesson)}</h2>", '<ul class="cards">']
    parts.extend(f"<li>{e(str(s))}: <strong>{n}</strong></li>" for s, n in sorted(
        statuses.items()))
    if totals:
        parts.append(f"<li>median score: <strong>{statistics.median(totals):g}</strong> / "
                     f"{max_score:g}</li>")
    if durations:
        parts.append(f"<li>grading time: median <strong>{statistics.median(durations):.1f} s"
                     f"</strong>, longest {max(durations):.1f} s</li>")
    parts.append("</ul>")
    if totals:
        parts += ["<h3>Score distribution</h3>",
                  _svg_histogram(histogram(totals, max_score), lesson)]
    stats = question_stats(records)
    if stats:
        parts += _question_table(stats)
        parts += _mistakes(stats)
    parts.append("</section>")
    return parts


def _question_table(stats: list[dict[str, Any]]) -> list[str]:
    e = html.escape
    rows = ["<h3>Success per question</h3>", '<div class="scroll"><table>',
            '<thead><tr><th scope="col">Question</th><th scope="col" class="num">Full marks'
            '</th><th scope="col">Rate</th><th scope="col">Outcomes</th></tr></thead><tbody>']
    for s in stats:
        pct = round(100 * s["rate"])
        outcomes = ", ".join(f"{st} {n}" for st, n in s["statuses"].most_common())
        rows.append(f"<tr><th scope=\"row\">{e(s['question'])}: {e(s['title'])}</th>"
                    f"<td class=\"num\">{s['full']} / {s['count']} ({pct}%)</td>"
                    f'<td><span class="meter" aria-hidden="true"><span style="width:{pct}%">'
                    f"</span></span></td><td>{e(outcomes)}</td></tr>")
    rows.append("</tbody></table></div>")
    return rows


def _mistakes(stats: list[dict[str, Any]]) -> list[str]:
    e = html.escape
    rows = ["<h3>Most frequent mistakes</h3>"]
    found = [s for s in stats if s["mistakes"]]
    if not found:
        return [*rows, '<p class="muted">No wrong answers.</p>']
    rows.append("<ul>")
    for s in found:
        items = "".join(f"<li>{n} × {e(msg)}</li>" for msg, n in s["mistakes"])
        rows.append(f"<li><strong>{e(s['question'])}</strong>: {e(s['title'])}<ul>{items}</ul>"
                    "</li>")
    rows.append("</ul>")
    return rows


def terminal_table(records: list[Record], notes: dict[str, list[str]] | None = None) -> str:
    """A plain-text table, one line per learner and lesson: score, status, notes."""
    notes = notes or {}
    header = ("learner", "lesson", "score", "status", "notes")
    lines = []
    for r in records:
        res = r.result
        waiting = sum(q.status == Status.NEEDS_REVIEW for q in res.questions)
        extra = ([f"{waiting} to review"] if waiting else []) + list(notes.get(r.learner, []))
        lines.append((r.learner, res.lesson or "-", f"{res.score:g}/{res.max_score:g}",
                      str(res.status), "; ".join(extra)))
    widths = [min(28, max(len(row[i]) for row in [header, *lines])) for i in range(4)]

    def fmt(row: tuple[str, ...]) -> str:
        cells = [row[i][:widths[i]].ljust(widths[i]) for i in range(4)]
        return "  ".join([*cells, row[4]]).rstrip()

    return "\n".join([fmt(header), fmt((*tuple("-" * w for w in widths), "-----")),
                      *map(fmt, lines)])

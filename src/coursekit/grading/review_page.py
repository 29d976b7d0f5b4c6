"""``OUT/review.html``: the reflections to review, to read on screen beside ``review.csv``."""

from __future__ import annotations

import html
from typing import Any

__all__ = ["review_html"]

_CSS = """
:root{color-scheme:light dark;--fg:#1a1a1a;--bg:#fff;--muted:#555;--line:#ccc;--warn:#7a4b00}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#bbb;--line:#444;
--warn:#f3c56b}}
*{box-sizing:border-box}
body{margin:0 auto;padding:1rem;max-width:50rem;font:1rem/1.5 system-ui,sans-serif;
color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
article{border:1px solid var(--line);border-radius:.5rem;padding:.75rem;margin:1rem 0}
h2{font-size:1.1rem;margin:0}
.text{white-space:pre-wrap;border-left:4px solid var(--line);padding:.25rem .75rem}
.screens{color:var(--warn);font-weight:600}
.muted{color:var(--muted)}
"""


def review_html(rows: list[dict[str, Any]]) -> str:
    """One card per reflection: learner, question, text, rubric, screens, current score."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<title>Reflections to review</title>", f"<style>{_CSS}</style>", "</head>",
             "<body>", "<main>", "<h1>Reflections to review</h1>",
             f'<p class="muted">{len(rows)} reflection(s). Fill the <code>score</code> and '
             "<code>comment</code> columns of <code>review.csv</code>, then run "
             "<code>coursekit review OUT --scores review.csv</code>.</p>"]
    for row in rows:
        rubric = "".join(f"<li>{e(line)}</li>" for line in row["rubric"].splitlines())
        screens = "; ".join(row["screens"])
        score = f"{row['score']} / {row['max_score']}" if row["score"] else \
            f"not reviewed yet (out of {row['max_score']})"
        parts.append(
            f"<article><h2>{e(row['learner'])} — {e(row['lesson'])} {e(row['question'])}: "
            f"{e(row['title'])}</h2>"
            + (f'<p class="screens">Screens: {e(screens)}</p>' if screens else "")
            + f'<div class="text">{e(row["text"]) or "<em>(no text)</em>"}</div>'
            + (f"<h3>Rubric</h3><ul>{rubric}</ul>" if rubric else "")
            + f'<p class="muted">Score: {e(score)}'
            + (f" — {e(row['comment'])}" if row["comment"] else "") + "</p></article>")
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)

"""Explorers: a control over precomputed results that works in the static book and in Jupyter.

The control is a slider for numbers (a scale: 2, 5, 10) and a drop-down ``<select>`` for
categories (states, careers): a reader picks "Texas" from a list, not from 51 slider stops.

The book is static: no Python runs behind a reader's slider. So the lesson computes the result
for every position of the control beforehand, and `explorer_html` writes a small, self-contained
HTML block: a labelled ``<input type="range">``, a live text/table region, the precomputed
results as JSON, and a few lines of inline JavaScript that swap the result when the slider
moves. No external script, no network, no kernel.

    from IPython.display import HTML
    states = {k: table_for(k) for k in (2, 5, 10)}        # str or DataFrame per value
    HTML(explorer_html(states, label="Minimum group size k"))

For learners running the notebook, `live_explorer` offers the same exploration with an
ipywidgets slider that calls Python on every move (and can draw fresh random numbers); it does
nothing outside a Jupyter kernel.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from coursekit.errors import DataError

__all__ = ["explorer_html", "live_explorer", "render_state"]

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")

_STYLE = """<style>
.ck-explorer{border:1px solid #8a8a8a;border-radius:6px;padding:.75em 1em;margin:1em 0}
.ck-explorer__control{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em}
.ck-explorer__control input[type=range]{flex:1 1 12em;min-width:8em;max-width:100%}
.ck-explorer__control select{max-width:100%;font:inherit;padding:.2em}
.ck-explorer__result{overflow-wrap:break-word}
.ck-explorer__result table{max-width:100%;font-size:.9em}
.ck-explorer__value{font-weight:bold;min-width:6em}
.ck-explorer__result table{border-collapse:collapse;margin-top:.5em}
.ck-explorer__result th,.ck-explorer__result td{border:1px solid #8a8a8a;padding:.2em .6em;
text-align:right}
</style>"""

_SCRIPT = """<script>
(function () {
  var root = document.getElementById(%(root)s);
  if (!root || root.dataset.ready) { return; }
  root.dataset.ready = "1";
  var states = JSON.parse(document.getElementById(%(data)s).textContent);
  var input = document.getElementById(%(input)s);
  var value = document.getElementById(%(value)s);
  var result = document.getElementById(%(result)s);
  function show() {
    var state = states[Number(input.value)];
    value.textContent = state.label;
    if (input.type === "range") { input.setAttribute("aria-valuetext", state.label); }
    result.innerHTML = state.html;
  }
  input.addEventListener("input", show);
  input.addEventListener("change", show);
})();
</script>"""


def render_state(state: Any) -> str:
    """The HTML fragment for one precomputed result.

    A ``str`` becomes an escaped paragraph, a pandas ``DataFrame`` an escaped table without its
    index, and a list or tuple of those the fragments in order. Anything else raises DataError.
    """
    if isinstance(state, str):
        return f"<p>{html.escape(state)}</p>"
    if isinstance(state, (list, tuple)):
        return "".join(render_state(part) for part in state)
    if type(state).__name__ == "DataFrame" and hasattr(state, "to_html"):
        return state.to_html(index=False, escape=True, border=0)
    raise DataError(f"explorer state must be text, a DataFrame or a list of them, "
                     f"not {type(state).__name__}")


def explorer_html(states: Mapping[Any, Any], *, label: str, explorer_id: str | None = None,
                  initial: Any = None, value_format: str | Callable[[Any], str] = "{}",
                  caption: str = "", control: str = "auto") -> str:
    """A self-contained HTML control that shows ``states[value]`` for the chosen value.

    `control` is ``"range"`` (a slider), ``"select"`` (a drop-down list) or ``"auto"``: a
    slider when every value is a number, a drop-down list otherwise (categories).

    `states` maps each control value, in slider order, to its result (see `render_state`).
    `label` names the control for every reader, including screen readers. `value_format`
    (a ``str.format`` pattern or a function) turns a value into the text shown beside the
    slider. `initial` is the value shown first (default: the first). `explorer_id` must be
    unique on the page; by default it is derived from the content, so the same explorer always
    gets the same id. The page shows the initial result even with JavaScript off.
    """
    keys = list(states)
    if not keys:
        raise DataError("explorer_html: states is empty; give at least one value")
    if not isinstance(label, str) or not label.strip():
        raise DataError("explorer_html: label must be a non-empty string")
    if initial is None:
        initial = keys[0]
    if initial not in states:
        raise DataError(f"explorer_html: initial value {initial!r} is not one of the states")
    fmt = value_format.format if isinstance(value_format, str) else value_format
    payload = [{"label": str(fmt(key)), "html": render_state(states[key])} for key in keys]
    root = explorer_id or _default_id(label, payload)
    if not _ID.fullmatch(root):
        raise DataError(f"explorer_html: explorer_id {root!r} must start with a letter and "
                         "hold only letters, digits, '-' and '_' (64 at most)")
    start = keys.index(initial)
    if control not in ("auto", "range", "select"):
        raise DataError(f"explorer_html: control must be 'auto', 'range' or 'select', "
                         f"not {control!r}")
    numeric = all(isinstance(k, (int, float)) and not isinstance(k, bool) for k in keys)
    kind = control if control != "auto" else ("range" if numeric else "select")
    ids = {part: f"{root}-{part}" for part in ("input", "value", "result", "data")}
    caption_html = (f'<p class="ck-explorer__caption" id="{ids["input"]}-help">'
                    f"{html.escape(caption)}</p>") if caption else ""
    described = f' aria-describedby="{ids["input"]}-help"' if caption else ""
    return "".join([
        _STYLE,
        f'<div class="ck-explorer" id="{root}" data-coursekit-explorer="{kind}">',
        caption_html,
        '<div class="ck-explorer__control">',
        f'<label for="{ids["input"]}">{html.escape(label)}</label>',
        _control_html(kind, ids, payload, start, described),
        "</div>",
        f'<div id="{ids["result"]}" class="ck-explorer__result" aria-live="polite">'
        f'{payload[start]["html"]}</div>',
        f'<script type="application/json" id="{ids["data"]}">{_json_for_html(payload)}</script>',
        _SCRIPT % {k: json.dumps(v) for k, v in {"root": root, **ids}.items()},
        "</div>",
    ])


def _control_html(kind: str, ids: dict[str, str], payload: list[dict[str, str]], start: int,
                  described: str) -> str:
    """The slider (with its read-out) or the drop-down list of an explorer."""
    if kind == "select":
        options = "".join(f'<option value="{i}"{" selected" if i == start else ""}>'
                          f'{html.escape(state["label"])}</option>'
                          for i, state in enumerate(payload))
        # the chosen option is its own read-out: the <output> stays for the script, unseen
        return (f'<select id="{ids["input"]}"{described}>{options}</select>'
                f'<output id="{ids["value"]}" for="{ids["input"]}" hidden>'
                f'{html.escape(payload[start]["label"])}</output>')
    return (f'<input type="range" id="{ids["input"]}" min="0" max="{len(payload) - 1}" '
            f'step="1" value="{start}" aria-valuetext="{html.escape(payload[start]["label"])}"'
            f'{described}><output id="{ids["value"]}" for="{ids["input"]}" '
            f'class="ck-explorer__value">{html.escape(payload[start]["label"])}</output>')


def _json_for_html(payload: Any) -> str:
    """JSON that cannot close its <script> element or open a comment inside it."""
    text = json.dumps(payload, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _default_id(label: str, payload: list[dict[str, str]]) -> str:
    digest = hashlib.sha1(json.dumps([label, payload]).encode("utf-8")).hexdigest()[:10]
    return f"ck-explorer-{digest}"


def live_explorer(compute: Callable[[Any], Any], values: Iterable[Any], *, label: str,
                  value_format: str | Callable[[Any], str] = "{}") -> Any:
    """An ipywidgets slider that calls ``compute(value)`` on every move (Jupyter only).

    The result of `compute` is shown as with `render_state`. Returns the widget box in a
    running Jupyter kernel; returns None (and does nothing) anywhere else, such as plain
    Python or a test run.
    """
    values = list(values)
    if not values:
        raise DataError("live_explorer: values is empty; give at least one value")
    if not _in_kernel():
        return None
    import ipywidgets as widgets
    from IPython.display import HTML, display

    fmt = value_format.format if isinstance(value_format, str) else value_format
    slider = widgets.SelectionSlider(options=[(str(fmt(v)), v) for v in values],
                                     description=label, continuous_update=False,
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="100%"))
    out = widgets.Output()

    def update(_change: Any = None) -> None:
        out.clear_output(wait=True)
        with out:
            display(HTML(render_state(compute(slider.value))))

    slider.observe(update, names="value")
    update()
    return widgets.VBox([slider, out])


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None

"""What a reader does on the built book: open a solution, move an explorer, search, use the keys.

Solutions and explorers are found in the build (see site.py); everything runs in a fresh browser
context with every off-site request aborted and reported.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import NONE_FOUND
from .site import EXPLORER_ATTR, EXPLORER_CLASS, BuiltSite, lesson_pages, page_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONTROLS = ("input[type=range], input[type=number], input[type=checkbox], input[type=radio], "
            "select, [role=slider]")

# What an explorer shows, without its controls and their own value read-outs.
_DISPLAYED = """(root) => {
  const copy = root.cloneNode(true);
  copy.querySelectorAll('input, select, label, [role=slider], .widget-readout, .noUi-target')
      .forEach(el => el.remove());
  const out = copy.querySelector(
    '[data-explorer-output], .coursekit-explorer-output, [aria-live]') || copy;
  return out.innerHTML;
}"""


def _open(page: Any, origin: str, path: str) -> None:
    response = page.goto(f"{origin}/{path}", wait_until="load")
    assert response is not None and response.status == 200, f"{path}: HTTP error"


def test_solution_toggle_opens_by_keyboard_and_shows_the_solution(
        solution_page: str, fresh_page: Any, origin: str) -> None:
    assert solution_page != NONE_FOUND, "the built book has no collapsible solution at all"
    _open(fresh_page, origin, solution_page)
    solution = fresh_page.locator(".solution.dropdown").first
    body = solution.locator(":scope > :not(.admonition-title)").first
    assert not body.is_visible(), f"{solution_page}: the solution is shown before it is asked for"
    button = solution.locator("button.toggle-button")
    button.focus()
    fresh_page.keyboard.press("Enter")
    body.wait_for(state="visible", timeout=3000)
    assert body.inner_text().strip(), f"{solution_page}: the opened solution is empty"


def _explorer_root(page: Any, index: int) -> Any:
    return page.locator(f"[{EXPLORER_ATTR}], .{EXPLORER_CLASS}").nth(index)


def _nudge(page: Any, control: Any) -> None:
    """Change a control from the keyboard, as a reader without a mouse would."""
    kind = (control.get_attribute("type") or control.evaluate("el => el.tagName")).lower()
    control.focus()
    if kind in ("checkbox", "radio"):
        page.keyboard.press("Space")
    elif kind == "select":
        page.keyboard.press("ArrowDown")
    else:
        page.keyboard.press("ArrowRight" if kind != "number" else "ArrowUp")


def _nudge_back(page: Any, control: Any) -> None:
    kind = (control.get_attribute("type") or control.evaluate("el => el.tagName")).lower()
    control.focus()
    page.keyboard.press("ArrowUp" if kind == "select" else
                        "ArrowDown" if kind == "number" else "ArrowLeft")
    page.keyboard.press("ArrowUp" if kind == "select" else
                        "ArrowDown" if kind == "number" else "ArrowLeft")


def test_moving_an_explorer_control_changes_what_it_shows(
        explorer: str, fresh_page: Any, origin: str) -> None:
    if explorer == NONE_FOUND:
        pytest.skip(f"no explorer ([{EXPLORER_ATTR}] or .{EXPLORER_CLASS}) in the built book yet")
    path, index = explorer.rsplit("#", 1)
    _open(fresh_page, origin, path)
    root = _explorer_root(fresh_page, int(index))
    root.wait_for(state="attached", timeout=10_000)
    root.scroll_into_view_if_needed()
    controls = root.locator(CONTROLS)
    assert controls.count(), f"{explorer}: the explorer has no control a reader can move"
    unchanged = []
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible() or not control.is_enabled():
            continue
        before = root.evaluate(_DISPLAYED)
        _nudge(fresh_page, control)
        fresh_page.wait_for_timeout(150)
        if root.evaluate(_DISPLAYED) == before:  # maybe at the end of its range: go the other way
            _nudge_back(fresh_page, control)
            fresh_page.wait_for_timeout(150)
            if root.evaluate(_DISPLAYED) == before:
                unchanged.append(control.evaluate(
                    "el => el.getAttribute('aria-label') || el.name || el.id || el.outerHTML"
                    ".slice(0, 80)"))
    assert not unchanged, f"{explorer}: moving these controls changed nothing shown: {unchanged}"


def _privacy_page(site: BuiltSite) -> str | None:
    assert site.html_dir is not None
    for page in lesson_pages(site.pages):
        title = re.search(r"<title>(.*?)</title>", page_text(site.html_dir, page), re.DOTALL)
        if title and "privacy" in title.group(1).lower():
            return page
    return None


def test_search_finds_the_privacy_chapter_for_k_anonymity(site: BuiltSite, fresh_page: Any,
                                                         origin: str) -> None:
    privacy = _privacy_page(site)
    assert privacy, "the built book has no chapter with 'privacy' in its title (chapter 4)"
    _open(fresh_page, origin, "search.html?q=k-anonymity")
    results = fresh_page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any(privacy in href for href in hrefs), f"search for k-anonymity found {hrefs}"


def test_first_tab_reaches_skip_link_that_moves_to_the_content(fresh_page: Any,
                                                             origin: str) -> None:
    _open(fresh_page, origin, "book/intro.html")
    fresh_page.keyboard.press("Tab")
    focused = fresh_page.evaluate("document.activeElement.textContent.trim()")
    assert "skip to main content" in focused.lower(), f"first Tab focused {focused!r}"
    fresh_page.keyboard.press("Enter")
    assert fresh_page.url.endswith("#main-content")
    fresh_page.keyboard.press("Tab")
    inside = fresh_page.evaluate(
        "!!document.activeElement.closest('#main-content, main, article')")
    assert inside, "after the skip link, Tab does not continue inside the main content"


def test_lesson_launch_buttons_open_the_learner_notebook_or_stay_hidden(
        site: BuiltSite, fresh_page: Any, origin: str) -> None:
    """With a placeholder repository (as in the course's own _config.yml until it is published)
    no launch button is shown; with a real one, each opens the learner notebook."""
    import yaml

    from coursekit.book.sphinx_site import is_placeholder

    from ..conftest import REPO

    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    placeholder = is_placeholder(config["repository"]["url"])
    lessons = lesson_pages(site.pages)
    assert lessons, "the built book has no lesson page"
    path = lessons[0]
    lesson = path.removeprefix("notebooks/").removesuffix(".html")
    _open(fresh_page, origin, path)
    links = fresh_page.locator(".dropdown-launch-buttons a")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    learner = f"_static/learner/{lesson}.ipynb"
    response = fresh_page.request.get(f"{origin}/{learner}")
    assert response.status == 200, f"{learner} is not on the site"
    if placeholder:
        assert not hrefs, f"{path}: launch links to a placeholder repository: {hrefs}"
        return
    assert hrefs and all(learner in h or learner.replace("/", "%2F") in h for h in hrefs), hrefs


def test_no_expected_answer_is_visible_before_a_solution_is_opened(
        site: BuiltSite, fresh_page: Any, origin: str) -> None:
    """The book with solutions shows no answer until the reader opens a solution (or a folded
    result marked as giving it away)."""
    from ..book.answer_forms import answer_forms

    shown = []
    for path in lesson_pages(site.pages):
        lesson = path.removeprefix("notebooks/").removesuffix(".html")
        _open(fresh_page, origin, path)
        fresh_page.wait_for_load_state("networkidle")
        text = fresh_page.locator("article").inner_text()
        shown += [f"{path}: {f.question} = {f.text}" for f in answer_forms(lesson)
                  if f.pattern.search(text)]
    assert not shown, "answers visible with every solution folded:\n" + "\n".join(shown)


def test_pages_with_explorers_fit_a_320px_screen(site: BuiltSite, browser: Any,
                                                 origin: str) -> None:
    """Nothing makes a page with explorers scroll sideways on the narrowest phones."""
    from .site import count_explorers
    from .visit import new_context

    assert site.html_dir is not None
    pages = [p for p in lesson_pages(site.pages) if count_explorers(page_text(site.html_dir, p))]
    if not pages:
        pytest.skip("no explorer in the built book yet")
    context = new_context(browser, "phone", viewport={"width": 320, "height": 640})
    wide = []
    try:
        page = context.new_page()
        for path in pages:
            _open(page, origin, path)
            extra = page.evaluate("document.documentElement.scrollWidth - "
                                  "document.documentElement.clientWidth")
            if extra > 0:
                wide.append(f"{path}: {extra}px too wide")
    finally:
        context.close()
    assert not wide, "; ".join(wide)

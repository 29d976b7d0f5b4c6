"""Getting around the book on a phone and a desktop, by touch, mouse and keyboard.

The drawer test: on a 390×844 touch screen, tap the ☰ button, see the chapter list, follow a
chapter link from it. Also: the page-contents drawer, Escape, one header, visible focus, the
colour-mode button, named solution buttons, no-JavaScript folding, dark mode from the system.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .site import BuiltSite, lesson_pages
from .visit import guard_network, new_context

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHAPTER = "notebooks/04-privacy.html"


@pytest.fixture
def open_page(browser: Any, origin: str) -> Iterator[Any]:
    """`open_page(path, size="phone", mode="light", **context_options)` -> a loaded page."""
    contexts: list[Any] = []
    foreign: list[str] = []

    def opener(path: str, size: str = "phone", mode: str = "light", **options: Any) -> Any:
        context = new_context(browser, size, mode, **options)
        guard_network(context, origin, foreign)
        contexts.append(context)
        page = context.new_page()
        response = page.goto(f"{origin}/{path}", wait_until="load")
        assert response is not None and response.status == 200, f"{path}: HTTP error"
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not foreign, f"requests left the local server: {foreign}"


def _dialog_open(page: Any, dialog_id: str) -> bool:
    return bool(page.evaluate(f"!!document.getElementById('{dialog_id}')?.open"))


def test_phone_drawer_opens_by_tap_and_follows_a_chapter_link(site: BuiltSite,
                                                              open_page: Any) -> None:
    page = open_page("book/intro.html")
    toggle = page.locator("button.primary-toggle")
    assert toggle.count() == 1, "one chapter-list button, not one per header"
    toggle.tap()
    drawer = page.locator("#pst-primary-sidebar-modal")
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open",
                           timeout=3000)
    link = drawer.locator(f'a[href$="{CHAPTER}"]')
    assert link.is_visible(), "the drawer is open but does not show the chapter list"
    link.tap()
    page.wait_for_url(re.compile(re.escape(CHAPTER) + "$"), timeout=5000)
    assert "Consent, privacy" in page.locator("h1").first.inner_text()


def test_phone_page_contents_drawer_lists_the_sections(open_page: Any) -> None:
    page = open_page(CHAPTER)
    page.locator("button.secondary-toggle").tap()
    page.wait_for_function("document.getElementById('pst-secondary-sidebar-modal').open",
                           timeout=3000)
    entries = page.locator("#pst-secondary-sidebar-modal .toc-entry a")
    assert entries.count() >= 3 and entries.first.is_visible()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_drawer_opens_from_the_keyboard_and_escape_returns_focus(open_page: Any,
                                                                  size: str) -> None:
    page = open_page(CHAPTER, size)
    toggle = page.locator("button.primary-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    if size == "desktop":  # wide screens collapse and restore the sidebar in place
        hidden = ("document.getElementById('pst-primary-sidebar')"
                  ".classList.contains('pst-sidebar-hidden')")
        page.wait_for_function(hidden, timeout=3000)
        page.keyboard.press("Enter")  # the button kept the focus: press it again
        page.wait_for_function(f"!{hidden}", timeout=3000)
        return
    page.wait_for_function("document.getElementById('pst-primary-sidebar-modal').open",
                           timeout=3000)
    page.keyboard.press("Escape")
    assert not _dialog_open(page, "pst-primary-sidebar-modal")
    assert page.evaluate("document.activeElement.classList.contains('primary-toggle')")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_one_header_with_one_search_box(open_page: Any, size: str) -> None:
    page = open_page(CHAPTER, size)
    header = page.locator("#pst-header")  # pydata's header bar: left empty, takes no room
    assert header.locator("button, input, a").count() == 0, "a second header bar"
    assert header.count() == 0 or header.bounding_box() is None or \
        header.bounding_box()["height"] == 0
    visible_search = [b for b in page.locator(".search-button-field, .search-button").all()
                      if b.is_visible()]
    assert len(visible_search) == 1, f"{len(visible_search)} search boxes or buttons"


def test_every_header_button_shows_keyboard_focus(open_page: Any) -> None:
    page = open_page(CHAPTER, "desktop")
    buttons = [b for b in page.locator(".bd-header-article button").all() if b.is_visible()]
    assert buttons
    unfocused = []
    for button in buttons:
        button.focus()
        style = button.evaluate("b => { const s = getComputedStyle(b); "
                                "return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
        if style[0] == "none" and style[2] == "none":
            unfocused.append(button.get_attribute("aria-label") or button.get_attribute("title"))
    assert not unfocused, f"no visible focus on: {unfocused}"


def test_colour_mode_button_keeps_focus_and_switches_mode(open_page: Any) -> None:
    page = open_page(CHAPTER, "desktop")
    button = page.locator(".theme-switch-button")
    before = page.evaluate("document.documentElement.dataset.theme")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('theme-switch-button')")
    assert page.evaluate("document.documentElement.dataset.mode") != "auto" or \
        page.evaluate("document.documentElement.dataset.theme") != before


def test_dark_mode_follows_the_system_by_default(open_page: Any) -> None:
    assert open_page(CHAPTER, "phone", "dark").evaluate(
        "document.documentElement.dataset.theme") == "dark"
    assert open_page(CHAPTER, "phone", "light").evaluate(
        "document.documentElement.dataset.theme") == "light"


def test_solution_buttons_are_named_for_their_exercise(site: BuiltSite,
                                                       open_page: Any) -> None:
    for path in lesson_pages(site.pages):
        page = open_page(path, "desktop")
        names = page.locator(".solution.dropdown button.toggle-button").evaluate_all(
            "bs => bs.map(b => b.getAttribute('aria-label'))")
        assert names, f"{path}: no solution button"
        bad = [n for n in names if not re.fullmatch(r"Show solution to Exercise \d+\.\d+", n or "")]
        assert not bad, f"{path}: solution buttons named {bad}"


def test_without_javascript_solutions_stay_folded(open_page: Any) -> None:
    page = open_page(CHAPTER, "desktop", java_script_enabled=False)
    solution = page.locator(".solution.dropdown").first
    assert solution.locator(".admonition-title").is_visible()
    assert not solution.locator(":scope > :not(.admonition-title)").first.is_visible()


def test_favicon_is_served(open_page: Any, origin: str) -> None:
    page = open_page("book/intro.html", "desktop")
    href = page.locator("link[rel~=icon]").first.get_attribute("href")
    assert href, "no favicon link"
    assert page.request.get(f"{origin}/book/{href}").status == 200


def test_hints_are_folded_under_each_exercise(open_page: Any) -> None:
    page = open_page(CHAPTER, "desktop")
    hints = page.locator("details.ck-hints")
    assert hints.count() >= 3
    first = hints.first
    assert first.get_attribute("open") is None
    assert not first.locator("ol").is_visible()
    first.locator("summary").click()
    assert first.locator("ol li").first.is_visible()

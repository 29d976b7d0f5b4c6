"""Every page of both editions, on a phone and a desktop, light and dark, in Chromium: offline,
error-free, rendered, accessible, light, and never scrolling sideways."""

from __future__ import annotations

import pytest

from .conftest import TARGET_BYTES, TARGET_GZIP_BYTES
from .site import BuiltSite
from .visit import PageVisit

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_page_loads_with_http_200(visit: PageVisit) -> None:
    assert visit.status == 200, f"{visit.page}: HTTP {visit.status}"
    assert not visit.failed_requests, f"{visit.page}: requests failed: {visit.failed_requests}"
    assert not visit.bad_responses, f"{visit.page}: error responses: {visit.bad_responses}"


def test_page_logs_no_console_error(visit: PageVisit) -> None:
    problems = visit.console_errors + [f"uncaught: {e}" for e in visit.page_errors]
    assert not problems, f"{visit.page}: " + "; ".join(problems)


def test_page_requests_nothing_from_another_host(visit: PageVisit) -> None:
    assert visit.requests, f"{visit.page}: no request was recorded at all"
    assert not visit.foreign_requests, (
        f"{visit.page} asked another host for: " + ", ".join(visit.foreign_requests))


def test_page_leaves_no_widget_unrendered(visit: PageVisit) -> None:
    assert not visit.widget_problems, f"{visit.page}: " + "; ".join(visit.widget_problems)


def test_page_has_no_accessibility_violation_of_any_impact(visit: PageVisit) -> None:
    violations = visit.violations()
    assert not violations, (f"{visit.page} ({visit.variant}): axe-core found\n"
                            + "\n".join(violations))


def test_page_never_scrolls_sideways(visit: PageVisit) -> None:
    assert visit.sideways_px == 0, (
        f"{visit.page} ({visit.variant}) is {visit.sideways_px}px wider than the screen")


def test_page_weight_is_within_budget(visit: PageVisit) -> None:
    assert visit.transferred_bytes <= TARGET_BYTES, (
        f"{visit.page} ({visit.variant}) loads {visit.transferred_bytes / 1e6:.2f} MB raw")
    assert visit.gzip_bytes <= TARGET_GZIP_BYTES, (
        f"{visit.page} ({visit.variant}) weighs {visit.gzip_bytes / 1e3:.0f} KB gzipped")


def test_every_image_on_the_page_has_alt_text(visit: PageVisit) -> None:
    assert not visit.images_without_alt, (
        f"{visit.page}: images without meaningful alt text: {visit.images_without_alt}")


def test_the_tested_site_came_from_a_clean_build(site: BuiltSite) -> None:
    assert site.build_error is None, f"the book build failed: {site.build_error}"

"""Smoke test of the built site in Debian's chromium: it renders, searches, and stays offline.

Every request the pages make is recorded; anything not addressed to 127.0.0.1 is aborted and
fails the test, as does any uncaught error in a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsing import Visit, open_tab
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def visit(browser: Any, site_url: str) -> Iterator[Visit]:
    context, result = open_tab(browser, site_url, viewport={"width": 1280, "height": 900})
    yield result
    context.close()


def test_home_page_renders(visit: Visit) -> None:
    visit.page.goto("./")
    expect(visit.page.locator("article h1").first).to_contain_text("Ingress Lab")
    expect(visit.page.locator("article .highlight").first).to_be_visible()
    visit.assert_offline_and_clean()


def test_search_finds_a_known_phrase(visit: Visit) -> None:
    visit.page.goto("./")
    search = visit.page.locator("input.md-search__input")
    search.click()
    search.type("firewalls")
    # Material's search listens for key events; typed text alone may not fire it
    # (CONTRIBUTING.md, trap 8).
    search.press("End")
    first = visit.page.locator(".md-search-result__item").first
    first.wait_for()
    # "firewalls" stands on one page only (and its Korean copy): the first result must be it
    assert "why-nlb-and-nginx" in (first.locator("a").first.get_attribute("href") or "")
    visit.assert_offline_and_clean()


def test_notebook_page_is_rendered_html(visit: Visit) -> None:
    visit.page.goto("notebooks/first-route/")
    visit.page.locator(".jupyter-wrapper .jp-OutputArea-output").first.wait_for()
    assert "route default/service-a:80" in visit.page.locator(".jupyter-wrapper").inner_text()
    visit.assert_offline_and_clean()

"""Browsing the built site in chromium for the tests: one tab whose requests, page errors and
console errors are recorded, and whose requests may not leave 127.0.0.1."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from conftest import TIMEOUT_MS

#: The one console error allowed, in one place: Material asks for `sitemap.xml` relative to each
#: alternate-language link when the language switch is built (CONTRIBUTING.md, trap 8).
KNOWN_CONSOLE_ERRORS = (re.compile(r"sitemap\.xml"),)


@dataclass
class Visit:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    bytes: int = 0

    def assert_offline_and_clean(self) -> None:
        assert self.requests, "the page made no request at all"
        self.assert_clean()

    def assert_clean(self) -> None:
        assert self.blocked == [], f"requests left 127.0.0.1: {self.blocked}"
        assert self.errors == [], f"page errors: {self.errors}"
        unknown = [m for m in self.console if not any(k.search(m) for k in KNOWN_CONSOLE_ERRORS)]
        assert unknown == [], f"console errors: {unknown}"


def open_tab(browser: Any, site_url: str, **options: Any) -> tuple[Any, Visit]:
    context = browser.new_context(base_url=site_url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    visit = Visit(page)

    def guard(route: Any) -> None:
        url = route.request.url
        visit.requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            visit.blocked.append(url)
            route.abort()

    def finished(request: Any) -> None:
        try:
            visit.bytes += request.sizes()["responseBodySize"]
        except Exception:
            return

    context.route("**/*", guard)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            visit.console.append(f"{m.text} ({m.location.get('url', '')})")
            if m.type == "error"
            else None
        ),
    )
    page.on("requestfinished", finished)
    return context, visit

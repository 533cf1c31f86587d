"""The HTML report in chromium: opened from a directory served on 127.0.0.1 as a reader would
open the file, it makes no request beyond itself, logs no console error, has no axe-core
violation in light or dark, and its filter box, sections and print view work."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from browsing import Visit, open_tab
from conftest import REPO_ROOT

import ingresslab
from ingresslab._tools.report import DEFAULT_SITE_URL

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
EXAMPLE = REPO_ROOT / "examples" / "multi-team-cluster.yaml"

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => `${v.id} (${v.impact}): ` +
    v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
_VISIBLE_FINDINGS = """() => [...document.querySelectorAll("details.finding")]
  .filter(d => !d.hidden).map(d => d.dataset.kind)"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def report_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The report of the example, written to a temporary directory served on 127.0.0.1."""
    directory = tmp_path_factory.mktemp("report")
    report = ingresslab.build_report(ingresslab.load(EXAMPLE))
    (directory / "report.html").write_text(report.html(), encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="report-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def tab(browser: Any, report_url: str) -> Iterator[Any]:
    contexts = []

    def make(**options: Any) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context, visit = open_tab(browser, report_url, **options)
        contexts.append(context)
        visit.page.goto("report.html", wait_until="load")
        return visit

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_offline_clean_and_accessible(tab: Any, scheme: str) -> None:
    visit = tab(color_scheme=scheme)
    page = visit.page
    assert [r for r in visit.requests if not r.endswith("/report.html")] == []
    page.click("#expand")  # every section and finding open: axe checks what is shown
    assert page.evaluate("() => [...document.querySelectorAll('details')].every(d => d.open)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(_AXE_RUN)
    assert violations == [], "\n".join(violations)
    visit.assert_offline_and_clean()


def test_the_filter_box_filters(tab: Any) -> None:
    visit = tab()
    page = visit.page
    everything = page.evaluate(_VISIBLE_FINDINGS)
    assert len(everything) == 11
    page.fill("#filter", "webhook")
    page.wait_for_function("() => document.getElementById('filter-status').textContent !== ''")
    assert page.evaluate(_VISIBLE_FINDINGS) == ["webhook-refusal"]
    status = page.locator("#filter-status").inner_text()
    assert status.endswith(" match") and status.split()[2] == str(
        page.evaluate("() => document.querySelectorAll('[data-filter]').length")
    )
    # rows of a collapsed section that match open it
    page.fill("#filter", "legacy.example.com")
    page.wait_for_function(
        "() => document.querySelector('#rules details[data-section]').open === true"
    )
    rows = page.locator("#rules tbody tr:not([hidden])")
    assert rows.count() == 1 and "legacy/app" in rows.first.inner_text()
    page.fill("#filter", "")
    page.wait_for_function("() => document.getElementById('filter-status').textContent === ''")
    assert len(page.evaluate(_VISIBLE_FINDINGS)) == 11
    visit.assert_clean()


def test_sections_collapse_and_print_open(tab: Any) -> None:
    visit = tab()
    page = visit.page
    first = page.locator("details.finding").first
    assert first.get_attribute("open") is None
    first.locator("summary").click()
    assert first.get_attribute("open") is not None
    first.locator("summary").click()
    assert first.get_attribute("open") is None
    rules = page.locator("#rules details[data-section]")
    assert rules.get_attribute("open") is None
    assert not page.locator("#rules table").is_visible()
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("() => [...document.querySelectorAll('details')].every(d => d.open)")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert rules.get_attribute("open") is None and first.get_attribute("open") is None
    page.emulate_media(media="print")
    assert not page.locator("#filter").is_visible()
    visit.assert_clean()


def test_site_links_are_plain_links(tab: Any) -> None:
    visit = tab()
    links = visit.page.eval_on_selector_all(
        "a[href*='//']", "links => links.map(a => [a.getAttribute('href'), a.target, a.rel])"
    )
    assert links
    for href, target, rel in links:
        assert href.startswith(DEFAULT_SITE_URL) and (target, rel) == ("", ""), href
    visit.assert_clean()

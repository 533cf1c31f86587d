"""The routing playground in chromium (docs/playground.md, docs/assets/javascripts/playground.js).

The page answers for the home page's Ingress as soon as Python has loaded, with no request
leaving 127.0.0.1; editing a host in the manifest changes the answers; a YAML error is listed
with its line and column, marked in the editor's gutter, and a click on it moves the cursor
there; the link in the page (the state compressed into the address) reproduces the state in a
fresh browser context, and so does an uncompressed one; Ctrl+Enter asks again; the Korean page
speaks Korean; the controls pass axe-core.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from browsing import Visit, open_tab
from conftest import REPO_ROOT

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
#: A cold start (interpreter, wheels) on a loaded 2-core machine.
RUN_TIMEOUT_MS = 120_000
SOME_INGRESS = (REPO_ROOT / "examples" / "some-ingress.yaml").read_text()
BROKEN = (REPO_ROOT / "examples" / "some-ingress.broken.yaml").read_text()
VENDORED = REPO_ROOT / "docs" / "assets" / "vendor" / "pyodide" / "pyodide.asm.wasm"

_ANSWERS = """() => Object.fromEntries([...document.querySelectorAll('.pg-answer')].map(card => [
  card.getAttribute('data-controller'),
  [...card.querySelectorAll('.pg-answer__one')].map(one => {
    const backend = one.querySelector('.pg-answer__backend');
    const status = one.querySelector('.pg-answer__status');
    return backend ? backend.textContent : (status ? status.textContent : one.dataset.outcome);
  }),
]))"""

_STATE = "() => document.querySelector('.pg') && document.querySelector('.pg').dataset.state"


@pytest.fixture
def visitor(browser: Any, site_url: str) -> Iterator[Any]:
    if not VENDORED.is_file():
        message = "the browser runtime is not vendored: run `make vendor`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    contexts = []

    def make(**options: Any) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context, visit = open_tab(browser, site_url, **options)
        contexts.append(context)
        return visit

    yield make
    for context in contexts:
        context.close()


def _settled(page: Any) -> dict[str, list[str]]:
    """Wait until the playground has answered; its answers per model."""
    page.wait_for_function(
        f"() => ['done', 'unavailable'].includes(({_STATE})())", timeout=RUN_TIMEOUT_MS
    )
    assert page.evaluate(_STATE) == "done", page.locator(".pg-status").inner_text()
    answers: dict[str, list[str]] = page.evaluate(_ANSWERS)
    return answers


def _answer_is(page: Any, controller: str, backend: str) -> None:
    page.wait_for_function(
        f"() => ({_STATE})() === 'done' && "
        f"JSON.stringify(({_ANSWERS})()[{json.dumps(controller)}]) === "
        f"{json.dumps(json.dumps([backend], separators=(',', ':')))}",
        timeout=RUN_TIMEOUT_MS,
    )


def _open(visit: Visit, path: str = "playground/") -> dict[str, list[str]]:
    visit.page.goto(path, wait_until="load")
    return _settled(visit.page)


def test_it_answers_for_the_home_page_ingress_offline(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    answers = _open(visit)
    models = page.evaluate("() => [...document.querySelectorAll('.pg-answer')]"
                           ".map(c => c.dataset.controller)")  # fmt: skip
    assert models[:3] == ["spec", "alb", "nginx"]
    assert {m: answers[m] for m in ("spec", "alb", "nginx")} == {
        "spec": ["default/service-a:80"],
        "alb": ["default/service-a:80"],
        "nginx": ["default/service-a:80"],
    }
    assert page.locator(".pg-manifest").input_value() == SOME_INGRESS
    assert page.locator(".pg-example").input_value() == "examples/some-ingress.yaml"
    trail = page.locator(".pg-answer[data-controller='alb'] details")
    trail.locator("summary").click()
    assert trail.locator("li.pg-step--match").count() >= 1
    assert page.locator(".pg-problem--none").count() == 1
    assert page.locator(".pg-trace figure.trace-map svg").count() == 1
    loads = [u for u in visit.requests if u.endswith("pyodide.asm.wasm")]
    assert len(loads) == 1
    visit.assert_clean()


def test_editing_a_host_changes_the_answers(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    _open(visit)
    editor = page.locator(".pg-manifest")
    editor.fill(SOME_INGRESS.replace("host: my.example.com", "host: other.example.com"))
    # my.example.com now matches the wildcard rule only.
    _answer_is(page, "alb", "default/service-c:82")
    assert page.evaluate(_ANSWERS)["spec"] == ["default/service-c:82"]
    assert page.locator(".pg-example").input_value() == "", "an edit leaves the example"
    page.locator(".pg-url").fill("http://other.example.com/some-path")
    _answer_is(page, "alb", "default/service-a:80")
    visit.assert_clean()


def test_a_yaml_error_shows_its_line_and_column(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    _open(visit)
    page.locator(".pg-manifest").fill(BROKEN)
    first = page.locator(".pg-problem--error .pg-problem__where").first
    first.wait_for(timeout=RUN_TIMEOUT_MS)
    assert first.inner_text() == "line 7, column 16"
    assert "mapping values are not allowed" in page.locator(".pg-problems").inner_text()
    marked = page.evaluate(
        "() => [...document.querySelectorAll('.pg-gutter__line[data-mark=error]')]"
        ".map(n => n.textContent)"
    )
    assert "7" in marked
    backdrop = page.locator(".pg-backdrop__line").nth(6)
    assert "pg-mark--error" in (backdrop.get_attribute("class") or "")
    first.click()
    caret = page.evaluate(
        "() => { const t = document.querySelector('.pg-manifest');"
        " return [document.activeElement === t, t.selectionStart]; }"
    )
    lines = BROKEN.split("\n")
    assert caret == [True, sum(len(line) + 1 for line in lines[:6]) + 15]
    visit.assert_clean()


def test_the_share_link_reproduces_the_state_in_a_fresh_context(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    _open(visit)
    manifest = SOME_INGRESS.replace("path: /some-other-path", "path: /checkout")
    page.locator(".pg-manifest").fill(manifest)
    page.locator(".pg-url").fill("http://my.example.com/checkout")
    page.locator(".pg-method").select_option("POST")
    page.locator(".pg-headers").fill("X-Team: blue")
    page.locator(".pg-architecture").select_option("nlb-nginx")
    page.locator(".pg-any-class").uncheck()
    page.locator(".pg-run").click()
    _answer_is(page, "alb", "default/service-b:81")
    answers = page.evaluate(_ANSWERS)
    caption = page.locator(".pg-trace figcaption").inner_text()
    page.wait_for_function(
        "() => document.querySelector('.pg-link').value === location.href"
        " && location.hash.startsWith('#s=')"
    )
    link = page.locator(".pg-link").input_value()
    assert "#s=z" in link, "chromium compresses the state (deflate-raw)"
    assert len(link) < 2000

    fresh = visitor()
    fresh.page.goto(link, wait_until="load")
    assert _settled(fresh.page) == answers
    other = fresh.page
    assert other.locator(".pg-manifest").input_value() == manifest
    assert other.locator(".pg-url").input_value() == "http://my.example.com/checkout"
    assert other.locator(".pg-method").input_value() == "POST"
    assert other.locator(".pg-headers").input_value() == "X-Team: blue"
    assert other.locator(".pg-architecture").input_value() == "nlb-nginx"
    assert not other.locator(".pg-any-class").is_checked()
    assert other.locator(".pg-trace figcaption").inner_text() == caption
    visit.assert_clean()
    fresh.assert_clean()


def test_an_uncompressed_link_opens_too(visitor: Any) -> None:
    """The fallback for browsers without CompressionStream: `#s=j` and base64url JSON."""
    state = {
        "manifest": SOME_INGRESS,
        "url": "http://shop.example.com/some-path",
        "method": "GET",
        "headers": "",
        "architecture": "alb-instance",
        "any_class": True,
        "example": "",
    }
    data = base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")
    visit = visitor()
    answers = _open(visit, f"playground/#s=j{data}")
    assert answers["alb"] == ["default/service-c:82"]
    assert visit.page.locator(".pg-architecture").input_value() == "alb-instance"
    visit.assert_clean()


def test_ctrl_enter_asks_again_and_the_controls_pass_axe(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    _open(visit)
    # Set the URL without an input event: only Ctrl+Enter can ask the models.
    page.evaluate(
        "() => { document.querySelector('.pg-url').value = 'http://shop.example.com/some-path'; }"
    )
    page.locator(".pg-url").focus()
    page.wait_for_timeout(600)
    assert page.evaluate(_ANSWERS)["alb"] == ["default/service-a:80"]
    page.keyboard.press("Control+Enter")
    _answer_is(page, "alb", "default/service-c:82")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
          .filter(v => v.impact === "serious" || v.impact === "critical")
          .map(v => `${v.id}: ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""
    )
    assert violations == []
    visit.assert_clean()


def test_the_korean_page_speaks_korean(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    _open(visit, "ko/playground/")
    assert page.locator("article h1").inner_text().startswith("플레이그라운드")
    assert page.locator(".pg-run").inner_text() == "실행"
    assert page.locator(".pg-copy").inner_text() == "링크 복사"
    assert page.locator("#pg-answers").inner_text() == "응답"
    assert page.locator("#pg-problems").inner_text() == "문제"
    assert page.locator(".pg-problem--none").inner_text().startswith("문제 없음")
    assert page.locator(".pg-answer[data-controller='spec'] h3").inner_text() == "인그레스 스펙"
    assert "홉 단위로" in page.locator(".pg-trace figcaption").inner_text()
    page.locator(".pg-manifest").fill(BROKEN)
    first = page.locator(".pg-problem--error .pg-problem__where").first
    first.wait_for(timeout=RUN_TIMEOUT_MS)
    assert first.inner_text() == "줄 7, 열 16"
    visit.assert_clean()


def test_picking_an_example_loads_it_from_the_bundle(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    _open(visit)
    options = page.evaluate(
        "() => [...document.querySelectorAll('.pg-example option')].map(o => o.value)"
    )
    assert "examples/shop.yaml" in options
    page.locator(".pg-example").select_option("examples/shop.yaml")
    page.wait_for_function(
        "() => document.querySelector('.pg-url').value === 'http://shop.example.com/'",
        timeout=RUN_TIMEOUT_MS,
    )
    _settled(page)
    shop = (REPO_ROOT / "examples" / "shop.yaml").read_text()
    assert page.locator(".pg-manifest").input_value() == shop
    visit.assert_clean()


def test_nothing_in_the_page_runs_before_its_data(site_url: str, browser: Any) -> None:
    """Pages other than the playground load no Python (the playground loads it at once)."""
    context, visit = open_tab(browser, site_url)
    try:
        visit.page.goto("reference/glossary/", wait_until="networkidle")
        assert not [u for u in visit.requests if "pyodide" in u or "/playground/" in u]
        assert visit.page.locator("[data-playground]").count() == 0
        visit.assert_clean()
    finally:
        context.close()


def test_instant_navigation_starts_the_playground_and_the_labs(visitor: Any) -> None:
    """The playground's and the labs' scripts are added to their pages only: each starts on a
    page reached by a link from another page. (Under instant navigation, which swaps the page
    without a reload when the site is served from its site_url, Material runs the scripts of
    the new page's content, and the scripts start then.)"""
    visit = visitor()
    page = visit.page
    page.goto("reference/glossary/", wait_until="load")
    assert page.evaluate("() => window.ingresslabPlayground === undefined")
    page.locator("nav a[href$='playground/']").first.evaluate("a => a.click()")
    page.wait_for_url("**/playground/")
    assert _settled(page)["alb"] == ["default/service-a:80"]
    page.locator("nav a[href$='notebooks/routing-lab/']").first.evaluate("a => a.click()")
    page.wait_for_url("**/notebooks/routing-lab/")
    page.locator(".lab-run").first.click()
    page.wait_for_function(
        "() => document.querySelector('.lab-toolbar').dataset.state === 'done'",
        timeout=RUN_TIMEOUT_MS,
    )
    visit.assert_clean()

"""The labs on the site, in chromium: a notebook page runs its cells in the reader's browser
(docs/assets/javascripts/labs.js, docs/assets/playground/labs.py).

On every lab page, in both languages for the routing lab: nothing heavy loads before Run;
Run all runs every cell in order in one namespace and prints exactly what the build's own
execution printed (the site is built with every notebook executed); every exercise reports
pass. A deliberately wrong answer reports fail, and after Reset a Ctrl+Enter in the check cell
runs the edited cell above it again and passes ("Run all above"). The download link serves a
valid `.ipynb` holding the page's code. The controls speak the page's language and pass
axe-core, and no request leaves 127.0.0.1 before or after Run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browsing import Visit, open_tab
from conftest import REPO_ROOT

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
RUN_TIMEOUT_MS = 180_000
VENDORED = REPO_ROOT / "docs" / "assets" / "vendor" / "pyodide" / "pyodide.asm.wasm"
_HEAVY = ("/assets/vendor/pyodide/", "/assets/run/", "/assets/vendor/wheels/", "labs.py")
#: How an exercise is announced in a notebook's Markdown.
_EXERCISE = re.compile(r"^# \*\*(?:Exercise |연습 )?(\d+)\.\*\*", re.M)


def _source(path: str) -> Path:
    korean = path.startswith("ko/")
    stem = path.removeprefix("ko/").removeprefix("notebooks/").rstrip("/")
    return REPO_ROOT / "notebooks" / f"{stem}{'.ko' if korean else ''}.py"


LABS = [
    f"notebooks/{p.stem}/"
    for p in sorted((REPO_ROOT / "notebooks").glob("*.py"))
    if not p.name.endswith(".ko.py")
]
PAGES = [*LABS, "ko/notebooks/routing-lab/"]

_OUTPUTS = """() => [...document.querySelectorAll('.jupyter-wrapper .jp-CodeCell')]
  .filter(c => !c.querySelector('.jp-CodeCell'))
  .map(c => {
    const built = c.querySelector('.jp-Cell-outputWrapper');
    const ran = c.querySelector('.lab-output');
    return [built ? built.innerText.trim() : '', ran && !ran.hidden ? ran.innerText.trim() : ''];
  })"""

_TOOLBAR = "() => document.querySelector('.lab-toolbar').getAttribute('data-state')"


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


def _finished(page: Any) -> str:
    page.wait_for_function(
        f"() => ['done', 'failed', 'unavailable'].includes(({_TOOLBAR})())",
        timeout=RUN_TIMEOUT_MS,
    )
    state: str = page.evaluate(_TOOLBAR)
    return state


def _verdict(page: Any, number: str) -> Any:
    return page.locator(f".lab-verdict[data-exercise='{number}']")


@pytest.mark.parametrize("path", PAGES)
def test_every_cell_runs_in_order_and_every_exercise_passes(visitor: Any, path: str) -> None:
    visit = visitor()
    page = visit.page
    page.goto(path, wait_until="load")
    code_cells = page.evaluate(_OUTPUTS)
    assert page.locator(".lab-bar .lab-run").count() == len(code_cells) > 0
    assert [u for u in visit.requests if any(h in u for h in _HEAVY)] == [], (
        "Python loaded before any Run"
    )
    visit.assert_clean()
    page.locator(".lab-run-all").click()
    assert _finished(page) == "done", page.locator(".lab-toolbar .lab-status").inner_text()
    failed = page.locator(".lab-bar[data-state=failed]")
    assert failed.count() == 0, failed.first.locator("..").inner_text()
    wrong = [
        f"cell {n + 1}: {built!r} != {ran!r}"
        for n, (built, ran) in enumerate(page.evaluate(_OUTPUTS))
        if built != ran
    ]
    assert wrong == [], "\n".join(wrong)
    exercises = _EXERCISE.findall(_source(path).read_text())
    verdicts = page.evaluate(
        "() => [...document.querySelectorAll('.lab-verdict')]"
        ".map(v => [v.dataset.exercise, v.dataset.verdict])"
    )
    assert verdicts == [[n, "pass"] for n in exercises]
    loads = [u for u in visit.requests if u.endswith("pyodide.asm.wasm")]
    assert len(loads) == 1, "one interpreter per page"
    visit.assert_clean()


def test_a_wrong_answer_fails_and_the_right_one_passes_again(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    page.goto("notebooks/routing-lab/", wait_until="load")
    check = page.locator(".jp-CodeCell[data-lab-exercise='1']")
    assert check.count() == 1
    cells = page.locator(".jupyter-wrapper .jp-CodeCell[id]")
    index = next(i for i in range(cells.count()) if cells.nth(i).get_attribute("data-lab-exercise"))
    answer = cells.nth(index - 1).locator("pre[role=textbox]")
    original = answer.inner_text()
    variable = re.match(r"\s*(\w+)\s*=", original)
    assert variable, original
    answer.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(f'{variable.group(1)} = "not the answer"')
    reset = cells.nth(index - 1).locator(".lab-reset")
    assert reset.is_visible(), "an edit offers Reset"
    # Run on the check cell runs every cell above it first.
    check.locator(".lab-run").click()
    assert _finished(page) == "done"
    verdict = _verdict(page, "1")
    assert verdict.get_attribute("data-verdict") == "fail"
    assert "AssertionError" in verdict.inner_text()
    assert verdict.inner_text().startswith("✗ Exercise 1")
    ran_above = page.evaluate(
        "() => [...document.querySelectorAll('.jupyter-wrapper .jp-CodeCell[id]')]"
        ".map(c => c.querySelector('.jp-InputPrompt').textContent)"
    )
    # Every cell above ran once, in order, then the check cell.
    assert ran_above[: index + 1] == [f"In [{n}]:" for n in range(1, index + 2)], ran_above
    reset.click()
    assert answer.inner_text() == original
    check.locator("pre[role=textbox]").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "() => document.querySelector(\".lab-verdict[data-exercise='1']\")"
        ".dataset.verdict === 'pass'",
        timeout=RUN_TIMEOUT_MS,
    )
    assert verdict.inner_text().startswith("✓ Exercise 1")
    visit.assert_clean()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("notebooks/routing-lab/", "routing-lab.ipynb"),
        ("ko/notebooks/routing-lab/", "routing-lab.ko.ipynb"),
    ],
    ids=["en", "ko"],
)
def test_the_download_link_serves_a_valid_notebook(visitor: Any, path: str, name: str) -> None:
    visit = visitor()
    page = visit.page
    page.goto(path, wait_until="load")
    link = page.locator("[data-lab-download] a[download]")
    assert link.count() == 1
    assert link.get_attribute("download") == name
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == name
    notebook = nbformat.reads(Path(download.path()).read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    import jupytext

    expected = [c.source for c in jupytext.read(_source(path)).cells if c.cell_type == "code"]
    assert [c.source for c in notebook.cells if c.cell_type == "code"] == expected
    visit.assert_clean()


@pytest.mark.parametrize(
    ("path", "run", "run_all", "label"),
    [
        ("notebooks/first-route/", "Run", "Run all", "Code cell 1, editable"),
        ("ko/notebooks/first-route/", "실행", "모두 실행", "코드 셀 1, 편집 가능"),
    ],
    ids=["en", "ko"],
)
def test_the_controls_speak_the_page_language_and_pass_axe(
    visitor: Any, path: str, run: str, run_all: str, label: str
) -> None:
    visit = visitor()
    page = visit.page
    page.goto(path, wait_until="load")
    assert page.locator(".lab-run").first.inner_text() == run
    assert page.locator(".lab-run-all").inner_text() == run_all
    first = page.locator(".jupyter-wrapper pre[role=textbox]").first
    assert first.get_attribute("aria-label") == label
    first.click()
    page.keyboard.press("Control+Enter")
    assert _finished(page) == "done"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
          .filter(v => v.impact === "serious" || v.impact === "critical")
          .map(v => `${v.id}: ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""
    )
    assert violations == []
    visit.assert_clean()

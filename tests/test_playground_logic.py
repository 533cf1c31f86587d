"""The playground's and the labs' Python halves in CPython, and the build hook that feeds them.

docs/assets/playground/playground.py and labs.py run in the reader's browser (Pyodide); here
they run as they are, with click and rich out of reach as in the browser. hooks/playground_labs.py
lists the examples for the playground and writes each notebook as an `.ipynb`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "docs" / "assets" / "playground"))
sys.path.insert(0, str(REPO_ROOT / "hooks"))

import labs
import playground
import playground_labs

SOME_INGRESS = (REPO_ROOT / "examples" / "some-ingress.yaml").read_text()
BROKEN = (REPO_ROOT / "examples" / "some-ingress.broken.yaml").read_text()
URL = "http://my.example.com/some-path"


def analyse(**state: Any) -> dict[str, Any]:
    state.setdefault("manifest", SOME_INGRESS)
    state.setdefault("url", URL)
    result: dict[str, Any] = json.loads(playground.analyse(json.dumps(state)))
    return result


def backends(result: dict[str, Any]) -> dict[str, list[str | None]]:
    return {
        model["controller"]: [a["backend_text"] for a in model["answers"]]
        for model in result["answers"]
    }


# --- playground.py -------------------------------------------------------------------------


def test_every_model_of_the_registry_answers_with_its_trail() -> None:
    import ingresslab

    result = analyse()
    assert [m["controller"] for m in result["answers"]] == list(ingresslab.CONTROLLERS)
    assert backends(result) == {name: ["default/service-a:80"] for name in ingresslab.CONTROLLERS}
    for model in result["answers"]:
        (answer,) = model["answers"]
        assert answer["outcome"] == "route"
        assert answer["explain"], f"{model['controller']} gave no explanation trail"
        assert {"candidate", "verdict", "reason"} <= set(answer["explain"][0])
    assert result["problems"] == [] and result["errors"] == 0
    assert result["request"] == URL


def test_the_answers_are_those_of_route_all() -> None:
    import ingresslab

    expected = ingresslab.route_all(ingresslab.loads(SOME_INGRESS), URL, any_class=True)
    result = analyse(url=URL)
    got = [a for model in result["answers"] for a in model["answers"]]
    assert [(a["controller"], a["outcome"], a["backend_text"]) for a in got] == [
        (a.controller, str(a.outcome), None if a.backend is None else str(a.backend))
        for a in expected
    ]


def test_editing_a_host_changes_the_answers() -> None:
    before = backends(analyse())
    after = backends(analyse(manifest=SOME_INGRESS.replace("my.example.com", "other.example.com")))
    assert before["alb"] == ["default/service-a:80"]
    # my.example.com now matches only the wildcard rule: service-c.
    assert after["alb"] == ["default/service-c:82"]
    assert after["spec"] == ["default/service-c:82"]


def test_without_any_class_nginx_leaves_an_alb_ingress_alone() -> None:
    result = analyse(any_class=False)
    nginx = next(m for m in result["answers"] if m["controller"] == "nginx")
    assert [a["outcome"] for a in nginx["answers"]] == ["ignored"]


def test_a_yaml_error_comes_with_its_line_and_column() -> None:
    result = analyse(manifest=BROKEN)
    first = result["problems"][0]
    assert (first["line"], first["column"], first["check"]) == (7, 16, "yaml-syntax")
    assert first["where"] == "manifest.yaml:7:16"
    assert first["severity"] == "error" and first["hint"]
    assert result["errors"] >= 1


def test_controller_problems_are_listed_as_lint_lists_them() -> None:
    """A problem only a controller finds (not the API server) is there too."""
    text = (REPO_ROOT / "examples" / "ingressgroup-does-not-reconcile.yaml").read_text()
    import ingresslab
    from ingresslab._tools.lint import controller_problems

    manifests = ingresslab.loads(text, playground.FILENAME)
    expected = manifests.problems + controller_problems(ingresslab.Engine(manifests))
    result = analyse(manifest=text, url="http://intranet/")
    assert [(p["line"], p["column"], p["check"]) for p in result["problems"]] == [
        (p.line, p.column, p.check) for p in expected
    ]
    assert any(p["type"] == "controller" for p in result["problems"])


def test_the_map_is_the_sites_renderer_in_the_pages_language() -> None:
    import ingresslab
    from ingresslab._tools.trace_map import render_figure

    for lang in ("en", "ko"):
        state = {"manifest": SOME_INGRESS, "url": URL, "architecture": "nlb-nginx"}
        result = json.loads(playground.analyse(json.dumps(state), lang))
        engine = ingresslab.Engine(ingresslab.loads(SOME_INGRESS, "x"), any_class=True)
        traced = ingresslab.trace(engine, URL, "nlb-nginx")
        assert result["trace"]["html"] == render_figure(traced, lang, id_prefix="playground-map")
        assert result["trace"]["architecture"] == "nlb-nginx"
    assert "파드" in result["trace"]["html"]


def test_an_unknown_architecture_falls_back_to_the_first() -> None:
    assert analyse(architecture="carrier-pigeon")["trace"]["architecture"] == "alb-ip"


def test_a_bad_url_is_a_request_error_not_a_crash() -> None:
    result = analyse(url="my.example.com/no-scheme")
    assert result["answers"] == [] and "absolute URL" in result["request_error"]
    assert result["problems"] == []
    assert "empty" in analyse(url="  ")["request_error"]


def test_headers_and_method_reach_the_request_when_the_package_takes_them() -> None:
    caps = playground.capabilities()
    result = analyse(method="post", headers="X-Team: blue\n\nHost: Other.Example.com")
    request = result["answers"][0]["answers"][0]["request"]
    assert request["host"] == "Other.Example.com"
    if caps["method"]:
        assert request["method"] == "POST"
    if caps["headers"]:
        assert request["headers"] == [["X-Team", "blue"]]
    assert result["notes"] == []


def test_a_package_without_method_and_headers_says_it_ignored_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = playground.capabilities()
    monkeypatch.setattr(
        playground, "capabilities", lambda: {**real, "method": False, "headers": False}
    )
    result = analyse(method="DELETE", headers="X-Team: blue")
    assert result["notes"] == ["method-unsupported", "headers-unsupported"]
    request = result["answers"][0]["answers"][0]["request"]
    assert "method" not in request and "headers" not in request


def test_header_lines_are_read_as_the_cli_reads_them() -> None:
    assert playground.parse_headers("Host: a.test\nX-A:  1 \n\nX-A: 2") == (
        "a.test",
        [("X-A", "1"), ("X-A", "2")],
    )
    with pytest.raises(ValueError, match="line 2"):
        playground.parse_headers("X-A: 1\nno colon here")
    assert "headers, line 1" in analyse(headers="Bad Name: 1")["request_error"]
    assert "method" in analyse(method="GET /x")["request_error"]


def test_the_models_come_from_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model added to the registry (Gateway API) is answered without a change here."""
    import ingresslab

    monkeypatch.setattr(ingresslab, "CONTROLLERS", ("alb", "spec"))
    result = analyse()
    assert [m["controller"] for m in result["answers"]] == ["alb", "spec"]


def test_first_url_names_a_host_the_manifest_routes() -> None:
    assert playground.first_url(SOME_INGRESS) == URL
    shop = (REPO_ROOT / "examples" / "shop.yaml").read_text()
    assert playground.first_url(shop) == "http://shop.example.com/"
    wildcard = SOME_INGRESS.replace("- host: my.example.com", "- host: '*.my.example.com'")
    assert playground.first_url(wildcard) == "http://www.my.example.com/some-path"
    assert playground.first_url("kind: Service\n") is None


_WITHOUT_CLI = """
import json, sys
sys.modules["click"] = None
sys.modules["rich"] = None
sys.path.insert(0, sys.argv[1])
import playground
state = {"manifest": open("examples/some-ingress.yaml").read(),
         "url": "http://my.example.com/some-path", "architecture": "alb-instance"}
result = json.loads(playground.analyse(json.dumps(state)))
print(result["answers"][1]["answers"][0]["backend_text"], bool(result["trace"]["html"]))
"""


def test_it_runs_without_click_and_rich_as_in_the_browser() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _WITHOUT_CLI, str(REPO_ROOT / "docs/assets/playground")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["default/service-a:80", "True"]


# --- labs.py -------------------------------------------------------------------------------


@pytest.fixture
def session(tmp_path: Path) -> Iterator[labs.Session]:
    cwd = os.getcwd()
    try:
        yield labs.Session(str(tmp_path / "notebooks"))
    finally:
        os.chdir(cwd)


def _run(session: labs.Session, source: str) -> tuple[dict[str, Any], str, str]:
    out: list[str] = []
    err: list[str] = []
    result = session.run(source, lambda s, t: (out if s == "stdout" else err).append(t))
    return result, "".join(out), "".join(err)


def test_cells_share_one_namespace_until_restart(session: labs.Session) -> None:
    assert _run(session, "kept = 41")[0]["ok"]
    result, out, _ = _run(session, "print(kept + 1)")
    assert (result["ok"], out, result["count"]) == (True, "42\n", 2)
    session.reset()
    result, _, err = _run(session, "print(kept)")
    assert result["error"] == "NameError: name 'kept' is not defined"
    assert result["count"] == 1
    assert 'File "<cell 1>", line 1' in err and "labs.py" not in err


def test_a_cell_runs_in_the_notebooks_directory(session: labs.Session, tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "x.yaml").write_text("a: 1\n")
    source = "with open('../examples/x.yaml') as f:\n    print(f.read(), end='')"
    result, out, _ = _run(session, source)
    assert result["ok"] and out == "a: 1\n"
    assert _run(session, "print(__name__)")[1] == "__main__\n"


def test_a_last_expression_shows_its_repr_as_jupyter_does(session: labs.Session) -> None:
    assert _run(session, "x = [1]\nx")[1] == "[1]\n"
    assert _run(session, "print('only')")[1] == "only\n"
    assert _run(session, "None")[1] == ""


def test_an_exercise_check_passes_or_fails(session: labs.Session) -> None:
    _run(session, 'answer = "web"')
    check = 'assert answer == "web", f"not {answer!r}"\nprint("correct")'
    result, out, _ = _run(session, check)
    assert result == {"ok": True, "error": None, "count": 2, "checks": True}
    assert out == "correct\n"
    _run(session, 'answer = "api"')
    result, out, err = _run(session, check)
    assert not result["ok"] and result["checks"]
    assert result["error"] == "AssertionError: not 'api'"
    assert out == "" and "Traceback" in err


def test_a_syntax_error_is_reported_not_raised(session: labs.Session) -> None:
    result, _, err = _run(session, "def (")
    assert not result["ok"] and result["error"].startswith("SyntaxError")
    assert "labs.py" not in err


def test_exercise_checks_are_cells_with_an_assert() -> None:
    assert labs.has_assert("x = 1\nassert x == 1")
    assert labs.has_assert("for a in b:\n    assert a")
    assert not labs.has_assert("print('assert')")
    assert not labs.has_assert("def (")
    assert labs.is_exercise_check("assert x", after_exercise=True)
    assert not labs.is_exercise_check("assert x", after_exercise=False)
    assert labs.is_exercise_check("print(1)", after_exercise=False, tagged=True)


def _notebook_cells(path: Path) -> list[tuple[str, str]]:
    import jupytext

    return [(c.cell_type, c.source) for c in jupytext.read(path).cells]


_EXERCISE = re.compile(r"\*\*(?:Exercise |연습 )?(\d+)\.\*\*")


@pytest.mark.parametrize(
    "notebook", sorted((REPO_ROOT / "notebooks").glob("*.py")), ids=lambda p: p.name
)
def test_every_exercise_has_a_check_cell_and_passes_as_written(
    notebook: Path, tmp_path: Path
) -> None:
    """What labs.js finds: after each exercise's text, a code cell with an assert. Run in one
    session from the notebook's directory, every cell runs and every check passes."""
    cells = _notebook_cells(notebook)
    pending: str | None = None
    checks: list[str] = []
    session = labs.Session(str(notebook.parent))
    cwd = os.getcwd()
    try:
        for kind, source in cells:
            if kind == "markdown":
                found = _EXERCISE.findall(source)
                if found:
                    pending = found[-1]
                continue
            result, _, err = _run(session, source)
            assert result["ok"], f"{notebook.name}: {result['error']}\n{err}"
            if pending and labs.is_exercise_check(source, after_exercise=True):
                checks.append(pending)
                pending = None
    finally:
        os.chdir(cwd)
    if "Exercise" in notebook.read_text() or "연습" in notebook.read_text():
        assert checks == [str(n) for n in range(1, len(checks) + 1)] and len(checks) >= 1


# --- hooks/playground_labs.py --------------------------------------------------------------


def test_the_picker_lists_every_manifest_the_browser_bundle_ships() -> None:
    files = playground_labs.example_files()
    assert playground_labs.DEFAULT_EXAMPLE in files
    assert all(f.startswith("examples/") and f.endswith((".yaml", ".yml", ".json")) for f in files)
    on_disk = sorted(
        p.relative_to(REPO_ROOT).as_posix()
        for p in (REPO_ROOT / "examples").rglob("*")
        if p.suffix in (".yaml", ".yml", ".json")
    )
    assert files == on_disk


def test_the_playground_data_is_one_escaped_attribute(tmp_path: Path) -> None:
    """No `<script>` (instant navigation would run it as JavaScript), nothing the manifest can
    break out of, on one line (a raw HTML block for Markdown)."""
    import html

    (tmp_path / "examples").mkdir()
    text = '# </div><script>alert("x")</script> & \'\n'
    (tmp_path / "examples" / "some-ingress.yaml").write_text(text)
    block = playground_labs.playground_element(tmp_path)
    assert "\n" not in block and "<script" not in block
    found = re.fullmatch(r'<div class="playground" data-playground="([^"]*)"></div>', block)
    assert found is not None
    data = json.loads(html.unescape(found.group(1)))
    assert data["manifest"] == text
    assert data["example"] == "examples/some-ingress.yaml"


def test_scripts_are_added_relative_to_the_page() -> None:
    class Page:
        url = "ko/notebooks/routing-lab/"

    assert playground_labs.script(Page(), "labs.js") == (
        '<script src="../../../assets/javascripts/labs.js"></script>'
    )


def test_each_notebook_becomes_a_valid_ipynb_without_pairing() -> None:
    for source in sorted((REPO_ROOT / "notebooks").glob("*.py")):
        notebook = nbformat.reads(playground_labs.notebook_ipynb(source), as_version=4)
        nbformat.validate(notebook)
        assert "jupytext" not in notebook.metadata
        assert "translated_from" not in notebook.metadata
        assert notebook.metadata["kernelspec"]["language"] == "python"
        code = [c.source for c in notebook.cells if c.cell_type == "code"]
        assert code == [s for kind, s in _notebook_cells(source) if kind == "code"]
        assert all(c.outputs == [] for c in notebook.cells if c.cell_type == "code")
    assert playground_labs.ipynb_name(Path("routing-lab.ko.py")) == "routing-lab.ko.ipynb"


def test_the_readme_says_how_to_open_a_lab_locally() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    assert "make lab" in readme and ".ipynb" in readme
    assert re.search(r"^lab:", (REPO_ROOT / "Makefile").read_text(), re.M)

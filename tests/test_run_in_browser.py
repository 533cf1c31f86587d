"""Python examples run in the reader's browser: the Run buttons (docs/assets/javascripts/run.js).

First without a browser: the vendored runtime and its pins, the project's wheel built from
`src/` (hooks/pyodide_assets.py), every example of every page tagged for its button
(hooks/example_output.py), and every example run through the browser's runner
(docs/assets/javascripts/run_example.py) in CPython, with click and rich out of reach, printing
what its page stores. Then in chromium: on the tutorial pages and a sample of others, in both
languages, every Run prints exactly the output stored in the page's source; Reset restores the
example, an edit runs, a raising example shows its traceback, the controls pass axe-core, and no
request leaves 127.0.0.1 before or after a Run. A missing vendored file fails under CI=true.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import markdown
import pytest
from browsing import Visit, open_tab
from conftest import REPO_ROOT, _QuietHandler
from pytest_examples import find_examples

sys.path.insert(0, str(REPO_ROOT / "hooks"))
sys.path.insert(0, str(REPO_ROOT / "docs" / "assets" / "javascripts"))

import example_output
import pyodide_assets
import run_example

DOCS = REPO_ROOT / "docs"
AXE = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
#: A cold start (interpreter and wheels) on a loaded 2-core machine, and any one example.
RUN_TIMEOUT_MS = 90_000
#: Every Python block of these pages is run in the browser, in both languages.
TUTORIALS = [
    "tutorials/from-pod-to-load-balancer/",
    "tutorials/your-first-ingress/",
    "tutorials/one-request-side-by-side/",
    "tutorials/your-first-httproute/",
]
#: And of these, a sample of the other kinds of page (loops with output stored inside them,
#: random spreads with a fixed seed, manifests edited in code).
SAMPLE = [
    "",
    "how-to/debug-a-404/",
    "how-to/why-an-ingressgroup-does-not-reconcile/",
    "explanation/one-request-three-ways/",
    "reference/path-types/",
]
LANGUAGES = ("", "ko/")
RUN_PAGES = [language + path for language in LANGUAGES for path in TUTORIALS + SAMPLE]


def _source(path: str) -> Path:
    """The Markdown source of a page's URL path (``ko/x/`` is ``docs/x.ko.md``)."""
    korean = path.startswith("ko/")
    stem = path.removeprefix("ko/").rstrip("/") or "index"
    return DOCS / f"{stem}{'.ko' if korean else ''}.md"


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "notebooks" not in p.parts)


def _normal(text: str) -> str:
    """Output as pytest-examples compares it: no trailing blanks, no trailing empty lines."""
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n")


def _require_runtime() -> None:
    missing = pyodide_assets.missing_runtime()
    if not missing:
        return
    message = f"the browser runtime is not vendored ({', '.join(missing)}): run `make vendor`"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _makefile_variable(name: str) -> str:
    found = re.search(rf"^{name} := (.+)$", (REPO_ROOT / "Makefile").read_text(), re.M)
    assert found, f"{name} is not set in the Makefile"
    return found.group(1).strip()


# --- The runtime, the wheel, the tags: no browser ------------------------------------------


def test_the_runtime_is_vendored() -> None:
    """Fails under CI=true when `make vendor` did not run (make test runs it)."""
    _require_runtime()


def test_the_makefile_pins_what_the_build_checks() -> None:
    assert tuple(_makefile_variable("PYODIDE_FILES").split()) == pyodide_assets.PYODIDE_FILES
    pinned = re.search(r"^pyyaml==(\S+)$", (REPO_ROOT / "requirements/dev.txt").read_text(), re.M)
    assert pinned, "requirements/dev.txt pins no pyyaml"
    assert _makefile_variable("PYYAML_VERSION") == pinned.group(1), (
        "the browser's PyYAML must be the one the tests run with"
    )
    package = pyodide_assets.PYODIDE_DIR / "package.json"
    if package.is_file():
        vendored = json.loads(package.read_text())["version"]
        assert vendored == _makefile_variable("PYODIDE_VERSION"), "run `make vendor`"


def test_a_build_without_the_runtime_fails_and_says_what_to_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pyodide_assets, "PYODIDE_DIR", tmp_path / "pyodide")
    monkeypatch.setattr(pyodide_assets, "WHEELS_DIR", tmp_path / "wheels")
    monkeypatch.setattr(pyodide_assets, "ROOT", tmp_path)
    with pytest.raises(pyodide_assets.MissingRuntime, match=r"Run `make vendor`") as raised:
        pyodide_assets.on_config(None)  # type: ignore[arg-type]
    assert "pyodide/pyodide.asm.wasm" in str(raised.value)
    assert "wheels/pyyaml-*-py3-none-any.whl" in str(raised.value)


def test_the_vendored_runtime_stays_out_of_git() -> None:
    ignored = (REPO_ROOT / ".gitignore").read_text().split()
    assert "docs/assets/vendor/pyodide/" in ignored
    assert "docs/assets/vendor/wheels/" in ignored
    tracked = subprocess.run(
        ["git", "ls-files", "docs/assets/vendor/pyodide", "docs/assets/vendor/wheels"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert tracked == ""


def test_the_pyyaml_wheel_is_pure_python() -> None:
    _require_runtime()
    (wheel,) = pyodide_assets.WHEELS_DIR.glob("pyyaml-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "yaml/__init__.py" in names
    assert not [n for n in names if n.endswith((".so", ".pyd"))], "a compiled extension"
    assert wheel.name.endswith("-py3-none-any.whl")


def test_the_wheel_holds_exactly_the_sources() -> None:
    name, data = pyodide_assets.build_wheel()
    assert name == "ingresslab-0.1.0-py3-none-any.whl"
    archive = zipfile.ZipFile(io.BytesIO(data))
    package = REPO_ROOT / "src" / "ingresslab"
    sources = {
        f"ingresslab/{p.relative_to(package).as_posix()}": p.read_bytes()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    packaged = {n: archive.read(n) for n in archive.namelist() if n.startswith("ingresslab/")}
    assert packaged == sources
    info = "ingresslab-0.1.0.dist-info"
    metadata = archive.read(f"{info}/METADATA").decode()
    assert "Name: ingresslab" in metadata
    assert "Requires-Dist: pyyaml>=6" in metadata
    for line in archive.read(f"{info}/RECORD").decode().splitlines():
        path, digest, size = line.split(",")
        if path == f"{info}/RECORD":
            continue
        content = archive.read(path)
        assert int(size) == len(content)
        expected = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
        assert digest == f"sha256={expected.decode()}"
    assert pyodide_assets.build_wheel() == (name, data), "the same sources give the same bytes"


def test_the_examples_zip_holds_every_example_file() -> None:
    archive = zipfile.ZipFile(io.BytesIO(pyodide_assets.build_examples()))
    files = {
        p.relative_to(REPO_ROOT).as_posix()
        for p in (REPO_ROOT / "examples").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert set(archive.namelist()) == files
    assert "examples/some-ingress.yaml" in files


def test_the_manifest_names_every_file_with_its_digest() -> None:
    _require_runtime()
    files = pyodide_assets.site_files()
    manifest = json.loads(files["manifest.json"])
    wheel = next(w for w in manifest["wheels"] if w.startswith("ingresslab-"))
    name, _, version = wheel.partition("?v=")
    assert version == hashlib.sha256(files[name]).hexdigest()[:12]
    assert manifest["examples"].startswith("examples.zip?v=")
    assert any("pyyaml-" in w for w in manifest["wheels"])
    assert manifest["runner"].startswith("../javascripts/run_example.py?v=")


@pytest.mark.parametrize("page", _pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_example_of_a_page_gets_a_run_button(page: Path) -> None:
    """Each block tests/test_docs.py runs is one example here, numbered in page order, and the
    build tags all its parts with that number."""
    text = page.read_text()
    tested = [
        e
        for e in find_examples(page)
        if not e.prefix.startswith("pycon") and e.prefix_settings().get("test") != "skip"
    ]
    found = example_output.examples(text)
    assert [e.line for e in found] == [e.start_line for e in tested]
    tagged = example_output.tag_examples(text)
    for example in found:
        parts = re.findall(rf"\{{ [^}}]*\.example-{example.number}(?=[ }}])", tagged)
        assert len(parts) == len(example.segments), f"example {example.number}"


def test_tagging_keeps_the_title_and_the_output_blocks() -> None:
    page = '```py title="a.py"\nx = 1\nprint(x)\n#> 1\ny = 2\n```\n\n```py test="skip"\nz\n```\n'
    assert example_output.tag_examples(page) == (
        '```{ .py .example-1 title="a.py" }\nx = 1\nprint(x)\n```\n\n'
        "```{ .text .example-output .example-1 }\n1\n```\n\n"
        "```{ .py .example-1 }\ny = 2\n```\n\n"
        '```py test="skip"\nz\n```\n'
    )
    html = markdown.markdown(
        example_output.tag_examples(page),
        extensions=["attr_list", "pymdownx.highlight", "pymdownx.superfences"],
    )
    assert '<div class="example-1 highlight"><span class="filename">a.py</span>' in html
    assert '<div class="example-output example-1 highlight">' in html


def test_a_list_item_after_a_split_example_stays_a_list_item() -> None:
    page = "- a:\n\n    ```py\n    print(1)\n    #> 1\n    ```\n- b\n"
    html = markdown.markdown(
        example_output.tag_examples(page),
        extensions=["attr_list", "pymdownx.highlight", "pymdownx.superfences"],
    )
    assert "<p><div" not in html
    assert "<li>\n<p>b</p>\n</li>" in html


def test_an_example_without_output_is_tagged_whole() -> None:
    page = "```py\nimport os\n\nx = 1\n```"
    assert example_output.tag_examples(page) == "```{ .py .example-1 }\nimport os\n\nx = 1\n```"


_RUN_ALL = """
import json, sys
sys.modules["click"] = None  # what the browser does not ship: importing them fails
sys.modules["rich"] = None
sys.path[:0] = sys.argv[1:3]
import run_example
from example_output import examples
from pathlib import Path

run_example.setup(".")
report = []
for page in json.loads(sys.stdin.read()):
    for example in examples(Path(page).read_text()):
        outputs = [[] for _ in example.code()]
        failure = run_example.run(example.code(), lambda i, s, t: outputs[i].append(t))
        report.append({
            "where": f"{page}:{example.line}",
            "failure": failure,
            "got": ["".join(o) for o in outputs],
            "expected": example.expected_output(),
        })
print(json.dumps(report))
"""


def test_every_example_runs_in_the_runner_without_click_and_rich() -> None:
    """The browser ships PyYAML and the project's wheel only: every example of every page runs
    without click and rich, through the runner the browser uses, and prints its stored output."""
    pages = [str(p.relative_to(REPO_ROOT)) for p in _pages()]
    proc = subprocess.run(
        [sys.executable, "-c", _RUN_ALL, str(REPO_ROOT / "docs/assets/javascripts"),
         str(REPO_ROOT / "hooks")],
        input=json.dumps(pages),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert len(report) >= 150
    wrong = [
        f"{r['where']}: {r['failure'] or 'printed something else'}"
        for r in report
        if r["failure"] or [_normal(o) for o in r["got"]] != [_normal(e) for e in r["expected"]]
    ]
    assert wrong == []


def test_the_runner_reports_the_traceback_of_the_example_only(tmp_path: Path) -> None:
    written: list[tuple[int, str, str]] = []
    run_example.setup(str(tmp_path))
    cwd = os.getcwd()
    try:
        failure = run_example.run(
            ["x = 1\nprint(x)", "def f():\n    raise ValueError('boom')\n\nf()"],
            lambda part, stream, text: written.append((part, stream, text)),
        )
        assert os.getcwd() == str(tmp_path)
    finally:
        os.chdir(cwd)
    assert failure == (1, "ValueError: boom")
    assert (0, "stdout", "1") in written
    errors = "".join(text for part, stream, text in written if stream == "stderr")
    assert errors.startswith("Traceback (most recent call last):")
    assert 'File "<example, part 2>", line 4, in <module>' in errors
    assert "raise ValueError('boom')" in errors
    assert "run_example.py" not in errors
    assert errors.rstrip().endswith("ValueError: boom")


def test_each_run_has_a_new_namespace() -> None:
    written: list[str] = []
    run_example.setup(os.getcwd())
    assert run_example.run(["kept = 1"], lambda *a: None) is None
    failure = run_example.run(["print(kept)"], lambda part, stream, text: written.append(text))
    assert failure == (0, "NameError: name 'kept' is not defined")
    assert run_example.run(["print(__name__)"], lambda p, s, t: written.append(t)) is None
    assert written[-2:] == ["__main__", "\n"]


# --- In chromium -----------------------------------------------------------------------------

# What each code part of example n shows under it: the example's result block after it, or
# the output block run.js created right after it; "" when there is none or it is hidden.
_OUTPUTS = """(n) => {
  const parts = [...document.querySelectorAll(`div.highlight.example-${n}`)];
  const out = [];
  parts.forEach((block, i) => {
    if (block.classList.contains("example-output")) return;
    const after = block.nextElementSibling;
    const next = parts[i + 1] && parts[i + 1].classList.contains("example-output") ? parts[i + 1]
      : after && after.classList.contains("run-output") ? after : null;
    out.push(next && !next.hidden ? next.querySelector("code").textContent : "");
  });
  return out;
}"""

_STATE = """(n) => {
  const parts = document.querySelectorAll(`div.highlight.example-${n}`);
  let node = parts[parts.length - 1].nextElementSibling;
  while (node && !node.classList.contains("run-bar")) node = node.nextElementSibling;
  return node ? node.getAttribute("data-state") : "no bar";
}"""

_HEAVY = ("/assets/vendor/pyodide/", "/assets/run/", "/assets/vendor/wheels/", "run_example.py")


@pytest.fixture
def visitor(browser: Any, site_url: str) -> Iterator[Any]:
    _require_runtime()
    contexts = []

    def make(**options: Any) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context, visit = open_tab(browser, site_url, **options)
        contexts.append(context)
        return visit

    yield make
    for context in contexts:
        context.close()


def _bar(page: Any, number: int) -> Any:
    return page.locator(f"div.example-{number}").last.locator(
        "xpath=following-sibling::div[contains(@class, 'run-bar')][1]"
    )


def _run(page: Any, number: int, *, click: bool = False) -> str:
    """Press Run under example `number` and wait until it has run; its final state."""
    button = _bar(page, number).locator("button.run-button")
    if click:
        button.click()
    else:  # examples in a hidden content tab cannot be clicked by a pointer
        button.evaluate("b => b.click()")
    page.wait_for_function(
        f"() => ['done', 'failed', 'unavailable'].includes(({_STATE})({number}))",
        timeout=RUN_TIMEOUT_MS,
    )
    state: str = page.evaluate(_STATE, number)
    return state


@pytest.mark.browser
@pytest.mark.parametrize("path", RUN_PAGES, ids=lambda p: p or "home")
def test_every_example_prints_what_its_page_stores(visitor: Any, path: str) -> None:
    visit = visitor()
    page = visit.page
    page.goto(path, wait_until="load")
    examples = example_output.examples(_source(path).read_text())
    assert page.locator(".run-bar button.run-button").count() == len(examples)
    heavy = [u for u in visit.requests if any(h in u for h in _HEAVY)]
    assert heavy == [], "the runtime loaded before any Run"
    wrong = []
    for example in examples:
        state = _run(page, example.number, click=example.number == 1)
        got = [_normal(o) for o in page.evaluate(_OUTPUTS, example.number)]
        expected = [_normal(o) for o in example.expected_output()]
        if state != "done" or got != expected:
            wrong.append(f"{_source(path).name}:{example.line} {state}: {got} != {expected}")
    assert wrong == []
    loads = [u for u in visit.requests if u.endswith("pyodide.asm.wasm")]
    assert len(loads) == 1, "the interpreter loads once per page"
    visit.assert_clean()


# Chrome's editing may leave an empty class attribute on the edited element.
_SNAPSHOT = """(n) => [...document.querySelectorAll(`div.highlight.example-${n}`)]
  .map(b => b.outerHTML.replace(/ class=""/g, ""))
  .join("\\n")"""


def _single_part_example(path: str) -> int:
    """The first example of a page that is one code block (with or without output)."""
    found = example_output.examples(_source(path).read_text())
    return next(e.number for e in found if len(e.code()) == 1)


@pytest.mark.browser
def test_an_edit_runs_with_ctrl_enter_and_reset_restores(visitor: Any) -> None:
    path = "tutorials/your-first-ingress/"
    number = _single_part_example(path)
    visit = visitor()
    page = visit.page
    page.goto(path, wait_until="load")
    before = page.evaluate(_SNAPSHOT, number)
    code = page.locator(f"div.example-{number}:not(.example-output) code").first
    assert code.get_attribute("role") == "textbox"
    assert code.get_attribute("contenteditable") in ("plaintext-only", "true")
    code.click()
    page.keyboard.press("Control+A")
    page.keyboard.type('import ingresslab\nprint("edited", ingresslab.Engine.__name__, 6 * 7)')
    reset = _bar(page, number).locator("button.run-reset")
    assert reset.is_visible(), "an edit offers Reset"
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        f"() => ['done', 'failed', 'unavailable'].includes(({_STATE})({number}))",
        timeout=RUN_TIMEOUT_MS,
    )
    assert page.evaluate(_STATE, number) == "done"
    (output,) = page.evaluate(_OUTPUTS, number)
    assert output == "edited Engine 42\n"
    reset.click()
    assert page.evaluate(_SNAPSHOT, number) == before
    assert page.locator(".run-output").count() == 0
    assert _bar(page, number).locator(".run-status").inner_text() == ""
    assert not reset.is_visible()
    visit.assert_clean()


@pytest.mark.browser
def test_a_raising_example_shows_its_traceback(visitor: Any) -> None:
    """The part that raised shows the traceback; the parts after it did not run."""
    path = "ko/how-to/debug-a-404/"
    number = next(
        e.number for e in example_output.examples(_source(path).read_text()) if len(e.code()) > 2
    )
    visit = visitor()
    page = visit.page
    page.goto(path, wait_until="load")
    code = page.locator(f"div.example-{number}:not(.example-output) code").first
    code.click()
    page.keyboard.press("Control+A")
    page.keyboard.type('import ingresslab\nopen("examples/no-such-file.yaml")')
    assert _run(page, number, click=True) == "failed"
    first, *rest = page.evaluate(_OUTPUTS, number)
    assert first.startswith("Traceback (most recent call last):"), first
    assert 'File "<example, part 1>", line 2, in <module>' in first
    assert "no-such-file.yaml" in first.splitlines()[-1]
    assert rest == [""] * len(rest), "parts after the error did not run"
    status = _bar(page, number).locator(".run-status").inner_text()
    assert status.startswith("중단됨: ") and "no-such-file.yaml" in status
    assert page.locator(f"div.example-{number} .run-stderr").count() >= 1
    visit.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "run", "reset", "label"),
    [
        ("tutorials/your-first-ingress/", "Run", "Reset", "Python example 1, editable"),
        ("ko/tutorials/your-first-ingress/", "실행", "되돌리기", "Python 예제 1, 편집 가능"),
    ],
    ids=["en", "ko"],
)
def test_the_controls_speak_the_page_language_and_pass_axe(
    visitor: Any, path: str, run: str, reset: str, label: str
) -> None:
    visit = visitor()
    page = visit.page
    page.goto(path, wait_until="load")
    bar = _bar(page, 1)
    assert bar.locator("button.run-button").inner_text() == run
    assert bar.locator("button.run-reset").inner_text() == reset
    assert page.locator("div.example-1 code[role=textbox]").first.get_attribute("aria-label") == (
        label
    )
    assert bar.locator("[role=status]").count() == 1
    assert _run(page, 1, click=True) == "done"
    assert bar.locator("button.run-reset").is_visible()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
          .filter(v => v.impact === "serious" || v.impact === "critical")
          .map(v => `${v.id}: ` + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""
    )
    assert violations == []
    visit.assert_clean()


@pytest.mark.browser
def test_the_api_runs_a_program_and_reports_its_error(visitor: Any) -> None:
    """The documented API (window.ingresslab) that later page scripts build on."""
    visit = visitor()
    page = visit.page
    page.goto("reference/glossary/", wait_until="load")
    result = page.evaluate(
        """async () => {
          const out = [], err = [];
          const first = await window.ingresslab.run(
            'import os\\nprint(sorted(os.listdir("examples"))[:1])',
            {stdout: t => out.push(t), stderr: t => err.push(t)});
          const second = await window.ingresslab.run('1 / 0', {stderr: t => err.push(t)});
          const same = (await window.ingresslab.python()) === (await window.ingresslab.python());
          return {first, second, out: out.join(""), err: err.join(""), same};
        }"""
    )
    assert result["first"] == {"ok": True, "error": None}
    assert result["out"].startswith("['")
    assert result["second"] == {"ok": False, "error": "ZeroDivisionError: division by zero"}
    assert "ZeroDivisionError" in result["err"]
    assert result["same"]
    visit.assert_clean()


@pytest.fixture(scope="module")
def instant_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built for the address it is served at: Material's instant navigation only
    takes over links when the page is served at `site_url` (its sitemap lists the pages)."""
    _require_runtime()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    site = tmp_path_factory.mktemp("instant-site")
    env = {
        **os.environ,
        "INGRESSLAB_SITE_URL": url,
        "INGRESSLAB_EXECUTE_NOTEBOOKS": "false",
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    proc = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}{proc.stderr}", pytrace=False)
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.browser
def test_instant_navigation_keeps_the_interpreter(browser: Any, instant_site_url: str) -> None:
    """With site_url set, instant navigation swaps pages without reloading scripts: the next
    page gets its Run buttons, and its Run uses the interpreter the first page loaded."""
    context, visit = open_tab(browser, instant_site_url, viewport={"width": 1280, "height": 900})
    try:
        page = visit.page
        page.goto("tutorials/your-first-ingress/", wait_until="networkidle")
        assert _run(page, 1) == "done"
        page.evaluate("() => { window.__samePage = true; }")
        page.locator("a.md-nav__link[href$='one-request-side-by-side/']").first.click()
        page.wait_for_url(re.compile(r"one-request-side-by-side/$"))
        page.locator(".run-bar button.run-button").first.wait_for()
        assert page.evaluate("() => window.__samePage === true"), "the page was reloaded"
        assert _run(page, 1) == "done"
        loads = [u for u in visit.requests if u.endswith("pyodide.asm.wasm")]
        assert len(loads) == 1, loads
        visit.assert_clean()
    finally:
        context.close()

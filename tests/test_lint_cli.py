"""`ingresslab lint`: exit codes, the JSON/YAML result shape, and colours, through click's
CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click.testing
import pytest
import yaml
from click.testing import CliRunner, Result

from ingresslab._cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CLEAN = str(EXAMPLES / "some-ingress.yaml")
BROKEN = str(EXAMPLES / "some-ingress.broken.yaml")
PROBLEM_KEYS = {
    "file",
    "line",
    "column",
    "object",
    "field",
    "type",
    "severity",
    "check",
    "message",
}


def lint(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["lint", *args], env=env, input=stdin)


def lint_json(*args: str) -> dict[str, Any]:
    result = lint(*args, "-o", "json")
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make CliRunner's stdout look like a terminal, where colours are on by default."""
    monkeypatch.setattr(click.testing._NamedTextIOWrapper, "isatty", lambda self: True)


# --- exit codes ------------------------------------------------------------------------


def test_clean_example_exits_0() -> None:
    result = lint("-f", CLEAN)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == "1 objects checked: 0 errors, 0 warnings"


def test_broken_example_exits_1_and_names_both_places() -> None:
    result = lint("-f", BROKEN, "--no-color")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{BROKEN}:7:16: error [yaml-syntax] YAML: mapping values are not allowed in this "
        "context (line 7, column 16)"
    )
    assert lines[2] == (
        f"{BROKEN}:42:7: error [unknown-field] Ingress default/some-ingress: strict decoding "
        'error: unknown field "spec.rules[2].paths"'
    )
    assert lines[-1] == "1 objects checked: 2 errors, 0 warnings"


def test_clean_and_broken_together_exit_1() -> None:
    data = lint_json("-f", CLEAN, "-f", BROKEN)
    assert data["summary"] == {"errors": 2, "warnings": 0}
    assert data["objects"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Missing option '-f' / '--filename'"),
        (("-f", CLEAN, "-o", "xml"), "Invalid value for '-o' / '--output'"),
        (("-f", CLEAN, "--bogus"), "No such option"),
    ],
)
def test_usage_error_exits_2(args: tuple[str, ...], message: str) -> None:
    result = lint(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_stdin_is_read_for_dash() -> None:
    result = lint("-f", "-", "-o", "json", stdin=Path(BROKEN).read_text())
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(p["file"], p["line"]) for p in data["problems"]] == [("<stdin>", 7), ("<stdin>", 42)]


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    data = lint_json("-f", str(tmp_path / "missing.yaml"), "-f", CLEAN)
    assert [p["type"] for p in data["problems"]] == ["input"]
    assert data["objects"] == 1


# --- machine-readable output -----------------------------------------------------------


def test_json_output_has_exactly_the_documented_shape() -> None:
    result = lint("-f", BROKEN, "-o", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"objects", "problems", "summary"}
    assert data["objects"] == 1
    assert data["summary"] == {"errors": 2, "warnings": 0}
    for problem in data["problems"]:
        assert set(problem) >= PROBLEM_KEYS
    first, second = data["problems"]
    assert {k: first[k] for k in PROBLEM_KEYS} == {
        "file": BROKEN,
        "line": 7,
        "column": 16,
        "object": None,
        "field": None,
        "type": "yaml",
        "severity": "error",
        "check": "yaml-syntax",
        "message": "YAML: mapping values are not allowed in this context (line 7, column 16)",
    }
    assert {k: second[k] for k in PROBLEM_KEYS} == {
        "file": BROKEN,
        "line": 42,
        "column": 7,
        "object": "Ingress default/some-ingress",
        "field": "spec.rules[2].paths",
        "type": "unknown field",
        "severity": "error",
        "check": "unknown-field",
        "message": (
            "Ingress default/some-ingress: strict decoding error: unknown field "
            '"spec.rules[2].paths"'
        ),
    }


def test_json_output_of_clean_example() -> None:
    assert lint_json("-f", CLEAN) == {
        "objects": 1,
        "problems": [],
        "summary": {"errors": 0, "warnings": 0},
    }


def test_yaml_output_parses_back_to_the_json_output() -> None:
    result = lint("-f", BROKEN, "-o", "yaml")
    assert result.exit_code == 1
    assert yaml.safe_load(result.stdout) == lint_json("-f", BROKEN)


@pytest.mark.parametrize("output", ["json", "yaml", "table"])
def test_lone_surrogate_escape_in_json_input_does_not_crash_output(
    tmp_path: Path, output: str
) -> None:
    # Go's encoding/json reads "\ud800" as U+FFFD; the key is an unknown field either way.
    path = tmp_path / "service.json"
    path.write_text(
        '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"},'
        ' "spec": {"ports": [{"port": 80}]}, "\\ud800": 1}\n'
    )
    result = lint("-f", str(path), "-o", output)
    crashed = not isinstance(result.exception, SystemExit | None)
    assert not crashed, f"{type(result.exception).__name__}: {str(result.exception)[-120:]}"
    assert result.exit_code == 1
    assert "unknown field" in result.stdout


# --- colours ---------------------------------------------------------------------------


@pytest.mark.usefixtures("terminal")
def test_table_on_a_terminal_is_coloured() -> None:
    # Guards the two tests below: on this fake terminal, colours would show.
    assert "\x1b[" in lint("-f", BROKEN).stdout


@pytest.mark.usefixtures("terminal")
def test_no_color_flag_leaves_no_ansi_escapes() -> None:
    result = lint("-f", BROKEN, "--no-color")
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "7:16: error [yaml-syntax]" in result.stdout


@pytest.mark.usefixtures("terminal")
def test_no_color_environment_leaves_no_ansi_escapes() -> None:
    result = lint("-f", BROKEN, env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    assert "\x1b" not in result.output


def test_machine_output_never_has_ansi_escapes_even_when_forced() -> None:
    result = lint("-f", BROKEN, "-o", "json", env={"FORCE_COLOR": "1"})
    assert "\x1b" not in result.output

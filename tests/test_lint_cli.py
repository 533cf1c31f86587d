"""`ingresslab lint`: exit codes, the JSON/YAML result shape, and colours, through click's
CliRunner."""

from __future__ import annotations

import json
import os
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


# --- inputs with nothing to check: errors, unless --allow-empty -------------------------


def _empty_dir(tmp_path: Path) -> Path:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("not a manifest\n")
    return tmp_path / "empty"


def _dashes(tmp_path: Path) -> Path:
    (tmp_path / "dashes.yaml").write_text("---\n---\n")
    return tmp_path / "dashes.yaml"


def _null(tmp_path: Path) -> Path:
    (tmp_path / "null.yaml").write_text("null\n")
    return tmp_path / "null.yaml"


def _null_json(tmp_path: Path) -> Path:
    (tmp_path / "null.json").write_text("null\n")
    return tmp_path / "null.json"


def _empty_list(tmp_path: Path) -> Path:
    # `kubectl get ingress -A -o yaml` on a cluster without Ingresses
    (tmp_path / "none.yaml").write_text("apiVersion: v1\nitems: []\nkind: List\n")
    return tmp_path / "none.yaml"


def _empty_file(tmp_path: Path) -> Path:
    (tmp_path / "empty.yaml").write_text("")
    return tmp_path / "empty.yaml"


EMPTY_INPUTS = {
    "empty directory": (_empty_dir, "no .yaml, .yml or .json file in this directory"),
    "only ---": (_dashes, "no manifests to read: every document is empty"),
    "only null": (_null, "no manifests to read: every document is empty"),
    "JSON null": (_null_json, "no manifests to read: every document is empty"),
    "empty list": (_empty_list, "no manifests to read: every document is empty"),
    "empty file": (_empty_file, "empty input: no manifests to read"),
}


@pytest.mark.parametrize("case", EMPTY_INPUTS)
def test_input_with_nothing_to_check_is_an_error(tmp_path: Path, case: str) -> None:
    make, message = EMPTY_INPUTS[case]
    path = make(tmp_path)
    result = lint("-f", str(path), "--no-color")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(f"{path}:1:1: error [empty-input] {message}")
    assert result.stdout.splitlines()[-1] == "0 objects checked: 1 errors, 0 warnings"


@pytest.mark.parametrize("case", EMPTY_INPUTS)
def test_allow_empty_makes_it_a_note_and_exit_0(tmp_path: Path, case: str) -> None:
    make, message = EMPTY_INPUTS[case]
    path = make(tmp_path)
    result = lint("-f", str(path), "--allow-empty", "--no-color")
    assert result.exit_code == 0, result.output
    assert f"note: {path}:1:1: {message}" in result.stdout
    assert "(allowed by --allow-empty)" in result.stdout
    assert result.stdout.splitlines()[-1] == "0 objects checked: 0 errors, 0 warnings"


def test_allow_empty_note_goes_to_stderr_with_machine_output(tmp_path: Path) -> None:
    result = lint("-f", str(_null(tmp_path)), "--allow-empty", "-o", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "objects": 0,
        "problems": [],
        "summary": {"errors": 0, "warnings": 0},
    }
    assert "null.yaml:1:1: no manifests to read" in result.stderr


def test_broken_symlink_in_a_directory_is_named_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "manifests"
    folder.mkdir()
    (folder / "web.yaml").write_text(Path(CLEAN).read_text())
    (folder / "gone.yaml").symlink_to("deleted.yaml")
    (folder / "notes.txt").symlink_to("deleted.txt")  # not a manifest name: not looked at
    result = lint("-f", str(folder), "--no-color")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{folder / 'gone.yaml'}:1:1: error [skipped-input] a broken symbolic link (to "
        "deleted.yaml, which does not exist): skipped",
        "1 objects checked: 1 errors, 0 warnings",
    ]
    allowed = lint("-f", str(folder), "--allow-empty", "--no-color")
    assert allowed.exit_code == 0
    assert allowed.stdout.splitlines()[-1] == "1 objects checked: 0 errors, 0 warnings"
    assert f"note: {folder / 'gone.yaml'}:1:1: a broken symbolic link" in allowed.stdout


def test_unreadable_sub_directory_is_named_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "manifests"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.yaml").write_text(Path(CLEAN).read_text())
    (folder / "web.yaml").write_text(Path(CLEAN).read_text())
    locked = str(folder / "locked")
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        # chmod 000 does not stop root, which the tests may run as
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    result = lint("-f", str(folder), "--no-color")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{locked}:1:1: error [skipped-input] cannot read this directory (Permission denied): "
        "skipped",
        "1 objects checked: 1 errors, 0 warnings",
    ]
    allowed = lint("-f", str(folder), "--allow-empty", "--no-color")
    assert allowed.exit_code == 0
    assert f"note: {locked}:1:1: cannot read this directory" in allowed.stdout


def test_every_command_that_reads_manifests_takes_allow_empty() -> None:
    commands = [("", main)]
    with_files = []
    while commands:
        name, command = commands.pop()
        if isinstance(command, click.Group):
            commands.extend((f"{name} {n}".strip(), c) for n, c in command.commands.items())
        elif any("-f" in p.opts for p in command.params):
            with_files.append(name)
            options = [o for p in command.params for o in p.opts]
            assert "--allow-empty" in options, name
            assert options.index("--allow-empty") == options.index("-f") + 2, name
    assert len(with_files) >= 8


def test_route_on_an_empty_directory_exits_1_unless_allowed(tmp_path: Path) -> None:
    folder = _empty_dir(tmp_path)
    refused = CliRunner().invoke(main, ["route", "-f", str(folder), "http://a.test/"])
    assert refused.exit_code == 1
    assert f"{folder}:1:1: error: no .yaml, .yml or .json file in this directory" in (
        refused.stderr
    )
    allowed = CliRunner().invoke(
        main, ["route", "-f", str(folder), "--allow-empty", "http://a.test/"]
    )
    assert allowed.exit_code == 0
    assert "(allowed by --allow-empty)" in allowed.stderr


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

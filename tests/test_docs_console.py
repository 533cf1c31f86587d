"""Every `$ ingresslab ...` line in a ```console block of the docs runs, and its output is
the lines that follow it in the block (until the next `$` line or the end of the block).

Run with INGRESSLAB_UPDATE_DOCS=1 to rewrite the expected output from the real one.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingresslab._cli import main

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^(?P<indent> *)```console\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S)


@dataclass(frozen=True)
class Command:
    page: Path
    line: str
    expected: str
    exit_code: int
    indent: str = ""


def _commands() -> list[Command]:
    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for fence in _FENCE.finditer(page.read_text()):
            indent = len(fence["indent"])
            lines = [line[indent:] for line in fence["body"].splitlines()]
            for i, line in enumerate(lines):
                if not line.startswith("$ ingresslab "):
                    continue
                out = []
                for following in lines[i + 1 :]:
                    if following.startswith("$ "):
                        break
                    out.append(following)
                code = re.search(r"# exit (\d+)$", line)
                expected = "\n".join(line.rstrip() for line in out).rstrip()
                found.append(
                    Command(page, line, expected, int(code[1]) if code else 0, fence["indent"])
                )
    return found


COMMANDS = _commands()


def test_the_docs_show_cli_sessions() -> None:
    assert len(COMMANDS) >= 44, "console blocks with `$ ingresslab` lines went missing"


@pytest.mark.parametrize(
    "command", COMMANDS, ids=[f"{c.page.relative_to(ROOT)}:{c.line[2:40]}" for c in COMMANDS]
)
def test_cli_output_in_docs_is_real(command: Command, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    argv = shlex.split(re.sub(r"\s*# exit \d+$", "", command.line[2:]))[1:]
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    # Tables pad their lines with spaces; pages do not keep trailing spaces.
    actual = "\n".join(line.rstrip() for line in result.output.rstrip().splitlines())
    if os.environ.get("INGRESSLAB_UPDATE_DOCS") == "1" and actual != command.expected:
        _rewrite(command, actual)
        return
    assert actual == command.expected
    assert result.exit_code == command.exit_code


def _rewrite(command: Command, actual: str) -> None:
    """Put `actual` after the command's own line (a whole line, with the fence's indent)."""
    lines = command.page.read_text().split("\n")
    start = lines.index(command.indent + command.line)
    end = start + 1
    while end < len(lines) and not lines[end].lstrip().startswith(("$ ", "```")):
        end += 1
    output = [command.indent + line if line else "" for line in actual.split("\n")]
    lines[start + 1 : end] = output if actual else []
    command.page.write_text("\n".join(lines))

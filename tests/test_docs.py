"""Every ```py block in the docs (all languages) and in src/ docstrings is linted and run.

Printed output must match the ``#>`` lines under each ``print``; ``pytest --update-examples``
rewrites them from the real output. A block opts out with ```py test="skip" (use sparingly).
Run from the repository root: examples open files such as ``examples/some-ingress.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

REPO_ROOT = Path(__file__).resolve().parent.parent
# pytest-examples silently ignores ~~~ and 4-backtick fences (CONTRIBUTING.md, trap 6): raise this
# floor whenever pages gain examples, so a block that stops being found fails the suite.
MIN_EXAMPLES = 232


def _sources() -> list[Path]:
    # Markdown pages only: docs/notebooks is a symlink to jupytext notebooks, tested with nbmake.
    pages = sorted(p for p in (REPO_ROOT / "docs").rglob("*.md") if "notebooks" not in p.parts)
    return [*pages, REPO_ROOT / "src"]


def _examples() -> list[CodeExample]:
    # `pycon` fences start with "py" too but are console transcripts, not programs.
    return [e for e in find_examples(*_sources()) if not e.prefix.startswith("pycon")]


def test_enough_examples_are_found() -> None:
    assert len(_examples()) >= MIN_EXAMPLES


@pytest.mark.parametrize("example", _examples(), ids=str)
def test_docs_example(example: CodeExample, eval_example: EvalExample) -> None:
    if example.prefix_settings().get("test") == "skip":
        pytest.skip('test="skip" on the fence line')
    eval_example.set_config(
        line_length=100,
        ruff_line_length=100,
        quotes="double",
        target_version="py311",
        upgrade=True,
        isort=True,
    )
    if eval_example.update_examples:
        eval_example.format(example)
        _run_reporting_plainly(eval_example.run_print_update, example)
    else:
        eval_example.lint(example)
        _run_reporting_plainly(eval_example.run_print_check, example)


def _run_reporting_plainly(run: Callable[[CodeExample], object], example: CodeExample) -> None:
    # pytest-examples points a raising example's traceback at the Markdown file by rebuilding code
    # objects; on Python 3.11 their line table makes the traceback module raise StopIteration and
    # pytest stops with INTERNALERROR. Report the error and its page line as a plain failure.
    try:
        run(example)
    except pytest.fail.Exception:
        raise
    except Exception as exc:
        where = f"{example.path.relative_to(REPO_ROOT)}:{_last_line(exc.__traceback__)}"
        message = f"{where}: {type(exc).__name__}: {exc}"
    else:
        return
    pytest.fail(message, pytrace=False)


def _last_line(tb: TracebackType | None) -> int | None:
    line = None
    while tb is not None:
        line, tb = tb.tb_lineno, tb.tb_next
    return line

"""Every jupytext notebook in notebooks/ runs top to bottom under nbmake without an error.

Notebooks are stored as jupytext percent scripts (they review better). nbmake runs ``.ipynb``
files in their own directory, so each test converts one notebook into a temporary mirror of the
repository, where ``../examples/some-ingress.yaml`` resolves as it does for a reader.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbmake.nb_result import NotebookResult
from nbmake.nb_run import NotebookRun

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.py"))
# Raise this floor as notebooks are added, so a notebook that stops being found fails the suite.
MIN_NOTEBOOKS = 12
CELL_TIMEOUT_SECONDS = 120


def _run_notebook(script: Path, workdir: Path) -> NotebookResult:
    for entry in REPO_ROOT.iterdir():
        if entry.name not in {"notebooks", ".git", ".venv"}:
            (workdir / entry.name).symlink_to(entry)
    (workdir / "notebooks").mkdir()
    notebook_path = workdir / "notebooks" / f"{script.stem}.ipynb"
    nbformat.write(jupytext.read(script), notebook_path)
    return NotebookRun(notebook_path, CELL_TIMEOUT_SECONDS).execute()


def test_enough_notebooks_are_found() -> None:
    assert len(NOTEBOOKS) >= MIN_NOTEBOOKS


@pytest.mark.parametrize("script", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_error(script: Path, tmp_path: Path) -> None:
    # nbmake honours a notebook's own allow_errors, which would let a raising cell pass.
    assert "allow_errors" not in jupytext.read(script).metadata.get("execution", {})
    result = _run_notebook(script, tmp_path)
    assert result.error is None, f"{result.error.summary}\n{result.error.trace}"


def test_a_raising_cell_fails_the_notebook(tmp_path: Path) -> None:
    script = tmp_path / "raising.py"
    script.write_text('# %%\nprint("before")\n\n# %%\nraise RuntimeError("boom")\n')
    workdir = tmp_path / "repo"
    workdir.mkdir()
    result = _run_notebook(script, workdir)
    assert result.error is not None
    assert result.error.failing_cell_index == 1

"""The Python half of the labs on the site: a notebook page's cells, run in the reader's browser.

docs/assets/javascripts/labs.js loads this file into the Pyodide interpreter that run.js
starts. Each notebook page gets one `Session`: one namespace its cells share, as a Jupyter
kernel's would, and the notebook's own directory as the working directory, so that
`ingresslab.load("../examples/shop.yaml")` works as it does under `make test` (mkdocs-jupyter
runs notebooks there too, CONTRIBUTING.md, trap 10). `Session.run` runs one cell: what it
writes to stdout and stderr goes back to JavaScript as it is written; the value of a last bare
expression is shown as Jupyter shows it (its repr); an exception stops the cell, its traceback
(without this file's frames) goes to stderr, and the cell reports it.

A cell that checks an exercise is one with an `assert` statement: `Session.run` says so
(`checks`), so the page can show pass or fail. Plain CPython runs this file too
(tests/test_playground_logic.py).
"""

from __future__ import annotations

import ast
import contextlib
import linecache
import os
import sys
import traceback
import types
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["Session", "has_assert", "is_exercise_check"]

Emit = Callable[[str, str], object]


class _Stream:
    """A text stream that hands every write to `emit(name, text)`."""

    def __init__(self, emit: Emit, name: str) -> None:
        self._emit, self._name = emit, name

    def write(self, text: str) -> int:
        if text:
            self._emit(self._name, text)
        return len(text)

    def writelines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def has_assert(source: str) -> bool:
    """Whether the cell holds an `assert` statement (False when it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Assert) for node in ast.walk(tree))


def is_exercise_check(source: str, *, after_exercise: bool, tagged: bool = False) -> bool:
    """Whether a cell checks an exercise: tagged so in the notebook (`# %% tags=["check"]`),
    or holding an `assert` after an exercise's text."""
    return tagged or (after_exercise and has_assert(source))


class Session:
    """One notebook page's namespace and working directory."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.count = 0
        self.namespace: dict[str, Any] = {}
        self.reset()

    def reset(self) -> None:
        """A new namespace, as a restarted kernel has."""
        main = types.ModuleType("__main__")
        self.namespace = main.__dict__
        self._module = main
        self.count = 0

    def run(self, source: str, emit: Emit) -> dict[str, Any]:
        """Run one cell. The result: `ok`, `error` ("ExceptionType: message" or None),
        `count` (the cell's execution count) and `checks` (it holds an assert)."""
        self.count += 1
        name = f"<cell {self.count}>"
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        out, err = _Stream(emit, "stdout"), _Stream(emit, "stderr")
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = self._module
        os.makedirs(self.directory, exist_ok=True)
        os.chdir(self.directory)
        result: dict[str, Any] = {
            "ok": True,
            "error": None,
            "count": self.count,
            "checks": has_assert(source),
        }
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    self._execute(source, name, out)
                except BaseException as error:  # SystemExit and KeyboardInterrupt too
                    err.write(_traceback(error))
                    result["ok"] = False
                    # The last line ("SyntaxError: invalid syntax" after the source line).
                    lines = "".join(traceback.format_exception_only(error)).strip()
                    result["error"] = lines.splitlines()[-1]
        finally:
            if saved is not None:
                sys.modules["__main__"] = saved
        return result

    def _execute(self, source: str, name: str, out: _Stream) -> None:
        tree = ast.parse(source, name)
        last = tree.body[-1] if tree.body else None
        if isinstance(last, ast.Expr):
            # Jupyter shows the value of a last bare expression (not None) as its repr.
            body = ast.Module(body=tree.body[:-1], type_ignores=[])
            exec(compile(body, name, "exec"), self.namespace)
            value = eval(compile(ast.Expression(last.value), name, "eval"), self.namespace)
            if value is not None:
                self.namespace["_"] = value
                out.write(repr(value) + "\n")
        else:
            exec(compile(tree, name, "exec"), self.namespace)


def _traceback(error: BaseException) -> str:
    """The traceback from the cell's own code on (this file's frames left out)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))

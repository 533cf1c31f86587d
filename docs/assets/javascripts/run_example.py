"""The Python half of the Run buttons: runs one example inside Pyodide, in the reader's browser.

run.js loads this file into the interpreter once per page session and calls `run()` for every
Run. An example is one or more code parts (the segments hooks/example_output.py splits it into
around its printed output); they run in order, in one namespace that is new for every Run, so
examples stay as independent as they are under pytest. What each part writes to stdout and
stderr goes back to JavaScript part by part; an exception stops the run and its traceback,
without this file's frames, goes to stderr. The working directory is the one that holds
`examples/`, as it is for tests/test_docs.py.

Plain CPython runs it too (tests/test_run_in_browser.py does); it imports nothing from Pyodide.
"""

from __future__ import annotations

import contextlib
import importlib
import linecache
import os
import sys
import traceback
import types
from collections.abc import Callable, Sequence

Emit = Callable[[int, str, str], object]


class _Stream:
    """A text stream that hands every write to `emit(part, name, text)`."""

    def __init__(self, emit: Emit, part: int, name: str) -> None:
        self._emit, self._part, self._name = emit, part, name

    def write(self, text: str) -> int:
        if text:
            self._emit(self._part, self._name, text)
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


def setup(home: str) -> None:
    """Call once after the wheels and `examples/` are unpacked: new files become importable."""
    global _home
    _home = home
    importlib.invalidate_caches()


_home = os.getcwd()


def _filename(part: int, parts: int) -> str:
    return "<example>" if parts == 1 else f"<example, part {part + 1}>"


def run(parts: Sequence[str], emit: Emit) -> tuple[int, str] | None:
    """Run the code parts in order in a new `__main__`; None when all ran, else (the index of
    the part that raised, "ExceptionType: message")."""
    main = types.ModuleType("__main__")
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = main
    os.chdir(_home)
    try:
        for index, source in enumerate(parts):
            name = _filename(index, len(parts))
            # The traceback module reads the source of each frame from linecache.
            linecache.cache[name] = (len(source), None, source.splitlines(True), name)
            out, err = _Stream(emit, index, "stdout"), _Stream(emit, index, "stderr")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    exec(compile(source, name, "exec"), main.__dict__)
                except BaseException as error:  # SystemExit and KeyboardInterrupt too
                    err.write(_traceback(error))
                    return index, "".join(traceback.format_exception_only(error)).strip()
        return None
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved


def _traceback(error: BaseException) -> str:
    """The traceback from the example's own code on (this file's frames left out)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))

"""Pausing Python's cyclic garbage collector while a large structure is built.

Building an index of 100,000 rules allocates hundreds of thousands of objects that all stay
alive; each allocation threshold crossed starts a collection that walks them again, which more
than doubled build and load times (measured with `make bench`). Nothing built here forms cycles
that need collecting before the build ends. This module knows nothing about what is built.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic collection inside the block; the caller's setting is restored after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

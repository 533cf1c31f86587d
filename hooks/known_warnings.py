"""Silence the one known-harmless warning of this docs stack (CONTRIBUTING.md, trap 2).

mkdocs-static-i18n warns that Material's contextual language switch does not work with
``navigation.instant``. Measured: switching language still works with instant navigation, and
the warning would make every ``mkdocs build --strict`` fail. Only that exact message is dropped.
"""

from __future__ import annotations

import logging

_LOGGER = "mkdocs.plugins.mkdocs_static_i18n.reconfigure"
_MESSAGE = "is not compatible with theme.features = navigation.instant"


class _DropInstantNavigationWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return _MESSAGE not in record.getMessage()


def on_startup(**kwargs: object) -> None:
    logger = logging.getLogger(_LOGGER)
    # `mkdocs serve` re-imports hooks on every rebuild, so compare by name, not by class.
    if not any(type(f).__name__ == _DropInstantNavigationWarning.__name__ for f in logger.filters):
        logger.addFilter(_DropInstantNavigationWarning())

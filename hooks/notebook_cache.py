"""Keep mkdocs-jupyter's notebook cache across the language builds (CONTRIBUTING.md, trap 13).

mkdocs-static-i18n builds the site once per language: the first language is MkDocs' own build,
and the i18n plugin's ``on_post_build`` (priority -100) builds each other language with a nested
``build()``. mkdocs-jupyter starts a new set of used cache entries in every ``on_pre_build`` and,
in every ``on_post_build`` (priority 0), deletes each entry the set does not hold. So the English
build deleted the Korean entries, the Korean build the English ones, and every rebuild of
``make serve`` rendered all notebooks again.

This hook gives mkdocs-jupyter one set of used entries for all the languages of a site build,
and runs mkdocs-jupyter's eviction once, after the last language. Entries stay keyed by
mkdocs-jupyter itself (notebook content, ``execute`` and the rendering options), so an edited
notebook is rendered again. An executed notebook is never cached: its output depends on
``src/`` and ``examples/``, which the key ignores (CONTRIBUTING.md, trap 4).

Written against mkdocs-jupyter 0.26.3 (its ``_used_cache_paths``) and mkdocs-static-i18n 1.3.1
(its ``building`` flag); ``tests/test_notebook_cache.py`` fails if a new version changes them.

To time a rebuild, run ``make serve``, wait for the first build, touch a page (``touch
docs/reference/glossary.md``) and read "Documentation built in N seconds" in the log, where
mkdocs-jupyter also says "Cache hit" or "Converting notebook" for each notebook page.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.notebook_cache")

# The cache entries used by the languages built so far in this site build.
_used: set[Path] = set()


def _building_other_languages(config: MkDocsConfig) -> bool:
    """True inside the i18n plugin's nested build() of a language other than the first."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def on_config(config: MkDocsConfig) -> None:
    # Runs again for every language's build(); each step is idempotent.
    jupyter: Any = config.plugins["mkdocs-jupyter"]
    if jupyter.config["execute"] and jupyter.config["cache"]:
        log.info("Notebooks are executed: the notebook cache is off for this build")
        jupyter.config["cache"] = False
    # on_post_build below runs mkdocs-jupyter's eviction once all languages are built.
    handlers = config.plugins.events["post_build"]
    if jupyter.on_post_build in handlers:
        handlers.remove(jupyter.on_post_build)


@event_priority(-10)  # after mkdocs-jupyter's on_pre_build, which starts an empty set
def on_pre_build(config: MkDocsConfig) -> None:
    global _used
    jupyter: Any = config.plugins["mkdocs-jupyter"]
    if not _building_other_languages(config):  # the first language: a new site build
        _used = set()
    jupyter._used_cache_paths = _used


@event_priority(-150)  # after mkdocs-static-i18n's on_post_build has built the other languages
def on_post_build(config: MkDocsConfig) -> None:
    if not _building_other_languages(config):
        jupyter: Any = config.plugins["mkdocs-jupyter"]
        jupyter._used_cache_paths = _used
        jupyter.on_post_build(config)

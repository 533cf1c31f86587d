"""Work that a rebuild need not repeat (CONTRIBUTING.md, trap 13).

mkdocs-static-i18n builds the site once per language, and every MkDocs build starts from new
plugin objects, so each ``make serve`` rebuild did twice what one build needs:

- **Compiling Jinja templates** (Material's, and mkdocstrings' for the Python API page): about
  0.5 s. Each environment gets a Jinja bytecode cache, which keeps the compiled code under the
  template's name and path and checks it against a checksum of the template's source, so an
  edited template (``overrides/``) is compiled again. One cache per kind of environment, since
  compiled code also depends on the environment's settings. The caches live in memory: MkDocs
  1.6 imports a hook once per process, so they last a whole ``mkdocs serve`` session.
- **Loading ``src/`` with griffe** for the Python API page: about 0.45 s. The second language's
  mkdocstrings handler takes the modules the first language's handler loaded in the same site
  build, from the same sources. Every site build (every rebuild) loads them afresh.

Neither changes a byte of the built site. The griffe part uses attributes that mkdocstrings-python
2.0 keeps private, and does nothing if they are gone.
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


class _MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # left empty if the source's checksum differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_THEME_TEMPLATES = _MemoryBytecodeCache()
_MKDOCSTRINGS_TEMPLATES = _MemoryBytecodeCache()
_GRIFFE_COLLECTIONS = ("_modules_collection", "_lines_collection")
# The python handler's griffe collections in the first language of the current site build.
_loaded: dict[str, Any] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    # mkdocstrings renders while MkDocs reads the pages, before on_env.
    mkdocstrings: Any = config.plugins.get("mkdocstrings")
    if mkdocstrings is None:
        return
    handler = mkdocstrings.get_handler("python")
    handler.env.bytecode_cache = _MKDOCSTRINGS_TEMPLATES
    if not all(hasattr(handler, name) for name in _GRIFFE_COLLECTIONS):
        return
    if getattr(config.plugins.get("i18n"), "building", False) and _loaded:
        for name, collection in _loaded.items():  # another language of the same site build
            setattr(handler, name, collection)
    else:
        _loaded.clear()
        _loaded.update((name, getattr(handler, name)) for name in _GRIFFE_COLLECTIONS)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _THEME_TEMPLATES
    return env

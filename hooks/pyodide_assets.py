"""Python in the reader's browser: the files the Run buttons need, in the built site.

`docs/assets/javascripts/run.js` runs a page's examples with Pyodide, the CPython interpreter
compiled to WebAssembly. Three kinds of files make that work, all served by the site itself
(CONTRIBUTING.md, "Python in the browser"):

- **The runtime**, vendored by `make vendor` (pinned in the Makefile, not in git):
  `docs/assets/vendor/pyodide/` (the interpreter and its standard library, from the npm
  registry) and `docs/assets/vendor/wheels/` (PyYAML built as a pure-Python wheel: PyPI has
  no WebAssembly wheel of it). A build without them fails here, with the command to run.
- **The project's own wheel**, built from `src/` by this hook at every site build, so the
  browser runs exactly the code the tests ran. It is written as a zip directly (pip would take
  seconds per rebuild) and kept in memory while `src/` is unchanged.
- **The files examples read**: `examples/` as a zip, unpacked in the browser under a working
  directory where `ingresslab.load("examples/some-ingress.yaml")` works as it does in the tests.

They go to `assets/run/` with `manifest.json`, which names each file with a digest of its
content so a browser never runs a stale copy. Nothing is loaded before the first Run.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.pyodide_assets")

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "docs" / "assets" / "vendor" / "pyodide"
WHEELS_DIR = ROOT / "docs" / "assets" / "vendor" / "wheels"
#: The Python half of the Run buttons, served as it is (run.js loads it into the interpreter).
RUNNER = ROOT / "docs" / "assets" / "javascripts" / "run_example.py"
#: What run.js loads from the vendored Pyodide; `make vendor` copies exactly these.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: The runtime dependencies the examples import (click and rich only serve the command line).
RUNTIME_WHEELS = ("pyyaml",)
OUT_DIR = "assets/run"
#: One fixed timestamp for every zip entry: the same sources give the same bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)


class MissingRuntime(PluginError):
    """The vendored Pyodide runtime is not there: `make vendor` fetches it."""


def missing_runtime() -> list[str]:
    """The vendored files the Run buttons need and that are missing, as repository paths."""
    missing = [f for f in PYODIDE_FILES if not (PYODIDE_DIR / f).is_file()]
    out = [str((PYODIDE_DIR / f).relative_to(ROOT)) for f in missing]
    for name in RUNTIME_WHEELS:
        if not list(WHEELS_DIR.glob(f"{name}-*-py3-none-any.whl")):
            out.append(f"{WHEELS_DIR.relative_to(ROOT)}/{name}-*-py3-none-any.whl")
    return out


def _files(top: Path) -> list[Path]:
    return sorted(
        p
        for p in top.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"sha256={digest.decode()}"


def build_wheel(root: Path = ROOT) -> tuple[str, bytes]:
    """The project's wheel built from `src/` (file name, bytes): pure Python, no dependencies
    installed with it (the runtime wheels are loaded next to it)."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    name, version = project["name"], project["version"]
    package = root / "src" / name
    entries = [
        (f"{name}/{p.relative_to(package).as_posix()}", p.read_bytes()) for p in _files(package)
    ]
    dist_info = f"{name}-{version}.dist-info"
    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        f"Version: {version}",
        f"Summary: {project.get('description', '')}",
        f"Requires-Python: {project.get('requires-python', '')}",
        *(f"Requires-Dist: {d}" for d in project.get("dependencies", [])),
    ]
    wheel = [
        "Wheel-Version: 1.0",
        "Generator: ingresslab hooks/pyodide_assets.py",
        "Root-Is-Purelib: true",
        "Tag: py3-none-any",
    ]
    entries += [
        (f"{dist_info}/METADATA", ("\n".join(metadata) + "\n").encode()),
        (f"{dist_info}/WHEEL", ("\n".join(wheel) + "\n").encode()),
    ]
    record = [f"{path},{_record_hash(data)},{len(data)}" for path, data in entries]
    record.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record) + "\n").encode()))
    return f"{name}-{version}-py3-none-any.whl", _zip(entries)


def build_examples(root: Path = ROOT) -> bytes:
    """`examples/` as a zip whose entries start with `examples/`."""
    top = root / "examples"
    return _zip([(p.relative_to(root).as_posix(), p.read_bytes()) for p in _files(top)])


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    paths = [root / "pyproject.toml", RUNNER, *_files(root / "src"), *_files(root / "examples")]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


# The last build's files, while src/, examples/ and pyproject.toml are unchanged: `mkdocs
# serve` imports a hook once per session, so a rebuild after editing a page zips nothing.
_cache: dict[str, Any] = {}


def site_files(root: Path = ROOT) -> dict[str, bytes]:
    """What goes to `assets/run/` (name → bytes), `manifest.json` included."""
    fingerprint = _fingerprint(root)
    if _cache.get("fingerprint") == fingerprint:
        files: dict[str, bytes] = _cache["files"]
        return files
    wheel_name, wheel = build_wheel(root)
    examples = build_examples(root)

    def versioned(url: str, data: bytes) -> str:
        return f"{url}?v={hashlib.sha256(data).hexdigest()[:12]}"

    runtime = [
        f"../vendor/wheels/{p.name}"
        for name in RUNTIME_WHEELS
        for p in sorted(WHEELS_DIR.glob(f"{name}-*-py3-none-any.whl"))
    ]
    manifest = {
        # Every URL is relative to this file; run.js finds Pyodide at ../vendor/pyodide/.
        "wheels": [*runtime, versioned(wheel_name, wheel)],
        "examples": versioned("examples.zip", examples),
        "runner": versioned("../javascripts/run_example.py", RUNNER.read_bytes()),
    }
    files = {
        wheel_name: wheel,
        "examples.zip": examples,
        "manifest.json": (json.dumps(manifest, indent=2) + "\n").encode(),
    }
    _cache.update(fingerprint=fingerprint, files=files)
    return files


def on_config(config: MkDocsConfig) -> None:
    missing = missing_runtime()
    if missing:
        raise MissingRuntime(
            "The Pyodide runtime for the Run buttons is missing ("
            + ", ".join(missing)
            + "). Run `make vendor` (make serve, make test and make publish do it on a fresh"
            " clone)."
        )


def on_post_build(config: MkDocsConfig) -> None:
    if getattr(config.plugins.get("i18n"), "building", False):
        return  # every language shares the site root's assets/
    out = Path(config.site_dir) / OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    for name, data in site_files().items():
        target = out / name
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)

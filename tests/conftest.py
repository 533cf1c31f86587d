"""Shared test fixtures: required system binaries, and the built site served on 127.0.0.1.

The site fixtures build with notebook execution on and the notebook cache off, so a page always
shows what the current core prints. They know nothing about what the pages contain.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PACKAGES = "nginx chromium fonts-noto-cjk"

# nginx lives in /usr/sbin, which is not on every user's PATH.
_SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])


def require_binary(name: str) -> str:
    """Return the path of a system binary the test needs.

    When it is missing, the test fails under ``CI=true`` (CI must run everything) and is
    skipped elsewhere.
    """
    found = shutil.which(name, path=_SEARCH_PATH)
    if found is not None:
        return found
    message = (
        f"{name} not found: install the Debian packages {SYSTEM_PACKAGES} (bash .ci/run does this)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    # Debian's chromium, not a Playwright download: tests stay offline (CONTRIBUTING.md, trap 8).
    return require_binary("/usr/bin/chromium")


@pytest.fixture(scope="session")
def nginx_executable() -> str:
    return require_binary("nginx")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory ``mkdocs build --strict`` wrote the site to, with every notebook executed."""
    site_dir = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "INGRESSLAB_EXECUTE_NOTEBOOKS": "true",
        "INGRESSLAB_NOTEBOOK_CACHE": "false",
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    proc = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}{proc.stderr}", pytrace=False)
    return site_dir


class _QuietHandler(SimpleHTTPRequestHandler):
    # The types a static host must send for Pyodide (README.md, "Run in the browser"): a module
    # script needs a JavaScript type, and WebAssembly.instantiateStreaming needs
    # application/wasm. Fixed here, not read from the machine's /etc/mime.types.
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in ``/``) of the built site, served on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# Without the background-networking flags chromium contacts outside hosts (CONTRIBUTING.md, trap 8).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    """Debian's chromium, driven by Playwright (never a browser Playwright downloads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()

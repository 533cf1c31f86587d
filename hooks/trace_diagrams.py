"""Diagrams drawn by the model, at build time, so they cannot drift from it.

A page writes a marker line

    <!-- ingresslab-trace: examples/shop.yaml nlb-nginx http://shop.example.com/api -->

and the build replaces it with the Mermaid sequence diagram of that trace (`ingresslab trace
-o mermaid`). A marker naming a missing file, a bad URL or an unknown architecture fails the
build: the page would otherwise show a stale or empty diagram.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import ingresslab
from ingresslab._tools.trace import trace

_MARKER = re.compile(r"^<!-- ingresslab-trace: (?P<args>.+?) -->$", re.M)


def _diagram(match: re.Match[str], root: Path) -> str:
    manifest, architecture, url = shlex.split(match["args"])
    manifests = ingresslab.load(root / manifest)
    if manifests.errors:
        raise ValueError(f"{manifest}: {manifests.errors[0].message}")
    return "```mermaid\n" + trace(manifests, url, architecture).mermaid() + "\n```"


def on_page_markdown(markdown: str, config: Any, **kwargs: Any) -> str:
    root = Path(config["config_file_path"]).resolve().parent
    return _MARKER.sub(lambda m: _diagram(m, root), markdown)

"""Diagrams drawn by the model, at build time, so they cannot drift from it.

A page writes a marker line; the build replaces it with a picture of that trace:

    <!-- ingresslab-map: examples/shop.yaml nlb-nginx http://shop.example.com/api -->

draws the architecture map (src/ingresslab/_tools/trace_map.py): the hops left to right
inside the Internet, VPC and EKS cluster boundaries, the box that routes by host and path
highlighted, the source address each hop sees on the arrows, and the hops as a list under it.
Several architectures, comma-separated, give one map each; the option `compact` draws them in
one narrow figure, side by side and top to bottom, that fits a phone:

    <!-- ingresslab-map: examples/shop.yaml alb-ip,nlb-nginx http://shop.example.com/ compact -->

Labels are Korean on a Korean page (`x.ko.md`), English elsewhere.

The older marker `<!-- ingresslab-trace: ... -->` drew a Mermaid sequence diagram, which shrinks
to the column (its text about 4 px tall on a phone): it now fails the build and names the map
marker to use instead. `ingresslab trace -o mermaid` still prints Mermaid for other sites.

A marker naming a missing file, an unknown architecture or option, or a bad URL fails the
build: the page would otherwise show a stale or empty diagram.
"""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

import ingresslab
from ingresslab._result import Request
from ingresslab._tools.trace import ARCHITECTURES, Trace, trace
from ingresslab._tools.trace_map import render_compact, render_figure

_TRACE = re.compile(r"^<!-- ingresslab-trace: (?P<args>.+?) -->$", re.M)
_MAP = re.compile(r"^<!-- ingresslab-map: (?P<args>.+?) -->$", re.M)
_OPTIONS = ("compact",)


class MarkerError(PluginError):
    """A marker the build cannot draw; the message names the page and the marker."""


def _traces(args: str, root: Path, *, several: bool) -> tuple[list[Trace], list[str]]:
    """The traces a marker asks for, and the options after its URL."""
    try:
        words = shlex.split(args)
    except ValueError as error:
        raise ValueError(f"cannot read the marker's arguments: {error}") from None
    if len(words) < 3:
        raise ValueError("want FILE ARCHITECTURE URL")
    manifest, architectures, url, *options = words
    path = root / manifest
    if not path.is_file():
        raise ValueError(f"no such file: {manifest}")
    names = architectures.split(",") if several else [architectures]
    unknown = [name for name in names if name not in ARCHITECTURES]
    if unknown:
        raise ValueError(
            f"unknown architecture {', '.join(map(repr, unknown))}: use {', '.join(ARCHITECTURES)}"
        )
    request = Request.from_url(url)  # raises on a relative URL or another scheme
    if not request.host:
        raise ValueError(f"the URL {url!r} names no host")
    manifests = ingresslab.load(path)
    if manifests.errors:
        raise ValueError(f"{manifest}: {manifests.errors[0].message}")
    return [trace(manifests, request, name) for name in names], options


def _retired(match: re.Match[str]) -> str:
    raise ValueError(
        "ingresslab-trace drew a Mermaid diagram, unreadable on a phone: write "
        f"<!-- ingresslab-map: {match['args']} --> instead"
    )


def _map(match: re.Match[str], root: Path, lang: str, number: int) -> str:
    traces, options = _traces(match["args"], root, several=True)
    wrong = [option for option in options if option not in _OPTIONS]
    if wrong:
        raise ValueError(f"unknown option {' '.join(wrong)}: use {', '.join(_OPTIONS)}")
    prefix = f"trace-map-{number}"
    if "compact" in options:
        return render_compact(traces, lang, id_prefix=prefix)
    return "\n".join(
        render_figure(traced, lang, id_prefix=f"{prefix}-{n}") for n, traced in enumerate(traces)
    )


def _replace(
    pattern: re.Pattern[str], markdown: str, page: str, draw: Callable[[re.Match[str]], str]
) -> str:
    def one(match: re.Match[str]) -> str:
        try:
            return draw(match)
        except (ValueError, OSError) as error:
            raise MarkerError(f"{page}: {match[0].strip()}: {error}") from error

    return pattern.sub(one, markdown)


def on_page_markdown(markdown: str, page: Any, config: Any, **kwargs: Any) -> str:
    root = Path(config["config_file_path"]).resolve().parent
    source = str(page.file.src_uri)
    # The suffix is what mkdocs-static-i18n reads a page's language from (docs_structure:
    # suffix); an English page shown as the Korean fallback keeps English labels.
    lang = "ko" if source.endswith(".ko.md") else "en"
    markdown = _replace(_TRACE, markdown, source, _retired)
    counter = itertools.count()
    # A raw HTML block must stand alone, between blank lines, for Markdown to leave it be.
    return _replace(
        _MAP, markdown, source, lambda m: "\n" + _map(m, root, lang, next(counter)) + "\n"
    )

"""The CLI reference, generated from the CLI's own definitions at build time.

A page writes the marker line `<!-- ingresslab-cli-reference -->`; the build replaces it with
one section per command holding that command's `--help`, so the page cannot drift from the
code.
"""

from __future__ import annotations

import os
from typing import Any

import click

from ingresslab._cli import main

_MARKER = "<!-- ingresslab-cli-reference -->"


def _commands(
    group: click.Group, ctx: click.Context, prefix: str
) -> list[tuple[str, click.Context]]:
    found = []
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        if command is None:
            continue
        sub = click.Context(command, info_name=name, parent=ctx, max_content_width=100)
        found.append((f"{prefix} {name}", sub))
        if isinstance(command, click.Group):
            found += _commands(command, sub, f"{prefix} {name}")
    return found


def reference() -> str:
    os.environ.setdefault("COLUMNS", "100")
    root = click.Context(main, info_name="ingresslab", max_content_width=100)
    parts = ["```text", root.get_help(), "```"]
    for path, ctx in _commands(main, root, "ingresslab"):
        parts += ["", f"## `{path}`", "", "```text", ctx.get_help(), "```"]
    return "\n".join(parts)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return markdown.replace(_MARKER, reference()) if _MARKER in markdown else markdown

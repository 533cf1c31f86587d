"""Printed output renders as output, not as code.

The pages store what each example prints right under its `print` (tests/test_docs.py checks
and rewrites it): as `#> ` lines, or as a bare triple-quoted string when the output spans
several lines. In the source that keeps the example honest; on the page it would read as code.
At build time this hook splits each Python block after every top-level stored output and shows
the output in a block of its own (class `result`, styled in layout.css), so a reader sees
code, then what it printed, then the rest of the code. Output stored inside an indented block
(a loop, a function) stays where it is: splitting there would break the code.
"""

from __future__ import annotations

import ast
import re
from typing import Any

_FENCE = re.compile(
    r"^(?P<indent>[ ]*)(?P<fence>`{3,})(?P<info>py[^\n`]*)\n"
    r"(?P<body>.*?)\n(?P=indent)(?P=fence)[ ]*$",
    re.M | re.S,
)
_TITLE = re.compile(r"""\s*title=("[^"]*"|'[^']*')""")


def _segments(lines: list[str]) -> list[tuple[str, list[str]]] | None:
    """("code" | "result", lines) in page order; None if the block is not Python."""
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return None
    # Lines inside multi-line strings are text, whatever they start with.
    in_string: set[int] = set()
    outputs: dict[int, int] = {}  # first line -> last line (0-based) of a stored output string
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.end_lineno:
            in_string.update(range(node.lineno - 1, node.end_lineno))
    for node in tree.body[1:]:
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and node.end_lineno
            and lines[node.lineno - 1] in ('"""', "'''")
        ):
            outputs[node.lineno - 1] = node.end_lineno - 1
    segments: list[tuple[str, list[str]]] = [("code", [])]
    i = 0
    while i < len(lines):
        if i in outputs:
            segments += [("result", lines[i + 1 : outputs[i]]), ("code", [])]
            i = outputs[i] + 1
            continue
        if lines[i].startswith("#>") and i not in in_string:
            out: list[str] = []
            while i < len(lines) and lines[i].startswith("#>"):
                out.append(lines[i][3:] if lines[i].startswith("#> ") else lines[i][2:])
                i += 1
            segments += [("result", out), ("code", [])]
            continue
        segments[-1][1].append(lines[i])
        i += 1
    return [(kind, body) for kind, body in segments if kind == "result" or _trimmed(body)]


def _trimmed(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def split_outputs(markdown: str) -> str:
    """The page with each Python block's stored output moved into result blocks."""

    def render(match: re.Match[str]) -> str:
        indent, fence, info = match["indent"], match["fence"], match["info"]
        if 'test="skip"' in info or info.startswith("pycon"):
            return match[0]
        lines = [line.removeprefix(indent) for line in match["body"].split("\n")]
        segments = _segments(lines)
        if segments is None or not any(kind == "result" for kind, _ in segments):
            return match[0]
        blocks: list[str] = []
        for n, (kind, body) in enumerate(segments):
            if kind == "code":
                head = info if n == 0 else _TITLE.sub("", info)
                blocks.append("\n".join([fence + head, *_trimmed(body), fence]))
            else:
                blocks.append("\n".join([fence + "{ .text .result }", *body, fence]))
        text = "\n\n".join(blocks)
        return "\n".join(indent + line if line else line for line in text.split("\n"))

    return _FENCE.sub(render, markdown)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return split_outputs(markdown)

"""Printed output renders as output, not as code; each example is tagged for its Run button.

The pages store what each example prints right under its `print` (tests/test_docs.py checks
and rewrites it): as `#> ` lines, or as a bare triple-quoted string when the output spans
several lines. In the source that keeps the example honest; on the page it would read as code.
At build time this hook splits each Python block after every top-level stored output and shows
the output in a block of its own (class `example-output`, styled in layout.css), so a reader sees
code, then what it printed, then the rest of the code. Output stored inside an indented block
(a loop, a function) stays where it is: splitting there would break the code.

Every part of one runnable example, its code segments and its result blocks, also gets the
class `example-N` (N counts the page's runnable examples from 1), written with the attribute
syntax of pymdownx.superfences (```` ```{ .py .example-3 title="a.py" } ````). The Run button
(docs/assets/javascripts/run.js) runs the code segments in order in one namespace and puts each
segment's output into the result block that follows it. Each code segment ends after a
top-level statement, so it compiles on its own. A block with `test="skip"` on its fence line,
a `pycon` transcript and a block that is not valid Python get no Run button.

`examples()` reads the same segments from a page's source, with what each code segment is
expected to print; tests/test_run_in_browser.py compares the browser's output with it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

_FENCE = re.compile(
    r"^(?P<indent>[ ]*)(?P<fence>`{3,})(?P<info>py[^\n`]*)\n"
    r"(?P<body>.*?)\n(?P=indent)(?P=fence)[ ]*$",
    re.M | re.S,
)
_TITLE = re.compile(r"""\s*title=("[^"]*"|'[^']*')""")
_STORED = re.compile(r"^[ ]*#>(?: |$)")


@dataclass(frozen=True)
class Segment:
    """One part of an example: code, or the output stored after it (`result`)."""

    kind: str  # "code" | "result"
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Example:
    """A runnable Python example of a page, as the Run button sees it."""

    number: int  # the N of its `example-N` class
    line: int  # 1-based line of its opening fence in the page source
    segments: tuple[Segment, ...]

    def code(self) -> list[str]:
        """The code segments, in order."""
        return ["\n".join(s.lines) for s in self.segments if s.kind == "code"]

    def expected_output(self) -> list[str]:
        """What each code segment prints, as stored in the page: the `#>` lines left inside
        it (output of an indented `print`) followed by the result block after it."""
        out: list[str] = []
        for n, segment in enumerate(self.segments):
            if segment.kind != "code":
                continue
            printed = [_STORED.sub("", line) for line in segment.lines if _STORED.match(line)]
            after = self.segments[n + 1] if n + 1 < len(self.segments) else None
            if after is not None and after.kind == "result":
                printed += after.lines
            out.append("\n".join(printed))
        return out


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


def _runnable(info: str) -> bool:
    return not ('test="skip"' in info or info.startswith("pycon"))


def _braced(info: str, classes: list[str]) -> str:
    """A fence's info string in attribute form, with more classes: `py title="a"` ->
    `{ .py .example-1 title="a" }`."""
    language, _, options = info.strip().partition(" ")
    return "{ " + " ".join([f".{language}", *classes, *options.split()]) + " }"


def _render(markdown: str, *, tag: bool) -> str:
    count = 0

    def render(match: re.Match[str]) -> str:
        nonlocal count
        indent, fence, info = match["indent"], match["fence"], match["info"]
        if not _runnable(info):
            return match[0]
        lines = [line.removeprefix(indent) for line in match["body"].split("\n")]
        segments = _segments(lines)
        if not segments:
            return match[0]
        has_output = any(kind == "result" for kind, _ in segments)
        if not has_output and not tag:
            return match[0]
        count += 1
        mark = [f".example-{count}"] if tag else []
        blocks: list[str] = []
        for n, (kind, body) in enumerate(segments):
            if kind == "code":
                head = info if n == 0 else _TITLE.sub("", info)
                if tag:
                    head = _braced(head, mark)
                code = _trimmed(body) if has_output else body
                blocks.append("\n".join([fence + head, *code, fence]))
            else:
                result = " ".join([".text", ".example-output", *mark])
                blocks.append("\n".join([fence + "{ " + result + " }", *body, fence]))
        text = "\n".join(
            indent + line if line else line for line in "\n\n".join(blocks).split("\n")
        )
        # Text right under the last block (a list's next item) would be read into a paragraph
        # with it, and the result block with it: keep a blank line between them.
        page, end = match.string, match.end()
        stop = page.find("\n", end + 1)
        if len(blocks) > 1 and page[end + 1 : stop if stop != -1 else None].strip():
            text += "\n"
        return text

    return _FENCE.sub(render, markdown)


def split_outputs(markdown: str) -> str:
    """The page with each Python block's stored output moved into result blocks."""
    return _render(markdown, tag=False)


def tag_examples(markdown: str) -> str:
    """`split_outputs`, with every part of each runnable example tagged `example-N`."""
    return _render(markdown, tag=True)


def examples(markdown: str) -> list[Example]:
    """The runnable examples of a page source, numbered as `tag_examples` numbers them."""
    found: list[Example] = []
    for match in _FENCE.finditer(markdown):
        indent, info = match["indent"], match["info"]
        if not _runnable(info):
            continue
        lines = [line.removeprefix(indent) for line in match["body"].split("\n")]
        segments = _segments(lines)
        if not segments:
            continue
        has_output = any(kind == "result" for kind, _ in segments)
        parts = tuple(
            Segment(kind, tuple(_trimmed(body) if kind == "code" and has_output else body))
            for kind, body in segments
        )
        line = markdown.count("\n", 0, match.start()) + 1
        found.append(Example(len(found) + 1, line, parts))
    return found


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    return tag_examples(markdown)


#: Blocks the search index leaves out (Material skips an element with `data-search-exclude`):
#: what an example or a notebook cell printed is not what a reader searches for. The mark goes
#: on the innermost `div`: Material's parser tells elements apart by tag only, so a nested
#: `div` closing would end the exclusion of its parent.
_PRINTED = re.compile(r'<div(?=[^>]*\bclass="(?:example-output[ "]|[^"]*\bjp-OutputArea-output\b))')
#: A Korean page's code blocks are byte-identical copies of the English page's, which the one
#: shared index (CONTRIBUTING.md, trap 7) already holds.
_CODE = re.compile(r'<div(?=[^>]*\bclass="[^"]*\bhighlight\b)')


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """Keep printed output everywhere, and the copies of code on Korean pages, out of the
    search index: every page loads the index, and it is most of a page's weight."""
    html = _PRINTED.sub("<div data-search-exclude", html)
    if page.url.startswith("ko/"):
        html = _CODE.sub("<div data-search-exclude", html)
    return html

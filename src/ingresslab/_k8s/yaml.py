"""Strict, bounded YAML and JSON decoding that remembers where every value came from.

The Kubernetes API server decodes manifests with sigs.k8s.io/yaml (YAML converted to JSON, then
strict JSON decoding). This module builds the same plain data (dicts, lists, str, int, float,
bool, None) straight from the parser's *event* stream, so that it can, before anything walks the
data:

* refuse duplicate keys (naming both lines), non-string and complex keys;
* bound alias expansion (a "billion laughs" file is refused after a few hundred events, not after
  exhausting memory) and nesting depth (no `RecursionError` can escape a later walk);
* remember the line and column of every key and item, and the source text of every plain scalar
  that YAML 1.1 turned into something other than a string (`no` → False, `1.10` → 1.1), so the
  schema walk can say "quote it".

It knows nothing about Kubernetes kinds, schemas or routing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "Document",
    "Pos",
    "YMap",
    "YSeq",
    "YamlProblem",
    "decode_json",
    "decode_yaml",
]

#: Deepest nesting accepted. Kubernetes objects nest about 15 levels; the limit keeps every later
#: recursive walk far below Python's recursion limit.
MAX_DEPTH = 200
#: Most values one document may expand to through aliases (literal values plus alias copies).
MAX_EXPANDED_NODES = 1_000_000
#: Alias copies may add at most this many times the document's literal values (plus a small
#: allowance), in the spirit of go-yaml's alias-ratio rule: a 500-byte "billion laughs" file is
#: refused after a few hundred events.
_ALIAS_RATIO = 10
_ALIAS_ALLOWANCE = 10_000

_C_LOADER: Any = getattr(yaml, "CSafeLoader", None)


class _PureLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, taught libyaml's tab rules.

    go-yaml (which the API server uses) is a port of libyaml, so libyaml's behaviour is the
    reference: tabs separate tokens in flow context and after a `:` or `-` indicator, and are
    blanks inside plain scalars. PyYAML's pure scanner refuses tabs in both places.
    """

    def _at_document_start(self) -> bool:
        # libyaml skips a byte order mark only where a stream or a document begins.
        before = self.buffer[max(0, self.pointer - 5) : self.pointer - 1]
        return self.index == 1 or before in ("---\n", "...\n")

    def _line_break(self) -> str:
        return str(self.scan_line_break())  # type: ignore[no-untyped-call]

    def scan_to_next_token(self) -> None:
        while True:
            if self.peek() == "\ufeff" and self.column == 0:
                self.forward()
                if not self._at_document_start():
                    # libyaml reads a BOM elsewhere at a line start as a stray character.
                    raise yaml.scanner.ScannerError(
                        None, None, "did not find expected key", self.get_mark()
                    )
            while self.peek() == " " or (
                self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)
            ):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if self._line_break():
                if not self.flow_level:
                    self.allow_simple_key = True
            else:
                return

    def scan_plain_spaces(self, indent: int, start_mark: Any) -> list[str] | None:
        length = 0
        while self.peek(length) in " \t":
            length += 1
        whitespaces = self.prefix(length)
        self.forward(length)
        if self.peek() not in "\r\n\x85\u2028\u2029":
            return [whitespaces] if whitespaces else []
        line_break = self._line_break()
        self.allow_simple_key = True
        chunks: list[str] = []
        breaks: list[str] = []
        while True:
            if self.prefix(3) in ("---", "...") and self.peek(3) in "\0 \t\r\n\x85\u2028\u2029":
                return None
            if self.peek() == "\t" and self.column < indent:
                raise yaml.scanner.ScannerError(
                    "while scanning a plain scalar",
                    start_mark,
                    "found a tab character that violates indentation",
                    self.get_mark(),
                )
            if self.peek() in " \t":
                self.forward()
            elif self.peek() in "\r\n\x85\u2028\u2029":
                breaks.append(self._line_break())
            else:
                break
        if line_break != "\n":
            chunks.append(line_break)
        elif not breaks:
            chunks.append(" ")
        chunks.extend(breaks)
        return chunks

    def scan_block_scalar_indentation(self) -> tuple[list[str], int, Any]:
        chunks, max_indent, end_mark = super().scan_block_scalar_indentation()
        if self.peek() == "\t":
            self._tab_in_indentation()
        return chunks, max_indent, end_mark

    def scan_block_scalar_breaks(self, indent: int) -> tuple[list[str], Any]:
        chunks: list[str] = []
        end_mark = self.get_mark()
        while True:
            while self.column < indent and self.peek() == " ":
                self.forward()
            if self.column < indent and self.peek() == "\t":
                self._tab_in_indentation()
            if self.peek() not in "\r\n\x85\u2028\u2029":
                return chunks, end_mark
            chunks.append(self._line_break())
            end_mark = self.get_mark()

    def _tab_in_indentation(self) -> None:
        raise yaml.scanner.ScannerError(
            "while scanning a block scalar",
            None,
            "found a tab character where an indentation space is expected",
            self.get_mark(),
        )


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in an input: 1-based line and column."""

    line: int
    column: int


class YMap(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stand."""

    __slots__ = ("key_pos", "pos", "raw")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        # Source text of plain scalars that YAML 1.1 resolved to a non-string, by key.
        self.raw: dict[str, str] = {}


class YSeq(list[Any]):
    """A sequence that remembers where it and each of its items stand."""

    __slots__ = ("item_pos", "pos", "raw")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []
        self.raw: dict[int, str] = {}


@dataclass(frozen=True, slots=True)
class Document:
    """One document of an input: its data, where it starts, and its size in UTF-8 bytes."""

    data: Any
    pos: Pos
    size: int


class YamlProblem(Exception):
    """A document that cannot be decoded. `pos` is where the parser stopped."""

    def __init__(self, message: str, pos: Pos, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.hint = hint

    def __str__(self) -> str:
        return self.message


# YAML 1.1 implicit types, as PyYAML's resolver (and go-yaml v2, which sigs.k8s.io/yaml uses)
# reads plain scalars. Timestamps are left as strings: go-yaml v2 keeps them as strings when the
# target is JSON, and Kubernetes always wants them as strings.
_BOOL = {
    **dict.fromkeys(
        ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "y", "Y"), True
    ),
    **dict.fromkeys(
        ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "n", "N"), False
    ),
}
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_NUMBER_START = frozenset("-+0123456789.")


def _resolve_plain(text: str) -> Any:
    """The value YAML 1.1 gives a plain (unquoted) scalar."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text[0] in _NUMBER_START:
        if _INT.match(text):
            return _construct_int(text)
        if _FLOAT.match(text):
            return _construct_float(text)
    return text


_JSON_NUMBER = re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")
_JSON_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}


def _resolve_json(text: str) -> Any:
    """The value JSON gives an unquoted token (YAML 1.1's `yes` or `0x1F` are not JSON)."""
    if text in _JSON_LITERALS:
        return _JSON_LITERALS[text]
    if _JSON_NUMBER.match(text):
        return json.loads(text)
    return text


def _construct_int(text: str) -> int:
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value[0] == "0":
        return sign * int(value, 8)
    if ":" in value:
        total = 0
        for part in value.split(":"):
            total = total * 60 + int(part)
        return sign * total
    return sign * int(value)


def _construct_float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1.0 if value[0] == "-" else 1.0
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        total = 0.0
        for part in value.split(":"):
            total = total * 60 + float(part)
        return sign * total
    return sign * float(value)


_STR_TAG = "tag:yaml.org,2002:str"
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG_TYPES: dict[str, type] = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
}


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("anchor", "container", "key", "key_pos", "merged", "nodes")

    def __init__(self, container: YMap | YSeq, anchor: str | None) -> None:
        self.container = container
        self.anchor = anchor
        self.key: str | None = None  # a mapping's pending key
        self.key_pos: Pos | None = None
        self.nodes = 1  # nodes under this frame, alias expansions included
        self.merged: set[str] = set()  # keys that came from a merge (<<), which keys may override


def _pos(mark: Any) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def decode_yaml(text: str, *, pure: bool = False, json_scalars: bool = False) -> Iterator[Document]:
    """Decode every document of `text`, one at a time.

    Raises `YamlProblem` at the first document that cannot be decoded; documents before it have
    already been yielded. `pure=True` uses PyYAML's pure-Python parser instead of libyaml (both
    must behave the same; the tests check it). `json_scalars=True` reads plain scalars as JSON
    does (only true, false, null and JSON numbers are not strings), for `.json` inputs.
    """
    loader = _PureLoader if pure or _C_LOADER is None else _C_LOADER
    events = yaml.parse(text, Loader=loader)
    try:
        yield from _build(events, _resolve_json if json_scalars else _resolve_plain, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark) if mark is not None else Pos(1, 1)
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.context}: {exc.problem}" if "while" not in exc.context else exc.problem
        message = _clean(message)
        if loader is _PureLoader and message == "found unknown escape character":
            # PyYAML marks the character after the backslash; libyaml marks the backslash.
            pos = Pos(pos.line, pos.column - 1)
        raise YamlProblem(message, pos) from None
    except UnicodeEncodeError as exc:  # libyaml is handed text with a lone surrogate
        head = text[: exc.start]
        pos = Pos(head.count("\n") + 1, exc.start - (head.rfind("\n") + 1) + 1)
        raise YamlProblem("not valid Unicode text (a lone surrogate)", pos) from None
    except ValueError:  # PyYAML's pure scanner: chr() of an escape beyond U+10FFFF
        raise YamlProblem("found invalid Unicode character escape code", Pos(1, 1)) from None
    except yaml.YAMLError as exc:  # reader errors: control characters, bad encodings
        raise YamlProblem(_clean(str(exc).splitlines()[0]), _reader_pos(exc, text)) from None


# The two parsers word a few problems differently; readers get libyaml's words from both.
_CANONICAL = (
    (
        re.compile(r"found character '.*' that cannot start any token"),
        "found character that cannot start any token",
    ),
    (re.compile(r"found unknown escape character .*"), "found unknown escape character"),
    (re.compile(r"special characters are not allowed"), "control characters are not allowed"),
    (
        re.compile(r"expected escape sequence of \d+ hexadecimal numbers, but found .*"),
        "did not find expected hexdecimal number",
    ),
    (
        re.compile(r"^mapping values are not allowed here$"),
        "mapping values are not allowed in this context",
    ),
)


def _clean(message: str) -> str:
    message = message.replace("\n", " ").strip()
    for pattern, canonical in _CANONICAL:
        message = pattern.sub(canonical, message)
    return message


def _reader_pos(exc: yaml.YAMLError, text: str) -> Pos:
    position = getattr(exc, "position", None)
    if not isinstance(position, int):
        return Pos(1, 1)
    before = text[:position]
    line = before.count("\n") + 1
    return Pos(line, position - (before.rfind("\n") + 1) + 1)


def _build(events: Iterator[Any], resolve: Callable[[str], Any], text: str) -> Iterator[Document]:
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    literal = aliased = 0
    root_start = root_end = 0
    doc_start: Any = None
    root: Any = None
    have_root = False

    def attach(value: Any, pos: Pos, raw: str | None, size: int) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        frame = stack[-1]
        frame.nodes += size
        container = frame.container
        if isinstance(container, YSeq):
            if raw is not None:
                container.raw[len(container)] = raw
            container.append(value)
            container.item_pos.append(pos)
            return
        if frame.key is None:
            if isinstance(value, YMap | YSeq):
                raise YamlProblem("complex (mapping or sequence) keys are not allowed", pos)
            if not isinstance(value, str):
                text = raw if raw is not None else json.dumps(value)
                raise YamlProblem(
                    f"non-string key {text}: Kubernetes manifests only use string keys",
                    pos,
                    hint=f'quote it: "{text}"',
                )
            if value in frame.merged:
                frame.merged.discard(value)
                del container[value]
            elif value in container:
                first = container.key_pos[value]
                raise YamlProblem(
                    f'duplicate key "{value}": first at line {first.line}, '
                    f"again at line {pos.line}",
                    pos,
                )
            frame.key, frame.key_pos = value, pos
            return
        key, key_pos = frame.key, frame.key_pos
        assert key_pos is not None
        frame.key = None
        if key == "<<" and isinstance(container, YMap):
            frame.merged.update(_merge(container, value, key_pos))
            return
        container[key] = value
        container.key_pos[key] = key_pos
        if raw is not None:
            container.raw[key] = raw

    for event in events:
        kind = type(event).__name__
        if kind == "ScalarEvent":
            pos = _pos(event.start_mark)
            scalar = event.value
            raw = None
            tag = event.tag
            if tag is None and event.implicit[0] and not event.style:
                value = resolve(scalar)
                if not isinstance(value, str):
                    raw = scalar
            elif tag is None or tag == _STR_TAG or tag == "!":
                value = scalar
                if _SURROGATE.search(scalar):
                    # libyaml refuses escapes of lone surrogates; the pure scanner keeps them.
                    raise YamlProblem("found invalid Unicode character escape code", pos)
            elif tag in _TAG_TYPES:
                value = _resolve_plain(scalar)
                if not isinstance(value, _TAG_TYPES[tag]):
                    raise YamlProblem(f"cannot read {scalar!r} as {tag.rsplit(':', 1)[1]}", pos)
                raw = scalar
            else:
                raise YamlProblem(f"unsupported YAML tag {tag}", pos)
            literal += 1
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            attach(value, pos, raw, 1)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            pos = _pos(event.start_mark)
            tag = event.tag
            if tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise YamlProblem(f"unsupported YAML tag {tag}", pos)
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", pos)
            literal += 1
            container: YMap | YSeq = YMap(pos) if kind == "MappingStartEvent" else YSeq(pos)
            if not stack:
                root_start = event.start_mark.index
            stack.append(_Frame(container, event.anchor))
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            frame = stack.pop()
            if not stack:
                root_end = event.end_mark.index
            if frame.anchor is not None:
                anchors[frame.anchor] = (frame.container, frame.nodes)
            attach(frame.container, frame.container.pos, None, frame.nodes)
        elif kind == "AliasEvent":
            pos = _pos(event.start_mark)
            if event.anchor not in anchors:
                raise YamlProblem(f"unknown alias *{event.anchor}", pos)
            value, size = anchors[event.anchor]
            aliased += size
            if (
                aliased > _ALIAS_RATIO * literal + _ALIAS_ALLOWANCE
                or literal + aliased > MAX_EXPANDED_NODES
            ):
                raise YamlProblem(
                    "document contains excessive aliasing",
                    pos,
                )
            attach(value, pos, None, size)
        elif kind == "DocumentStartEvent":
            doc_start = event.start_mark
            anchors.clear()
            literal = aliased = 0
            root, have_root = None, False
        elif kind == "DocumentEndEvent" and have_root:
            # sizes in UTF-8 bytes, as the API server's request-body limit counts them
            size = len(text[root_start:root_end].encode("utf-8", "replace"))
            yield Document(root, _pos(doc_start), size)


def _merge(target: YMap, value: Any, pos: Pos) -> set[str]:
    # YAML merge keys ("<<: *base"), which go-yaml v2 supports: keys already present win, and
    # keys written later override merged ones. Returns the keys the merge added.
    added: set[str] = set()
    sources = value if isinstance(value, list) else [value]
    for source in sources:
        if not isinstance(source, YMap):
            raise YamlProblem("merge key (<<) needs a mapping or a list of mappings", pos)
        for key, item in source.items():
            if key not in target:
                added.add(key)
                target[key] = item
                target.key_pos[key] = source.key_pos.get(key, pos)
                if key in source.raw:
                    target.raw[key] = source.raw[key]
    return added


def decode_json(text: str) -> Document:
    """Decode one JSON document. Duplicate keys are an error, as in strict decoding."""

    def pairs(items: list[tuple[str, Any]]) -> YMap:
        result = YMap(Pos(1, 1))
        for key, value in items:
            key = _SURROGATE.sub("\ufffd", key)
            if key in result:
                raise YamlProblem(f'duplicate key "{key}"', Pos(1, 1))
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise YamlProblem(exc.msg, Pos(exc.lineno, exc.colno)) from None
    except RecursionError:
        raise YamlProblem("nesting too deep", Pos(1, 1)) from None
    return Document(_replace_surrogates(data), Pos(1, 1), len(text.encode("utf-8", "replace")))


def _replace_surrogates(data: Any) -> Any:
    # Go's encoding/json (the API server's decoder) turns an escaped lone surrogate into U+FFFD.
    stack = [data] if isinstance(data, dict | list) else []
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, str) and _SURROGATE.search(value):
                node[key] = _SURROGATE.sub("\ufffd", value)
            elif isinstance(value, dict | list):
                stack.append(value)
    return data

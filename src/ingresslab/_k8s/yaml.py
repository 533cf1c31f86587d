"""Strict, bounded YAML and JSON decoding that remembers where every value came from.

The Kubernetes API server decodes manifests with sigs.k8s.io/yaml (YAML converted to JSON, then
strict JSON decoding). This module builds the same plain data (dicts, lists, str, int, float,
bool, None) straight from the parser's *event* stream, so that it can, before anything walks the
data:

* report every duplicate key (naming both lines), every null or complex key and every
  unsupported tag, each with the field path it sits under, and go on decoding;
* turn int, float and bool keys into the strings kubectl makes of them (`404:` → "404"), with a
  warning;
* bound alias expansion (a "billion laughs" file is refused after a few hundred events, not after
  exhausting memory) and nesting depth (no `RecursionError` can escape a later walk);
* remember the line and column of every key and item, and the source text of every plain scalar
  that YAML 1.1 turned into something other than a string (`no` → False, `1.10` → 1.1), so the
  schema walk can say "quote it".

libyaml (PyYAML's C parser) reads the text when it is installed, PyYAML's pure-Python parser
otherwise; the pure one is taught libyaml's rules, so both give the same documents and problems.

It knows nothing about Kubernetes kinds, schemas or routing.
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = [
    "HAVE_LIBYAML",
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

# The loader is chosen here: libyaml when PyYAML was built with it, else the pure-Python parser
# (`decode_yaml(pure=True)` asks for the pure one).
_C_LOADER: Any = getattr(yaml, "CSafeLoader", None)
#: Whether PyYAML's C parser (libyaml) is available; without it every input is read by the
#: pure-Python parser.
HAVE_LIBYAML = _C_LOADER is not None


_BREAKZ = "\0\r\n\x85\u2028\u2029"
_BLANKZ = " \t" + _BREAKZ
_HEX = frozenset("0123456789ABCDEFabcdef")
# libyaml's tag URI characters besides letters, digits, `_` and `-` (scanner.c,
# yaml_parser_scan_tag_uri).
_URI_CHARS = frozenset(";/?:@&=+$.%!~*'()")
_UTF8_LEADS = ((0x80, 0x00), (0xE0, 0xC0), (0xF0, 0xE0), (0xF8, 0xF0))


def _is_alpha(ch: str) -> bool:
    # libyaml's IS_ALPHA: ASCII letters and digits, `_` and `-`
    return ch.isascii() and (ch.isalnum() or ch in "_-")


class _PureLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, taught libyaml's rules where the two differ.

    go-yaml (which kubectl uses) is a port of libyaml, and libyaml reads the input whenever it
    is installed, so libyaml's behaviour is the reference: with or without it, the same text
    gives the same documents and problems at the same places. The scanner methods below follow
    libyaml's scanner.c:

    * tabs separate tokens in flow context and after a `:` or `-` indicator, and are blanks
      inside plain scalars and after block scalar indicators;
    * a byte order mark at the start of a line is skipped, and every BOM counts as a column;
    * in flow context `?` does not end a plain scalar, and `x:` before `,?[]{}` is an error;
    * tags and tag URIs: `,[]` only in verbatim tags, a tag may end at `,` in flow context;
    * `|#comment` is a block scalar header with a comment; unknown `%` directives are errors;
    * the end of the stream is placed at the start of the line after the last.
    """

    def forward(self, length: int = 1) -> None:
        # PyYAML's Reader.forward, except that a byte order mark counts as a column, as every
        # character does in libyaml's marks.
        if self.pointer + length + 1 >= len(self.buffer):
            self.update(length + 1)
        while length:
            ch = self.buffer[self.pointer]
            self.pointer += 1
            self.index += 1
            if ch in "\n\x85\u2028\u2029" or (ch == "\r" and self.buffer[self.pointer] != "\n"):
                self.line += 1
                self.column = 0
            else:
                self.column += 1
            length -= 1

    def _line_break(self) -> str:
        return str(self.scan_line_break())  # type: ignore[no-untyped-call]

    def scan_to_next_token(self) -> None:
        while True:
            if self.column == 0 and self.peek() == "\ufeff":
                # libyaml (scanner.c, yaml_parser_scan_to_next_token: "Allow the BOM") skips a
                # byte order mark at the start of any line, and counts it as a column.
                self.forward()
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

    def fetch_stream_end(self) -> None:
        # libyaml (yaml_parser_fetch_stream_end) forces a new line at the end of the stream, so
        # that a problem found there is placed on the line after the last.
        if self.column != 0:
            self.column = 0
            self.line += 1
        super().fetch_stream_end()

    def scan_plain(self) -> Any:
        # PyYAML's, with libyaml's rules for flow context (scanner.c,
        # yaml_parser_scan_plain_scalar): `?` does not end a plain scalar, and `:` followed by
        # one of `,?[]{}` is an error.
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        chunks: list[str] = []
        spaces: list[str] | None = []
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if ch in _BLANKZ:
                    break
                if ch == ":":
                    after = self.peek(length + 1)
                    if self.flow_level and after in ",?[]{}":
                        self.forward(length)
                        raise yaml.scanner.ScannerError(
                            "while scanning a plain scalar",
                            start_mark,
                            "found unexpected ':'",
                            self.get_mark(),
                        )
                    if after in _BLANKZ:
                        break
                if self.flow_level and ch in ",[]{}":
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces or [])
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return yaml.tokens.ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_flow_scalar_non_spaces(self, double: bool, start_mark: Any) -> list[str]:
        # PyYAML's, with libyaml's checks and places for escapes (yaml_parser_scan_flow_scalar):
        # an unknown escape is marked at its backslash; a \u or \U escape of a surrogate or
        # beyond U+10FFFF is refused, marked at its first hex digit.
        chunks: list[str] = []
        while True:
            length = 0
            while self.peek(length) not in "'\"\\\0 \t\r\n\x85\u2028\u2029":
                length += 1
            if length:
                chunks.append(self.prefix(length))
                self.forward(length)
            ch = self.peek()
            if not double and ch == "'" and self.peek(1) == "'":
                chunks.append("'")
                self.forward(2)
            elif (double and ch == "'") or (not double and ch in '"\\'):
                chunks.append(ch)
                self.forward()
            elif double and ch == "\\":
                backslash = self.get_mark()
                self.forward()
                ch = self.peek()
                if ch in self.ESCAPE_REPLACEMENTS:
                    chunks.append(self.ESCAPE_REPLACEMENTS[ch])
                    self.forward()
                elif ch in self.ESCAPE_CODES:
                    length = self.ESCAPE_CODES[ch]
                    self.forward()
                    for k in range(length):
                        if self.peek(k) not in _HEX:
                            raise self._quoted_error(
                                start_mark, "did not find expected hexdecimal number"
                            )
                    code = int(self.prefix(length), 16)
                    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                        raise self._quoted_error(
                            start_mark, "found invalid Unicode character escape code"
                        )
                    chunks.append(chr(code))
                    self.forward(length)
                elif ch in "\r\n\x85\u2028\u2029":
                    self._line_break()
                    chunks.extend(self.scan_flow_scalar_breaks(double, start_mark))
                else:
                    raise yaml.scanner.ScannerError(
                        "while parsing a quoted scalar",
                        start_mark,
                        "found unknown escape character",
                        backslash,
                    )
            else:
                return chunks

    def _quoted_error(self, start_mark: Any, problem: str) -> yaml.scanner.ScannerError:
        return yaml.scanner.ScannerError(
            "while parsing a quoted scalar", start_mark, problem, self.get_mark()
        )

    def scan_tag(self) -> Any:
        # libyaml's yaml_parser_scan_tag: `!<uri>`, `!`, `!suffix` or `!handle!suffix`; in flow
        # context a tag may end at `,`, and `,[]` belong to verbatim tags only.
        start_mark = self.get_mark()
        handle: str | None
        if self.peek(1) == "<":
            self.forward(2)
            handle, suffix = None, self._tag_uri("", start_mark, verbatim=True)
            if self.peek() != ">":
                raise self._tag_error(start_mark, "did not find the expected '>'")
            self.forward()
        else:
            handle = self._tag_handle()
            if len(handle) > 1 and handle.endswith("!"):
                suffix = self._tag_uri("", start_mark)
            else:
                suffix = self._tag_uri(handle, start_mark)
                handle = "!"
                if not suffix:
                    handle, suffix = None, "!"
        ch = self.peek()
        if ch not in _BLANKZ and not (self.flow_level and ch == ","):
            raise self._tag_error(start_mark, "did not find expected whitespace or line break")
        return yaml.tokens.TagToken((handle, suffix), start_mark, self.get_mark())

    def _tag_error(self, start_mark: Any, problem: str) -> yaml.scanner.ScannerError:
        return yaml.scanner.ScannerError(
            "while scanning a tag", start_mark, problem, self.get_mark()
        )

    def _tag_handle(self) -> str:
        length = 1
        while _is_alpha(self.peek(length)):
            length += 1
        if self.peek(length) == "!":
            length += 1
        handle = str(self.prefix(length))
        self.forward(length)
        return handle

    def _tag_uri(self, head: str, start_mark: Any, *, verbatim: bool = False) -> str:
        chunks = [head[1:]]
        count = len(head)
        while True:
            ch = self.peek()
            if ch == "%":
                chunks.append(self._uri_escapes(start_mark))
            elif _is_alpha(ch) or ch in _URI_CHARS or (verbatim and ch in ",[]"):
                chunks.append(ch)
                self.forward()
            else:
                break
            count += 1
        if not count:
            raise yaml.scanner.ScannerError(
                "while parsing a tag", start_mark, "did not find expected tag URI", self.get_mark()
            )
        return "".join(chunks)

    def _uri_escapes(self, start_mark: Any) -> str:
        octets = bytearray()
        width = 0
        while True:
            if self.peek() != "%" or not all(self.peek(k) in _HEX for k in (1, 2)):
                raise self._tag_error(start_mark, "did not find URI escaped octet")
            octet = int(self.prefix(3)[1:], 16)
            if not width:
                width = next((w for w, (m, v) in enumerate(_UTF8_LEADS, 1) if octet & m == v), 0)
                if not width:
                    raise self._tag_error(start_mark, "found an incorrect leading UTF-8 octet")
            elif octet & 0xC0 != 0x80:
                raise self._tag_error(start_mark, "found an incorrect trailing UTF-8 octet")
            octets.append(octet)
            self.forward(3)
            width -= 1
            if not width:
                return octets.decode("utf-8", "replace")

    def scan_directive(self) -> Any:
        # libyaml's yaml_parser_scan_directive: only %YAML and %TAG are known.
        start_mark = self.get_mark()
        self.forward()
        length = 0
        while _is_alpha(self.peek(length)):
            length += 1
        if not length:
            raise self._directive_error(start_mark, "could not find expected directive name")
        if self.peek(length) not in _BLANKZ:
            self.forward(length)
            raise self._directive_error(start_mark, "found unexpected non-alphabetical character")
        name = str(self.prefix(length))
        self.forward(length)
        value: Any
        if name == "YAML":
            value = self.scan_yaml_directive_value(start_mark)
        elif name == "TAG":
            value = self.scan_tag_directive_value(start_mark)
        else:
            raise self._directive_error(start_mark, "found unknown directive name")
        end_mark = self.get_mark()
        self._rest_of_line(start_mark, "while scanning a directive")
        return yaml.tokens.DirectiveToken(name, value, start_mark, end_mark)

    def _directive_error(self, start_mark: Any, problem: str) -> yaml.scanner.ScannerError:
        return yaml.scanner.ScannerError(
            "while scanning a directive", start_mark, problem, self.get_mark()
        )

    def _rest_of_line(self, start_mark: Any, context: str) -> None:
        # libyaml eats blanks (tabs too) and a comment to the end of the line
        while self.peek() in " \t":
            self.forward()
        if self.peek() == "#":
            while self.peek() not in _BREAKZ:
                self.forward()
        if self.peek() not in _BREAKZ:
            raise yaml.scanner.ScannerError(
                context, start_mark, "did not find expected comment or line break", self.get_mark()
            )
        self._line_break()

    def scan_block_scalar_indicators(self, start_mark: Any) -> tuple[bool | None, int | None]:
        # libyaml's: a chomping and an indentation indicator in either order; the rest of the
        # line is checked by scan_block_scalar_ignored_line.
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            ch = self.peek()
            if ch in "+-" and chomping is None:
                chomping = ch == "+"
            elif ch in "0123456789" and increment is None:
                if ch == "0":
                    raise yaml.scanner.ScannerError(
                        "while scanning a block scalar",
                        start_mark,
                        "found an indentation indicator equal to 0",
                        self.get_mark(),
                    )
                increment = int(ch)
            else:
                break
            self.forward()
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: Any) -> None:
        self._rest_of_line(start_mark, "while scanning a block scalar")

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
            if self.column == 0 and self.prefix(3) in ("---", "...") and self.peek(3) in _BLANKZ:
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


class YamlProblem(Exception):
    """A problem with the YAML itself. `pos` is where it is (for a syntax error, where the parser
    stopped); `path` the field path it sits under (`metadata.annotations`), when known.

    Raised for problems that stop decoding (syntax, nesting, aliasing); the others (duplicate,
    null, complex and non-string keys, unsupported tags) are collected in `Document.problems`
    and decoding goes on. `severity` is "error" or "warning"; `check` names the rule. `before`
    holds the collected problems of the document a raised problem stopped.
    """

    def __init__(
        self,
        message: str,
        pos: Pos,
        hint: str = "",
        *,
        path: str | None = None,
        severity: str = "error",
        check: str = "yaml-syntax",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos
        self.hint = hint
        self.path = path or None
        self.severity = severity
        self.check = check
        self.before: tuple[YamlProblem, ...] = ()

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"YamlProblem({self.severity}{where}: {self.message!r}, {self.pos})"


@dataclass(frozen=True, slots=True)
class Document:
    """One document of an input: its data, where it starts, its size in UTF-8 bytes, and the
    problems found in it that did not stop decoding (in the order of the text)."""

    data: Any
    pos: Pos
    size: int
    problems: tuple[YamlProblem, ...] = ()

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


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


# --- keys as kubectl makes them -----------------------------------------------------------
#
# kubectl reads YAML with sigs.k8s.io/yaml: go-yaml v2 decodes a key by its own resolve rules
# (go-yaml v2 resolve.go, `resolve`), then `convertToJSONableObject` (sigs.k8s.io/yaml yaml.go)
# turns int keys into strconv.Itoa text, float keys into strconv.FormatFloat(f, 'g', -1, 32)
# text (".inf", "-.inf", ".nan" for the specials) and bool keys into "true"/"false"; any other
# key type (null, uint64, big integers) is "unsupported map key of type ...". The functions
# below reproduce those two steps for keys; values keep this module's YAML 1.1 rules.


class _Unsupported:
    """A key go-yaml resolves to a type sigs.k8s.io/yaml cannot turn into a JSON key."""

    def __init__(self, what: str) -> None:
        self.what = what


_GO_MAP: dict[str, Any] = {
    **_BOOL,
    **dict.fromkeys(_NULL),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
# strconv.ParseInt/ParseUint with base 0 (Go's prefixes: 0b, 0o, 0x, and a leading 0 for octal).
_GO_INT = re.compile(r"([+-]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")
_GO_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_DOT_FLOAT = re.compile(r"\.[0-9]+([eE][-+]?[0-9]+)?")
_GO_HINTS = frozenset("+-0123456789.")


def _go_int(body: str) -> int:
    if len(body) > 2 and body[1] in "bBoOxX":
        return int(body[2:], {"b": 2, "o": 8, "x": 16}[body[1].lower()])
    return int(body, 8) if body[0] == "0" else int(body)


def _go_resolve_key(text: str) -> Any:
    """The value go-yaml v2 gives a plain (unquoted, untagged) scalar, as a key."""
    if text in _GO_MAP:
        return _GO_MAP[text]
    if not text or text[0] not in _GO_HINTS:
        return text  # letters that are not in the table above, and everything else: strings
    if text[0] == ".":
        if _GO_DOT_FLOAT.fullmatch(text) and math.isfinite(value := float(text)):
            return value
        return text
    # Timestamps (`2024-01-02`) stay strings in an interface{} key, as they never parse as
    # numbers below.
    plain = text.replace("_", "")
    number = _GO_INT.fullmatch(plain)
    if number is not None:
        sign, body = number.groups()
        value = _go_int(body) * (-1 if sign == "-" else 1)
        if -(2**63) <= value < 2**63:
            return value
        if not sign and value < 2**64:
            return _Unsupported("uint64")
    if _GO_YAML_FLOAT.fullmatch(plain) and math.isfinite(value := float(plain)):
        return float(value)
    if number is not None:
        return _Unsupported("*big.Int")
    return text


def _float32(value: float) -> float:
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:
        return math.copysign(math.inf, value)


def _go_float_key(value: float) -> str:
    """strconv.FormatFloat(value, 'g', -1, 32), with sigs.k8s.io/yaml's names for the specials."""
    if math.isnan(value):
        return ".nan"
    single = _float32(value)
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    if single == 0:
        return "-0" if math.copysign(1.0, single) < 0 else "0"
    # The shortest digits that read back as the same float32.
    for precision in range(9):
        text = f"{abs(single):.{precision}e}"
        if _float32(float(text)) == abs(single):
            break
    mantissa, exponent = text.split("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    exp = int(exponent)
    sign = "-" if single < 0 else ""
    if exp < -4 or exp >= 6:  # %e form: the shortest 'g' switches at exponent 6
        tail = f".{digits[1:]}" if len(digits) > 1 else ""
        return f"{sign}{digits[0]}{tail}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    point = exp + 1  # digits before the decimal point
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def _go_key_string(value: Any) -> str | _Unsupported:
    """The JSON key sigs.k8s.io/yaml makes of a key go-yaml decoded as `value`."""
    if isinstance(value, _Unsupported):
        return value
    if isinstance(value, str):
        return value
    if value is None:
        return _Unsupported("<nil>")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if -(2**63) <= value < 2**63 else _Unsupported("uint64")
    if isinstance(value, float):
        return _go_float_key(value)
    return _Unsupported(type(value).__name__)


_STR_TAG = "tag:yaml.org,2002:str"
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG_TYPES: dict[str, type] = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:null": type(None),
}


_BINARY_TAG = "tag:yaml.org,2002:binary"
_COLLECTION_TAGS = frozenset((None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"))


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("anchor", "container", "drop", "key", "key_pos", "merged", "nodes", "path")

    def __init__(self, container: YMap | YSeq, anchor: str | None, path: str) -> None:
        self.container = container
        self.anchor = anchor
        self.path = path  # the field path of the container, "" for a document's root
        self.key: str | None = None  # a mapping's pending key
        self.key_pos: Pos | None = None
        self.drop = False  # the pending key was refused: its value is read and dropped
        self.nodes = 1  # nodes under this frame, alias expansions included
        self.merged: set[str] = set()  # keys that came from a merge (<<), which keys may override


def _pos(mark: Any) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# kubectl splits a stream into documents at lines that start with `---` followed by nothing but
# blanks or a comment (k8s.io/apimachinery pkg/util/yaml/decoder.go, YAMLReader.Read), and
# go-yaml's reader drops a byte order mark at the start of each document it is handed
# (readerc.go, yaml_parser_determine_encoding). YAML 1.2 (section 5.2) allows a BOM at the start
# of any document too. So a BOM right after such a line is dropped, as one at the very start of
# the stream is by libyaml's reader.
_DOCUMENT_BOM = re.compile(r"(?m)^(---[^\S\n]*(?:#[^\n]*)?\n)\ufeff")


def decode_yaml(text: str, *, pure: bool = False, json_scalars: bool = False) -> Iterator[Document]:
    """Decode every document of `text`, one at a time.

    Problems that leave the document readable (duplicate, null, complex and non-string keys,
    unsupported tags) are collected in each `Document.problems`. Raises `YamlProblem` at the
    first problem that stops decoding (its `before` holds the problems already collected in that
    document); documents before it have already been yielded. `pure=True` uses PyYAML's
    pure-Python parser instead of libyaml (both give the same documents and problems; the tests
    check it). `json_scalars=True` reads plain scalars as JSON does (only true, false, null and
    JSON numbers are not strings), for `.json` inputs.
    """
    if "\ufeff" in text:
        text = _DOCUMENT_BOM.sub(r"\1", text)
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        # libyaml is handed UTF-8, which a lone surrogate (text read with surrogateescape, or an
        # escape in JSON) cannot be: PyYAML refuses it before parsing anything.
        raise YamlProblem(
            "not valid Unicode text (a lone surrogate)", _index_pos(text, surrogate.start())
        )
    use_pure = pure or _C_LOADER is None
    # libyaml's reader drops a BOM at the start of the stream and counts marks from after it;
    # the pure parser is handed the text without it, so that both count the same.
    skipped = 1 if text.startswith("\ufeff") else 0
    base = text[skipped:]
    events = yaml.parse(base if use_pure else text, Loader=_PureLoader if use_pure else _C_LOADER)
    builder = _Builder(_resolve_json if json_scalars else _resolve_plain, base, not json_scalars)
    try:
        yield from builder.run(events)
    except YamlProblem as exc:
        exc.before = tuple(builder.problems)
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark) if mark is not None else Pos(1, 1)
        raise builder.stopped(_parser_message(exc.context, exc.problem), pos) from None
    except ValueError:  # PyYAML's pure scanner: chr() of an escape beyond U+10FFFF
        raise builder.stopped("found invalid Unicode character escape code", Pos(1, 1)) from None
    except yaml.YAMLError as exc:  # reader errors: control characters, bad encodings
        position = getattr(exc, "position", None)
        pos = Pos(1, 1)
        if isinstance(position, int):
            if not use_pure:  # libyaml counts the bytes of the UTF-8 text it was handed
                position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
                position -= skipped
            pos = _index_pos(base, position)
        raise builder.stopped(_clean(str(exc).splitlines()[0]), pos) from None


def _index_pos(text: str, index: int) -> Pos:
    head = text[: max(index, 0)]
    return Pos(head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1)


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
    (
        re.compile(r"^expected '<document start>', but found .*"),
        "did not find expected <document start>",
    ),
    (
        re.compile(r"^expected the node content, but found .*"),
        "did not find expected node content",
    ),
    (re.compile(r"^found undefined tag handle .*"), "found undefined tag handle"),
    (re.compile(r"^found unexpected document separator$"), "found unexpected document indicator"),
    (
        re.compile(r"^sequence entries are not allowed here$"),
        "block sequence entries are not allowed in this context",
    ),
    (
        re.compile(r"^mapping keys are not allowed here$"),
        "mapping keys are not allowed in this context",
    ),
    (
        re.compile(r"^expected alphabetic or numeric character, but found .*"),
        "did not find expected alphabetic or numeric character",
    ),
)
# PyYAML's parser says "expected <block end>" where libyaml names what it wanted, by context.
_BLOCK_END = re.compile(r"^expected <block end>, but found .*")
_EXPECTED_BY_CONTEXT = {
    "while parsing a block mapping": "did not find expected key",
    "while parsing a block collection": "did not find expected '-' indicator",
    "while parsing a flow sequence": "did not find expected ',' or ']'",
    "while parsing a flow mapping": "did not find expected ',' or '}'",
}
_FLOW_END = re.compile(r"^expected ',' or '[\]}]', but got .*")


def _parser_message(context: str | None, problem: str | None) -> str:
    if (
        problem
        and context in _EXPECTED_BY_CONTEXT
        and (_BLOCK_END.match(problem) or _FLOW_END.match(problem))
    ):
        return _EXPECTED_BY_CONTEXT[context]
    message = problem or context or "invalid YAML"
    if context and problem and "while" not in context:
        message = f"{context}: {problem}"
    return _clean(message)


def _clean(message: str) -> str:
    message = message.replace("\n", " ").strip()
    for pattern, canonical in _CANONICAL:
        message = pattern.sub(canonical, message)
    return message


class _Builder:
    """Plain data from a parser's events, one document at a time."""

    def __init__(self, resolve: Callable[[str], Any], text: str, plain_keys: bool) -> None:
        self.resolve = resolve
        self.text = text
        self.plain_keys = plain_keys  # plain keys resolve as go-yaml does (not in JSON inputs)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.literal = self.aliased = 0
        self.root: Any = None
        self.have_root = False
        #: problems of the current document that did not stop decoding
        self.problems: list[YamlProblem] = []

    # --- problems

    def report(self, message: str, pos: Pos, path: str | None, hint: str = "") -> None:
        self.problems.append(YamlProblem(message, pos, hint, path=path))

    def warn(self, message: str, pos: Pos, path: str, check: str, hint: str = "") -> None:
        self.problems.append(
            YamlProblem(message, pos, hint, path=path, severity="warning", check=check)
        )

    def stopped(self, message: str, pos: Pos) -> YamlProblem:
        problem = YamlProblem(message, pos)
        problem.before = tuple(self.problems)
        return problem

    def fatal(self, message: str, pos: Pos) -> YamlProblem:
        return YamlProblem(message, pos, path=self.path_here())

    # --- paths

    def path_here(self) -> str:
        """The field path of the node being read now."""
        if not self.stack:
            return ""
        frame = self.stack[-1]
        if isinstance(frame.container, YSeq):
            return f"{frame.path}[{len(frame.container)}]"
        if frame.key is None or frame.drop:
            return frame.path  # a key, or a value under a refused key: the mapping's path
        return _join(frame.path, frame.key)

    # --- events

    def run(self, events: Iterator[Any]) -> Iterator[Document]:
        root_start = root_end = 0
        doc_start: Any = None
        for event in events:
            kind = type(event).__name__
            if kind == "ScalarEvent":
                self.scalar(event)
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                pos = _pos(event.start_mark)
                tag = event.tag
                if tag not in _COLLECTION_TAGS:
                    self.report(f"unsupported YAML tag {tag}", pos, self.path_here())
                if len(self.stack) >= MAX_DEPTH:
                    raise self.fatal(f"nesting deeper than {MAX_DEPTH} levels", pos)
                self.literal += 1
                container: YMap | YSeq = YMap(pos) if kind == "MappingStartEvent" else YSeq(pos)
                if not self.stack:
                    root_start = event.start_mark.index
                self.stack.append(_Frame(container, event.anchor, self.path_here()))
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                frame = self.stack.pop()
                if not self.stack:
                    root_end = event.end_mark.index
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.container, frame.nodes)
                self.attach(frame.container, frame.container.pos, None, frame.nodes)
            elif kind == "AliasEvent":
                self.alias(event)
            elif kind == "DocumentStartEvent":
                doc_start = event.start_mark
                self.anchors.clear()
                self.literal = self.aliased = 0
                self.root, self.have_root = None, False
                self.problems = []
            elif kind == "DocumentEndEvent" and self.have_root:
                # sizes in UTF-8 bytes, as the API server's request-body limit counts them
                size = len(self.text[root_start:root_end].encode("utf-8", "replace"))
                yield Document(self.root, _pos(doc_start), size, tuple(self.problems))
                self.problems = []

    def scalar(self, event: Any) -> None:
        pos = _pos(event.start_mark)
        scalar: str = event.value
        raw = None
        plain = None  # the source text of a plain scalar, for keys
        tag = event.tag
        if tag is None and event.implicit[0] and not event.style:
            value = self.resolve(scalar)
            if not isinstance(value, str):
                raw = scalar
            if self.plain_keys:
                plain = scalar
        elif tag is None or tag == _STR_TAG or tag == "!":
            value = scalar
        elif tag in _TAG_TYPES:
            value = _resolve_plain(scalar)
            if not isinstance(value, _TAG_TYPES[tag]):
                name = tag.rsplit(":", 1)[1]
                self.report(f"cannot read {scalar!r} as {name}", pos, self.path_here())
                value = scalar
            else:
                raw = scalar
        elif tag == _BINARY_TAG:
            # sigs.k8s.io/yaml (yaml.go, YAMLToJSON): "Binary data in YAML with the !!binary tag
            # is not supported".
            self.report(
                "binary data (!!binary) is not supported: kubectl cannot turn it into JSON",
                pos,
                self.path_here(),
                hint="write the base64 text without the !!binary tag",
            )
            value = scalar
        else:
            self.report(f"unsupported YAML tag {tag}", pos, self.path_here())
            value = scalar
        self.literal += 1
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, pos, raw, 1, plain)

    def alias(self, event: Any) -> None:
        pos = _pos(event.start_mark)
        if event.anchor not in self.anchors:
            raise self.fatal(f"unknown alias *{event.anchor}", pos)
        value, size = self.anchors[event.anchor]
        self.aliased += size
        if (
            self.aliased > _ALIAS_RATIO * self.literal + _ALIAS_ALLOWANCE
            or self.literal + self.aliased > MAX_EXPANDED_NODES
        ):
            raise self.fatal("document contains excessive aliasing", pos)
        self.attach(value, pos, None, size)

    def attach(
        self, value: Any, pos: Pos, raw: str | None, size: int, plain: str | None = None
    ) -> None:
        if not self.stack:
            self.root, self.have_root = value, True
            return
        frame = self.stack[-1]
        frame.nodes += size
        container = frame.container
        if isinstance(container, YSeq):
            if raw is not None:
                container.raw[len(container)] = raw
            container.append(value)
            container.item_pos.append(pos)
            return
        if frame.key is None:
            key = self.key(frame, value, pos, raw, plain)
            frame.key_pos = pos
            if key is None:
                frame.key, frame.drop = "", True  # the value that follows is read and dropped
            else:
                frame.key = key
            return
        key, key_pos = frame.key, frame.key_pos
        assert key_pos is not None
        frame.key = None
        if frame.drop:
            frame.drop = False
            return
        if key == "<<":
            frame.merged.update(self.merge(container, value, key_pos, frame.path))
            return
        container[key] = value
        container.key_pos[key] = key_pos
        if raw is not None:
            container.raw[key] = raw

    def key(
        self, frame: _Frame, value: Any, pos: Pos, raw: str | None, plain: str | None
    ) -> str | None:
        """The string key kubectl makes of `value`, or None (reported) when it cannot."""
        if plain is not None:
            if plain and plain[0] not in _GO_HINTS and plain not in _GO_MAP:
                key: str | None = plain  # the usual case: go-yaml reads it as a string
            else:
                key = self.convert(frame, value, pos, raw, plain)
        elif type(value) is str:
            key = value  # quoted, !!str, or an alias of a string
        else:
            key = self.convert(frame, value, pos, raw, plain)
        if key is None:
            return None
        container = frame.container
        assert isinstance(container, YMap)
        if frame.merged and key in frame.merged:
            frame.merged.discard(key)
            del container[key]
        elif key in container:
            first = container.key_pos[key]
            self.report(
                f'duplicate key "{key}": first at line {first.line}, again at line {pos.line}',
                pos,
                _join(frame.path, key),
            )
            return None
        return key

    def convert(
        self, frame: _Frame, value: Any, pos: Pos, raw: str | None, plain: str | None
    ) -> str | None:
        """A key that is not a plain string: the string kubectl makes of it (with a warning), or
        None (reported) when kubectl cannot make one."""
        if isinstance(value, YMap | YSeq):
            self.report("complex (mapping or sequence) keys are not allowed", pos, frame.path)
            return None
        resolved = _go_resolve_key(plain) if plain is not None else value
        key = _go_key_string(resolved)
        if plain is not None:
            shown = plain
        elif raw is not None:
            shown = raw
        else:
            shown = value if isinstance(value, str) else json.dumps(value)
        if not isinstance(key, str):
            if key.what == "<nil>":
                message = (
                    f"null key {shown or '(empty)'}: kubectl cannot turn a null key into a JSON key"
                )
            else:
                message = (
                    f"non-string key {shown}: kubectl cannot turn it into a JSON key "
                    f"(go-yaml reads it as {key.what})"
                )
            self.report(message, pos, frame.path, hint=f'quote it: "{shown}"')
            return None
        if not isinstance(resolved, str):
            # An int, float or bool key: kubectl turns it into a string, and so do we.
            what = "a bool" if isinstance(resolved, bool) else "a number"
            self.warn(
                f'key {shown} is {what}, not a string: kubectl turns it into the key "{key}"',
                pos,
                _join(frame.path, key),
                "yaml-key-not-string",
                hint=f'quote it: "{shown}"',
            )
        return key

    def merge(self, target: YMap, value: Any, pos: Pos, path: str) -> set[str]:
        # YAML merge keys ("<<: *base"), which go-yaml v2 supports: keys already present win,
        # and keys written later override merged ones. Returns the keys the merge added.
        added: set[str] = set()
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, YMap) for source in sources):
            self.report(
                "merge key (<<) needs a mapping or a list of mappings", pos, _join(path, "<<")
            )
            return added
        for source in sources:
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

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

Places cost little: a YAML input's are packed in one array (8 bytes each), and `Pos` objects are
made only when a place is read. JSON is decoded by json's own decoder, once; the places of its
values are read back from the text only for those a problem (or a model) asks about, and are
the places the YAML parser gave JSON inputs before (`read_json`).

It knows nothing about Kubernetes kinds, schemas or routing.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import math
import re
import struct
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, overload

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
    "read_json",
    "syntax_error",
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
#: libyaml's parser alone, for events without a constructor
_C_PARSER: Any = getattr(yaml.cyaml, "CParser", None) if _C_LOADER is not None else None
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


_LINE: Any = Pos.__dict__["line"]  # the slots of Pos (which _LazyPos fills when first read)
_COLUMN: Any = Pos.__dict__["column"]
_SET_LINE, _SET_COLUMN = _LINE.__set__, _COLUMN.__set__
_POS_NEW = object.__new__


def _unpack(place: int) -> Pos:
    # Places are kept as (line - 1) << 32 | (column - 1): the parsers' own 0-based marks. Made
    # without the frozen dataclass's __init__, which takes longer.
    pos = _POS_NEW(Pos)
    _SET_LINE(pos, (place >> 32) + 1)
    _SET_COLUMN(pos, (place & 0xFFFFFFFF) + 1)
    return pos


def _pack(pos: Pos) -> int:
    return (pos.line - 1) << 32 | (pos.column - 1)


class _LazyPos(Pos):
    """A Pos worked out when first read: a JSON input's places are read back from its text
    only for the values a problem is reported on. Equal to (and hashes as) the Pos it stands
    for. Made by `_lazy`."""

    __slots__ = ("_find",)

    _find: tuple[_JsonText, int, Any] | None

    def _resolve(self) -> None:
        find = self._find
        if find is not None:
            source, what, where = find
            pos = source.pos_at(source.offset_of(what, where))
            _LINE.__set__(self, pos.line)
            _COLUMN.__set__(self, pos.column)
            _FIND.__set__(self, None)

    @property
    def line(self) -> int:
        self._resolve()
        return int(_LINE.__get__(self))

    @property
    def column(self) -> int:
        self._resolve()
        return int(_COLUMN.__get__(self))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pos):
            return NotImplemented
        return (self.line, self.column) == (other.line, other.column)

    def __hash__(self) -> int:
        return hash((self.line, self.column))

    def __repr__(self) -> str:
        return f"Pos(line={self.line}, column={self.column})"

    def __reduce__(self) -> tuple[type[Pos], tuple[int, int]]:
        return Pos, (self.line, self.column)  # pickled and copied as the Pos it stands for


_FIND: Any = _LazyPos.__dict__["_find"]


def _lazy(source: _JsonText, what: int, where: Any) -> Pos:
    pos = _POS_NEW(_LazyPos)
    _FIND.__set__(pos, (source, what, where))
    return pos


class _Source:
    """Where the containers of one input stand: asked by each YMap and YSeq of that input."""

    __slots__ = ()

    def own(self, container: YMap | YSeq) -> Pos:
        raise NotImplementedError

    def count(self, container: YMap | YSeq) -> int:
        """How many of its keys (or items), from the first, have a place: keys added after
        decoding have none."""
        raise NotImplementedError

    def place(self, container: YMap | YSeq, index: int) -> Pos:
        """Where the key (or item) at `index` (< `count`), in order, stands."""
        raise NotImplementedError

    def key_place(self, mapping: YMap, key: str) -> Pos | None:
        """Where `key` of `mapping` stands, or None."""
        if key not in mapping:
            return None
        index = list(mapping).index(key)
        return self.place(mapping, index) if index < self.count(mapping) else None

    def raw(self, container: YMap | YSeq) -> dict[Any, str]:
        raise NotImplementedError


class YMap(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stand.

    The places are not kept as an object per key: a YAML input's containers share one compact
    table (8 bytes a place), and a JSON input's places are read back from its text when first
    read. `pos`, `key_pos`, `key_place` and `raw` make `Pos` objects only when asked.
    """

    __slots__ = ("_at", "_src")

    _at: Any  # where the source keeps this container's places (a Pos when `_src` is None)
    _src: _Source | None

    @classmethod
    def placed(cls, pos: Pos) -> YMap:
        """An empty mapping standing at `pos`."""
        new = cls()
        new._src, new._at = None, pos
        return new

    @property
    def pos(self) -> Pos:
        source = self._src
        return self._at if source is None else source.own(self)

    @property
    def key_pos(self) -> Mapping[str, Pos]:
        """Where each key stands (keys added after decoding have no place): a view."""
        return _KeyPlaces(self)

    def key_place(self, key: str) -> Pos | None:
        """Where `key` stands, or None."""
        source = self._src
        return None if source is None else source.key_place(self, key)

    @property
    def raw(self) -> dict[str, str]:
        """The source text of plain scalars that YAML 1.1 (or JSON) read as something other than
        a string, by key (`no` → False: "no")."""
        source = self._src
        return {} if source is None else source.raw(self)


class YSeq(list[Any]):
    """A sequence that remembers where it and each of its items stand (see YMap)."""

    __slots__ = ("_at", "_src")

    _at: Any
    _src: _Source | None

    @classmethod
    def placed(cls, pos: Pos) -> YSeq:
        """An empty sequence standing at `pos`."""
        new = cls()
        new._src, new._at = None, pos
        return new

    @property
    def pos(self) -> Pos:
        source = self._src
        return self._at if source is None else source.own(self)

    @property
    def item_pos(self) -> Sequence[Pos]:
        """Where each item stands: a view."""
        return _ItemPlaces(self)

    def item_place(self, index: int) -> Pos | None:
        """Where the item at `index` stands, or None."""
        source = self._src
        if source is None or not 0 <= index < source.count(self):
            return None
        return source.place(self, index)

    @property
    def raw(self) -> dict[int, str]:
        """The source text of plain scalars read as something other than a string, by index."""
        source = self._src
        return {} if source is None else source.raw(self)


class _KeyPlaces(Mapping[str, Pos]):
    """`YMap.key_pos`: each key's place, made when read."""

    __slots__ = ("_map",)

    def __init__(self, mapping: YMap) -> None:
        self._map = mapping

    def __len__(self) -> int:
        source = self._map._src
        return 0 if source is None else min(len(self._map), source.count(self._map))

    def __iter__(self) -> Iterator[str]:
        return islice(self._map, len(self))

    def __getitem__(self, key: str) -> Pos:
        place = self._map.key_place(key)
        if place is None:
            raise KeyError(key)
        return place

    def get(self, key: str, default: Any = None) -> Any:
        source = self._map._src
        place = None if source is None else source.key_place(self._map, key)
        return default if place is None else place

    def __repr__(self) -> str:
        return repr(dict(self))


class _ItemPlaces(Sequence[Pos]):
    """`YSeq.item_pos`: each item's place, made when read."""

    __slots__ = ("_seq",)

    def __init__(self, seq: YSeq) -> None:
        self._seq = seq

    def __len__(self) -> int:
        source = self._seq._src
        return 0 if source is None else source.count(self._seq)

    @overload
    def __getitem__(self, index: int) -> Pos: ...
    @overload
    def __getitem__(self, index: slice) -> list[Pos]: ...
    def __getitem__(self, index: int | slice) -> Pos | list[Pos]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        seq = self._seq
        source = seq._src
        count = 0 if source is None else source.count(seq)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError(index)
        assert source is not None
        return source.place(seq, index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(list(self))


class _Table(_Source):
    """The places of a YAML input's containers, in one array: for each container, its own
    place, the number of places that follow, and the place of each key or item in order."""

    __slots__ = ("raws", "table")

    def __init__(self) -> None:
        self.table = array("Q")
        # The source text of plain scalars read as something other than a string, by container
        # and key (or index), where it is not the value's own spelling (`yes`, `0x1F`, `1.50`);
        # None for such a value with no text of its own (an alias). See `_spelled`.
        self.raws: dict[int, dict[Any, str | None]] = {}

    def own(self, container: YMap | YSeq) -> Pos:
        return _unpack(self.table[container._at])

    def count(self, container: YMap | YSeq) -> int:
        count: int = self.table[container._at + 1]
        return count

    def packed(self, container: YMap | YSeq) -> list[int]:
        at = container._at
        table = self.table
        return table[at + 2 : at + 2 + table[at + 1]].tolist()

    def place(self, container: YMap | YSeq, index: int) -> Pos:
        return _unpack(self.table[container._at + 2 + index])

    def key_place(self, mapping: YMap, key: str) -> Pos | None:
        if key not in mapping:
            return None
        index = list(mapping).index(key)
        at = mapping._at
        table = self.table
        if index >= table[at + 1]:
            return None
        return _unpack(table[at + 2 + index])

    def raw(self, container: YMap | YSeq) -> dict[Any, str]:
        stored = self.raws.get(container._at, {})
        steps = container if isinstance(container, YMap) else range(len(container))
        items: Any = container
        raws: dict[Any, str] = {}
        for step in steps:
            value = items[step]
            if value is None or type(value) in (bool, int, float):
                text = stored[step] if step in stored else _spelled(value)
                if text is not None:
                    raws[step] = text
        return raws


def _spelled(value: Any) -> str:
    """How YAML and JSON spell a null, bool, int or float plainly."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _store_raw(frame: _Frame, step: Any, value: Any, raw: str | None) -> None:
    """Keep the source text `raw` of a scalar `value` at `step`, unless it is the value's own
    spelling (most are: `80`, `true`); a null, bool or number with no text is marked."""
    if raw is None:
        if not (value is None or type(value) in (bool, int, float)):
            return
    elif raw == _spelled(value):
        return
    if frame.raws is None:
        frame.raws = {}
    frame.raws[step] = raw


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
    """One document of an input: its data, where it starts, its size in UTF-8 bytes, the
    problems found in it that did not stop decoding (in the order of the text), and where it
    ends (None when not known)."""

    data: Any
    pos: Pos
    size: int
    problems: tuple[YamlProblem, ...] = ()
    end: Pos | None = None

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

    __slots__ = (
        "anchor",
        "container",
        "drop",
        "key",
        "key_place",
        "mapping",
        "merged",
        "places",
        "raws",
        "size",
    )

    def __init__(
        self, container: YMap | YSeq, mapping: bool, anchor: str | None, place: int, size: int
    ) -> None:
        self.container: Any = container
        self.mapping = mapping
        self.anchor = anchor
        self.key: str | None = None  # a mapping's pending key
        self.key_place = 0
        self.drop = False  # the pending key was refused: its value is read and dropped
        # literal and alias-expanded values before this one: the container's own count (alias
        # expansions included) is what the counts have grown by when it ends
        self.size = size
        # keys that came from a merge (<<), which keys may override; made on the first merge
        self.merged: set[str] | None = None
        # its own place, the number of places that follow, then one per key or item
        self.places = [place, 0]
        self.raws: dict[Any, str | None] | None = None  # see _Table.raws


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


class _Input:
    """A text as the parsers are handed it: BOMs after document lines dropped, and `base`, the
    text marks count in (libyaml's reader drops a BOM at the start of the stream and counts
    marks from after it; the pure parser is handed the text without it, so both count the
    same)."""

    __slots__ = ("base", "pure", "skipped", "text")

    def __init__(self, text: str, pure: bool) -> None:
        if "\ufeff" in text:
            text = _DOCUMENT_BOM.sub(r"\1", text)
        surrogate = None if text.isascii() else _SURROGATE.search(text)  # isascii: nearly free
        if surrogate is not None:
            # libyaml is handed UTF-8, which a lone surrogate (text read with surrogateescape,
            # or an escape in JSON) cannot be: PyYAML refuses it before parsing anything.
            raise YamlProblem(
                "not valid Unicode text (a lone surrogate)", _index_pos(text, surrogate.start())
            )
        self.text = text
        self.pure = pure or _C_LOADER is None
        self.skipped = 1 if text.startswith("\ufeff") else 0
        self.base = text[self.skipped :]

    def parser(self) -> Any:
        """A parser of the text: `get_event()` gives each event, then None."""
        if self.pure:
            return _PureLoader(self.base)
        return _C_PARSER(self.text)

    def problem(self, exc: Exception) -> YamlProblem:
        """The YamlProblem for an error a parser raised."""
        if isinstance(exc, yaml.MarkedYAMLError):
            mark = exc.problem_mark or exc.context_mark
            pos = _pos(mark) if mark is not None else Pos(1, 1)
            return YamlProblem(_parser_message(exc.context, exc.problem), pos)
        if not isinstance(exc, yaml.YAMLError):  # the pure scanner: chr() beyond U+10FFFF
            return YamlProblem("found invalid Unicode character escape code", Pos(1, 1))
        # reader errors: control characters, bad encodings
        position = getattr(exc, "position", None)
        pos = Pos(1, 1)
        if isinstance(position, int):
            if not self.pure:  # libyaml counts the bytes of the UTF-8 text it was handed
                position = len(self.text.encode("utf-8")[:position].decode("utf-8", "ignore"))
                position -= self.skipped
            pos = _index_pos(self.base, position)
        return YamlProblem(_clean(str(exc).splitlines()[0]), pos)


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
    source = _Input(text, pure)
    builder = _Builder(
        _resolve_json if json_scalars else _resolve_plain, source.base, not json_scalars
    )
    try:
        yield from builder.run(source.parser())
    except YamlProblem as exc:
        exc.before = tuple(builder.problems)
        raise
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: see _Input.problem
        problem = source.problem(exc)
        problem.before = tuple(builder.problems)
        raise problem from None


def syntax_error(text: str, *, pure: bool = False) -> YamlProblem | None:
    """The first problem the parser finds in `text`, or None; nothing is built, so this costs
    a fraction of `decode_yaml` (libyaml: no Python object per event). Problems found while
    building values (nesting, aliasing, keys) are not looked for."""
    try:
        source = _Input(text, pure)
    except YamlProblem as exc:
        return exc
    try:
        parser = source.parser()  # the pure reader checks the characters here
        if source.pure:
            for _ in iter(parser.get_event, None):
                pass
        else:
            parser.raw_parse()
    except (yaml.YAMLError, ValueError) as exc:
        return source.problem(exc)
    return None


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


_SCALAR = yaml.events.ScalarEvent
_MAPPING_START = yaml.events.MappingStartEvent
_MAPPING_END = yaml.events.MappingEndEvent
_SEQUENCE_START = yaml.events.SequenceStartEvent
_SEQUENCE_END = yaml.events.SequenceEndEvent
_ALIAS = yaml.events.AliasEvent
_DOCUMENT_START = yaml.events.DocumentStartEvent
_DOCUMENT_END = yaml.events.DocumentEndEvent
_STREAM_END = yaml.events.StreamEndEvent


def _no_event() -> None:
    return None


_MISSING: Any = object()


class _Builder:
    """Plain data from a parser's events, one document at a time.

    The usual events (an untagged scalar as a key, a value or an item) are handled in `run`
    itself; everything else goes through `scalar`, `attach` and `key`, which report problems.
    Field paths are worked out from the stack only when a problem is reported.
    """

    def __init__(self, resolve: Callable[[str], Any], text: str, plain_keys: bool) -> None:
        self.resolve = resolve
        self.text = text
        self.plain_keys = plain_keys  # plain keys resolve as go-yaml does (not in JSON inputs)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.literal = self.aliased = 0
        self.root: Any = None
        self.have_root = False
        self.places = _Table()
        self.same: dict[str, str] = {}
        self.plains: dict[str, Any] = {}
        #: problems of the current document that did not stop decoding
        self.problems: list[YamlProblem] = []

    # --- problems

    def report(self, message: str, pos: Pos, path: str | None, hint: str = "") -> None:
        self.problems.append(YamlProblem(message, pos, hint, path=path))

    def warn(self, message: str, pos: Pos, path: str, check: str, hint: str = "") -> None:
        self.problems.append(
            YamlProblem(message, pos, hint, path=path, severity="warning", check=check)
        )

    def fatal(self, message: str, pos: Pos) -> YamlProblem:
        return YamlProblem(message, pos, path=self.path_of(len(self.stack)))

    # --- paths

    def path_of(self, depth: int) -> str:
        """The field path of the container at `stack[depth]`, or for the stack's length, of the
        node being read now."""
        path = ""
        for frame in self.stack[:depth]:
            if not frame.mapping:
                path = f"{path}[{len(frame.container)}]"
            elif frame.key is not None and not frame.drop:
                path = _join(path, frame.key)
            # else a key, or a value under a refused key: the mapping's path
        return path

    # --- events

    def run(self, parser: Any) -> Iterator[Document]:
        """The documents of the events of `parser` (each `get_event()` gives one, then None).
        The parser is let go when the stream ends, before the last document is handed on: its
        copy of the text is not kept while that document is loaded."""
        get_event = parser.get_event
        del parser
        stack = self.stack
        table = self.places.table
        raws = self.places.raws
        resolve = self.resolve
        plain_keys = self.plain_keys
        # One str object per distinct text, and each distinct plain text resolved once: a dump
        # repeats its keys and most of its values.
        same = self.same.setdefault
        plains = self.plains
        scalar_event, alias_event = _SCALAR, _ALIAS
        mapping_start, mapping_end = _MAPPING_START, _MAPPING_END
        sequence_start, sequence_end = _SEQUENCE_START, _SEQUENCE_END
        go_hints, go_map, missing = _GO_HINTS, _GO_MAP, _MISSING
        root_start = root_end = 0
        doc_start: Any = None
        while True:
            event = get_event()
            if event is None:
                return
            kind = event.__class__
            if kind is scalar_event:
                mark = event.start_mark
                place = mark.line << 32 | mark.column
                self.literal += 1
                if stack and event.tag is None and event.anchor is None:
                    frame = stack[-1]
                    value = event.value
                    plain = not event.style
                    if frame.mapping:
                        key = frame.key
                        if key is None:
                            # a key: plain text go-yaml reads as a string, or quoted
                            value = same(value, value)
                            if (
                                (
                                    not plain
                                    or (
                                        plain_keys
                                        and value
                                        and value[0] not in go_hints
                                        and value not in go_map
                                    )
                                )
                                and frame.merged is None
                                and value not in frame.container
                            ):
                                frame.key = value
                                frame.key_place = place
                                continue
                        elif not frame.drop and key != "<<":
                            if plain:
                                resolved = plains.get(value, missing)
                                if resolved is missing:
                                    resolved = plains[value] = resolve(value)
                                if resolved.__class__ is not str:
                                    _store_raw(frame, key, resolved, value)
                                value = resolved
                            else:
                                value = same(value, value)
                            frame.container[key] = value
                            frame.places.append(frame.key_place)
                            frame.key = None
                            continue
                    else:
                        container = frame.container
                        if plain:
                            resolved = plains.get(value, missing)
                            if resolved is missing:
                                resolved = plains[value] = resolve(value)
                            if resolved.__class__ is not str:
                                _store_raw(frame, len(container), resolved, value)
                            value = resolved
                        else:
                            value = same(value, value)
                        container.append(value)
                        frame.places.append(place)
                        continue
                self.scalar(event, place)
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                container = frame.container
                places = frame.places
                places[1] = len(places) - 2
                at = container._at = len(table)
                table.extend(places)
                if frame.raws:
                    raws[at] = frame.raws
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (
                        container,
                        self.literal + self.aliased - frame.size,
                    )
                if not stack:
                    root_end = event.end_mark.index
                    self.attach(container, places[0], None)
                    continue
                parent = stack[-1]
                if not parent.mapping:  # an item
                    parent.container.append(container)
                    parent.places.append(places[0])
                    continue
                key = parent.key
                if key is not None and not parent.drop and key != "<<":  # a value
                    parent.container[key] = container
                    parent.places.append(parent.key_place)
                    parent.key = None
                    continue
                self.attach(container, places[0], None)  # a key, a merge, a dropped value
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                place = mark.line << 32 | mark.column
                tag = event.tag
                if tag is not None and tag not in _COLLECTION_TAGS:
                    self.report(
                        f"unsupported YAML tag {tag}", _unpack(place), self.path_of(len(stack))
                    )
                if len(stack) >= MAX_DEPTH:
                    raise self.fatal(f"nesting deeper than {MAX_DEPTH} levels", _unpack(place))
                mapping = kind is mapping_start
                container = YMap() if mapping else YSeq()
                container._src, container._at = self.places, -1
                if not stack:
                    root_start = mark.index
                stack.append(
                    _Frame(container, mapping, event.anchor, place, self.literal + self.aliased)
                )
                self.literal += 1
            elif kind is alias_event:
                self.alias(event)
            elif kind is _DOCUMENT_START:
                doc_start = self.start(event)
            elif kind is _DOCUMENT_END and self.have_root:
                # sizes in UTF-8 bytes, as the API server's request-body limit counts them
                size = _utf8_size(self.text, root_start, root_end)
                document = Document(
                    self.root, _pos(doc_start), size, tuple(self.problems), _pos(event.end_mark)
                )
                self.problems = []
                try:
                    following = get_event()  # the next document's start, or the stream's end
                except (yaml.YAMLError, ValueError):
                    yield document  # found before the error, as it would be without the peek
                    raise
                if following is None or following.__class__ is _STREAM_END:
                    get_event = _no_event
                    self.same.clear()
                    self.plains.clear()
                    self.anchors.clear()
                    yield document
                    return
                yield document
                doc_start = self.start(following)

    def start(self, event: Any) -> Any:
        """A document starts: where."""
        self.anchors.clear()
        self.literal = self.aliased = 0
        self.root, self.have_root = None, False
        self.problems = []
        return event.start_mark

    def scalar(self, event: Any, place: int) -> None:
        pos = _unpack(place)
        scalar: str = event.value
        scalar = self.same.setdefault(scalar, scalar)
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
                self.report(f"cannot read {scalar!r} as {name}", pos, self.path_of(len(self.stack)))
                value = scalar
            else:
                raw = scalar
        elif tag == _BINARY_TAG:
            # sigs.k8s.io/yaml (yaml.go, YAMLToJSON): "Binary data in YAML with the !!binary tag
            # is not supported".
            self.report(
                "binary data (!!binary) is not supported: kubectl cannot turn it into JSON",
                pos,
                self.path_of(len(self.stack)),
                hint="write the base64 text without the !!binary tag",
            )
            value = scalar
        else:
            self.report(f"unsupported YAML tag {tag}", pos, self.path_of(len(self.stack)))
            value = scalar
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self.attach(value, place, raw, plain)

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
        self.attach(value, _pack(pos), None)

    def attach(self, value: Any, place: int, raw: str | None, plain: str | None = None) -> None:
        stack = self.stack
        if not stack:
            self.root, self.have_root = value, True
            return
        frame = stack[-1]
        container = frame.container
        if not frame.mapping:
            _store_raw(frame, len(container), value, raw)
            container.append(value)
            frame.places.append(place)
            return
        if frame.key is None:
            key = self.key(frame, value, place, raw, plain)
            frame.key_place = place
            if key is None:
                frame.key, frame.drop = "", True  # the value that follows is read and dropped
            else:
                frame.key = key
            return
        key, key_place = frame.key, frame.key_place
        frame.key = None
        if frame.drop:
            frame.drop = False
            return
        if key == "<<":
            added = self.merge(frame, value, key_place)
            frame.merged = (frame.merged or set()) | added
            return
        container[key] = value
        frame.places.append(key_place)
        _store_raw(frame, key, value, raw)

    def key(
        self, frame: _Frame, value: Any, place: int, raw: str | None, plain: str | None
    ) -> str | None:
        """The string key kubectl makes of `value`, or None (reported) when it cannot."""
        if plain is not None:
            if plain and plain[0] not in _GO_HINTS and plain not in _GO_MAP:
                key: str | None = plain  # the usual case: go-yaml reads it as a string
            else:
                key = self.convert(frame, value, place, raw, plain)
        elif type(value) is str:
            key = value  # quoted, !!str, or an alias of a string
        else:
            key = self.convert(frame, value, place, raw, plain)
        if key is None:
            return None
        container = frame.container
        assert isinstance(container, YMap)
        if frame.merged and key in frame.merged:
            frame.merged.discard(key)
            del frame.places[list(container).index(key) + 2]
            del container[key]
            if frame.raws:
                frame.raws.pop(key, None)
        elif key in container:
            first = _unpack(frame.places[list(container).index(key) + 2])
            pos = _unpack(place)
            self.report(
                f'duplicate key "{key}": first at line {first.line}, again at line {pos.line}',
                pos,
                _join(self.path_of(len(self.stack) - 1), key),
            )
            return None
        return key

    def convert(
        self, frame: _Frame, value: Any, place: int, raw: str | None, plain: str | None
    ) -> str | None:
        """A key that is not a plain string: the string kubectl makes of it (with a warning), or
        None (reported) when kubectl cannot make one."""
        pos = _unpack(place)
        path = self.path_of(len(self.stack) - 1)
        if isinstance(value, YMap | YSeq):
            self.report("complex (mapping or sequence) keys are not allowed", pos, path)
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
            self.report(message, pos, path, hint=f'quote it: "{shown}"')
            return None
        if not isinstance(resolved, str):
            # An int, float or bool key: kubectl turns it into a string, and so do we.
            what = "a bool" if isinstance(resolved, bool) else "a number"
            self.warn(
                f'key {shown} is {what}, not a string: kubectl turns it into the key "{key}"',
                pos,
                _join(path, key),
                "yaml-key-not-string",
                hint=f'quote it: "{shown}"',
            )
        return key

    def merge(self, frame: _Frame, value: Any, place: int) -> set[str]:
        # YAML merge keys ("<<: *base"), which go-yaml v2 supports: keys already present win,
        # and keys written later override merged ones. Returns the keys the merge added.
        target = frame.container
        added: set[str] = set()
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, YMap) for source in sources):
            path = self.path_of(len(self.stack) - 1)
            self.report(
                "merge key (<<) needs a mapping or a list of mappings",
                _unpack(place),
                _join(path, "<<"),
            )
            return added
        for source in sources:
            places = dict(zip(source, self.places.packed(source), strict=False))
            raws = self.places.raws.get(source._at, {})
            for key, item in source.items():
                if key not in target:
                    added.add(key)
                    target[key] = item
                    frame.places.append(places.get(key, place))
                    if key in raws:
                        if frame.raws is None:
                            frame.raws = {}
                        frame.raws[key] = raws[key]
        return added


def _utf8_size(text: str, start: int, end: int) -> int:
    """len(text[start:end].encode()), a MiB at a time (a dump is one document of tens of MiB)."""
    step = 1 << 20
    return sum(
        len(text[at : min(at + step, end)].encode("utf-8", "replace"))
        for at in range(start, end, step)
    )


# --- JSON ----------------------------------------------------------------------------------
#
# json's own decoder (C) builds the values; the places of keys and items are read back from the
# text only when asked for (a problem's place, a model's), and kept. Objects are numbered in the
# order the decoder finishes them, which is the order of their closing braces; one pass over the
# braces of the text (made when a place is first asked for) pairs each with its opening brace.

_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_SCAN: Any = json.scanner.make_scanner(json.JSONDecoder(parse_constant=str))  # type: ignore[arg-type]
_JSON_STRING: Any = json.decoder.scanstring  # type: ignore[attr-defined]
_JSON_TOKEN = re.compile(r"-?[0-9][0-9.eE+-]*|true|false|null")
_BRACES = re.compile(r"[{}]")
# A brace, or a string holding one; strings without braces are passed over in C.
_BRACES_OUTSIDE_STRINGS = re.compile(
    r'(?:[^"{}]++|"(?:[^"\\{}]|\\.)*+")*+([{}]|"(?:[^"\\]|\\.)*+")?', re.S
)
# Line breaks as libyaml counts them (and so the YAML parser placed JSON values before).
_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_CHUNK = 12  # the line index counts the breaks of each 4,096 characters
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB]")


def _json_ws(text: str, at: int) -> int:
    """The offset of the first non-blank character from `at`."""
    match = _JSON_WS.match(text, at)
    return at if match is None else match.end()


class _JsonText(_Source):
    """The text of a JSON input, for the places of its containers. A YMap's `_at` is the number
    of objects the decoder finished before it; a YSeq's is (its parent's `_at`, the index of the
    entry it is), or None for the root: an object's entries are in the order of its keys
    (inputs with a repeated key are read by the YAML parser instead)."""

    __slots__ = (
        "_close",
        "_counts",
        "_lines",
        "_objects",
        "_raws",
        "_scans",
        "_start",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self._start: array[int] | None = None  # opening braces, in text order
        self._close: array[int] = array("q")  # offsets after the matching closing braces
        self._objects: array[int] = array("q")  # for each object in decoder order: its brace
        self._counts: array[int] = array("q")  # for each object in decoder order: its keys
        self._lines: tuple[array[int], array[int], bool] | None = None
        self._scans: dict[int, list[tuple[int, int]]] = {}
        self._raws: dict[Any, dict[Any, str]] = {}

    # --- offsets

    def _braces(self) -> array[int]:
        if self._start is None:
            text = self.text
            start, close, objects = array("q"), self._close, self._objects
            stack: list[int] = []
            simple = text.count("{") == len(self._counts) == text.count("}")
            matches = _BRACES.finditer(text) if simple else _BRACES_OUTSIDE_STRINGS.finditer(text)
            for match in matches:
                at = match.start() if simple else match.start(1)
                brace = text[at] if at >= 0 else ""
                if brace == "{":
                    stack.append(len(start))
                    start.append(at)
                    close.append(0)
                elif brace == "}":
                    opened = stack.pop()
                    close[opened] = at + 1
                    objects.append(opened)
            self._start = start
        return self._start

    def _offset(self, at: Any) -> int:
        """Where the container with `_at` = `at` starts."""
        if at is None:
            return _json_ws(self.text, 0)
        if type(at) is int:
            return self._braces()[self._objects[at]]
        parent, index = at
        offset: int = self._entries(self._offset(parent))[index][1]
        return offset

    def _entries(self, start: int) -> list[tuple[int, int]]:
        """(key, value) offsets of each entry of the object at `start`, or (value, value) of
        each item of the array there."""
        found = self._scans.get(start)
        if found is not None:
            return found
        text = self.text
        entries: list[tuple[int, int]] = []
        obj = text[start] == "{"
        end = "}" if obj else "]"
        i = _json_ws(text, start + 1)
        while text[i] != end:
            key = i
            if obj:
                i = _JSON_STRING(text, i + 1)[1]
                i = _json_ws(text, i) + 1  # past the colon
                i = _json_ws(text, i)
            entries.append((key, i))
            i = _json_ws(text, self._skip(i))
            if text[i] == ",":
                i = _json_ws(text, i + 1)
        self._scans[start] = entries
        return entries

    def _skip(self, at: int) -> int:
        """The offset after the value at `at`."""
        text = self.text
        if text[at] == "{":
            starts = self._braces()
            return self._close[bisect_left(starts, at)]
        if text[at] == '"':
            return int(_JSON_STRING(text, at + 1)[1])
        return int(_JSON_SCAN(text, at)[1])

    # --- lines and columns, counted as libyaml counts them

    def pos_at(self, offset: int) -> Pos:
        text = self.text
        if self._lines is None:
            # (isascii is nearly free; a regular expression over tens of MiB is not)
            simple = "\r" not in text and (text.isascii() or _OTHER_BREAKS.search(text) is None)
            counts, starts = array("q", [0]), array("q", [0])
            total, line_start = 0, 0
            for chunk in range(0, len(text), 1 << _CHUNK):
                stop = chunk + (1 << _CHUNK)
                total += self._count(chunk, stop, simple)
                line_start = max(line_start, self._line_start(chunk, stop, simple))
                counts.append(total)
                starts.append(line_start)
            self._lines = (counts, starts, simple)
        counts, starts, simple = self._lines
        chunk = offset >> _CHUNK
        begin = chunk << _CHUNK
        line = counts[chunk] + self._count(begin, offset, simple)
        line_start = max(starts[chunk], self._line_start(begin, offset, simple))
        return Pos(line + 1, offset - line_start + 1)

    def _count(self, begin: int, end: int, simple: bool) -> int:
        text = self.text
        if simple:
            return text.count("\n", begin, end)
        count = len(_BREAK.findall(text, begin, end))
        if 0 < begin < end and text[begin] == "\n" and text[begin - 1] == "\r":
            count -= 1  # the second half of a CRLF counted in the chunk before
        return count

    def _line_start(self, begin: int, end: int, simple: bool) -> int:
        """Where the line holding `end` starts, when a break lies in [begin, end); else 0."""
        text = self.text
        if simple:
            return text.rfind("\n", begin, end) + 1
        return max(text.rfind(ch, begin, end) for ch in "\r\n\x85\u2028\u2029") + 1

    # --- the source's answers: places worked out when first read

    def offset_of(self, what: int, where: Any) -> int:
        """The offset a _LazyPos stands for: the container at `where` (_OWN), the entry
        `where[1]` of the container at `where[0]` (_ENTRY), or `where` itself (_AT)."""
        if what == _OWN:
            return self._offset(where)
        if what == _AT:
            return int(where)
        at, index = where
        offset: int = self._entries(self._offset(at))[index][0]
        return offset

    def own(self, container: YMap | YSeq) -> Pos:
        return _lazy(self, _OWN, container._at)

    def key_place(self, mapping: YMap, key: str) -> Pos | None:
        if key not in mapping:
            return None
        index = list(mapping).index(key)
        if index >= self._counts[mapping._at]:
            return None
        return _lazy(self, _ENTRY, (mapping._at, index))

    def count(self, container: YMap | YSeq) -> int:
        if isinstance(container, YMap):
            count: int = self._counts[container._at]
            return count
        return len(container)

    def place(self, container: YMap | YSeq, index: int) -> Pos:
        if isinstance(container, YSeq):
            item = container[index]
            if isinstance(item, YMap | YSeq) and item._src is self:
                return _lazy(self, _OWN, item._at)  # no need to read the array
        return _lazy(self, _ENTRY, (container._at, index))

    def raw(self, container: YMap | YSeq) -> dict[Any, str]:
        found = self._raws.get(container._at)
        if found is None:
            raws: dict[Any, str] = {}
            steps = list(container) if isinstance(container, YMap) else range(len(container))
            entries: list[tuple[int, int]] | None = None
            items: Any = container
            for index, step in enumerate(steps):
                value = items[step]
                if value is None or type(value) in (bool, int, float):
                    if entries is None:
                        entries = self._entries(self._offset(container._at))
                    if index < len(entries):
                        token = _JSON_TOKEN.match(self.text, entries[index][1])
                        if token is not None:
                            raws[step] = token.group()
            found = self._raws[container._at] = raws
        return found


_OWN, _ENTRY, _AT = 0, 1, 2


def _json_seq(items: list[Any], at: Any, source: _JsonText) -> YSeq:
    seq = YSeq(items)
    seq._src, seq._at = source, at
    for index, item in enumerate(items):
        if type(item) is list:
            seq[index] = _json_seq(item, (at, index), source)
    return seq


def read_json(text: str, *, strict: bool = False) -> Document | None:
    """Decode one JSON document, every container remembering where it stands (read back from
    the text when first asked for).

    Returns None when the input holds a repeated key or a `<<` key, which the YAML parser reads
    (it reports repeated keys with their places, and merges `<<` as it does in YAML); with
    `strict=True`, a repeated key raises YamlProblem instead. Raises json.JSONDecodeError and
    RecursionError as json.loads does.
    """
    source = _JsonText(text)
    fix = _SURROGATE_ESCAPE.search(text) is not None or (
        not text.isascii() and _SURROGATE.search(text) is not None
    )
    unusual = False
    counts = source._counts
    count = counts.append

    def pairs(items: list[tuple[str, Any]]) -> YMap:
        nonlocal unusual
        if fix:
            items = [(_SURROGATE.sub("\ufffd", key), value) for key, value in items]
        result = YMap(items)
        if len(result) != len(items):
            if strict:
                seen: set[str] = set()
                key = next(k for k, _ in items if k in seen or seen.add(k))  # type: ignore[func-returns-value]
                raise YamlProblem(f'duplicate key "{key}"', Pos(1, 1))
            unusual = True
        elif not strict and "<<" in result:
            unusual = True
        at = len(counts)  # objects finished before this one
        count(len(result))
        result._src, result._at = source, at
        if list in map(type, result.values()):  # looked for in C; most objects hold none
            for index, (key, value) in enumerate(items):
                if type(value) is list:
                    result[key] = _json_seq(value, (at, index), source)
        return result

    data = json.loads(text, object_pairs_hook=pairs, parse_constant=str)
    if unusual:
        return None
    if type(data) is list:
        data = _json_seq(data, None, source)
    if fix:
        data = _replace_surrogates(data)
    start = _json_ws(text, 0)
    end = len(text)
    while end > start and text[end - 1] in " \t\n\r":
        end -= 1
    size = 0
    if isinstance(data, dict | list):  # as the YAML parser counted: the root container's text
        size = end - start if text.isascii() else len(text[start:end].encode("utf-8", "replace"))
    return Document(data, _lazy(source, _AT, start), size)


def decode_json(text: str) -> Document:
    """Decode one JSON document. Duplicate keys are an error, as in strict decoding."""
    try:
        document = read_json(text, strict=True)
    except json.JSONDecodeError as exc:
        raise YamlProblem(exc.msg, Pos(exc.lineno, exc.colno)) from None
    except RecursionError:
        raise YamlProblem("nesting too deep", Pos(1, 1)) from None
    assert document is not None
    return document


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

"""Loading manifests: inputs → decoded documents → checked Kubernetes objects and problems.

The steps follow what `kubectl apply --validate=strict` and the API server do with a file:
decode (strict YAML, `_yaml`), strict field decoding against the Go types (`_schema`),
defaulting and validation (`_validation`); custom resources (the Gateway API kinds,
`gateway_api`) are decoded, defaulted and validated as their CRDs say (`crd`). Every problem
points at a file, line and column.
A broken file never stops the other files from being checked.

This module knows nothing about routing, controllers or how problems are printed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import crd, gateway_api, schema
from .errors import FieldError
from .validation import default_object, validate_custom_object_meta, validate_object
from .yaml import (
    Document,
    Pos,
    YamlProblem,
    YMap,
    YSeq,
    decode_json,
    decode_yaml,
    read_json,
    syntax_error,
)

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_OBJECT_BYTES",
    "KubeObject",
    "LoadResult",
    "Problem",
    "load_paths",
    "load_text",
]

#: The API server refuses a request body over 3 MiB (apiserver's default MaxRequestBodyBytes);
#: a document that size could never have been applied.
MAX_OBJECT_BYTES = 3 * 1024 * 1024
#: Largest single input read. A `kubectl get ingress -A -o yaml` of a very large cluster is a
#: few tens of MiB.
MAX_INPUT_BYTES = 256 * 1024 * 1024
_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one input, at one place.

    `type` is an API-server error type (`Required value`, `Invalid value`, ...), or one of
    `yaml` (the input is not valid YAML/JSON, or holds what kubectl cannot turn into JSON),
    `input` (unreadable, too large), `unknown field`, `decode` (a value of the wrong type) or
    `removed API`; warnings (cross-object checks, keys kubectl turns into strings) use
    `warning`. `field` is the field path the problem sits under, when known (YAML problems
    inside a document have one too, from the document's root). `message` is the full line as
    the API server or kubectl would print it.
    """

    file: str
    line: int
    column: int
    object: str | None
    field: str | None
    type: str
    severity: str
    check: str
    message: str
    hint: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(slots=True)
class KubeObject:
    """A decoded object and where it came from. `data` has the API's defaults applied."""

    api_version: str
    kind: str
    namespace: str | None
    name: str
    data: dict[str, Any]
    file: str
    pos: Pos
    raw: YMap = field(repr=False)

    @property
    def ref(self) -> str:
        """`Kind namespace/name`, or `Kind name` for cluster-scoped kinds."""
        if self.namespace is None:
            return f"{self.kind} {self.name}"
        return f"{self.kind} {self.namespace}/{self.name}"


@dataclass(slots=True)
class LoadResult:
    """Everything loaded from some inputs: the objects the API server would accept, the problems
    found (errors and warnings), and notes (e.g. kinds skipped)."""

    objects: list[KubeObject] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: objects that were decoded, including those rejected by validation
    seen: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


_NAMESPACED_KINDS = frozenset(
    (
        "Ingress",
        "Service",
        "Endpoints",
        "EndpointSlice",
        "Pod",
        "Deployment",
        "ReplicaSet",
        "StatefulSet",
    )
)


#: Checks of inputs with nothing to check: empty ones, and directory entries that were skipped
#: (unreadable directories, broken symbolic links). Errors; the command line's --allow-empty
#: turns them into notes.
EMPTY_INPUT = "empty-input"
SKIPPED_INPUT = "skipped-input"
EMPTY_CHECKS = frozenset((EMPTY_INPUT, SKIPPED_INPUT))


def iter_input_files(
    paths: Sequence[str | os.PathLike[str]], result: LoadResult | None = None
) -> Iterator[Path | None]:
    """Expand directories (recursively, `*.yaml|*.yml|*.json`, sorted). `-` yields None (stdin).

    With `result`, what a directory gives nothing for is a problem there: a directory with no
    such file, a sub-directory that cannot be read, a broken symbolic link named like one.
    """
    for raw in paths:
        if str(raw) == "-":
            yield None
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _directory_files(path, result)
        else:
            yield path


def _directory_files(path: Path, result: LoadResult | None) -> list[Path]:
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []  # (where, why)

    def unreadable(exc: OSError) -> None:
        why = exc.strerror or str(exc)
        skipped.append((str(exc.filename or path), f"cannot read this directory ({why}): skipped"))

    for folder, _, names in os.walk(path, onerror=unreadable):
        for name in names:
            file = Path(folder, name)
            if file.suffix.lower() not in _SUFFIXES:
                continue
            if file.is_file():
                found.append(file)
            elif file.is_symlink() and not file.exists():
                why = f"a broken symbolic link (to {os.readlink(file)}, which does not exist)"
                skipped.append((str(file), f"{why}: skipped"))
    if result is not None:
        for where, why in sorted(skipped):
            _input_problem(result, where, why, check=SKIPPED_INPUT)
        if not found and not skipped:
            message = "no .yaml, .yml or .json file in this directory"
            _input_problem(result, str(path), message, check=EMPTY_INPUT)
    return sorted(found)


def load_paths(paths: Sequence[str | os.PathLike[str]]) -> LoadResult:
    """Load every file and directory in `paths` (`-` reads standard input)."""
    result = LoadResult()
    for path in iter_input_files(paths, result):
        if path is None:
            _load_bytes(sys.stdin.buffer.read(MAX_INPUT_BYTES + 1), "<stdin>", None, result)
            continue
        name = str(path)
        try:
            size = path.stat().st_size
            if size > MAX_INPUT_BYTES:
                _input_problem(
                    result,
                    name,
                    f"file is {size:,} bytes; the limit is "
                    f"{MAX_INPUT_BYTES:,} bytes (MAX_INPUT_BYTES)",
                )
                continue
            read = [path.read_bytes()]
        except OSError as exc:
            _input_problem(result, name, f"cannot read: {exc.strerror or exc}")
            continue
        # handed over, not kept: the bytes are freed once decoded, before the text is parsed
        _load_bytes(read.pop(), name, path.suffix.lower(), result)
    return result


def load_text(text: str, filename: str = "<string>", *, pure_yaml: bool = False) -> LoadResult:
    """Load manifests from a string (YAML, or JSON when it starts with `{` or `[`).

    `pure_yaml=True` reads YAML with PyYAML's pure-Python parser instead of libyaml; both give
    the same problems (the tests check it).
    """
    result = LoadResult()
    first = _FIRST.match(text)
    suffix = ".json" if first is not None and first.group(1) in "{[" else None
    _load_str(text, filename, suffix, result, pure=pure_yaml)
    return result


_START = Pos(1, 1)
_FIRST = re.compile(r"\s*(\S)")


def _input_problem(
    result: LoadResult, file: str, message: str, pos: Pos = _START, *, check: str = "input"
) -> None:
    result.problems.append(
        Problem(file, pos.line, pos.column, None, None, "input", "error", check, message)
    )


def _load_bytes(data: bytes, file: str, suffix: str | None, result: LoadResult) -> None:
    if len(data) > MAX_INPUT_BYTES:
        _input_problem(result, file, f"input is over the limit of {MAX_INPUT_BYTES:,} bytes")
        return
    texts = [text for text in [_decode_text(data, file, result)] if text is not None]
    del data
    if texts:
        _load_str(texts.pop(), file, suffix, result)  # handed over: a repair may replace it


def _decode_text(data: bytes, file: str, result: LoadResult) -> str | None:
    # YAML streams may be UTF-8, UTF-16 or UTF-32 with a byte order mark (as libyaml and
    # go-yaml read them); anything else must be UTF-8.
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                _input_problem(result, file, f"not valid {codec.upper()} text")
                return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        _input_problem(
            result,
            file,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot "
            "start a character (is this a binary file?)",
            Pos(line, column),
        )
        return None
    nul = text.find("\0")
    if nul >= 0:
        head = text[:nul]
        pos = Pos(head.count("\n") + 1, nul - (head.rfind("\n") + 1) + 1)
        _input_problem(
            result, file, "contains a NUL character: this is a binary file, not a manifest", pos
        )
        return None
    return text.removeprefix("\ufeff")


# --- YAML syntax, with a repair for the best-known indentation defect ----------------------
#
# A syntax error stops the parser: nothing after it in the stream is read. When the error is the
# circulating indentation defect (`_repair_indentation`), the text is repaired and read on, so
# that the problems after it are found too, each marked as found after assuming the repair.
#
# Syntax errors are looked for before anything is built (`syntax_error`: libyaml's parser in C,
# no Python object per event), and each repair is checked from the document it is in, not from
# the start of the text; the values are then built once, from the repaired text. So a 50 MB
# dump with the defect in its last lines loads in about the time of one without it.

_MAX_REPAIRS = 5


class _Repaired:
    """A syntax error the text was repaired for: reported when the reading reaches it."""

    __slots__ = ("after", "hint", "problem", "stop")

    def __init__(self, problem: YamlProblem, hint: str, after: bool) -> None:
        self.problem = problem
        self.hint = hint
        self.after = after  # found in text repaired for an earlier one
        self.stop = False  # the last repair allowed: reading stops here


def _before(pos: Pos, other: Pos) -> bool:
    return (pos.line, pos.column) < (other.line, other.column)


class _YamlLoad:
    """Reading one YAML text: its documents, problems and repairs, in the order of the text."""

    def __init__(self, text: str, file: str, result: LoadResult, pure: bool) -> None:
        self.text = text
        self.file = file
        self.result = result
        self.pure = pure
        self.reported: set[tuple[int, int, str]] = set()  # YAML problems reported
        self.pending: list[_Repaired] = []  # repaired, not yet reported
        self.repairs = 0  # repairs made
        self.shown = 0  # repairs reported: what is read after one is marked
        self.start = 0  # where syntax errors are looked for: the last repair's document

    def run(self) -> None:
        done = 0  # documents loaded by an earlier reading
        while True:
            self.look_ahead()
            try:
                for index, document in enumerate(decode_yaml(self.text, pure=self.pure)):
                    if index >= done:
                        done = index + 1
                        if self.document(document):
                            return
                self.flush([], None)
                return
            except YamlProblem as exc:
                if not self.stopped_by(exc):
                    return

    def look_ahead(self) -> None:
        """Repair the syntax errors the repair explains, ahead of reading; the first one it
        does not explain stops the reading below, as before."""
        while self.repairs <= _MAX_REPAIRS:
            exc = _syntax_error_from(self.text, self.start, self.pure)
            if exc is None:
                return
            repaired = _repair_indentation(self.text, exc.pos)
            if repaired is None:
                return
            self.text, hint = repaired
            self.pending.append(_Repaired(exc, hint, self.repairs > 0))
            self.repairs += 1
            self.start = _document_start(self.text, exc.pos)
        self.pending[-1].stop = True

    def flush(self, problems: Sequence[YamlProblem], end: Pos | None) -> list[YamlProblem] | None:
        """Report the repaired errors placed before `end` (None: all), each after the problems
        of `problems` placed before it; the problems left, or None when reading stops."""
        rest = list(problems)
        while self.pending and (end is None or _before(self.pending[0].problem.pos, end)):
            repaired = self.pending.pop(0)
            exc = repaired.problem
            # Found before it: on the lines above it, which its repair leaves as they were.
            for problem in rest:
                if problem.pos.line < exc.pos.line:
                    self.yaml_problem(problem)
            rest = [problem for problem in rest if problem.pos.line >= exc.pos.line]
            self.yaml_problem(exc, repaired.hint, after_repair=repaired.after)
            self.shown += 1
            if repaired.stop:
                self.result.notes.append(f"{self.file}: stopped after {_MAX_REPAIRS} YAML problems")
                return None
        return rest

    def yaml_problem(self, exc: YamlProblem, hint: str = "", *, after_repair: bool = False) -> None:
        _yaml_problem(
            self.result, self.file, exc, hint, after_repair=after_repair, reported=self.reported
        )

    def document(self, document: Document) -> bool:
        """Load one document; True when reading stops."""
        rest = self.flush(document.problems, document.end)
        if rest is None:
            return True
        before = len(self.result.problems)
        for problem in rest:
            self.yaml_problem(problem)
        if not document.has_errors:  # else kubectl refuses the document
            _load_data(document, self.file, self.result)
        if self.shown:
            _mark_repaired(self.result, before)
        return False

    def stopped_by(self, exc: YamlProblem) -> bool:
        """Report a problem that stopped reading; True when a repair lets reading go on."""
        # The repaired errors on its line or before were found before it: a repair can move
        # the error to the start of the repaired line.
        rest = self.flush(exc.before, Pos(exc.pos.line + 1, 0))
        if rest is None:
            return False
        for problem in rest:
            self.yaml_problem(problem)
        repaired = _repair_indentation(self.text, exc.pos)
        hint = exc.hint
        if repaired is not None:
            self.text, hint = repaired
        self.yaml_problem(exc, hint, after_repair=self.repairs > 0)
        if repaired is None:
            return False
        self.repairs += 1
        self.shown += 1
        self.start = _document_start(self.text, exc.pos)
        if self.repairs > _MAX_REPAIRS:
            self.result.notes.append(f"{self.file}: stopped after {_MAX_REPAIRS} YAML problems")
            return False
        return True


def _syntax_error_from(text: str, start: int, pure: bool) -> YamlProblem | None:
    """The first syntax error of `text` from `start` (a line where a document starts), placed in
    the whole text."""
    if not start:
        return syntax_error(text, pure=pure)
    exc = syntax_error(text[start:], pure=pure)
    if exc is not None:
        exc.pos = Pos(exc.pos.line + text.count("\n", 0, start), exc.pos.column)
    return exc


_DOCUMENT_LINE = re.compile(r"---(?:[ \t\r\n]|$)")
# Before a document checked on its own, these would change what it reads or how lines count.
_DIRECTIVE_OR_ODD_BREAK = re.compile("(?m)^%|[\x85\u2028\u2029]|\r(?!\n)")


def _document_start(text: str, pos: Pos) -> int:
    """Where the document holding `pos` starts (its `---` line), when the text before it can be
    left out of a syntax check; else 0."""
    at = _line_offset(text, pos.line - 1)
    if at is None:
        return 0
    while True:
        at = text.rfind("\n---", 0, at)
        if at < 0:
            return 0
        if _DOCUMENT_LINE.match(text, at + 1):
            break
    start = at + 1
    return 0 if _DIRECTIVE_OR_ODD_BREAK.search(text, 0, start) else start


def _line_offset(text: str, index: int) -> int | None:
    """Where line `index` (0-based, lines split at \\n) starts; None past the last line."""
    at = 0
    step = 1 << 20
    while index and at < len(text):
        count = text.count("\n", at, at + step)
        if count >= index:
            break
        index -= count
        at += step
    while index:
        found = text.find("\n", at)
        if found < 0:
            return None
        at = found + 1
        index -= 1
    return at


def _load_str(
    text: str, file: str, suffix: str | None, result: LoadResult, *, pure: bool = False
) -> None:
    seen, found = result.seen, len(result.problems)
    if suffix == ".json":
        _load_json(text, file, result, pure=pure)
    elif not text or text.isspace():
        _input_problem(result, file, "empty input: no manifests to read", check=EMPTY_INPUT)
        return
    else:
        reading = _YamlLoad(text, file, result, pure)
        del text  # the reading's is the only reference: a repaired text replaces it
        reading.run()
    if result.seen == seen and len(result.problems) == found:
        _input_problem(
            result,
            file,
            "no manifests to read: every document is empty (`---`, `null`, comments only) "
            "or an empty list",
            check=EMPTY_INPUT,
        )


def _load_json(text: str, file: str, result: LoadResult, *, pure: bool = False) -> None:
    # json's decoder reads JSON (once); the places of values are read back from the text only
    # when a problem or a model asks for them. A repeated or `<<` key sends the text to the YAML
    # parser (JSON is a subset of YAML's flow style), with JSON's scalar rules, which places
    # repeated keys; where libyaml refuses valid JSON, the json module decodes it.
    try:
        document = read_json(text)
    except json.JSONDecodeError as exc:
        _yaml_problem(result, file, YamlProblem(f"JSON: {exc.msg}", Pos(exc.lineno, exc.colno)))
        return
    except RecursionError:
        _yaml_problem(result, file, YamlProblem("JSON: nesting too deep", Pos(1, 1)))
        return
    if document is not None:
        documents = [document]
    else:
        try:
            documents = list(decode_yaml(text, pure=pure, json_scalars=True))
        except YamlProblem:
            try:
                documents = [decode_json(text)]
            except YamlProblem as exc:
                _yaml_problem(result, file, exc)
                return
    for document in documents:
        _load_document(document, file, result)


def _mark_repaired(result: LoadResult, start: int) -> None:
    # Found in text repaired per an earlier YAML hint: say so; the place is still right.
    note = "found after assuming the YAML hint above"
    for i in range(start, len(result.problems)):
        problem = result.problems[i]
        hint = f"{problem.hint}; {note}" if problem.hint else note
        result.problems[i] = dataclasses.replace(problem, hint=hint)


def _yaml_problem(
    result: LoadResult,
    file: str,
    exc: YamlProblem,
    hint: str = "",
    *,
    after_repair: bool = False,
    reported: set[tuple[int, int, str]] | None = None,
) -> None:
    prefix = "" if exc.message.startswith("JSON:") else "YAML: "
    where = f"{exc.path}: " if exc.path else ""
    message = f"{prefix}{where}{exc.message} (line {exc.pos.line}, column {exc.pos.column})"
    if reported is not None:
        seen = (exc.pos.line, exc.pos.column, message)
        if seen in reported:
            return  # found again in a pass over repaired text
        reported.add(seen)
    if after_repair:
        message += " [found after assuming the hint above]"
    warning = exc.severity == "warning"
    result.problems.append(
        Problem(
            file,
            exc.pos.line,
            exc.pos.column,
            None,
            exc.path,
            "warning" if warning else "yaml",
            "warning" if warning else "error",
            exc.check,
            message,
            hint or exc.hint,
        )
    )


_KEY_LINE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#:][^:#]*?):(?: +(?P<value>\S.*))?$")


def _repair_indentation(text: str, pos: Pos) -> tuple[str, str] | None:
    """The circulating form of the home-page Ingress indents `annotations:` under `name: x`.

    YAML reports "mapping values are not allowed" on the over-indented line. When the line
    before it is `key: scalar` and the over-indented line is a `key:` line, the likely intent
    is a sibling of `key`: dedent that line and its block to `key`'s column. The repaired text
    keeps every line number, so later problems still point at the right place. It is used only
    to look for further problems, each marked as found after the assumption. Only the lines
    around `pos` are read, and the text is copied once.
    """
    index = pos.line - 1  # lines split at \n, from 0
    start = _line_offset(text, index) if index > 0 else None
    if start is None:
        return None
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = _KEY_LINE.match(text[start:line_end])
    previous, above_end = index - 1, start - 1
    above_start = text.rfind("\n", 0, above_end) + 1
    while previous >= 0 and not text[above_start:above_end].strip():
        previous -= 1
        above_end = above_start - 1
        above_start = text.rfind("\n", 0, max(above_end, 0)) + 1
    above_text = text[above_start:above_end] if previous >= 0 else ""
    above = _KEY_LINE.match(above_text) if previous >= 0 else None
    if line is None or above is None or above.group("value") is None:
        return None
    indent, target = len(line.group("indent")), len(above.group("indent"))
    if above_text.lstrip().startswith("- "):
        target += 2
    if indent <= target:
        return None
    shift = indent - target
    # the block: the lines after it that are blank or indented deeper
    block_end, end = len(text), index + 1
    if line_end < len(text):
        stop = re.compile(rf"(?m)^ {{0,{indent}}}(?! )(?=[^\n]*\S)").search(text, line_end + 1)
        block_end = len(text) if stop is None else stop.start()
        end += text.count("\n", line_end + 1, block_end) + (stop is None)
    block = re.sub(rf"(?m)^ {{{shift}}}", "", text[start:block_end])
    key = line.group("key").strip()
    hint = (
        f"`{key}:` (line {pos.line}) is indented deeper than `{above.group('key').strip()}:` "
        f"(line {previous + 1}), which already has a value; if it belongs beside it, "
        f"dedent lines {pos.line}-{end} by {shift} spaces"
    )
    return text[:start] + block + text[block_end:], hint


# --- objects: kinds, strict fields, defaults, validation -----------------------------------


def _load_document(
    document: Document,
    file: str,
    result: LoadResult,
    reported: set[tuple[int, int, str]] | None = None,
) -> None:
    for problem in document.problems:
        _yaml_problem(result, file, problem, reported=reported)
    if not document.has_errors:  # else kubectl refuses the document before the API server
        _load_data(document, file, result)


def _load_data(document: Document, file: str, result: LoadResult) -> None:
    data = document.data
    if data is None:
        return
    if not isinstance(data, dict):
        _input_problem(
            result,
            file,
            f"a manifest must be a mapping (an object), not {_json_kind(data)}",
            document.pos,
        )
        return
    kind = data.get("kind")
    if isinstance(kind, str) and (kind in schema.LIST_KINDS or kind in gateway_api.LIST_KINDS):
        items = data.get("items")
        if items is None:
            return
        if not isinstance(items, list):
            _input_problem(result, file, f"{kind}: items must be a list", _pos_of(data, "items"))
            return
        # Typed lists from the API server (ServiceList, ...) omit each item's apiVersion and
        # kind: they are the list's, without the "List" suffix.
        item_kind = kind.removesuffix("List") if kind != "List" else None
        for i, item in enumerate(items):
            item_pos = _item_pos(items, i, document.pos)
            if isinstance(item, dict) and item_kind:
                if "kind" not in item:
                    item["kind"] = item_kind
                if "apiVersion" not in item and isinstance(data.get("apiVersion"), str):
                    item["apiVersion"] = data["apiVersion"]
            if not isinstance(item, dict):
                _input_problem(result, file, f"{kind}: items[{i}] must be an object", item_pos)
                continue
            _load_object(item, file, item_pos, result)
        return
    if document.size > MAX_OBJECT_BYTES:
        _input_problem(
            result,
            file,
            f"document is {document.size:,} bytes; the API server "
            f"refuses request bodies over {MAX_OBJECT_BYTES:,} bytes",
            document.pos,
        )
        return
    _load_object(data, file, document.pos, result)


def _load_object(data: dict[str, Any], file: str, pos: Pos, result: LoadResult) -> None:
    result.seen += 1
    api_version, kind = data.get("apiVersion"), data.get("kind")
    meta = data.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    name = name if isinstance(name, str) else "(unnamed)"
    if not isinstance(api_version, str) or not isinstance(kind, str):
        missing = "apiVersion" if not isinstance(api_version, str) else "kind"
        _add(
            result,
            file,
            data,
            pos,
            None,
            missing,
            "Required value",
            f"Object 'Kind' is missing or invalid: {missing} must be set",
            "decode",
        )
        return
    namespace: str | None = None
    custom = gateway_api.KINDS.get((api_version, kind))
    if kind in _NAMESPACED_KINDS or (custom is not None and custom.namespaced):
        ns = meta.get("namespace") if isinstance(meta, dict) else None
        namespace = ns if isinstance(ns, str) and ns else "default"
    ref = f"{kind} {namespace}/{name}" if namespace else f"{kind} {name}"
    removed = schema.REMOVED.get((api_version, kind))
    if removed is not None:
        _add(
            result,
            file,
            data,
            pos,
            ref,
            "apiVersion",
            "removed API",
            f'no matches for kind "{kind}" in version "{api_version}": {removed}',
            "removed-api",
        )
        return
    if custom is not None:
        _load_custom(custom, data, file, pos, ref, namespace, result)
        return
    root = schema.KINDS.get((api_version, kind)) or schema.LABEL_KINDS.get((api_version, kind))
    if root is None:
        result.notes.append(
            f"{file}:{pos.line}: skipped {kind} ({api_version}): not a kind Ingress Lab reads"
        )
        return
    before = len(result.problems)
    _Strict(kind, file, pos, ref, result).walk(data, root)
    if len(result.problems) > before:
        return  # the decoder stops at the first type error; validation never runs
    defaulted = default_object(
        {**data, "metadata": {**(meta or {}), "namespace": namespace}} if namespace else data
    )
    errors = validate_object(defaulted)
    for error in errors:
        _field_error(result, file, data, pos, ref, error)
    if errors:
        return
    result.objects.append(
        KubeObject(
            api_version,
            kind,
            namespace,
            name,
            defaulted,
            file,
            pos,
            data if isinstance(data, YMap) else YMap.placed(pos),
        )
    )


def _load_custom(
    custom: crd.CustomKind,
    data: dict[str, Any],
    file: str,
    pos: Pos,
    ref: str,
    namespace: str | None,
    result: LoadResult,
) -> None:
    """A custom resource: strict decoding (unknown fields only: types are the schema's to
    check), then its CRD's defaults, ObjectMeta, schema and CEL rules (`crd`)."""
    before = len(result.problems)
    _Strict(custom.kind, file, pos, ref, result, types=False).walk(data, custom.struct)
    if len(result.problems) > before:
        return  # the decoder refuses the object; validation never runs
    meta = data.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        # The apiextensions server checks the object against the CRD's schema, whose metadata
        # is an object, before anything reads metadata.
        error = crd.type_error("metadata", "object", meta)
        _field_error(result, file, data, pos, ref, error)
        return
    plain: dict[str, Any] = crd.plain_copy(
        {**data, "metadata": {**(meta or {}), "namespace": namespace}} if namespace else data
    )
    crd.apply_defaults(plain, custom.root)
    errors = validate_custom_object_meta(plain.get("metadata"), custom.namespaced)
    errors += crd.validate(plain, custom.root)
    for error in errors:
        _field_error(result, file, data, pos, ref, error)
    if errors:
        return
    name = plain["metadata"]["name"]
    api_version = str(data["apiVersion"])
    result.objects.append(
        KubeObject(
            api_version,
            custom.kind,
            namespace,
            name,
            plain,
            file,
            pos,
            data if isinstance(data, YMap) else YMap.placed(pos),
        )
    )


def _field_error(
    result: LoadResult, file: str, data: Any, pos: Pos, ref: str, error: FieldError
) -> None:
    where = _locate(data, error.field, pos)
    result.problems.append(
        Problem(
            file,
            where.line,
            where.column,
            ref,
            error.field,
            error.type,
            "error",
            _check_id(error),
            str(error),
        )
    )


def _check_id(error: FieldError) -> str:
    return error.type.lower().replace(" ", "-")


def _add(
    result: LoadResult,
    file: str,
    data: Any,
    pos: Pos,
    ref: str | None,
    path: str,
    type_: str,
    message: str,
    check: str,
    hint: str = "",
) -> None:
    where = _locate(data, path, pos)
    result.problems.append(
        Problem(file, where.line, where.column, ref, path, type_, "error", check, message, hint)
    )


_Path = tuple[str | int, ...]


def _render(path: _Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class _Strict:
    """Strict decoding of one object against its schema node: appends a problem per unknown
    field and per value of the wrong type. The field path is a stack, made into a tuple only for
    a problem; leaves are checked in the loop over their container, without a call each."""

    __slots__ = ("file", "kind", "path", "pos", "ref", "result", "types")

    def __init__(
        self, kind: str, file: str, pos: Pos, ref: str, result: LoadResult, *, types: bool = True
    ) -> None:
        self.kind = kind
        self.file = file
        self.pos = pos
        self.ref = ref
        self.result = result
        self.path: list[str | int] = []
        #: whether a value of the wrong type is a decoding error (built-in kinds) or is left
        #: to the schema validation (custom resources)
        self.types = types

    def walk(
        self,
        value: Any,
        node: schema.Node,
        parent: Any = None,
        key: str | int | None = None,
        owner: schema.Struct | None = None,
    ) -> None:
        if value is None or isinstance(node, schema.Any_):
            return  # JSON null leaves a Go field at its zero value
        if isinstance(node, schema.Struct):
            if not isinstance(value, dict):
                self.type_error(value, node, parent, key, owner)
                return
            fields = node.fields
            for name, item in value.items():
                child = fields.get(name)
                if child is None:
                    _unknown_field(
                        value,
                        name,
                        node,
                        tuple(self.path),
                        owner,
                        self.file,
                        self.pos,
                        self.ref,
                        self.result,
                    )
                elif type(item) is str and type(child) is schema.Scalar:
                    if child.json not in _STRING_KINDS and not _scalar_ok(item, child):
                        self.path.append(name)
                        self.type_error(item, child, value, name, node)
                        self.path.pop()
                elif not _leaf_ok(item, child):
                    self.path.append(name)
                    self.walk(item, child, value, name, node)
                    self.path.pop()
        elif isinstance(node, schema.ListOf):
            if not isinstance(value, list):
                self.type_error(value, node, parent, key, owner)
                return
            inner = node.item
            for index, item in enumerate(value):
                if not _leaf_ok(item, inner):
                    self.path.append(index)
                    self.walk(item, inner, value, index, owner)
                    self.path.pop()
        elif isinstance(node, schema.MapOf):
            if not isinstance(value, dict):
                self.type_error(value, node, parent, key, owner)
                return
            inner = node.value
            for name, item in value.items():
                if not _leaf_ok(item, inner):
                    self.path.append(name)
                    self.walk(item, inner, value, name, owner)
                    self.path.pop()
        elif not _scalar_ok(value, node):
            self.type_error(value, node, parent, key, owner)

    def type_error(
        self,
        value: Any,
        node: schema.Node,
        parent: Any,
        key: str | int | None,
        owner: schema.Struct | None,
    ) -> None:
        if not self.types:
            return
        _type_error(
            value,
            node,
            tuple(self.path),
            self.kind,
            self.file,
            self.pos,
            self.ref,
            self.result,
            parent,
            key,
            owner,
        )


# The JSON kinds a string always satisfies (see _scalar_ok).
_STRING_KINDS = frozenset(("string", "time", "int-or-string", "quantity"))


def _leaf_ok(item: Any, node: schema.Node) -> bool:
    """Nothing to walk: a null, anything under Any_, or a scalar of the right type."""
    if item is None or type(node) is schema.Any_:
        return True
    if type(node) is schema.Scalar:
        return (type(item) is str and node.json in _STRING_KINDS) or _scalar_ok(item, node)
    return False


def _scalar_ok(value: Any, node: schema.Scalar) -> bool:
    kind = node.json
    if kind in ("string", "time"):
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return False
        limit = 2**31 if node.go_type == "int32" else 2**63
        return -limit <= value < limit
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind in ("int-or-string", "quantity"):
        return (isinstance(value, str | int) and not isinstance(value, bool)) or (
            kind == "quantity" and isinstance(value, float)
        )
    return True


def _go_type(node: schema.Node) -> str:
    if isinstance(node, schema.Scalar):
        return {
            "IntOrString": "intstr.IntOrString",
            "Quantity": "resource.Quantity",
            "Time": "v1.Time",
        }.get(node.go_type, node.go_type)
    if isinstance(node, schema.Struct):
        return f"v1.{node.go_name}"
    if isinstance(node, schema.ListOf):
        return f"[]{_go_type(node.item)}"
    if isinstance(node, schema.MapOf):
        return f"map[string]{_go_type(node.value)}"
    return node.go_type


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _type_error(
    value: Any,
    node: schema.Node,
    path: _Path,
    kind: str,
    file: str,
    pos: Pos,
    ref: str,
    result: LoadResult,
    parent: Any,
    key: str | int | None,
    owner: schema.Struct | None,
) -> None:
    # Go's encoding/json: "json: cannot unmarshal <json kind> into Go struct field
    # <Struct>.<json path without indices> of type <go type>"
    dotted = ".".join(p for p in path if isinstance(p, str))
    what = _json_kind(value)
    if what == "number" and isinstance(node, schema.Scalar) and node.json == "integer":
        what = f"number {value}"
    target = f"Go struct field {owner.go_name}.{dotted}" if owner else f"Go value of type {kind}"
    message = f"json: cannot unmarshal {what} into {target} of type {_go_type(node)}"
    hint = ""
    raw = getattr(parent, "raw", {}).get(key) if key is not None else None
    if (
        raw is not None
        and isinstance(node, schema.Scalar)
        and node.json in ("string", "int-or-string", "time", "quantity")
    ):
        hint = f'quote it: "{raw}" (YAML 1.1 reads an unquoted {raw} as {_json_kind(value)})'
        message += f"; {hint}"
    where = _child_pos(parent, key, pos)
    result.problems.append(
        Problem(
            file,
            where.line,
            where.column,
            ref,
            _render(path),
            "decode",
            "error",
            "decode",
            f"{ref}: {message}",
            hint,
        )
    )


def _unknown_field(
    value: dict[str, Any],
    name: str,
    node: schema.Struct,
    path: _Path,
    owner: schema.Struct | None,
    file: str,
    pos: Pos,
    ref: str,
    result: LoadResult,
) -> None:
    field_path = _render((*path, name))
    hint = _field_hint(value, name, node, path, owner)
    where = _child_pos(value, name, pos)
    message = f'{ref}: strict decoding error: unknown field "{field_path}"'
    result.problems.append(
        Problem(
            file,
            where.line,
            where.column,
            ref,
            field_path,
            "unknown field",
            "error",
            "unknown-field",
            message,
            hint,
        )
    )


def _field_hint(
    value: dict[str, Any], name: str, node: schema.Struct, path: _Path, owner: schema.Struct | None
) -> str:
    # One level down: a sibling whose struct declares the field (`paths:` beside `http:`).
    for sibling, child in node.fields.items():
        inner = child.item if isinstance(child, schema.ListOf) else child
        if isinstance(inner, schema.Struct) and name in inner.fields:
            line = _child_pos(value, name, Pos(0, 0)).line
            at = f" (line {line})" if line else ""
            state = "is empty" if value.get(sibling) in (None, {}) else "exists"
            return (
                f"`{name}` is a field of `{sibling}`, not of `{_render(path) or 'the object'}`"
                f": indent `{name}:`{at} under `{sibling}:` ({sibling} {state})"
            )
    # One level up: the field belongs to the enclosing struct (over-indented).
    if owner is not None and name in owner.fields:
        return (
            f"`{name}` is a field of the object that holds `{_render(path)}`: "
            f"dedent `{name}:` by one level"
        )
    close = difflib.get_close_matches(name, list(node.fields), n=1, cutoff=0.75)
    if close:
        return f"did you mean `{close[0]}`?"
    return ""


def _child_pos(container: Any, key: str | int | None, default: Pos) -> Pos:
    place = None
    if isinstance(container, YMap) and isinstance(key, str):
        place = container.key_place(key)
    elif isinstance(container, YSeq) and isinstance(key, int):
        place = container.item_place(key)
    if place is not None:
        return place
    return getattr(container, "pos", default)


def _item_pos(items: Any, index: int, default: Pos) -> Pos:
    return _child_pos(items, index, default)


def _pos_of(data: Any, key: str) -> Pos:
    return _child_pos(data, key, getattr(data, "pos", Pos(1, 1)))


_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]|\[([^\]]*)\]")


def _locate(data: Any, path: str, default: Pos) -> Pos:
    """The place of the field at `path` (`spec.rules[0].host`), or of its nearest ancestor."""
    where = getattr(data, "pos", default)
    current = data
    for match in _SEGMENT.finditer(path):
        name, index, key = match.groups()
        step: str | int = int(index) if index is not None else (name if name is not None else key)
        found = (isinstance(current, dict) and isinstance(step, str) and step in current) or (
            isinstance(current, list) and isinstance(step, int) and step < len(current)
        )
        if not found:
            break
        where = _child_pos(current, step, where)
        current = current[step]
    return where

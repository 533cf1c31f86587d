"""Strict YAML decoding (`ingresslab._k8s.yaml`): keys, YAML 1.1 scalars, bounds, positions, and
libyaml/pure-Python parity on tabs, BOMs and escapes.

Without libyaml, tests parametrized over both parsers run the pure-Python half and skip the
libyaml half, saying so (under CI=true they fail instead: CI must check both)."""

from __future__ import annotations

import contextlib
import copy
import os
import pickle
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest

from ingresslab._k8s.yaml import (
    HAVE_LIBYAML,
    MAX_DEPTH,
    Pos,
    YamlProblem,
    YMap,
    YSeq,
    decode_json,
    decode_yaml,
    read_json,
    syntax_error,
)

PARSERS = [pytest.param(False, id="libyaml"), pytest.param(True, id="pure")]


def require_parser(pure: bool | None) -> None:
    """Skip the libyaml half (`pure=False`) of a test when PyYAML has no libyaml (fail under
    CI=true). `pure=None` is whichever parser is there."""
    if pure is not False or HAVE_LIBYAML:
        return
    message = (
        "PyYAML was built without libyaml: only the pure-Python half of this test ran "
        "(pip install a PyYAML wheel with libyaml to run both)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def decode(text: str, *, pure: bool | None = None) -> list[Any]:
    require_parser(pure)
    return [document.data for document in decode_yaml(text, pure=bool(pure))]


def problem(text: str, *, pure: bool | None = None) -> YamlProblem:
    """The problem that stops decoding `text`."""
    with pytest.raises(YamlProblem) as info:
        decode(text, pure=pure)
    return info.value


def found(text: str, *, pure: bool | None = None) -> list[YamlProblem]:
    """The problems collected while decoding `text` (which must not stop)."""
    require_parser(pure)
    return [p for document in decode_yaml(text, pure=bool(pure)) for p in document.problems]


def summary(problems: list[YamlProblem]) -> list[tuple[Any, ...]]:
    return [(p.severity, p.path, p.pos.line, p.pos.column, p.message) for p in problems]


# --- keys -------------------------------------------------------------------------------


@pytest.mark.parametrize("pure", PARSERS)
def test_duplicate_key_names_both_lines(pure: bool) -> None:
    (exc,) = found("a: 1\nb: 2\na: 3\n", pure=pure)
    assert exc.message == 'duplicate key "a": first at line 1, again at line 3'
    assert (exc.pos, exc.path, exc.severity) == (Pos(3, 1), "a", "error")


def test_duplicate_key_in_nested_mapping_points_at_the_second() -> None:
    (exc,) = found("spec:\n  rules: []\n  tls: []\n  rules: []\n")
    assert exc.message == 'duplicate key "rules": first at line 2, again at line 4'
    assert (exc.pos, exc.path) == (Pos(4, 3), "spec.rules")


def test_same_key_in_sibling_mappings_is_not_a_duplicate() -> None:
    assert decode("- a: 1\n- a: 2\n") == [[{"a": 1}, {"a": 2}]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("null: x\n", "null key null: kubectl cannot turn a null key into a JSON key"),
        ("~: x\n", "null key ~: kubectl cannot turn a null key into a JSON key"),
        ("? \n: x\n", "null key (empty): kubectl cannot turn a null key into a JSON key"),
        ("!!null ~: y\n", "null key ~: kubectl cannot turn a null key into a JSON key"),
    ],
)
def test_null_key_is_an_error_with_quote_hint(text: str, message: str) -> None:
    (exc,) = found(text)
    assert (exc.severity, exc.message, exc.path) == ("error", message, None)
    assert exc.hint.startswith("quote it")


def test_quoted_scalar_keys_are_strings() -> None:
    assert decode("\"1\": x\n'yes': z\n") == [{"1": "x", "yes": "z"}]


@pytest.mark.parametrize(
    ("text", "pos"),
    [("? [a, b]\n: x\n", Pos(1, 3)), ("{a: 1}: x\n", Pos(1, 1)), ("? - a\n: x\n", Pos(1, 3))],
)
def test_complex_key_is_an_error(text: str, pos: Pos) -> None:
    (exc,) = found(text)
    assert exc.message == "complex (mapping or sequence) keys are not allowed"
    assert exc.pos == pos


def test_every_duplicate_key_is_reported_with_both_lines() -> None:
    text = "a: 1\na: 2\nb:\n  c: 1\n  c: 2\n  c: 3\na: 4\n"
    (document,) = decode_yaml(text)
    assert summary(list(document.problems)) == [
        ("error", "a", 2, 1, 'duplicate key "a": first at line 1, again at line 2'),
        ("error", "b.c", 5, 3, 'duplicate key "c": first at line 4, again at line 5'),
        ("error", "b.c", 6, 3, 'duplicate key "c": first at line 4, again at line 6'),
        ("error", "a", 7, 1, 'duplicate key "a": first at line 1, again at line 7'),
    ]
    assert document.data == {"a": 1, "b": {"c": 1}}  # the first value of each key is kept
    assert document.has_errors


def test_duplicate_keys_of_every_document_are_reported() -> None:
    documents = list(decode_yaml("a: 1\na: 2\n---\nb: 1\nb: 2\n"))
    assert [summary(list(d.problems)) for d in documents] == [
        [("error", "a", 2, 1, 'duplicate key "a": first at line 1, again at line 2')],
        [("error", "b", 5, 1, 'duplicate key "b": first at line 4, again at line 5')],
    ]


def test_problems_found_before_a_syntax_error_travel_with_it() -> None:
    exc = problem("a: 1\na: 2\nb: [\n")
    assert exc.message == "did not find expected node content"
    assert summary(list(exc.before)) == [
        ("error", "a", 2, 1, 'duplicate key "a": first at line 1, again at line 2')
    ]


MANIFEST_WITH_YAML_ERRORS = """\
apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    blob: !!binary aGVsbG8=
    ? [a, b]
    : x
  labels:
    ~: y
spec:
  ports:
    - port: !!python/int 80
      name: !!int http
"""


@pytest.mark.parametrize("pure", PARSERS)
def test_yaml_errors_name_the_field_path_they_sit_under(pure: bool) -> None:
    """Like the API server's field errors (`spec.rules[0].host: ...`), each YAML-level error names
    where it is: a value's own path, or the mapping that holds a refused key."""
    assert summary(found(MANIFEST_WITH_YAML_ERRORS, pure=pure)) == [
        (
            "error",
            "metadata.annotations.blob",
            6,
            11,
            "binary data (!!binary) is not supported: kubectl cannot turn it into JSON",
        ),
        (
            "error",
            "metadata.annotations",
            7,
            7,
            "complex (mapping or sequence) keys are not allowed",
        ),
        (
            "error",
            "metadata.labels",
            10,
            5,
            "null key ~: kubectl cannot turn a null key into a JSON key",
        ),
        (
            "error",
            "spec.ports[0].port",
            13,
            13,
            "unsupported YAML tag tag:yaml.org,2002:python/int",
        ),
        ("error", "spec.ports[0].name", 14, 13, "cannot read 'http' as int"),
    ]


def test_binary_tag_hint_says_to_drop_the_tag() -> None:
    """sigs.k8s.io/yaml, yaml.go (YAMLToJSON): "Binary data in YAML with the !!binary tag is not
    supported. [...] encode the data as base64 as usual but do not use the !!binary tag"."""
    (exc,) = found("data:\n  key: !!binary aGVsbG8=\n")
    assert exc.hint == "write the base64 text without the !!binary tag"


def test_paths_inside_a_list_start_at_the_document() -> None:
    text = "kind: List\nitems:\n- metadata:\n    labels:\n      a: 1\n      a: 2\n"
    (exc,) = found(text)
    assert (exc.path, exc.pos) == ("items[0].metadata.labels.a", Pos(6, 7))


def test_a_value_under_a_refused_key_is_dropped_and_reading_goes_on() -> None:
    (document,) = decode_yaml("? [x]\n: {a: 1}\nb: 2\n~: 3\nc: 4\n")
    assert document.data == {"b": 2, "c": 4}
    assert [p.path for p in document.problems] == [None, None]


# --- keys kubectl turns into strings ---------------------------------------------------

KEY_STRINGS = [
    # (key as written, the JSON key kubectl makes of it, what go-yaml reads it as)
    ("404", "404", "a number"),
    ("+7", "7", "a number"),
    ("-0", "0", "a number"),
    ("1_000", "1000", "a number"),
    ("0x1F", "31", "a number"),
    ("010", "8", "a number"),
    ("0o17", "15", "a number"),
    ("0b101", "5", "a number"),
    ("09", "9", "a number"),
    ("9223372036854775807", "9223372036854775807", "a number"),
    ("1.5", "1.5", "a number"),
    ("1.10", "1.1", "a number"),
    ("1.", "1", "a number"),
    (".5", "0.5", "a number"),
    ("1e3", "1000", "a number"),
    ("1e6", "1e+06", "a number"),
    ("0.0001", "0.0001", "a number"),
    ("0.00001", "1e-05", "a number"),
    ("3.14159265358979", "3.1415927", "a number"),
    ("16777217.0", "1.6777216e+07", "a number"),
    ("-0.0", "-0", "a number"),
    (".inf", ".inf", "a number"),
    ("-.Inf", "-.inf", "a number"),
    (".NaN", ".nan", "a number"),
    ("true", "true", "a bool"),
    ("yes", "true", "a bool"),
    ("Y", "true", "a bool"),
    ("off", "false", "a bool"),
    ("n", "false", "a bool"),
]


@pytest.mark.parametrize("pure", PARSERS)
@pytest.mark.parametrize(("key", "string", "what"), KEY_STRINGS, ids=[k[0] for k in KEY_STRINGS])
def test_int_float_bool_key_becomes_the_string_kubectl_makes(
    pure: bool, key: str, string: str, what: str
) -> None:
    """kubectl reads YAML with sigs.k8s.io/yaml: go-yaml v2 decides what a plain key is
    (go-yaml v2 resolve.go, `resolve`: its bool table, strconv.ParseInt/ParseUint with base 0,
    then yamlStyleFloat), and convertToJSONableObject (sigs.k8s.io/yaml yaml.go) writes int keys
    with strconv.Itoa, float keys with strconv.FormatFloat(f, 'g', -1, 32) (".inf", "-.inf",
    ".nan" for the specials) and bool keys as "true"/"false"."""
    require_parser(pure)
    (document,) = decode_yaml(f"data:\n  {key}: x\n", pure=pure)
    assert document.data == {"data": {string: "x"}}
    assert not document.has_errors
    (warning,) = document.problems
    assert (warning.severity, warning.check, warning.path, warning.pos) == (
        "warning",
        "yaml-key-not-string",
        f"data.{string}",
        Pos(2, 3),
    )
    assert warning.message == (
        f'key {key} is {what}, not a string: kubectl turns it into the key "{string}"'
    )
    assert warning.hint == f'quote it: "{key}"'


@pytest.mark.parametrize(
    "key",
    ["22:22", "2024-01-02", "1e400", "0x", "_1", "name", "<<x", "'404'", '"true"', "!!str 404"],
)
def test_keys_go_yaml_reads_as_strings_stay_as_written(key: str) -> None:
    """go-yaml v2 (resolve.go) has no base-60 numbers ("Base 60 floats are a bad idea [...]
    purposefully unsupported here"), keeps timestamps as strings in an interface{} key, and
    leaves numbers out of float64 range as strings; quoted and !!str keys are strings."""
    (document,) = decode_yaml(f"data:\n  {key}: x\n")
    assert document.problems == ()
    (written,) = document.data["data"]
    assert written == key.split(" ")[-1].strip("'\"")


@pytest.mark.parametrize(
    ("key", "what"),
    [("9223372036854775808", "uint64"), ("0x1FFFFFFFFFFFFFFFF", "*big.Int")],
)
def test_integer_key_beyond_int64_is_an_error(key: str, what: str) -> None:
    """sigs.k8s.io/yaml (yaml.go, convertToJSONableObject) refuses key types other than string,
    int, int64, float64 and bool: "unsupported map key of type: uint64"."""
    (exc,) = found(f"data:\n  {key}: x\n")
    assert (exc.severity, exc.path) == ("error", "data")
    assert exc.message == (
        f"non-string key {key}: kubectl cannot turn it into a JSON key (go-yaml reads it as {what})"
    )


def test_aliased_and_tagged_number_keys_become_strings_too() -> None:
    (document,) = decode_yaml("a: &n 404\ndata:\n  *n : x\n  !!int 7: v\n  !!bool true: w\n")
    assert document.data["data"] == {"404": "x", "7": "v", "true": "w"}
    assert [(p.severity, p.path) for p in document.problems] == [
        ("warning", "data.404"),
        ("warning", "data.7"),
        ("warning", "data.true"),
    ]


def test_number_key_and_its_quoted_string_are_duplicates() -> None:
    (exc,) = [p for p in found('data:\n  404: a\n  "404": b\n') if p.severity == "error"]
    assert exc.message == 'duplicate key "404": first at line 2, again at line 3'
    assert exc.path == "data.404"


# --- YAML 1.1 scalars: resolved as go-yaml v2 does, source text kept --------------------


def test_yaml11_surprises_keep_their_source_text_in_raw() -> None:
    (data,) = decode("a: no\nb: 1.10\nc: 22:22\nd: 010\ne: 0x1F\nf: ~\ng: on\nh: text\n")
    assert data == {
        "a": False,
        "b": 1.1,
        "c": 1342,
        "d": 8,
        "e": 31,
        "f": None,
        "g": True,
        "h": "text",
    }
    assert isinstance(data, YMap)
    assert data.raw == {
        "a": "no",
        "b": "1.10",
        "c": "22:22",
        "d": "010",
        "e": "0x1F",
        "f": "~",
        "g": "on",
    }


def test_sequence_items_keep_their_source_text_in_raw_by_index() -> None:
    (data,) = decode("- off\n- x\n- 1_000\n")
    assert data == [False, "x", 1000]
    assert isinstance(data, YSeq)
    assert data.raw == {0: "off", 2: "1_000"}


def test_quoted_scalars_stay_strings_without_raw() -> None:
    (data,) = decode("a: \"no\"\nb: '1.10'\nc: |\n  22:22\n")
    assert data == {"a": "no", "b": "1.10", "c": "22:22\n"}
    assert data.raw == {}


def test_timestamps_stay_strings() -> None:
    assert decode("t: 2024-01-02T03:04:05Z\n") == [{"t": "2024-01-02T03:04:05Z"}]


def test_unsupported_tag_is_an_error() -> None:
    (exc,) = found("a: !!python/object:os.system x\n")
    assert exc.message == "unsupported YAML tag tag:yaml.org,2002:python/object:os.system"
    assert (exc.pos, exc.path) == (Pos(1, 4), "a")


def test_merge_key_keeps_keys_written_before_it() -> None:
    (data,) = decode("base: &b {p: 1, q: 2}\nobj:\n  q: 3\n  <<: *b\n")
    assert data["obj"] == {"q": 3, "p": 1}


def test_merge_key_is_overridden_by_keys_written_after_it() -> None:
    # The usual form: merge a base, then override. go-yaml v2 (sigs.k8s.io/yaml) accepts it.
    (data,) = decode("base: &b {p: 1, q: 2}\nobj:\n  <<: *b\n  q: 3\n")
    assert data["obj"] == {"p": 1, "q": 3}


# --- positions ------------------------------------------------------------------------


def test_positions_are_one_based_line_and_column() -> None:
    (document,) = decode_yaml("kind: Ingress\nspec:\n  rules:\n    - host: a\n      http: {}\n")
    data = document.data
    assert document.pos == Pos(1, 1)
    assert data.pos == Pos(1, 1)
    assert data.key_pos == {"kind": Pos(1, 1), "spec": Pos(2, 1)}
    assert data["spec"].key_pos["rules"] == Pos(3, 3)
    rules = data["spec"]["rules"]
    assert rules.item_pos == [Pos(4, 7)]
    assert rules[0].key_pos == {"host": Pos(4, 7), "http": Pos(5, 7)}


def test_each_document_of_a_stream_knows_where_it_starts() -> None:
    documents = list(decode_yaml("a: 1\n---\nb: 2\n---\n# empty\n---\nc: 3\n"))
    assert [d.data for d in documents] == [{"a": 1}, {"b": 2}, None, {"c": 3}]
    assert [d.pos for d in documents] == [Pos(1, 1), Pos(2, 1), Pos(4, 1), Pos(6, 1)]


def test_syntax_error_position_is_one_based() -> None:
    exc = problem("metadata:\n  name: x\n    labels: {}\n")
    assert exc.message == "mapping values are not allowed in this context"
    assert exc.pos == Pos(3, 11)


def test_yaml_problem_passes_through_a_generator_context_manager() -> None:
    # contextlib sets __traceback__ on the exception it re-raises; a problem must allow it.
    @contextlib.contextmanager
    def reading() -> Iterator[None]:
        yield

    with pytest.raises(YamlProblem, match="unknown alias"), reading():
        decode("a: *nope\n")


def test_documents_before_a_syntax_error_are_yielded() -> None:
    documents = decode_yaml("a: 1\n---\nb: [\n")
    assert next(documents).data == {"a": 1}
    with pytest.raises(YamlProblem):
        next(documents)


# --- bounds ---------------------------------------------------------------------------


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("pure", PARSERS)
def test_alias_bomb_is_refused_fast_and_small(pure: bool) -> None:
    bomb = _billion_laughs()
    assert 300 < len(bomb) < 600
    tracemalloc.start()
    start = time.perf_counter()
    try:
        exc = problem(bomb, pure=pure)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exc.message == "document contains excessive aliasing"
    assert exc.pos.line in range(2, 10)
    assert elapsed < 0.1, f"{elapsed:.3f} s"
    assert peak < 4 * 1024 * 1024, f"{peak:,} bytes"


def test_a_few_aliases_are_fine() -> None:
    (data,) = decode("a: &x [1, 2]\nb: *x\nc: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_unknown_alias_is_an_error() -> None:
    exc = problem("a: *nope\n")
    assert exc.message in ("unknown alias *nope", "found undefined alias")
    assert exc.pos == Pos(1, 4)


@pytest.mark.parametrize("pure", PARSERS)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 10_000 + "]" * 10_000, id="flow-sequences"),
        pytest.param("{a: " * 10_000 + "}" * 10_000, id="flow-mappings"),
        pytest.param("".join(" " * i + "a:\n" for i in range(10_000)), id="block-mappings"),
        pytest.param("".join(" " * i + "-\n" for i in range(10_000)), id="block-sequences"),
    ],
)
def test_ten_thousand_deep_nesting_is_refused_without_recursion_error(
    pure: bool, text: str
) -> None:
    exc = problem(text, pure=pure)
    assert "nesting" in exc.message
    assert exc.pos.line >= 1
    assert exc.pos.column >= 1


def test_nesting_up_to_the_limit_is_accepted() -> None:
    depth = MAX_DEPTH
    (data,) = decode("[" * depth + "]" * depth)
    for _ in range(depth - 1):
        data = data[0]
    assert data == []


def test_nesting_one_past_the_limit_names_the_limit() -> None:
    depth = MAX_DEPTH + 1
    exc = problem("[" * depth + "]" * depth)
    assert exc.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert exc.pos == Pos(1, depth)


# --- libyaml and the pure-Python parser agree -------------------------------------------

PARITY_CASES = {
    "tab after colon": "a:\tb\n",
    "tab after dash": "-\tb\n",
    "tab after colon before nested block": "a:\t\n  b: c\n",
    "leading tab": "\ta: b\n",
    "tab as nested indentation": "a:\n\tb: c\n",
    "tab inside plain scalar": "a: b\tc\n",
    "trailing tab": "a: b\t\n",
    "tab before comment": "a: b\t# c\n",
    "tabs in flow": "{a:\t1,\tb: 2}\n",
    "tab in block scalar indentation": "a: |\n\tb\n",
    "tab after block scalar indentation": "a: |\n  \tb\n",
    "tab in later block scalar line": "a: |\n  b\n\tc\n",
    "tab starting plain continuation": "a: b\n\tc\n",
    "tab after space in plain continuation": "a: b\n \tc\n",
    "tab-only line in block mapping": "a: 1\n\t\nb: 2\n",
    "tab in double-quoted continuation": 'a: "b\n\tc"\n',
    "tab in single-quoted continuation": "a: 'b\n\tc'\n",
    "tab after ---": "---\ta: b\n",
    "BOM at start": "\ufeffa: b\n",
    "BOM before ---": "\ufeff---\na: b\n",
    "BOM after ---": "---\n\ufeffa: b\n",
    "BOM after --- of a later document": "a: 1\n---\n\ufeffb: 2\n",
    "BOM at start of a later line": "a: 1\n\ufeffb: 2\n",
    "BOM inside a value": "a: \ufeffb\n",
    "escape \\q": 'a: "\\q"\n',
    "escape \\'": 'a: "\\\'"\n',
    "escape \\x4": 'a: "\\x4"\n',
    "escape \\x41": 'a: "\\x41"\n',
    "escape \\u00e9": 'a: "\\u00e9"\n',
    "escape \\U0001F60 (short)": 'a: "\\U0001F60"\n',
    "escape \\U00110000 (beyond Unicode)": 'a: "\\U00110000"\n',
    "escape \\ud800 (surrogate)": 'a: "\\ud800"\n',
    "escape \\/": 'a: "\\/"\n',
    "escape \\t and escaped tab": 'a: "\\t\\\t"\n',
    "escapes \\N \\_ \\L \\P": 'a: "\\N\\_\\L\\P"\n',
    "escapes \\e \\0 \\a": 'a: "\\e\\0\\a"\n',
    "backslash in single quotes": "a: '\\q'\n",
    "control character": "a: \x01\n",
    "control character after non-ASCII": "a: \u00e9\u00e9\x01\n",
    "BOM after --- before a mapping of two lines": "---\n\ufeffa: 1\nb: 2\n",
    "BOM after --- with blanks and a comment": "a: 1\n---  # next\n\ufeffb: 2\nc: 3\n",
    "BOM after --- with CRLF": "a: 1\r\n---\r\n\ufeffb: 2\r\nc: 3\r\n",
    "BOM after ... (not a kubectl separator)": "a: 1\n...\n\ufeff---\nb: 2\n",
    "BOM after a blank line after ---": "a: 1\n---\n\n\ufeffb: 2\nc: 3\n",
    "two BOMs at start": "\ufeff\ufeffa: 1\nb: 2\n",
    "BOM after a comment line": "# c\n\ufeffa: 1\n",
    "BOM before a nested key": "a:\n\ufeff  b: 1\n",
    "BOM in flow": "{a: 1,\n\ufeffb: 2}\n",
    "BOM then error on the same line": "---\n\ufeffa: [\n",
    "flow: ? inside a plain scalar": "{a: b?c}\n",
    "flow: x: before }": "{a: b:}\n",
    "flow: x: before [": "[a:[b]]\n",
    "flow: x:y": "{a:1, url: http://x}\n",
    "tag ending at , in flow": "{a: !x, b: 1}\n",
    "tag with [ in flow": "[!a[b] c]\n",
    "verbatim tag": "a: !<tag:x> b\n",
    "unknown tag handle": "a: !e!x b\n",
    "bad URI escape": "a: !x%zz b\n",
    "block scalar header comment without blank": "a: |#c\n  b\n",
    "block scalar header with tab": "a: |\t# c\n  b\n",
    "block scalar bad header": "a: |x\n  b\n",
    "block scalar indentation indicator 0": "a: |0\n  b\n",
    "unknown directive": "%FOO bar\n---\na: 1\n",
    "directive without name": "% x\n---\na: 1\n",
    "end of stream inside flow": "a: {b: 1",
    "end of stream inside quotes": 'a: "b',
    "--- indented inside a plain scalar": "a: b\n  ---\nc: 1\n",
    "duplicate keys": "a: 1\nb: 2\na: 3\nb: 4\n",
    "duplicate key after merge override": "x: &x {a: 1}\ny:\n  <<: *x\n  a: 2\n  a: 3\n",
    "anchors and aliases": "a: &a {b: [1, 2]}\nc: *a\nd: [*a, *a]\n",
    "unknown alias": "a: *b\n",
    "merge of a scalar": "a: &a 1\nb:\n  <<: *a\n",
    "number, bool and null keys": "404: a\nyes: b\n1.5: c\n~: d\n",
    "complex key": "? {a: 1}\n: b\n",
    "binary tag": "a: !!binary aGVsbG8=\n",
    "lone surrogate in the text": "a: 1\n---\nb: x\udce9y\n",
}


def _outcome(text: str, *, pure: bool) -> tuple[str, Any]:
    documents: list[Any] = []
    try:
        for document in decode_yaml(text, pure=pure):
            documents.append((_positions(document.data), summary(list(document.problems))))
    except YamlProblem as exc:
        return ("stopped", documents, (exc.message, exc.pos), summary(list(exc.before)))
    return ("read", documents)


def _positions(value: Any) -> Any:
    """Data with the place of every mapping, key, sequence and item."""
    if isinstance(value, YMap):
        items = {k: (value.key_pos[k], _positions(v)) for k, v in value.items()}
        return ("map", value.pos, items, value.raw)
    if isinstance(value, YSeq):
        items = list(zip(value.item_pos, map(_positions, value), strict=True))
        return ("seq", value.pos, items, value.raw)
    return value


@pytest.mark.parametrize("text", PARITY_CASES.values(), ids=PARITY_CASES.keys())
def test_libyaml_and_pure_parser_agree(text: str) -> None:
    """Same documents, same places, same problems: libyaml is the reference (go-yaml, which
    kubectl uses, is a port of it); the pure-Python parser is taught its rules (libyaml
    src/scanner.c)."""
    pure = _outcome(text, pure=True)
    require_parser(False)
    assert pure == _outcome(text, pure=False)


@pytest.mark.parametrize(
    ("text", "message", "pos"),
    [
        ("\ta: b\n", "found character that cannot start any token", Pos(1, 1)),
        ("a: |\n\tb\n", "found a tab character where an indentation space is expected", Pos(2, 1)),
        ("a: b\n\tc\n", "found a tab character that violates indentation", Pos(2, 1)),
        ('a: "\\q"\n', "found unknown escape character", Pos(1, 5)),
        ('a: "\\x4"\n', "did not find expected hexdecimal number", Pos(1, 7)),
    ],
)
@pytest.mark.parametrize("pure", PARSERS)
def test_tab_and_escape_errors_use_libyamls_words_and_place(
    pure: bool, text: str, message: str, pos: Pos
) -> None:
    exc = problem(text, pure=pure)
    assert (exc.message, exc.pos) == (message, pos)


@pytest.mark.parametrize("pure", PARSERS)
def test_tab_separates_value_from_colon(pure: bool) -> None:
    assert decode("a:\tb\nc:\t1\n", pure=pure) == [{"a": "b", "c": 1}]


# --- JSON: read by json's decoder, places read back from the text -------------------------

JSON_CASES = {
    "nested": '{"a": {"b": [1, {"c": null}], "d": true},\n "e": [[], [2.5, "x"]], "f": {}}',
    "root array": '  [\n  {"a": 1},\n  "s",\n  [3, [4]],\n  -0.0e1\n]\n',
    "pretty, indent 4": (
        '{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "kind": "Service",'
        '\n            "metadata": {\n                "name": "web"\n            }\n        }'
        '\n    ],\n    "kind": "List"\n}\n'
    ),
    "braces and brackets in strings": (
        '{"x": "{[", "alb.ingress.kubernetes.io/actions.r": "{\\"Type\\": \\"redirect\\", '
        '\\"RedirectConfig\\": {\\"Port\\": \\"443\\"}}",\n "y": ["}", {"z": "]}"}]}'
    ),
    "CRLF": '{\r\n  "a": [\r\n    1,\r\n    {"b": 2}\r\n  ],\r\n  "c": "x"\r\n}\r\n',
    "tabs": '{\t"a"\t:\t[\t1\t]\t,\n\t"b": {"c": false}}',
    "non-ASCII and escapes": '{"é": ["ü", "\\u00e9", "\\"q\\""], "𝄞": {"x\\ny": 1}}',
    "astral and line separators in strings": '{"a": "x\u2028y\u0085z", "b": [1,\n 2]}',
    "numbers and literals": '{"n": [0, -1, 1.50, 1e3, true, false, null], "s": "1"}',
    "empty containers": '{"a": [], "b": {}, "c": [[], {}]}',
}


def _places(value: Any) -> Any:
    """The place of every mapping, key, sequence and item (values left out: the YAML parser
    folds a NEL in a quoted string into a space, which json's decoder rightly keeps)."""
    if isinstance(value, YMap):
        items = {k: (value.key_pos[k], _places(v)) for k, v in value.items()}
        return ("map", value.pos, items, value.raw)
    if isinstance(value, YSeq):
        return ("seq", value.pos, list(zip(value.item_pos, map(_places, value), strict=True)))
    return type(value).__name__


def _json_outcome(document: Any) -> tuple[Any, ...]:
    return (document.pos, document.size, _places(document.data))


@pytest.mark.parametrize("text", JSON_CASES.values(), ids=JSON_CASES.keys())
def test_json_places_are_the_yaml_parsers(text: str) -> None:
    """JSON is read once, by json's decoder; its places, read back from the text only when
    asked for, are those the YAML parser (which reads JSON as flow YAML, and placed every
    JSON value before) gives: line breaks counted as libyaml counts them, columns in
    characters."""
    fast = read_json(text)
    assert fast is not None
    (slow,) = decode_yaml(text, json_scalars=True)
    assert _json_outcome(fast) == _json_outcome(slow)
    if "\x85" not in text:
        assert fast.data == slow.data


def test_json_places_are_worked_out_only_when_read() -> None:
    text = '{"a": [1, {"b": 2}]}'
    document = read_json(text)
    assert document is not None
    data = document.data
    source = data._src
    assert source._start is None and source._lines is None  # nothing read back yet
    pos = data["a"][1].key_pos["b"]
    assert source._lines is None  # a place is made; where it is, not yet
    assert (pos.line, pos.column) == (1, 12)
    assert pos == Pos(1, 12) and Pos(1, 12) == pos and hash(pos) == hash(Pos(1, 12))
    assert repr(pos) == "Pos(line=1, column=12)"


@pytest.mark.parametrize(
    "text",
    ['{"a": 1, "a": 2}', '{"<<": {"a": 1}}', '[{"x": {"k": 1, "k": 1}}]'],
    ids=["repeated key", "merge key", "nested repeated key"],
)
def test_json_with_repeated_or_merge_keys_is_left_to_the_yaml_parser(text: str) -> None:
    assert read_json(text) is None  # the YAML parser places repeated keys; << merges there


def test_json_duplicate_keys_in_strict_mode_are_an_error() -> None:
    with pytest.raises(YamlProblem, match='duplicate key "a"'):
        decode_json('{"a": 1, "a": 2}')


def test_json_escaped_lone_surrogates_become_replacement_characters() -> None:
    document = read_json('{"k\\ud800": ["\\udc00", "\\ud83d\\ude00"]}')
    assert document is not None
    assert document.data == {"k\ufffd": ["\ufffd", "\U0001f600"]}


def test_json_raw_texts_come_from_the_text() -> None:
    document = read_json('{"a": 1.50, "b": "no", "c": [true, 0x1]}'.replace("0x1", "1"))
    assert document is not None
    assert document.data.raw == {"a": "1.50"}
    assert document.data["c"].raw == {0: "true", 1: "1"}


# --- compact places ---------------------------------------------------------------------


def test_places_views_read_like_the_dict_and_list_they_stand_for() -> None:
    (document,) = decode_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n")
    data = document.data
    assert dict(data.key_pos) == {"a": Pos(1, 1), "b": Pos(2, 1)}
    assert len(data.key_pos) == 2 and list(data.key_pos) == ["a", "b"]
    assert data.key_pos.get("missing", "default") == "default"
    assert data.key_place("b") == Pos(2, 1) and data.key_place("missing") is None
    items = data["b"].item_pos
    assert items == [Pos(3, 5), Pos(4, 5)] and items[-1] == Pos(4, 5)
    assert items[:1] == [Pos(3, 5)] and len(items) == 2
    with pytest.raises(IndexError):
        items[2]
    data["added"] = 3  # keys added after decoding have no place
    assert "added" not in data.key_pos and data.key_place("added") is None


def test_placed_containers_stand_where_they_are_told() -> None:
    assert YMap.placed(Pos(3, 4)).pos == Pos(3, 4)
    assert YSeq.placed(Pos(5, 6)).pos == Pos(5, 6)
    assert YMap.placed(Pos(1, 1)).key_pos == {} and YSeq.placed(Pos(1, 1)).raw == {}


@pytest.mark.parametrize("pure", PARSERS)
def test_raw_texts_of_aliases_and_merges(pure: bool) -> None:
    # The text is kept only where it is not the value's own spelling; an alias has none.
    (data,) = decode(
        "hex: &h 0x10\nport: &p 80\nplain: 7\nalias: *h\nbase: &b {p: yes, q: 1}\n"
        "obj:\n  <<: *b\n  q: 2.50\n",
        pure=pure,
    )
    assert data.raw == {"hex": "0x10", "port": "80", "plain": "7"}
    assert data["obj"] == {"p": True, "q": 2.5}
    assert data["obj"].raw == {"p": "yes", "q": "2.50"}


def test_equal_scalar_texts_share_one_string() -> None:
    documents = list(decode_yaml("- name: web\n- name: web\n"))
    first, second = documents[0].data
    assert next(iter(first)) is next(iter(second))
    assert first["name"] is second["name"]


@pytest.mark.parametrize("pure", PARSERS)
def test_syntax_error_is_found_without_building_and_matches_decoding(pure: bool) -> None:
    require_parser(pure)
    text = "a: 1\n---\nb:\n  c: d\n    e: f\n"
    found_ahead = syntax_error(text, pure=pure)
    assert found_ahead is not None
    assert (found_ahead.message, found_ahead.pos) == (
        problem(text, pure=pure).message,
        problem(text, pure=pure).pos,
    )
    assert syntax_error("a: 1\n", pure=pure) is None


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_decoded_data_pickles_and_copies_with_its_places(kind: str) -> None:
    # replay --jobs hands the models (and the data they came from) to worker processes.
    text = "a:\n  - {b: 1}\n  - c\n" if kind == "yaml" else '{"a": [{"b": 1},\n "c"]}'
    document = read_json(text) if kind == "json" else next(decode_yaml(text))
    assert document is not None
    data = document.data
    expected = _places(data)
    lazy = data["a"].item_pos[0]
    for copied in (pickle.loads(pickle.dumps(data)), copy.deepcopy(data)):
        assert _places(copied) == expected
    assert type(pickle.loads(pickle.dumps(lazy))) is Pos
    assert copy.copy(lazy) == lazy

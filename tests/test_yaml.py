"""Strict YAML decoding (`ingresslab._k8s.yaml`): keys, YAML 1.1 scalars, bounds, positions, and
libyaml/pure-Python parity on tabs, BOMs and escapes.

Without libyaml, tests parametrized over both parsers run the pure-Python half and skip the
libyaml half, saying so (under CI=true they fail instead: CI must check both)."""

from __future__ import annotations

import contextlib
import os
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
    decode_yaml,
)

PARSERS = [pytest.param(False, id="libyaml"), pytest.param(True, id="pure")]


def require_parser(pure: bool) -> None:
    """Skip the libyaml half of a test when PyYAML has no libyaml (fail under CI=true)."""
    if pure or HAVE_LIBYAML:
        return
    message = (
        "PyYAML was built without libyaml: only the pure-Python half of this test ran "
        "(pip install a PyYAML wheel with libyaml to run both)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def decode(text: str, *, pure: bool = False) -> list[Any]:
    require_parser(pure)
    return [document.data for document in decode_yaml(text, pure=pure)]


def problem(text: str, *, pure: bool = False) -> YamlProblem:
    """The problem that stops decoding `text`."""
    with pytest.raises(YamlProblem) as info:
        decode(text, pure=pure)
    return info.value


def found(text: str, *, pure: bool = False) -> list[YamlProblem]:
    """The problems collected while decoding `text` (which must not stop)."""
    require_parser(pure)
    return [p for document in decode_yaml(text, pure=pure) for p in document.problems]


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
}


def _outcome(text: str, *, pure: bool) -> tuple[str, Any]:
    try:
        return ("data", decode(text, pure=pure))
    except YamlProblem as exc:
        return ("error", (exc.message, exc.pos.line))


@pytest.mark.parametrize("text", PARITY_CASES.values(), ids=PARITY_CASES.keys())
def test_libyaml_and_pure_parser_agree(text: str) -> None:
    assert _outcome(text, pure=True) == _outcome(text, pure=False)


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

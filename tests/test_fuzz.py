"""Seeded fuzzing of manifest loading: mutated examples never raise, every problem points at a
place, and libyaml and the pure-Python parser find the same problems. Reproduce a failure with
the seed and index printed in its message."""

from __future__ import annotations

import copy
import functools
import json
import os
import resource
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

import pytest
import yaml

import ingresslab
from ingresslab._k8s.load import Problem, load_paths, load_text
from ingresslab._k8s.yaml import HAVE_LIBYAML, YamlProblem, YMap, YSeq, decode_yaml, read_json

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEED = 20_240_601
MUTANTS = 10_000
#: every FILE_EVERY-th mutant is also written as raw bytes and read through `load_paths`
FILE_EVERY = 250

SOURCES = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".yml"))


# --- byte and line mutations ------------------------------------------------------------


def flip_byte(rng: Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]


def insert_bytes(rng: Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    alphabet = b" \t\n:-#&*!|>'\"{}[],?%@`\\\x00\xef\xbb\xbf\xff"
    chunk = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
    return data[:i] + chunk + data[i:]


def delete_bytes(rng: Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 8) :]


def _lines(rng: Random, data: bytes) -> tuple[list[bytes], int]:
    lines = data.split(b"\n")
    return lines, rng.randrange(len(lines))


def duplicate_line(rng: Random, data: bytes) -> bytes:
    lines, i = _lines(rng, data)
    lines.insert(i, lines[i])
    return b"\n".join(lines)


def delete_line(rng: Random, data: bytes) -> bytes:
    lines, i = _lines(rng, data)
    del lines[i]
    return b"\n".join(lines)


def shift_indent(rng: Random, data: bytes) -> bytes:
    lines, i = _lines(rng, data)
    shift = rng.choice((-4, -2, -1, 1, 2, 4))
    line = lines[i]
    lines[i] = b" " * shift + line if shift > 0 else line[min(-shift, len(line)) :]
    return b"\n".join(lines)


# --- structure-aware mutations -----------------------------------------------------------


def plain(value: Any) -> Any:
    """YMap/YSeq to dict/list, which yaml.safe_dump can represent."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _containers(value: Any) -> list[Any]:
    """Every dict and list under `value`, each once (iterative: values may nest 800 deep)."""
    out: list[Any] = []
    seen: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list) and id(item) not in seen:
            seen.add(id(item))
            out.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return out


def _slot(rng: Random, data: Any) -> tuple[Any, Any] | None:
    """A random (container, key-or-index) holding a value."""
    candidates = [c for c in _containers(data) if c]
    if not candidates:
        return None
    container = rng.choice(candidates)
    key = (
        rng.choice(list(container))
        if isinstance(container, dict)
        else rng.randrange(len(container))
    )
    return container, key


_OTHER_VALUES: tuple[Any, ...] = (None, True, False, 0, -1, 80, 2**40, 1.5, "", "80", "no", [], {})


def swap_type(rng: Random, data: Any) -> Any:
    slot = _slot(rng, data)
    if slot is not None:
        container, key = slot
        container[key] = copy.deepcopy(rng.choice(_OTHER_VALUES))
    return data


def delete_key(rng: Random, data: Any) -> Any:
    slot = _slot(rng, data)
    if slot is not None:
        container, key = slot
        del container[key]
    return data


def rename_key(rng: Random, data: Any) -> Any:
    maps = [c for c in _containers(data) if isinstance(c, dict) and c]
    if maps:
        target = rng.choice(maps)
        key = rng.choice(list(target))
        new = rng.choice(
            (key[:-1], key + "s", key.upper(), key[::-1], "paths", "http", "spec", "<<", "")
        )
        if new not in target:
            target[new] = target.pop(key)
    return data


def deep_nest(rng: Random, data: Any) -> Any:
    slot = _slot(rng, data)
    if slot is not None:
        container, key = slot
        value = container[key]
        for _ in range(rng.choice((5, 50, 199, 250, 400))):
            value = [value] if rng.random() < 0.5 else {"a": value}
        container[key] = value
    return data


def add_alias(rng: Random, data: Any) -> Any:
    # The same object in two places: safe_dump writes an anchor and an alias.
    try:
        shared = copy.deepcopy(rng.choice(_containers(data)))
    except RecursionError:  # an earlier mutation nested it deeper than copy can follow
        return data
    slot = _slot(rng, data)
    if slot is not None:
        container, key = slot
        for _ in range(rng.randint(1, 3)):
            shared = [shared] * rng.randint(2, 12)
        container[key] = shared
    return data


BYTE_MUTATIONS: list[Callable[[Random, bytes], bytes]] = [
    flip_byte,
    insert_bytes,
    delete_bytes,
    duplicate_line,
    delete_line,
    shift_indent,
]
DATA_MUTATIONS: list[Callable[[Random, Any], Any]] = [
    swap_type,
    delete_key,
    rename_key,
    deep_nest,
    add_alias,
]


def mutate(rng: Random, texts: list[bytes], trees: list[Any]) -> bytes:
    source = rng.choice(texts)
    if rng.random() < 0.6 or not trees:
        for _ in range(rng.randint(1, 3)):
            source = rng.choice(BYTE_MUTATIONS)(rng, source) or b"\n"
        return source
    data = copy.deepcopy(rng.choice(trees))
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(DATA_MUTATIONS)(rng, data)
    try:
        return yaml.safe_dump(data, sort_keys=False).encode()
    except RecursionError:
        return source


def bad_problems(problems: list[Problem], text: str) -> list[str]:
    """The problems that do not point at a place inside `text` with a message."""
    last_line = text.count("\n") + 2
    return [
        repr(p)
        for p in problems
        if not (p.file and 1 <= p.line <= last_line and p.column >= 1 and p.message)
    ]


def _problems_of_text(text: str) -> list[Problem]:
    return ingresslab.loads(text).problems


def _problems_of_file(path: Path) -> list[Problem]:
    return load_paths([path]).problems


def _where(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {Path(tb.filename).name}:{tb.lineno}"


def test_mutated_examples_never_raise_and_every_problem_has_a_place(tmp_path: Path) -> None:
    assert SOURCES, "examples/ has no YAML files"
    texts = [path.read_bytes() for path in SOURCES]
    trees: list[Any] = []
    for text in texts:
        try:  # the broken example only serves byte mutations
            trees.extend(plain(d.data) for d in decode_yaml(text.decode()) if d.data is not None)
        except YamlProblem:
            continue
    rng = Random(SEED)
    # First mutant of each distinct failure, so one bug does not hide the others.
    failures: dict[str, str] = {}
    slowest = 0.0
    start = time.perf_counter()
    for index in range(MUTANTS):
        data = mutate(rng, texts, trees)
        text = data.decode("utf-8", errors="replace")
        began = time.perf_counter()
        runs: list[tuple[str, Callable[[], list[Problem]]]] = [
            ("loads", functools.partial(_problems_of_text, text))
        ]
        if index % FILE_EVERY == 0:
            path = tmp_path / f"mutant-{index}.yaml"
            path.write_bytes(data)
            runs.append(("load_paths", functools.partial(_problems_of_file, path)))
        for how, run in runs:
            try:
                bad = bad_problems(run(), text)
            except Exception as exc:
                failures.setdefault(f"{how}: {_where(exc)}: {exc}"[:300], f"{index}: {data!r}")
                continue
            if bad:
                failures.setdefault(f"{how}: misplaced {bad[0]}", f"{index}: {data!r}")
        slowest = max(slowest, time.perf_counter() - began)
    elapsed = time.perf_counter() - start
    print(f"{MUTANTS} mutants in {elapsed:.1f} s (slowest {slowest * 1000:.0f} ms), seed {SEED}")
    report = "\n".join(
        f"- {what}\n  first at mutant {where[:600]}" for what, where in failures.items()
    )
    assert not failures, f"seed {SEED}: {len(failures)} distinct failures:\n{report}"
    assert slowest < 2, f"seed {SEED}: one mutant took {slowest:.2f} s"
    assert elapsed < 60, f"seed {SEED}: {MUTANTS} mutants took {elapsed:.1f} s"


# --- libyaml and the pure-Python parser --------------------------------------------------

PARITY_SEED = 20_250_301
PARITY_MUTANTS = 1_500


def _rows(text: str, *, pure: bool) -> list[tuple[object, ...]]:
    result = load_text(text, "mutant.yaml", pure_yaml=pure)
    rows: list[tuple[object, ...]] = [
        (p.line, p.column, p.severity, p.check, p.field, p.message) for p in result.problems
    ]
    return rows + [(o.ref, o.pos.line, o.pos.column) for o in result.objects]


def test_mutated_examples_give_the_same_problems_with_and_without_libyaml() -> None:
    """The pure-Python parser is taught libyaml's rules (libyaml src/scanner.c; `_PureLoader` in
    `_k8s/yaml.py`), so any text, broken or not, gives the same problems, places and objects
    through either. Needs libyaml (without it, skipped, saying so; under CI=true, failed)."""
    if not HAVE_LIBYAML:
        message = "PyYAML was built without libyaml: nothing to compare the pure parser with"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    texts = [path.read_bytes() for path in SOURCES]
    trees: list[Any] = []
    for text in texts:
        try:
            trees.extend(plain(d.data) for d in decode_yaml(text.decode()) if d.data is not None)
        except YamlProblem:
            continue
    rng = Random(PARITY_SEED)
    failures: dict[str, str] = {}
    for index in range(PARITY_MUTANTS):
        text = mutate(rng, texts, trees).decode("utf-8", errors="replace")
        libyaml, pure = _rows(text, pure=False), _rows(text, pure=True)
        if libyaml != pure:
            first = next(
                (a, b) for a, b in zip([*libyaml, None], [*pure, None], strict=False) if a != b
            )
            failures.setdefault(str(first)[:300], f"{index}: {text[:300]!r}")
    report = "\n".join(f"- {what}\n  first at mutant {where}" for what, where in failures.items())
    assert not failures, f"seed {PARITY_SEED}: {len(failures)} differences:\n{report}"


# --- a large dump --------------------------------------------------------------------------

_ITEM = """\
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: web-{i}
    namespace: ns-{ns}
    uid: 0b6a4a1e-1111-2222-3333-{i:012d}
    resourceVersion: "{i}"
    creationTimestamp: "2024-01-02T03:04:05Z"
  spec:
    ingressClassName: alb
    rules:
    - host: h{i}.example.com
      http:
        paths:
        - backend:
            service:
              name: web-{i}
              port:
                number: 80
          path: /
          pathType: Prefix
  status:
    loadBalancer: {{}}
"""


def test_two_hundred_thousand_line_list_dump_loads_in_bounded_time_and_memory() -> None:
    count = 200_000 // _ITEM.count("\n") + 1
    text = 'apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: ""\nitems:\n' + "".join(
        _ITEM.format(i=i, ns=i % 7) for i in range(count)
    )
    assert text.count("\n") >= 200_000
    # Peak resident size of the whole process: a coarse bound (tracemalloc would slow the
    # load several times over), enough to catch a copy per item or an unbounded cache.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = load_text(text)
    elapsed = time.perf_counter() - start
    rss_growth_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert result.problems == []
    assert len(result.objects) == count
    assert elapsed < 10, f"{elapsed:.1f} s"
    assert rss_growth_mib < 768, f"{rss_growth_mib:.0f} MiB"


# --- JSON: places read back from the text, as the YAML parser gave them ---------------------

JSON_SEED = 20_251_204
JSON_MUTANTS = 400


def _places(value: Any) -> Any:
    if isinstance(value, YMap):
        items = {k: (value.key_pos[k], _places(v)) for k, v in value.items()}
        return ("map", value.pos, items, value.raw)
    if isinstance(value, YSeq):
        return ("seq", value.pos, list(zip(value.item_pos, map(_places, value), strict=True)))
    return value


def test_mutated_examples_as_json_are_placed_as_the_yaml_parser_placed_them() -> None:
    """JSON is decoded by json's decoder and its places read back from the text when asked
    for; they are the YAML parser's (which read JSON inputs before, and still reads those with
    repeated keys), for pretty and compact JSON, CRLF line ends and non-ASCII text."""
    texts = [path.read_bytes() for path in SOURCES]
    trees: list[Any] = []
    for text in texts:
        try:
            trees.extend(plain(d.data) for d in decode_yaml(text.decode()) if d.data is not None)
        except YamlProblem:
            continue
    rng = Random(JSON_SEED)
    failures: dict[str, str] = {}
    compared = 0
    for index in range(JSON_MUTANTS):
        data = copy.deepcopy(rng.choice(trees))
        for _ in range(rng.randint(0, 2)):
            data = rng.choice(DATA_MUTATIONS)(rng, data)
        try:
            text = json.dumps(data, indent=rng.choice((None, 1, 4)), ensure_ascii=False)
        except (RecursionError, ValueError):
            continue
        if rng.random() < 0.3:
            text = text.replace("\n", "\r\n")
        document = read_json(text)
        try:
            (reference,) = decode_yaml(text, json_scalars=True)
        except YamlProblem:
            continue  # deeper than the YAML parser reads: json's decoder reads it alone
        if document is None:
            continue  # a repeated or << key: the YAML parser reads it, as before
        compared += 1
        ours = (document.pos, document.size, _places(document.data))
        theirs = (reference.pos, reference.size, _places(reference.data))
        if ours != theirs:
            failures.setdefault("different places", f"{index}: {text[:300]!r}")
    assert compared > JSON_MUTANTS // 2
    assert not failures, f"seed {JSON_SEED}: {failures}"

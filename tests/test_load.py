"""Loading manifests (`ingresslab._k8s.load`): inputs, lists, strict fields, removed APIs,
validation messages at the field's line, one clear problem for every unreadable input, YAML
problems with their field paths, and the same problems with and without libyaml."""

from __future__ import annotations

import io
import os
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import ingresslab
import ingresslab._k8s.load as load_module
from ingresslab._cli import main
from ingresslab._k8s.load import LoadResult, Problem, load_paths, load_text
from ingresslab._k8s.yaml import HAVE_LIBYAML

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = REPO / "examples"

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
"""


def ingress(host: str = "a.example.com", path_lines: str = "            pathType: Prefix\n") -> str:
    return f"""\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: {host}
      http:
        paths:
          - path: /
{path_lines}            backend:
              service:
                name: web
                port:
                  number: 80
"""


def refs(result: LoadResult) -> list[str]:
    return [obj.ref for obj in result.objects]


def where(problem: Problem) -> tuple[int, int]:
    return (problem.line, problem.column)


def only_problem(result: LoadResult) -> Problem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


# --- inputs ----------------------------------------------------------------------------


def test_directory_is_read_recursively_yaml_yml_json_only_sorted() -> None:
    result = load_paths([DATA / "tree"])
    assert result.problems == []
    assert [(obj.ref, Path(obj.file).relative_to(DATA).as_posix()) for obj in result.objects] == [
        ("Service default/b", "tree/b.yaml"),
        ("Service default/a", "tree/nested/a.yml"),
        ("Service default/c", "tree/nested/deeper/c.json"),
    ]


def test_multi_document_yaml_loads_every_document_with_its_line() -> None:
    text = SERVICE + "---\n" + SERVICE.replace("name: web", "name: api") + "---\n"
    result = load_text(text)
    assert result.problems == []
    assert refs(result) == ["Service default/web", "Service default/api"]
    assert [obj.pos.line for obj in result.objects] == [1, 8]


def test_json_input_loads_with_positions() -> None:
    text = (
        '{"apiVersion": "v1", "kind": "Service",\n'
        ' "metadata": {"name": "web"},\n'
        ' "spec": {"ports": [{"port": "80"}]}}\n'
    )
    problem = only_problem(load_text(text))
    assert problem.message == (
        "Service default/web: json: cannot unmarshal string into Go struct field "
        "ServicePort.spec.ports.port of type int32"
    )
    assert problem.line == 3


def test_invalid_json_gets_one_problem_with_jsons_place() -> None:
    problem = only_problem(load_text('{"apiVersion": "v1",\n "kind": }\n'))
    assert (problem.type, where(problem)) == ("yaml", (2, 10))
    assert "Expecting value" in problem.message


def test_kind_list_with_status_and_server_set_metadata_loads_clean() -> None:
    result = load_paths([DATA / "kubectl-get-list.yaml"])
    assert result.problems == []
    assert result.notes == []
    assert refs(result) == ["Ingress shop/web", "Service shop/web"]
    assert [obj.pos.line for obj in result.objects] == [7, 56]


def test_typed_ingress_list_in_json_loads_clean() -> None:
    result = load_paths([DATA / "ingress-list.json"])
    assert result.problems == []
    assert refs(result) == ["Ingress shop/api"]


def test_typed_service_list_from_the_api_server_loads_clean() -> None:
    # The API server's typed lists carry apiVersion and kind on the list only, not on items.
    result = load_paths([DATA / "service-list.yaml"])
    assert result.problems == []
    assert refs(result) == ["Service shop/web"]


def test_typed_list_items_with_their_own_type_meta_load_clean() -> None:
    text = "apiVersion: v1\nkind: ServiceList\nitems:\n" + "".join(
        f"- {line}\n" if i == 0 else f"  {line}\n" for i, line in enumerate(SERVICE.splitlines())
    )
    result = load_text(text)
    assert result.problems == []
    assert refs(result) == ["Service default/web"]


def test_unknown_kind_is_skipped_with_a_note() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n" + SERVICE
    result = load_text(text)
    assert result.problems == []
    assert result.notes == ["<string>:1: skipped ConfigMap (v1): not a kind Ingress Lab reads"]
    assert refs(result) == ["Service default/web"]


def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SERVICE.encode())))
    result = load_paths(["-"])
    assert result.problems == []
    assert [(obj.ref, obj.file) for obj in result.objects] == [("Service default/web", "<stdin>")]


def test_public_load_and_loads_return_manifests() -> None:
    manifests = ingresslab.load(EXAMPLES / "some-ingress.yaml")
    assert manifests.problems == []
    assert [i.name for i in manifests.ingresses] == ["some-ingress"]
    assert ingresslab.loads(SERVICE).services[0].name == "web"


# --- removed API versions --------------------------------------------------------------


@pytest.mark.parametrize("api_version", ["extensions/v1beta1", "networking.k8s.io/v1beta1"])
def test_removed_ingress_api_names_the_replacement_and_field_renames(api_version: str) -> None:
    text = (DATA / "removed-extensions-v1beta1.yaml").read_text()
    problem = only_problem(load_text(text.replace("extensions/v1beta1", api_version)))
    assert (problem.type, problem.field, where(problem)) == ("removed API", "apiVersion", (1, 1))
    assert problem.message.startswith(
        f'no matches for kind "Ingress" in version "{api_version}": Ingress in {api_version} is '
        "no longer served since Kubernetes v1.22: use apiVersion networking.k8s.io/v1"
    )
    for rename in (
        "spec.backend is renamed spec.defaultBackend",
        "serviceName becomes service.name",
        "servicePort becomes service.port.number",
        "service.port.name",
        "pathType is now required",
    ):
        assert rename in problem.message


def test_removed_ingress_class_api_names_the_replacement() -> None:
    text = "apiVersion: networking.k8s.io/v1beta1\nkind: IngressClass\nmetadata:\n  name: alb\n"
    problem = only_problem(load_text(text))
    assert problem.type == "removed API"
    assert "use apiVersion networking.k8s.io/v1" in problem.message


# --- strict field decoding -------------------------------------------------------------


def test_unknown_field_beside_its_parent_gets_the_indentation_hint() -> None:
    text = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: a.example.com
      http:
      paths:
        - path: /
          pathType: Prefix
          backend:
            service:
              name: web
              port:
                number: 80
"""
    problem = only_problem(load_text(text))
    assert problem.message == (
        'Ingress default/web: strict decoding error: unknown field "spec.rules[0].paths"'
    )
    assert (problem.type, problem.field, where(problem)) == (
        "unknown field",
        "spec.rules[0].paths",
        (9, 7),
    )
    assert problem.hint == (
        "`paths` is a field of `http`, not of `spec.rules[0]`: "
        "indent `paths:` (line 9) under `http:` (http is empty)"
    )


def test_over_indented_field_gets_the_dedent_hint() -> None:
    text = SERVICE.replace(
        "spec:\n  ports:\n    - port: 80", "  spec:\n    ports:\n      - port: 80"
    )
    problem = only_problem(load_text(text))
    assert (
        problem.message
        == 'Service default/web: strict decoding error: unknown field "metadata.spec"'
    )
    assert where(problem) == (5, 3)
    assert problem.hint == (
        "`spec` is a field of the object that holds `metadata`: dedent `spec:` by one level"
    )


def test_typo_field_gets_did_you_mean() -> None:
    problem = only_problem(load_text(ingress(path_lines="            pathTyp: Prefix\n")))
    assert problem.message == (
        "Ingress default/web: strict decoding error: unknown field "
        '"spec.rules[0].http.paths[0].pathTyp"'
    )
    assert where(problem) == (11, 13)
    assert problem.hint == "did you mean `pathType`?"


def test_string_for_int_gets_the_decoder_message() -> None:
    problem = only_problem(load_text(ingress().replace("number: 80", 'number: "80"')))
    assert problem.message == (
        "Ingress default/web: json: cannot unmarshal string into Go struct field "
        "ServiceBackendPort.spec.rules.http.paths.backend.service.port.number of type int32"
    )
    assert (problem.type, problem.field, where(problem)) == (
        "decode",
        "spec.rules[0].http.paths[0].backend.service.port.number",
        (16, 19),
    )


def test_yaml11_bool_where_a_string_is_wanted_says_quote_it() -> None:
    problem = only_problem(load_text(ingress(host="no")))
    assert problem.message == (
        "Ingress default/web: json: cannot unmarshal bool into Go struct field "
        "IngressRule.spec.rules.host of type string; "
        'quote it: "no" (YAML 1.1 reads an unquoted no as bool)'
    )
    assert problem.hint == 'quote it: "no" (YAML 1.1 reads an unquoted no as bool)'
    assert where(problem) == (7, 7)


def test_yaml11_number_where_a_string_is_wanted_says_quote_it() -> None:
    text = SERVICE.replace("  name: web\n", "  name: web\n  labels:\n    version: 1.10\n")
    problem = only_problem(load_text(text))
    assert problem.message == (
        "Service default/web: json: cannot unmarshal number into Go struct field "
        "ObjectMeta.metadata.labels.version of type string; "
        'quote it: "1.10" (YAML 1.1 reads an unquoted 1.10 as number)'
    )
    assert (problem.field, where(problem)) == ("metadata.labels.version", (6, 5))


def test_quoted_yaml11_lookalikes_load_clean() -> None:
    text = SERVICE.replace("  name: web\n", '  name: web\n  labels:\n    version: "1.10"\n')
    assert load_text(text.replace("port: 80", "port: 80\n      name: 'no'")).problems == []


# --- validation, as the API server words it, at the field's line ----------------------


def test_missing_path_type_points_at_the_path_item() -> None:
    problem = only_problem(load_text(ingress(path_lines="")))
    assert problem.message == (
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"
    )
    assert (problem.type, problem.object, where(problem)) == (
        "Required value",
        "Ingress default/web",
        (10, 13),
    )


def test_ip_host_points_at_the_host_line() -> None:
    problem = only_problem(load_text(ingress(host="1.2.3.4")))
    assert problem.message == (
        'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address'
    )
    assert (problem.type, problem.field, where(problem)) == (
        "Invalid value",
        "spec.rules[0].host",
        (7, 7),
    )


def test_all_errors_of_one_object_are_reported_at_once() -> None:
    text = ingress(host="1.2.3.4", path_lines="") + (
        "          - path: relative\n"
        "            pathType: Prefix\n"
        "            backend:\n"
        "              service:\n"
        "                name: web\n"
        "                port:\n"
        "                  number: 0\n"
    )
    result = load_text(text)
    assert [(p.line, p.message) for p in result.problems] == [
        (7, 'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address'),
        (10, "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"),
        (
            16,
            'spec.rules[0].http.paths[1].path: Invalid value: "relative": must be an absolute path',
        ),
        (
            18,
            "spec.rules[0].http.paths[1].backend: Required value: port name or number is required",
        ),
    ]
    assert result.objects == []


# --- the home-page Ingress -------------------------------------------------------------


def test_broken_home_page_ingress_gives_exactly_its_two_problems() -> None:
    path = EXAMPLES / "some-ingress.broken.yaml"
    first, second = load_paths([path]).problems
    assert (first.file, first.type, where(first)) == (str(path), "yaml", (7, 16))
    assert first.message == (
        "YAML: mapping values are not allowed in this context (line 7, column 16)"
    )
    assert first.hint == (
        "`annotations:` (line 7) is indented deeper than `name:` (line 6), which already has "
        "a value; if it belongs beside it, dedent lines 7-10 by 2 spaces"
    )
    assert (second.type, second.field, second.object, where(second)) == (
        "unknown field",
        "spec.rules[2].paths",
        "Ingress default/some-ingress",
        (42, 7),
    )
    assert second.message == (
        'Ingress default/some-ingress: strict decoding error: unknown field "spec.rules[2].paths"'
    )
    assert second.hint.endswith("found after assuming the YAML hint above")


def test_fixed_home_page_ingress_loads_clean() -> None:
    result = load_paths([EXAMPLES / "some-ingress.yaml"])
    assert result.problems == []
    assert refs(result) == ["Ingress default/some-ingress"]


# --- the indentation repair: bounded, built once --------------------------------------------

MID = (
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: mid\n    labels:\n      a: b\n"
    "  namespace: x\nspec:\n  ports:\n    - port: 80\n  bogus: 1\n"
)


class Calls:
    """Counts the build passes and syntax checks of a load, and the text each check reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.builds = 0
        self.checked: list[str] = []
        decode, check = load_module.decode_yaml, load_module.syntax_error

        def counted_decode(text: str, **options: Any) -> Any:
            self.builds += 1
            return decode(text, **options)

        def counted_check(text: str, **options: Any) -> Any:
            self.checked.append(text)
            return check(text, **options)

        monkeypatch.setattr(load_module, "decode_yaml", counted_decode)
        monkeypatch.setattr(load_module, "syntax_error", counted_check)


def test_a_repair_is_checked_from_its_document_and_the_text_is_built_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        SERVICE
        + "---\n"
        + MID
        + "---\n"
        + SERVICE.replace("web", "api").replace("port: 80", "port: 80\n      extra: 1")
    )
    calls = Calls(monkeypatch)
    result = load_text(text)
    assert [(p.line, p.column, p.field, p.hint) for p in result.problems] == [
        (
            13,
            11,
            None,
            "`labels:` (line 13) is indented deeper than `name:` (line 12), which already has "
            "a value; if it belongs beside it, dedent lines 13-14 by 2 spaces",
        ),
        (19, 3, "spec.bogus", "found after assuming the YAML hint above"),
        (28, 7, "spec.ports[0].extra", "found after assuming the YAML hint above"),
    ]
    assert refs(result) == ["Service default/web"]
    assert calls.builds == 1
    first, again = calls.checked
    assert first == text
    assert again.startswith("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: mid\n")
    assert len(again) < len(text) - len(SERVICE)


def test_reading_stops_after_five_repairs_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: many", "data:"]
    for i in range(8):
        lines += [f"  k{i}: v", f"    j{i}: w"]
    calls = Calls(monkeypatch)
    result = load_text("\n".join(lines) + "\n")
    assert [(p.line, p.message.endswith("[found after assuming the hint above]")) for p in
            result.problems] == [(7, False), (9, True), (11, True), (13, True), (15, True),
                                 (17, True)]  # fmt: skip
    assert result.notes == ["<string>: stopped after 5 YAML problems"]
    assert calls.builds == 1


def test_a_repaired_error_may_move_to_the_start_of_its_line() -> None:
    # Dedenting `- host:` under `ingressClassName: alb` leaves a sequence where a key is due:
    # that error is on the same line, before the first one's column; both are reported, in the
    # order they were found.
    text = (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n"
        "  ingressClassName: alb\n    - host: a.example.com\n      http:\n        paths: []\n"
    )
    assert [(p.line, p.column, p.message, p.hint) for p in load_text(text).problems] == [
        (
            7,
            11,
            "YAML: mapping values are not allowed in this context (line 7, column 11)",
            "`host:` (line 7) is indented deeper than `ingressClassName:` (line 6), which "
            "already has a value; if it belongs beside it, dedent lines 7-10 by 2 spaces",
        ),
        (
            7,
            3,
            "YAML: did not find expected key (line 7, column 3) [found after assuming the "
            "hint above]",
            "",
        ),
    ]


_ITEM = """\
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: web-{i}
    namespace: ns-{ns}
  spec:
    rules:
    - host: h{i}.example.com
      http:
        paths:
        - path: /
          pathType: Prefix
          backend:
            service:
              name: web-{i}
              port:
                number: 80
"""


def test_a_defect_in_the_last_lines_of_a_large_dump_costs_no_second_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    count = 3_000
    items = "".join(_ITEM.format(i=i, ns=i % 7) for i in range(count))
    head = "apiVersion: v1\nkind: List\nitems:\n"
    at = items.rindex("          backend:\n")
    text = head + items[:at] + "            backend:\n" + items[at + len("          backend:\n") :]
    line = text[: at + len(head)].count("\n") + 1
    calls = Calls(monkeypatch)
    result = load_text(text)
    assert calls.builds == 1 and len(calls.checked) == 2
    assert len(result.objects) == count
    (problem,) = result.problems
    assert (problem.line, problem.column) == (line, 20)
    assert problem.hint.endswith(f"dedent lines {line}-{line} by 2 spaces")


def _reference_repair(text: str, line_number: int) -> tuple[str, str] | None:
    """The repair as it was first written: the whole text split into lines."""
    key_line = load_module._KEY_LINE
    lines = text.split("\n")
    index = line_number - 1
    if not 0 < index < len(lines):
        return None
    line = key_line.match(lines[index])
    previous = index - 1
    while previous >= 0 and not lines[previous].strip():
        previous -= 1
    above = key_line.match(lines[previous]) if previous >= 0 else None
    if line is None or above is None or above.group("value") is None:
        return None
    indent, target = len(line.group("indent")), len(above.group("indent"))
    if lines[previous].lstrip().startswith("- "):
        target += 2
    if indent <= target:
        return None
    shift = indent - target
    end = index + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > indent
    ):
        end += 1
    for i in range(index, end):
        if lines[i].startswith(" " * shift):
            lines[i] = lines[i][shift:]
    key = line.group("key").strip()
    hint = (
        f"`{key}:` (line {line_number}) is indented deeper than `{above.group('key').strip()}:` "
        f"(line {previous + 1}), which already has a value; if it belongs beside it, "
        f"dedent lines {line_number}-{end} by {shift} spaces"
    )
    return "\n".join(lines), hint


def test_the_repair_reads_only_the_lines_around_the_error_and_repairs_as_before() -> None:
    rng = random.Random(5)
    pieces = ["a: 1", "b:", "- c: 2", "d: x y", "# note", "", "  ", "e: |", "\t", "f: 'g'\r"]
    for _ in range(3_000):
        lines = [" " * rng.choice((0, 0, 2, 4, 6)) + rng.choice(pieces) for _ in range(12)]
        text = "\n".join(lines) + rng.choice(("", "\n"))
        line = rng.randint(0, 14)
        pos = load_module.Pos(line, 1)
        assert load_module._repair_indentation(text, pos) == _reference_repair(text, line), text


# --- one clear problem for every unreadable input ----------------------------------------


def _load_bytes(tmp_path: Path, data: bytes, name: str = "input.yaml") -> LoadResult:
    path = tmp_path / name
    path.write_bytes(data)
    return load_paths([path])


def test_empty_file_gives_one_clear_problem(tmp_path: Path) -> None:
    problem = only_problem(_load_bytes(tmp_path, b""))
    assert (problem.type, where(problem)) == ("input", (1, 1))
    assert problem.message


@pytest.mark.parametrize("text", ["---\n", "null\n", "# only a comment\n", "---\n...\n"])
def test_text_with_only_empty_documents_is_an_empty_input(text: str) -> None:
    problem = only_problem(load_text(text))
    assert (problem.type, problem.check, where(problem)) == ("input", "empty-input", (1, 1))
    assert problem.message.startswith("no manifests to read: every document is empty")


def test_empty_directory_is_an_empty_input(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x\n")
    problem = only_problem(load_paths([tmp_path]))
    assert (problem.file, problem.check) == (str(tmp_path), "empty-input")


def test_a_document_that_is_not_a_mapping_is_not_an_empty_input() -> None:
    problem = only_problem(load_text("just text\n"))
    assert problem.check == "input"


def test_binary_junk_gives_one_problem(tmp_path: Path) -> None:
    problem = only_problem(_load_bytes(tmp_path, random.Random(0).randbytes(2048)))
    assert (problem.type, where(problem)) == ("input", (1, 1))
    assert problem.message == (
        "not UTF-8 text: byte 0xcd cannot start a character (is this a binary file?)"
    )


def test_nul_byte_gives_one_problem_at_its_place(tmp_path: Path) -> None:
    problem = only_problem(_load_bytes(tmp_path, SERVICE.replace("web", "w\0eb").encode()))
    assert (problem.type, where(problem)) == ("input", (4, 10))
    assert problem.message == "contains a NUL character: this is a binary file, not a manifest"


def test_invalid_utf8_gives_one_problem_at_its_place(tmp_path: Path) -> None:
    problem = only_problem(_load_bytes(tmp_path, SERVICE.replace("web", "café").encode("latin-1")))
    assert (problem.type, where(problem)) == ("input", (4, 12))
    assert problem.message == (
        "not UTF-8 text: byte 0xe9 cannot start a character (is this a binary file?)"
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
def test_unicode_file_with_bom_is_decoded(tmp_path: Path, codec: str) -> None:
    result = _load_bytes(tmp_path, ("\ufeff" + ingress(host="1.2.3.4")).encode(codec))
    problem = only_problem(result)
    assert (problem.field, where(problem)) == ("spec.rules[0].host", (7, 7))


def test_file_over_the_input_limit_is_refused_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load_module, "MAX_INPUT_BYTES", 50)
    problem = only_problem(_load_bytes(tmp_path, SERVICE.encode()))
    assert (problem.type, where(problem)) == ("input", (1, 1))
    assert problem.message == (
        f"file is {len(SERVICE)} bytes; the limit is 50 bytes (MAX_INPUT_BYTES)"
    )


def test_stdin_over_the_input_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "MAX_INPUT_BYTES", 50)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SERVICE.encode())))
    problem = only_problem(load_paths(["-"]))
    assert (problem.file, problem.type) == ("<stdin>", "input")
    assert problem.message == "input is over the limit of 50 bytes"


def test_document_over_the_object_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "MAX_OBJECT_BYTES", 100)
    small = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n"
    large = SERVICE.replace("  name: web\n", "  name: web\n  labels: {a: " + "x" * 40 + "}\n")
    assert len(small) < 100 < len(large)
    result = load_text(small + "---\n" + large)
    assert refs(result) == ["Service default/a"]
    problem = only_problem(result)
    assert (problem.type, where(problem)) == ("input", (5, 1))
    assert problem.message.endswith("the API server refuses request bodies over 100 bytes")


def test_object_limit_counts_utf8_bytes_not_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    # The API server's limit is on the request body in bytes; "é" is two of them.
    monkeypatch.setattr(load_module, "MAX_OBJECT_BYTES", 200)
    text = SERVICE.replace("  name: web\n", "  name: web\n  annotations: {a: " + "é" * 60 + "}\n")
    assert len(text) < 200 < len(text.encode())
    problem = only_problem(load_text(text))
    assert problem.type == "input"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(random.Random(1).randbytes(512), id="junk"),
        pytest.param(b"\0\0\0", id="nul"),
        pytest.param(b"\xff\xfe\x00\xd8", id="bad-utf16"),
        pytest.param(b"a: [\n", id="yaml-syntax"),
    ],
)
def test_broken_file_never_stops_the_next_file(tmp_path: Path, data: bytes) -> None:
    broken = tmp_path / "a-broken.yaml"
    broken.write_bytes(data)
    good = tmp_path / "b-good.yaml"
    good.write_text(SERVICE)
    result = load_paths([tmp_path])
    assert [p.file for p in result.problems] == [str(broken)]
    assert [(obj.ref, obj.file) for obj in result.objects] == [("Service default/web", str(good))]


def test_unreadable_path_gives_one_problem(tmp_path: Path) -> None:
    problem = only_problem(load_paths([tmp_path / "missing.yaml"]))
    assert (problem.type, where(problem)) == ("input", (1, 1))
    assert problem.message == "cannot read: No such file or directory"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "a manifest must be a mapping (an object), not array"),
        ("hello\n", "a manifest must be a mapping (an object), not string"),
    ],
)
def test_document_that_is_not_a_mapping_gives_one_problem(text: str, message: str) -> None:
    problem = only_problem(load_text(text))
    assert (problem.type, problem.message) == ("input", message)


def test_null_rule_is_a_zero_rule_not_a_crash() -> None:
    # Go decodes `- null` into an empty IngressRule, which the API server accepts.
    text = ingress().replace("spec:\n  rules:\n", "spec:\n  rules:\n    - null\n")
    manifests = ingresslab.loads(text)
    assert manifests.errors == []
    assert [i.name for i in manifests.ingresses] == ["web"]


def test_string_with_lone_surrogate_gives_a_problem_not_an_exception() -> None:
    # e.g. text read with errors="surrogateescape"; loads() promises never to raise.
    result = load_text(SERVICE.replace("web", "w\udce9b"))
    problem = only_problem(result)
    assert (problem.type, problem.line) in {("input", 4), ("yaml", 4)}


# --- YAML problems: every one, with its field path --------------------------------------


def row(problem: Problem) -> tuple[Any, ...]:
    return (
        problem.line,
        problem.column,
        problem.severity,
        problem.check,
        problem.field,
        problem.message,
    )


def test_every_duplicate_key_is_reported_and_the_document_is_not_loaded() -> None:
    text = SERVICE.replace("  name: web\n", "  name: web\n  labels: {a: b, a: c, a: d}\n")
    result = load_text(text.replace("spec:\n", "spec:\n  type: ClusterIP\n  type: NodePort\n"))
    assert [row(p) for p in result.problems] == [
        (
            5,
            18,
            "error",
            "yaml-syntax",
            "metadata.labels.a",
            'YAML: metadata.labels.a: duplicate key "a": first at line 5, again at line 5 '
            "(line 5, column 18)",
        ),
        (
            5,
            24,
            "error",
            "yaml-syntax",
            "metadata.labels.a",
            'YAML: metadata.labels.a: duplicate key "a": first at line 5, again at line 5 '
            "(line 5, column 24)",
        ),
        (
            8,
            3,
            "error",
            "yaml-syntax",
            "spec.type",
            'YAML: spec.type: duplicate key "type": first at line 7, again at line 8 '
            "(line 8, column 3)",
        ),
    ]
    assert result.objects == []


def test_document_with_a_yaml_error_is_skipped_and_the_next_is_loaded() -> None:
    broken = SERVICE.replace("  name: web\n", "  name: web\n  name: web\n")
    result = load_text(broken + "---\n" + SERVICE.replace("name: web", "name: api"))
    assert [p.field for p in result.problems] == ["metadata.name"]
    assert refs(result) == ["Service default/api"]


def test_yaml_errors_inside_a_document_carry_their_field_path() -> None:
    text = SERVICE.replace(
        "  name: web\n",
        "  name: web\n  annotations:\n    blob: !!binary aGk=\n    ? [a]\n    : b\n"
        "  labels:\n    ~: x\n",
    )
    result = load_text(text)
    assert [(p.field, p.type, p.object) for p in result.problems] == [
        ("metadata.annotations.blob", "yaml", None),
        ("metadata.annotations", "yaml", None),
        ("metadata.labels", "yaml", None),
    ]
    assert result.problems[0].hint == "write the base64 text without the !!binary tag"
    assert result.objects == []


def test_problems_before_a_syntax_error_in_the_same_document_are_reported() -> None:
    text = SERVICE.replace("  name: web\n", "  name: web\n  name: x\n  labels: [\n")
    assert [(p.line, p.field) for p in load_text(text).problems] == [
        (5, "metadata.name"),
        (8, None),
    ]


# --- keys kubectl turns into strings -------------------------------------------------------


def test_status_code_keys_of_an_error_page_configmap_are_a_warning_not_an_error() -> None:
    """ingress-nginx's custom-errors example ConfigMap writes `404:` unquoted under `data:`
    (docs/examples/customization/custom-errors/custom-default-backend-error_pages.configMap.yaml)
    and kubectl applies it: sigs.k8s.io/yaml (yaml.go, convertToJSONableObject) turns int keys
    into strconv.Itoa text."""
    path = DATA / "configmap-status-keys.yaml"
    result = load_paths([path])
    assert [row(p) for p in result.problems] == [
        (
            12,
            3,
            "warning",
            "yaml-key-not-string",
            "data.404",
            'YAML: data.404: key 404 is a number, not a string: kubectl turns it into the key "404"'
            " (line 12, column 3)",
        ),
        (
            14,
            3,
            "warning",
            "yaml-key-not-string",
            "data.503",
            'YAML: data.503: key 503 is a number, not a string: kubectl turns it into the key "503"'
            " (line 14, column 3)",
        ),
    ]
    assert [p.hint for p in result.problems] == ['quote it: "404"', 'quote it: "503"']
    assert result.errors == []
    assert result.notes == [f"{path}:5: skipped ConfigMap (v1): not a kind Ingress Lab reads"]


def test_lint_exits_0_with_a_warning_for_a_number_key(tmp_path: Path) -> None:
    """The same through `ingresslab lint`: warnings do not fail it (exit 0), as kubectl would
    apply the file."""
    path = tmp_path / "pages.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p\ndata:\n  404: gone\n")
    result = CliRunner().invoke(main, ["lint", "-f", str(path), "--no-color"])
    assert result.exit_code == 0, result.output
    assert f"{path}:6:3: warning [yaml-key-not-string]" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "1 objects checked: 0 errors, 1 warnings"


def test_number_keys_in_an_ingress_are_read_as_strings() -> None:
    text = ingress().replace(
        "metadata:\n  name: web\n", "metadata:\n  name: web\n  annotations:\n    1.5: x\n"
    )
    result = load_text(text)
    assert [(p.severity, p.field) for p in result.problems] == [
        ("warning", "metadata.annotations.1.5")
    ]
    (obj,) = result.objects
    assert obj.data["metadata"]["annotations"] == {"1.5": "x"}


# --- byte order marks, as kubectl reads them -------------------------------------------


def test_byte_order_mark_at_the_start_of_every_document_is_accepted(tmp_path: Path) -> None:
    """kubectl strips a BOM at the start of a file (k8s.io/cli-runtime resource/visitor.go,
    FileVisitor: unicode.BOMOverride), splits the stream at `---` lines (k8s.io/apimachinery
    pkg/util/yaml/decoder.go, YAMLReader.Read), and go-yaml's reader drops a BOM at the start
    of each document (readerc.go, yaml_parser_determine_encoding). YAML 1.2 section 5.2 allows
    a BOM at the start of any document too."""
    api = SERVICE.replace("name: web", "name: api")
    text = (
        "\ufeff"
        + SERVICE
        + "---\n\ufeff"
        + api
        + "--- # third\n\ufeff"
        + SERVICE.replace("name: web", "name: x")
    )
    path = tmp_path / "boms.yaml"
    path.write_text(text, encoding="utf-8")
    for result in (load_paths([path]), load_text(text), load_text(text, pure_yaml=True)):
        assert result.problems == []
        assert refs(result) == ["Service default/web", "Service default/api", "Service default/x"]
        assert [obj.pos.line for obj in result.objects] == [1, 8, 16]


def test_byte_order_mark_inside_a_document_is_a_yaml_error_at_its_place() -> None:
    """Elsewhere at a line start, go-yaml and libyaml skip a BOM but count it as a column
    (scannerc.go / scanner.c, yaml_parser_scan_to_next_token), so `kind` stands one column to
    the right of `apiVersion`."""
    problem = only_problem(load_text(SERVICE.replace("kind:", "\ufeffkind:")))
    assert (problem.type, where(problem)) == ("yaml", (2, 2))
    assert problem.message == "YAML: did not find expected key (line 2, column 2)"


# --- the same problems with and without libyaml ------------------------------------------

_API = SERVICE.replace("name: web", "name: api")


def _annotated(lines: str) -> str:
    return SERVICE.replace("  name: web\n", f"  name: web\n  annotations:\n{lines}")


LOADER_CASES: dict[str, tuple[str, list[tuple[Any, ...]]]] = {
    "BOM before the second document": (SERVICE + "---\n\ufeff" + _API, []),
    "BOM after a --- line with a comment, CRLF": (
        (SERVICE + "--- # api\n\ufeff" + _API).replace("\n", "\r\n"),
        [],
    ),
    "BOM at a line start inside a document": (
        SERVICE.replace("kind:", "\ufeffkind:"),
        [
            (
                2,
                2,
                "error",
                "yaml-syntax",
                None,
                "YAML: did not find expected key (line 2, column 2)",
            )
        ],
    ),
    "BOM inside a value": (_annotated('    note: "\ufeffhi"\n'), []),
    "tab after a colon": (SERVICE.replace("kind: Service", "kind:\tService"), []),
    "tab as indentation": (
        SERVICE.replace("    - port: 80", "\t- port: 80"),
        [
            (
                7,
                1,
                "error",
                "yaml-syntax",
                None,
                "YAML: found character that cannot start any token (line 7, column 1)",
            )
        ],
    ),
    "duplicate keys": (
        SERVICE.replace("  name: web\n", "  name: web\n  name: web2\n")
        + "---\n"
        + _API.replace("spec:", "kind: Service\nspec:"),
        [
            (
                5,
                3,
                "error",
                "yaml-syntax",
                "metadata.name",
                'YAML: metadata.name: duplicate key "name": first at line 4, again at line 5 '
                "(line 5, column 3)",
            ),
            (
                14,
                1,
                "error",
                "yaml-syntax",
                "kind",
                'YAML: kind: duplicate key "kind": first at line 11, again at line 14 '
                "(line 14, column 1)",
            ),
        ],
    ),
    "anchors, aliases and a merge key": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: &l {app: web}\n"
        "  annotations:\n    <<: *l\n    tier: front\nspec:\n  selector: *l\n  ports:\n"
        "    - port: 80\n",
        [],
    ),
    "unknown alias": (
        SERVICE.replace("port: 80", "port: *p"),
        [
            (
                7,
                13,
                "error",
                "yaml-syntax",
                "spec.ports[0].port",
                "YAML: spec.ports[0].port: unknown alias *p (line 7, column 13)",
            )
        ],
    ),
    "unknown escape": (
        _annotated('    note: "a\\qb"\n'),
        [
            (
                6,
                13,
                "error",
                "yaml-syntax",
                None,
                "YAML: found unknown escape character (line 6, column 13)",
            )
        ],
    ),
    "short hex escape": (
        _annotated('    note: "\\x4g"\n'),
        [
            (
                6,
                14,
                "error",
                "yaml-syntax",
                None,
                "YAML: did not find expected hexdecimal number (line 6, column 14)",
            )
        ],
    ),
    "surrogate escape": (
        _annotated('    note: "\\ud83d"\n'),
        [
            (
                6,
                14,
                "error",
                "yaml-syntax",
                None,
                "YAML: found invalid Unicode character escape code (line 6, column 14)",
            )
        ],
    ),
    "binary tag, complex key, null key": (
        _annotated("    blob: !!binary aGk=\n    ? [a]\n    : b\n  labels:\n    ~: x\n"),
        [
            (
                6,
                11,
                "error",
                "yaml-syntax",
                "metadata.annotations.blob",
                "YAML: metadata.annotations.blob: binary data (!!binary) is not supported: "
                "kubectl cannot turn it into JSON (line 6, column 11)",
            ),
            (
                7,
                7,
                "error",
                "yaml-syntax",
                "metadata.annotations",
                "YAML: metadata.annotations: complex (mapping or sequence) keys are not allowed "
                "(line 7, column 7)",
            ),
            (
                10,
                5,
                "error",
                "yaml-syntax",
                "metadata.labels",
                "YAML: metadata.labels: null key ~: kubectl cannot turn a null key into a JSON key "
                "(line 10, column 5)",
            ),
        ],
    ),
    "number and bool keys": (
        _annotated("    404: page\n    yes: sure\n"),
        [
            (
                6,
                5,
                "warning",
                "yaml-key-not-string",
                "metadata.annotations.404",
                "YAML: metadata.annotations.404: key 404 is a number, not a string: kubectl turns "
                'it into the key "404" (line 6, column 5)',
            ),
            (
                7,
                5,
                "warning",
                "yaml-key-not-string",
                "metadata.annotations.true",
                "YAML: metadata.annotations.true: key yes is a bool, not a string: kubectl turns "
                'it into the key "true" (line 7, column 5)',
            ),
        ],
    ),
    "control character": (
        SERVICE.replace("name: web", "name: w\x07eb"),
        [
            (
                4,
                10,
                "error",
                "yaml-syntax",
                None,
                "YAML: unacceptable character #x0007: control characters are not allowed "
                "(line 4, column 10)",
            )
        ],
    ),
    "colon before a flow indicator": (
        SERVICE.replace("  name: web\n", "  name: web\n  labels: {app: web:}\n"),
        [(5, 20, "error", "yaml-syntax", None, "YAML: found unexpected ':' (line 5, column 20)")],
    ),
    "end of input inside a flow mapping": (
        SERVICE + "---\nkind: {a: 1",
        [
            (
                10,
                1,
                "error",
                "yaml-syntax",
                None,
                "YAML: did not find expected ',' or '}' (line 10, column 1)",
            )
        ],
    ),
}


@pytest.mark.parametrize("parser", ["pure", "libyaml"])
@pytest.mark.parametrize(("text", "expected"), LOADER_CASES.values(), ids=list(LOADER_CASES.keys()))
def test_same_problems_with_and_without_libyaml(
    text: str, expected: list[tuple[Any, ...]], parser: str
) -> None:
    """PyYAML reads YAML with libyaml (its C loader) when it was built with it, with its
    pure-Python parser otherwise (`_k8s/yaml.py`, `_C_LOADER`); the pure one is taught libyaml's
    rules (libyaml src/scanner.c), so a file gives the same problems either way. The expected
    problems are kubectl's reading: BOMs as k8s.io/apimachinery pkg/util/yaml/decoder.go and
    go-yaml readerc.go take them, keys as sigs.k8s.io/yaml yaml.go converts them.

    Without libyaml the pure-Python half runs and the libyaml half is skipped, saying so
    (under CI=true it fails instead)."""
    if parser == "libyaml" and not HAVE_LIBYAML:
        message = (
            "PyYAML was built without libyaml: only the pure-Python half of this parity test ran"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    result = load_text(text, "in.yaml", pure_yaml=parser == "pure")
    assert [row(p) for p in result.problems] == expected
    if parser == "libyaml":
        pure = load_text(text, "in.yaml", pure_yaml=True)
        assert result.problems == pure.problems
        assert [(o.ref, o.pos, o.data) for o in result.objects] == [
            (o.ref, o.pos, o.data) for o in pure.objects
        ]

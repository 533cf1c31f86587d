"""The CLI in a narrow terminal (COLUMNS=80, and 60): what it prints for people fits the width,
never cuts a key value ("…") and never splits one across lines. Key values are what the same
command's `-o json` reports: outcomes, statuses, backends, load balancer names, hosts, paths,
URLs, pod and node names, addresses, file:line:column locations. A table that cannot fit that
way is printed as one block per row. Machine outputs do not depend on the width."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from ingresslab._cli import main

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (80, 60)
MIGRATION = "examples/migration"


def run(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", str(width))
    return CliRunner().invoke(main, args, catch_exceptions=False)


def as_json(args: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    result = run([*args, "-o", "json"], 100, monkeypatch)
    return json.loads(result.stdout)


def assert_fits(text: str, width: int) -> None:
    assert "…" not in text
    long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not long, f"{len(long)} lines over {width} columns:\n" + "\n".join(long)


def assert_whole(text: str, values: Iterator[object]) -> None:
    """Each value on one line, unbroken."""
    lines = text.splitlines()
    wanted = {str(v) for v in values if v not in (None, "")}
    assert wanted, "nothing to look for"
    missing = sorted(v for v in wanted if not any(v in line for line in lines))
    assert not missing, f"not whole on any line: {missing}\n{text}"


def answer_values(answer: dict[str, Any], *, load_balancer: bool = True) -> Iterator[object]:
    """The key values of one routing answer (`route`, `diff`, `replay`)."""
    yield answer["outcome"]
    yield answer["status"]
    yield answer["location"]
    yield answer["upstream_path"]
    if load_balancer:
        yield answer["load_balancer"]
        yield answer["controller"]
    backend = answer["backend"]
    if backend:
        yield f"{backend['namespace']}/{backend['service']}:{backend['port']}"
    matched = answer["matched"]
    if matched:
        yield matched["host"]
        yield matched["path"]
        yield matched["pathType"]


# --- route --------------------------------------------------------------------------------

ROUTES = [
    ("shop.yaml", ["http://shop.example.com/api"]),
    ("multi-team.yaml", ["http://shop.example.com/api"]),
    ("why-503.yaml", ["--any-class", "http://shop.example.com/cart"]),
    ("cluster-dump.yaml", ["https://shop.example.com/api/orders/42"]),
    ("cluster-dump.yaml", ["http://blog.example.com/api/orders"]),
    ("alb-ssl-redirect.yaml", ["http://www.example.com/"]),
    ("ingressgroup-does-not-reconcile.yaml", ["http://wiki.example.com/pages/x"]),
    ("nginx-duplicate-location.yaml", ["--any-class", "http://app.example.com/"]),
    ("debug-404-checklist.yaml", ["http://admin.example.com/"]),
    # Gateway API: --controller all answers with gateway and alb-gateway; --method, --header,
    # --gateway; rules, listeners, redirects, rewrites and a controller error
    ("gateway-alb-listener-isolation.yaml", ["http://admin.example.com/admin"]),
    (
        "gateway-alb-header-values.yaml",
        ["--method", "PUT", "--header", "X-Api-Version: 1", "http://api.example.com/"],
    ),
    (
        "gateway-alb-redirect-port.yaml",
        ["--controller", "alb-gateway", "--gateway", "default/web", "http://www.example.com/x"],
    ),
    ("gateway-alb-prefix-rewrite.yaml", ["http://shop.example.com/api/users"]),
    ("gateway-alb-redirect-status.yaml", ["--controller", "all", "http://www.example.com/old"]),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("explain", [False, True], ids=["table", "explain"])
@pytest.mark.parametrize(("example", "args"), ROUTES, ids=[f"{e}:{a[-1]}" for e, a in ROUTES])
def test_route(
    example: str, args: list[str], explain: bool, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = ["route", "-f", f"examples/{example}", *(["--explain"] if explain else []), *args]
    result = run(command, width, monkeypatch)
    assert_fits(result.stdout, width)
    answers = as_json(command, monkeypatch)
    assert_whole(result.stdout, (v for answer in answers for v in answer_values(answer)))
    if explain:
        candidates = (
            word for a in answers for s in a["explain"] for word in s["candidate"].split()
        )
        assert_whole(result.stdout, candidates)


# --- diff ---------------------------------------------------------------------------------

DIFFS = [
    ("cluster-dump.yaml", []),
    ("some-ingress.yaml", []),
    ("ingressgroup-does-not-reconcile.yaml", ["--controllers", "spec,alb,nginx"]),
    ("ingressgroup-order-shadowed.yaml", ["--controllers", "spec,alb"]),
    ("nginx-tls-redirect.yaml", []),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("example", "args"), DIFFS, ids=[e for e, _ in DIFFS])
def test_diff(example: str, args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each group shows its size, its first request and every model's answer."""
    command = ["diff", "-f", f"examples/{example}", *args]
    result = run(command, width, monkeypatch)
    assert_fits(result.stdout, width)
    groups = as_json(command, monkeypatch)
    assert groups

    def values() -> Iterator[object]:
        for group in groups:
            yield group["requests"][0]
            for answer in group["answers"]:
                yield from answer_values(answer, load_balancer=False)

    assert_whole(result.stdout, values())


# --- trace --------------------------------------------------------------------------------

TRACES = [
    ("shop.yaml", ["--architecture", "alb-ip"]),
    ("shop.yaml", ["--architecture", "alb-instance"]),
    ("shop.yaml", ["--architecture", "nlb-nginx"]),
    ("shop.yaml", ["--architecture", "nlb-nginx", "--nlb-target-type", "ip"]),
    ("shop.yaml", ["--architecture", "nlb-nginx", "--proxy-protocol", "nlb-only"]),
    ("shop.yaml", ["--architecture", "alb-instance", "--external-traffic-policy", "Local"]),
    ("why-503.yaml", ["--architecture", "nlb-nginx"]),
    ("hello-ingress.yaml", ["--architecture", "alb-instance"]),
]


def trace_url(example: str) -> str:
    return {
        "shop.yaml": "http://shop.example.com/api",
        "why-503.yaml": "http://shop.example.com/api/orders",
        "hello-ingress.yaml": "http://hello.example.com/",
    }[example]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("example", "args"), TRACES, ids=[f"{e}:{' '.join(a[1:])}" for e, a in TRACES]
)
def test_trace(example: str, args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Addresses, pod and node names whole: `ip-10-0-2-10.ec2.internal` was split even at 100
    columns."""
    command = ["trace", "-f", f"examples/{example}", *args, trace_url(example)]
    result = run(command, width, monkeypatch)
    assert_fits(result.stdout, width)
    data = as_json(command, monkeypatch)

    def values() -> Iterator[object]:
        yield data["request"]
        yield data["routing"]["load_balancer"]
        yield data["pod_sees"]
        yield data["client_ip_in_header"]
        for hop in data["hops"]:
            yield from hop["name"].split()  # "pod shop/api-… (us-east-1a)": each part whole
            yield hop["source"]
            yield hop["destination"]
            yield hop["forwarded_for"]

    assert_whole(result.stdout, values())


def test_trace_is_blocks_when_narrow_and_a_table_when_wide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    command = ["trace", "-f", "examples/shop.yaml", "--architecture", "nlb-nginx",
               "http://shop.example.com/api"]  # fmt: skip
    narrow = run(command, 80, monkeypatch).stdout
    assert "what happens" not in narrow
    assert "\nnode ip-10-0-2-10.ec2.internal (us-east-1b)\n  source " in narrow
    wide = run(command, 200, monkeypatch).stdout
    assert re.search(r"^ hop +source +destination +X-Forwarded-For +what happens", wide, re.M)
    assert_fits(wide, 200)
    assert_whole(
        wide, iter(["ip-10-0-2-10.ec2.internal", "ingress-nginx/ingress-nginx-controller-1"])
    )


# --- replay and migrate -------------------------------------------------------------------

REPLAYS = [
    ["--log", f"{MIGRATION}/access.log"],
    ["--log", f"{MIGRATION}/access-combined.log", "--format", "combined"],
    ["--log", f"{MIGRATION}/requests.txt", "--format", "lines"],
    ["--log", f"{MIGRATION}/access.log", "--from", "alb", "--to", "nginx"],
]


def replay_values(report: dict[str, Any]) -> Iterator[object]:
    for group in report["groups"]:
        if group["verdict"] == "same":
            continue
        yield group["verdict"]
        yield group["kind"]
        yield group["examples"][0]["url"]
        yield from answer_values(group["old"], load_balancer=False)
        yield from answer_values(group["new"], load_balancer=False)
    agreement = report["upstream_agreement"]
    for disagreement in agreement["disagreements"] if agreement else ():
        yield disagreement["log"]
        yield disagreement["model"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", REPLAYS, ids=[" ".join(a[1:]) for a in REPLAYS])
def test_replay(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    command = ["replay", "-f", f"{MIGRATION}/ingresses.yaml", *args]
    result = run(command, width, monkeypatch)
    assert_fits(result.stdout, width)
    assert_whole(result.stdout, replay_values(as_json(command, monkeypatch)))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("log", [[], ["--log", f"{MIGRATION}/access.log"]], ids=["rules", "log"])
def test_migrate_report(log: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The report on standard error fits; the YAML on standard output is the YAML."""
    command = ["migrate", "-f", f"{MIGRATION}/ingresses.yaml", *log]
    result = run(command, width, monkeypatch)
    assert_fits(result.stderr, width)
    assert result.stdout == run(command, 100, monkeypatch).stdout
    data = as_json(command, monkeypatch)

    def values() -> Iterator[object]:
        for finding in data["findings"]:
            if finding["action"] != "translated":
                yield finding["ingress"]
                yield finding["annotation"]
        yield from replay_values(data["comparison"])

    assert_whole(result.stderr, values())


# --- lint: one diagnostic per line, locations whole -----------------------------------------

LINTS = [
    "some-ingress.broken.yaml",
    "ingressgroup-does-not-reconcile.yaml",
    "nginx-webhook-overlap.yaml",
    "why-503.yaml",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("example", LINTS)
def test_lint_locations_are_whole(
    example: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """lint prints compiler-style lines (`file:line:col: severity [check] message`) that
    editors and grep read, one per problem, whatever the width: nothing is cut."""
    command = ["lint", "-f", f"examples/{example}"]
    result = run(command, width, monkeypatch)
    assert "…" not in result.stdout
    problems = as_json(command, monkeypatch)["problems"]
    assert problems
    lines = result.stdout.splitlines()
    for p in problems:
        head = f"{p['file']}:{p['line']}:{p['column']}: {p['severity']} [{p['check']}]"
        assert any(line.startswith(head) for line in lines), head


# --- machine outputs do not depend on the width -----------------------------------------------

MACHINE = [
    ["route", "-f", "examples/cluster-dump.yaml", "--explain", "-o", "json",
     "https://shop.example.com/api/orders/42"],
    ["route", "-f", "examples/cluster-dump.yaml", "-o", "yaml", "http://shop.example.com/"],
    ["diff", "-f", "examples/cluster-dump.yaml", "-o", "json"],
    ["trace", "-f", "examples/shop.yaml", "--architecture", "nlb-nginx", "-o", "json",
     "http://shop.example.com/api"],
    ["trace", "-f", "examples/shop.yaml", "--architecture", "nlb-nginx", "-o", "mermaid",
     "http://shop.example.com/api"],
    ["lint", "-f", "examples/cluster-dump.yaml", "-o", "json"],
    ["replay", "-f", f"{MIGRATION}/ingresses.yaml", "--log", f"{MIGRATION}/access.log", "-o",
     "json"],
    ["migrate", "-f", f"{MIGRATION}/ingresses.yaml", "-o", "json"],
    ["export", "alb", "-f", "examples/cluster-dump.yaml"],
    ["export", "nginx", "-f", "examples/cluster-dump.yaml"],
]  # fmt: skip


@pytest.mark.parametrize("command", MACHINE, ids=[" ".join(c[:2]) + " " + c[-1] for c in MACHINE])
def test_machine_output_ignores_the_width(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = run(command, 100, monkeypatch)
    assert wide.stdout
    for width in (60, 200):
        assert run(command, width, monkeypatch).stdout == wide.stdout


def test_plain_output_is_the_same_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    command = ["diff", "-f", "examples/cluster-dump.yaml"]
    assert run(command, 80, monkeypatch).stdout == run(command, 80, monkeypatch).stdout


# --- the wrapping itself ----------------------------------------------------------------------

WORDS = st.text(st.sampled_from("ab/:.-é漢"), min_size=1, max_size=30)


@given(
    words=st.lists(WORDS, max_size=30),
    width=st.integers(10, 100),
    indent=st.integers(0, 8),
)
def test_wrapping_keeps_every_word_whole(words: list[str], width: int, indent: int) -> None:
    """Lines break at spaces only; a line is over the width only when it holds one word that
    is; continuation lines are indented."""
    from rich.console import Console

    from ingresslab._cli import _say

    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False, emoji=False)
    _say(console, " ".join(words), indent=indent)
    lines = out.getvalue().removesuffix("\n").split("\n")
    assert [w for line in lines for w in line.split()] == words
    for n, line in enumerate(lines):
        assert cell_len(line) <= width or len(line.split()) == 1, (line, width)
        if n and cell_len(line.strip()) + indent <= width:
            assert line.startswith(" " * indent), (line, indent)

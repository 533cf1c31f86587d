"""The CLI prints text as given: locations, brackets and emoji-like codes survive; long work
reports progress; every command shares one load, report, exit path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingresslab
from ingresslab._cli import main
from ingresslab._tools.replay import PROGRESS_EVERY

ROOT = Path(__file__).resolve().parent.parent

REGEX_INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: re
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: nginx
  rules:
  - host: r.example.com
    http:
      paths:
      - path: /v\\[1]
        pathType: ImplementationSpecific
        backend: {service: {name: web, port: {number: 80}}}
"""


def test_a_location_at_line_100_is_not_an_emoji(tmp_path: Path) -> None:
    """Rich reads `:100:` as an emoji code unless told not to."""
    path = tmp_path / "oauth2-proxy.yaml"
    head = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n  - port: 80\n"
    path.write_text(head + "#\n" * 93 + "    bogus: 1\n")  # line 100, column 5
    result = CliRunner().invoke(main, ["lint", "-f", str(path)])
    assert result.exit_code == 1
    assert f"{path}:100:5:" in result.output
    assert "\U0001f4af" not in result.output


def test_explain_prints_brackets_as_written(tmp_path: Path) -> None:
    """Candidates are printed as the model writes them (the JSON's text): no markup escape is
    added, and none of their backslashes is taken for one."""
    path = tmp_path / "re.yaml"
    path.write_text(REGEX_INGRESS)
    url = "http://r.example.com/v1"
    args = ["route", "-f", str(path), "--controller", "nginx", "--explain"]
    result = CliRunner().invoke(main, [*args, url])
    assert result.exit_code == 0, result.output
    (answer,) = json.loads(CliRunner().invoke(main, [*args, "-o", "json", url]).output)
    candidates = [step["candidate"] for step in answer["explain"]]
    # nginx.conf's quoting doubles the backslash (sanitizeQuotedRegex), as `export nginx` does
    assert 'location ~* "^/v\\\\[1]"' in candidates
    lines = result.output.splitlines()
    for candidate in candidates:
        assert any(candidate in line for line in lines), candidate
    assert "^/v\\\\\\[1]" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["route", "http://x.test/"],
        ["diff"],
        ["trace", "--architecture", "alb-ip", "http://x.test/"],
        ["export", "alb"],
        ["export", "nginx"],
    ],
)
def test_every_command_reports_input_errors_and_exits_1(command: list[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: x}\n"
                    "spec: {rules: [{http: {paths: [{path: /, backend: {}}]}}]}\n")  # fmt: skip
    args = [*command[:2], "-f", str(path), *command[2:]] if command[0] == "export" else [
        command[0], "-f", str(path), *command[1:]
    ]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.output and "error:" in result.output


def test_migrate_compare_reports_progress() -> None:
    manifests = ingresslab.load(ROOT / "examples" / "migration" / "ingresses.yaml")
    migration = ingresslab.migrate(manifests)
    log = (ROOT / "examples" / "migration" / "access.log").read_text().splitlines()
    seen: list[int] = []
    copies = 2 * PROGRESS_EVERY // len(log) + 1
    migration.compare(log * copies, format="ingress-nginx", progress=seen.append)
    assert seen and seen[-1] == len(log) * copies
    assert seen == sorted(seen) and len(seen) > 1


# --- route: requests as sent, and the path a rewrite sends upstream --------------------------

HOSTS_INGRESS = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rw
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
  - host: r.example.com
    http:
      paths:
      - path: /api(/|$)(.*)
        pathType: ImplementationSpecific
        backend: {service: {name: api, port: {number: 80}}}
  - host: other.example.com
    http:
      paths:
      - path: /
        pathType: ImplementationSpecific
        backend: {service: {name: other, port: {number: 80}}}
"""


@pytest.fixture(scope="module")
def hosts_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("route") / "hosts.yaml"
    path.write_text(HOSTS_INGRESS)
    return str(path)


def nginx_json(path: str, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(
        main, ["route", "-f", path, "--controller", "nginx", "-o", "json", *args]
    )
    assert result.exit_code == 0, result.output
    (answer,) = json.loads(result.output)
    assert isinstance(answer, dict)
    return answer


@pytest.mark.parametrize(
    ("raw", "status"),
    [("/a\\tb", 400), ("/a\\0b", 400), ("/a\\rb", 400), ("/a\\x7fb", 400), ("/a b", 400)],
)
def test_raw_target_escapes_are_raw_bytes(hosts_file: str, raw: str, status: int) -> None:
    answer = nginx_json(hosts_file, "--raw-target", raw, "http://r.example.com/")
    assert (answer["outcome"], answer["status"]) == ("bad-request", status)


def test_raw_target_percent_escapes_are_sent_as_written(hosts_file: str) -> None:
    """`%09` is an escape nginx decodes, not a raw TAB: the request routes."""
    answer = nginx_json(hosts_file, "--raw-target", "/api/a%09b", "http://r.example.com/")
    assert (answer["outcome"], answer["upstream_path"]) == ("route", "/a%09b")


def test_raw_target_line_feed_is_http_09(hosts_file: str) -> None:
    answer = nginx_json(hosts_file, "--raw-target", "/api\\n", "https://r.example.com/")
    assert str(answer["message"]).startswith("HTTP/0.9")


def test_raw_target_absolute_form_names_the_server(hosts_file: str) -> None:
    answer = nginx_json(
        hosts_file, "--raw-target", "http://other.example.com/x", "http://r.example.com/"
    )
    assert answer["backend"] == {"namespace": "default", "service": "other", "port": 80}


def test_url_percent_escapes_reach_the_models(hosts_file: str) -> None:
    answer = nginx_json(hosts_file, "http://r.example.com/api/a%2Fb%20c?x=%41")
    assert answer["upstream_path"] == "/a/b%20c?x=%41"


def test_route_table_shows_the_upstream_path(hosts_file: str) -> None:
    result = CliRunner().invoke(
        main, ["route", "-f", hosts_file, "--controller", "nginx", "http://r.example.com/api/v1"]
    )
    assert result.exit_code == 0, result.output
    assert "nginx: upstream path /v1\n" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--raw-target", "\\q", "http://r.example.com/"],
        ["--raw-target", "/a\\x8", "http://r.example.com/"],
        ["--raw-target", "/a\\xff", "http://r.example.com/"],
        ["--raw-target", "/a\\", "http://r.example.com/"],
        ["--raw-target", "/\udcff", "http://r.example.com/"],
        ["http://r.example.com/a\tb"],
        ["http://r.example.com/a\nb"],
        ["http://r.example.com/\udcff"],
        ["http://[::1/"],
        ["ftp://r.example.com/"],
        ["r.example.com/"],
        ["--header", "Host", "http://r.example.com/"],
        ["--header", "Host: \udcff", "http://r.example.com/"],
    ],
)
def test_route_usage_errors_exit_2(hosts_file: str, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["route", "-f", hosts_file, *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


FORMATS = ("table", "json", "yaml")
ODD = st.text(
    st.one_of(st.sampled_from("/%?#:@[]. \\xrnt0aZ9-_~é"), st.characters(max_codepoint=0x7F)),
    max_size=16,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url=ODD, raw=st.none() | ODD, host=st.none() | ODD, output=st.sampled_from(FORMATS))
def test_route_answers_or_refuses_any_input(
    hosts_file: str, url: str, raw: str | None, host: str | None, output: str
) -> None:
    """Any URL, raw target and Host: an answer (exit 0) or a usage error (exit 2)."""
    args = ["route", "-f", hosts_file, "-o", output]
    if raw is not None:
        args += ["--raw-target", raw]
    if host is not None:
        args += ["--header", f"Host:{host}"]
    for candidate in (url, "http://r.example.com" + url, "http://" + url):
        result = CliRunner().invoke(main, [*args, candidate])
        assert result.exit_code in (0, 2), (candidate, result.output, result.exception)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_help_loads_no_model() -> None:
    """`ingresslab --help` imports only what it prints: the models load when a command runs."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom ingresslab._cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('ingresslab.', 'rich', 'yaml'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "['ingresslab._cli']"


def test_the_help_choices_are_the_models_names() -> None:
    from ingresslab import _cli
    from ingresslab._tools.replay import LOG_FORMATS

    assert _cli.CONTROLLERS == ingresslab.CONTROLLERS
    assert _cli.ARCHITECTURES == ingresslab.ARCHITECTURES
    assert _cli.LOG_FORMATS == LOG_FORMATS


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.text("aZ0.-_@[]:", min_size=0, max_size=12),
    st.one_of(st.none(), st.integers(0, 70000).map(str), st.just("")),
    st.text("/aZ%?#&=. \t\n", max_size=16),
)
def test_the_quick_url_reading_agrees_with_urlsplit(
    scheme: str, host: str, port: str | None, rest: str
) -> None:
    """Request.from_url reads plain URLs without urlsplit; every URL reads the same either way."""
    url = f"{scheme}://{host}" + (f":{port}" if port is not None else "") + rest
    try:
        slow = ingresslab.Request._from_any_url(url, None)
    except ValueError:
        slow = None
    try:
        quick = ingresslab.Request.from_url(url)
    except ValueError:
        quick = None
    assert quick == slow


# --- route under Gateway API: --controller gateway/alb-gateway/all, --method, --header,
# --gateway, and an object the API server refuses ---------------------------------------------

GATEWAYS = """\
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: alb}
spec: {controllerName: gateway.k8s.aws/alb}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: other}
spec: {controllerName: example.com/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public}
spec:
  gatewayClassName: alb
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: internal}
spec:
  gatewayClassName: other
  listeners: [{name: web, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api}
spec:
  parentRefs: [{name: public}, {name: internal}]
  hostnames: [api.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /orders}, method: POST}]
    backendRefs: [{name: writer, port: 80}]
  - matches: [{headers: [{name: X-Version, value: "2"}]}]
    backendRefs: [{name: v2, port: 80}]
  - matches: [{queryParams: [{name: debug, value: "on"}]}]
    backendRefs: [{name: debug, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /old}}]
    filters:
    - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}}
    backendRefs: [{name: web, port: 80}]
  - backendRefs: [{name: web, port: 80}]
"""


@pytest.fixture(scope="module")
def gateways_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("gateways") / "gateways.yaml"
    path.write_text(GATEWAYS)
    return str(path)


def route_json(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["route", "-o", "json", *args])
    assert result.exit_code == 0, result.output
    answers = json.loads(result.output)
    assert isinstance(answers, list)
    return answers


def services(answers: list[dict[str, object]]) -> dict[tuple[object, object], object]:
    """(controller, Gateway) -> the Service named, or the outcome."""
    out = {}
    for answer in answers:
        backend = answer["backend"]
        got = backend["service"] if isinstance(backend, dict) else answer["outcome"]
        out[answer["controller"], answer["load_balancer"]] = got
    return out


@pytest.mark.parametrize(
    ("args", "service"),
    [
        (["http://api.example.com/orders/1"], "web"),
        (["--method", "POST", "http://api.example.com/orders/1"], "writer"),
        (["--method", "post", "http://api.example.com/orders/1"], "web"),  # case-sensitive
        (["--header", "x-version: 2", "http://api.example.com/"], "v2"),
        (["--header", "X-Version:2", "--header", "X-Other: 1", "http://api.example.com/"], "v2"),
        (["http://api.example.com/?debug=on"], "debug"),
        (["--header", "Host: api.example.com", "http://203.0.113.9/?debug=on"], "debug"),
    ],
)
def test_route_matches_method_headers_and_query(
    gateways_file: str, args: list[str], service: str
) -> None:
    answers = route_json("-f", gateways_file, "--controller", "gateway", *args)
    assert services(answers) == {
        ("gateway", "default/public"): service,
        ("gateway", "default/internal"): service,
    }


def test_route_json_has_the_listener_route_and_upstream_path(gateways_file: str) -> None:
    (answer,) = route_json(
        "-f", gateways_file, "--controller", "gateway", "--gateway", "default/public",
        "--method", "PUT", "--header", "X-Trace: 1", "http://api.example.com/old/x?y=1",
    )  # fmt: skip
    assert answer["listener"] == "http"
    assert answer["upstream_path"] == "/new/x?y=1"
    assert answer["matched"] == {
        "ingress": "default/api", "host": "api.example.com", "path": "/old",
        "pathType": "PathPrefix", "priority": None, "route": "default/api", "rule": 3, "match": 0,
    }  # fmt: skip
    assert answer["request"] == {
        "scheme": "http", "host": "api.example.com", "path": "/old/x", "method": "PUT",
        "headers": [["X-Trace", "1"]],
    }  # fmt: skip


def test_route_table_names_the_rule_and_the_listener(gateways_file: str) -> None:
    args = ["route", "-f", gateways_file, "--controller", "alb-gateway", "http://api.example.com/"]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "default/api rule 4 api.example.com" in result.output
    assert "alb-gateway default/public: listener http\n" in result.output


def test_gateway_asks_one_gateway(gateways_file: str) -> None:
    for name in ("default/public", "default/internal"):
        answers = route_json("-f", gateways_file, "--gateway", name, "http://api.example.com/")
        assert {a["load_balancer"] for a in answers if a["controller"] == "gateway"} == {name}
    answers = route_json("-f", gateways_file, "--gateway", "default/internal",
                         "--controller", "alb-gateway", "http://api.example.com/")  # fmt: skip
    assert [(a["outcome"], a["load_balancer"]) for a in answers] == [("ignored", None)]
    assert "example.com/gateway-controller" in str(answers[0]["message"])


def test_controller_all_includes_the_gateway_models_for_gateway_input(
    gateways_file: str, hosts_file: str
) -> None:
    url = "http://api.example.com/"
    gateway_only = [a["controller"] for a in route_json("-f", gateways_file, url)]
    assert gateway_only == ["gateway", "gateway", "alb-gateway"]
    ingress_only = [a["controller"] for a in route_json("-f", hosts_file, url)]
    assert ingress_only == ["spec", "alb", "nginx"]
    both = [a["controller"] for a in route_json("-f", hosts_file, "-f", gateways_file, url)]
    assert both == ["spec", "alb", "nginx", "gateway", "gateway", "alb-gateway"]


def test_the_gateway_choices_are_the_models_names() -> None:
    from ingresslab import _cli
    from ingresslab._controllers import GATEWAY_CONTROLLERS, MODELS

    assert _cli.GATEWAY_CONTROLLERS == GATEWAY_CONTROLLERS
    assert set(MODELS) == {*_cli.CONTROLLERS, *_cli.GATEWAY_CONTROLLERS}


@pytest.mark.parametrize(
    "args",
    [
        ["--gateway", "default/missing", "http://api.example.com/"],
        ["--gateway", "default/public", "--controller", "spec", "http://api.example.com/"],
        ["--method", "GE T", "http://api.example.com/"],
        ["--method", "", "http://api.example.com/"],
        ["--header", "X Y: 1", "http://api.example.com/"],
        ["--header", ": 1", "http://api.example.com/"],
    ],
)
def test_gateway_usage_errors_exit_2(gateways_file: str, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["route", "-f", gateways_file, *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["route", "lint"])
def test_a_refused_route_exits_1_with_the_cel_message_at_its_line(
    command: str, tmp_path: Path
) -> None:
    """An HTTPRoute the API server refuses (CEL) is an invalid input, under route as under
    lint: its message at file:line, exit 1; the route is not simulated."""
    path = tmp_path / "refused.yaml"
    path.write_text(GATEWAYS + """\
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: refused}
spec:
  parentRefs: [{name: public}]
  rules:
  - filters:
    - {type: RequestRedirect, requestRedirect: {scheme: https}}
    backendRefs: [{name: web, port: 80}]
""")  # fmt: skip
    line = GATEWAYS.count("\n") + 8  # the rule: spec.rules[0]
    args = [command, "-f", str(path)] + (["http://api.example.com/"] if command == "route" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert f"{path}:{line}:" in result.output
    assert "RequestRedirect filter must not be used together with backendRefs" in result.output
    if command == "route":
        args = ["route", "-f", str(path), "-o", "json", "--controller", "gateway"]
        result = CliRunner().invoke(main, [*args, "http://x.example.com/"])
        assert result.exit_code == 1
        assert "default/refused" not in result.stdout

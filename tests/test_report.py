"""`ingresslab report`: every finding on the multi-team example, each surprise's detector, the
JSON shape, the Markdown, a self-contained HTML page whose links exist on the site, the
Gateway API seam, and the command's exit codes and progress.

Positions (file:line) are found here independently of the loader: an object's line is the line
of its `- apiVersion:` list item, a rule path's the line of its `- backend:` entry, counted from
the file's text."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import ingresslab
from ingresslab import Options
from ingresslab._cli import REPORT_FORMATS, SITE_URL, main
from ingresslab._controllers import MODELS
from ingresslab._controllers.spec import SpecModel
from ingresslab._tools.migrate import ANNOTATIONS as ALB_CATALOGUE
from ingresslab._tools.replay import DIFFERENCE_KINDS
from ingresslab._tools.report import (
    BLAST_RADIUS,
    DEFAULT_SITE_URL,
    SURPRISE_KINDS,
    Report,
    build_report,
    render_html,
    render_json,
    render_markdown,
)
from ingresslab._tools.report._gateway_api import GATEWAY_API, GATEWAY_LEVELS
from ingresslab._tools.report._links import (
    ANSWERS_LINK,
    DIFFERENCE_LINKS,
    GATEWAY_LINK,
    GROUP_ORDER_LINK,
    LEAVING_LINK,
    NGINX_ORDER_LINK,
    REPORT_KINDS,
    REPORT_LINK,
)
from ingresslab._tools.report._requests import boundaries, regex_sample, workload

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/multi-team-cluster.yaml"


@pytest.fixture(scope="module")
def report() -> Report:
    return build_report(ingresslab.load(ROOT / EXAMPLE))


# --- positions, read from the text ------------------------------------------------------------


def _positions(path: Path) -> dict[tuple[str, str, str], tuple[int, list[int]]]:
    """(kind, namespace, name) -> (line of the item, lines of its path entries in order)."""
    lines = path.read_text().splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith("- ")]
    items = yaml.safe_load(path.read_text())["items"]
    assert len(starts) == len(items)
    found = {}
    for start, end, item in zip(starts, [*starts[1:], len(lines)], items, strict=True):
        meta = item["metadata"]
        backends = [n + 1 for n in range(start, end) if lines[n].strip() == "- backend:"]
        found[(item["kind"], meta.get("namespace", ""), meta["name"])] = (start + 1, backends)
    return found


POSITIONS = _positions(ROOT / EXAMPLE)


def where(kind: str, ref: str, field: str | None = None) -> int:
    namespace, _, name = ref.partition("/")
    line, backends = POSITIONS[(kind, namespace, name)]
    if field is None:
        return line
    data = next(
        item for item in yaml.safe_load((ROOT / EXAMPLE).read_text())["items"]
        if item["kind"] == kind and item["metadata"]["name"] == name
        and item["metadata"].get("namespace") == namespace
    )  # fmt: skip
    order = [
        f"spec.rules[{i}].http.paths[{j}]"
        for i, rule in enumerate(data["spec"]["rules"])
        for j, _ in enumerate(rule["http"]["paths"])
    ]
    return backends[order.index(field)]


# --- every finding on the example, in rank order -----------------------------------------------

P0 = "spec.rules[0].http.paths[0]"
P1 = "spec.rules[1].http.paths[0]"

#: rank order: (kind, severity, controller, title, (teams, hosts, paths, requests), objects as
#: (kind, ref, field), a phrase of the fix, the first example's URL or None)
EXPECTED: list[tuple[Any, ...]] = [
    (
        "elbv2-refusal", "error", "alb",
        "IngressGroup intranet: the ELBv2 API refuses its load balancer", (2, 2, 2, 32),
        [("Ingress", "wiki/wiki", P0), ("Ingress", "hr/portal", None)],
        "fix the value the error names in wiki/wiki spec.rules[0].http.paths[0], or move that "
        "Ingress out of the group",
        None,
    ),
    (
        "shadowed-rule", "warning", "alb",
        "Rule checkout/checkout shop.example.com /checkout (Prefix) is never reached under alb",
        (2, 1, 2, 6),
        [("Ingress", "checkout/checkout", P0), ("Ingress", "storefront/web", P0)],
        "order the group so that checkout/checkout comes before storefront/web",
        "https://shop.example.com/checkout",
    ),
    (
        "group-takes-paths", "warning", "alb",
        "IngressGroup shop: platform/status-page takes requests that checkout/checkout names",
        (2, 1, 2, 3),
        [("Ingress", "platform/status-page", P0), ("Ingress", "checkout/checkout", P1)],
        "give platform/status-page's host-less rules a host",
        "https://pay.example.com/status",
    ),
    (
        "group-takes-paths", "warning", "alb",
        "IngressGroup shop: platform/status-page takes requests that storefront/web names",
        (2, 1, 2, 3),
        [("Ingress", "platform/status-page", P0), ("Ingress", "storefront/web", P0)],
        "group.order on platform/status-page above 10",
        "https://shop.example.com/status",
    ),
    (
        "regex-mode", "warning", "nginx",
        "Host api.example.com: use-regex on api/users turns monitoring/health's paths into "
        "regexes",
        (2, 1, 1, 8),
        [("Ingress", "api/users", None), ("Ingress", "monitoring/health", P0)],
        "give the regex paths their own host",
        "http://api.example.com/healthz/",
    ),
    (
        "webhook-refusal", "error", "nginx",
        "Ingress marketing/promo: ingress-nginx's admission webhook denies it", (2, 1, 1, 6),
        [("Ingress", "marketing/promo", None), ("Ingress", "blog/blog", None)],
        "change what the message names",
        None,
    ),
    (
        "no-ready-endpoints", "warning", None,
        "Service checkout/checkout: no ready endpoints", (1, 1, 2, 4),
        [("Service", "checkout/checkout", None), ("Ingress", "checkout/checkout", P0),
         ("Ingress", "checkout/checkout", P1)],
        "fix the Service's selector",
        "https://pay.example.com/",
    ),
    (
        "internal-scheme", "warning", "alb",
        "Load balancer k8s-search-search-2704e914bc is internal: only reachable inside the VPC",
        (1, 1, 1, 14),
        [("Ingress", "search/search", None)],
        "set alb.ingress.kubernetes.io/scheme: internet-facing",
        None,
    ),
    (
        "rewrite", "warning", "nginx",
        "Ingress legacy/app: the backend receives rewritten paths", (1, 1, 1, 10),
        [("Ingress", "legacy/app", None)],
        "a rewrite target without a capture group ($1, $2) drops the rest of the path",
        "http://legacy.example.com/app",
    ),
    (
        "rewrite", "info", "nginx",
        "Ingress media/images: the backend receives rewritten paths", (1, 1, 1, 10),
        [("Ingress", "media/images", None)],
        "check that the backend serves the rewritten paths",
        "http://media.example.com/images/x",
    ),
    (
        "no-ready-endpoints", "warning", None,
        "Service newsletter/signup: no ready endpoints", (1, 1, 1, 3),
        [("Service", "newsletter/signup", None), ("Ingress", "newsletter/signup", P0)],
        "scale the workload up",
        "https://blog.example.com/newsletter",
    ),
]  # fmt: skip


def test_every_finding_of_the_example(report: Report) -> None:
    seen = [(s.kind, s.severity, s.controller, s.title, s.blast.key()) for s in report.surprises]
    assert seen == [tuple(e[:5]) for e in EXPECTED]
    for surprise, expected in zip(report.surprises, EXPECTED, strict=True):
        objects = [(o.kind, o.ref, o.field) for o in surprise.objects]
        assert objects == expected[5], surprise.title
        for o in surprise.objects:
            assert o.file == str(ROOT / EXAMPLE)
            assert o.line == where(o.kind, o.ref, o.field), o.text()
        assert expected[6] in surprise.fix, surprise.fix
        first = surprise.examples[0].url if surprise.examples else None
        assert first == expected[7], surprise.title
        assert surprise.link == SURPRISE_KINDS[surprise.kind][1] or surprise.link in (
            GROUP_ORDER_LINK, NGINX_ORDER_LINK,
        )  # fmt: skip


def test_ranks_follow_the_blast_radius(report: Report) -> None:
    assert [s.rank for s in report.surprises] == list(range(1, len(report.surprises) + 1))
    keys = [s.blast.key() for s in report.surprises]
    assert keys == sorted(keys, reverse=True)
    # equal radius: errors first
    for a, b in zip(report.surprises, report.surprises[1:], strict=False):
        if a.blast.key() == b.blast.key():
            order = ("error", "warning", "info")
            assert order.index(a.severity) <= order.index(b.severity)


def test_findings_say_what_happens(report: Report) -> None:
    by_title = {s.title: s for s in report.surprises}
    refusal = by_title["IngressGroup intranet: the ELBv2 API refuses its load balancer"]
    assert "ValidationError: Condition value '/pages/(.+)'" in refusal.message
    shadowed = report.surprises[1]
    assert "storefront/web shop.example.com / (Prefix) first" in shadowed.message
    assert "ALB rule priority 2" in shadowed.message
    legacy = by_title["Ingress legacy/app: the backend receives rewritten paths"]
    assert "every one of them arrives as /" in legacy.message
    assert all(
        a.upstream_path == "/" for e in legacy.examples for _, a in e.answers
    )  # fmt: skip
    media = by_title["Ingress media/images: the backend receives rewritten paths"]
    assert next(a.upstream_path for e in media.examples for _, a in e.answers) == "/x"
    webhook = by_title["Ingress marketing/promo: ingress-nginx's admission webhook denies it"]
    assert 'path "/" is already defined in ingress blog/blog' in webhook.message
    regex = report.surprises[4]
    (spec, nginx) = regex.examples[0].answers
    assert spec[1].outcome == "not-found" and nginx[1].backend == "monitoring/health:8080"


def test_each_finding_names_objects_with_positions_and_a_fix(report: Report) -> None:
    for s in report.surprises:
        assert s.objects and all(o.where for o in s.objects), s.title
        assert s.fix and s.message and s.link


# --- the inventory, the rules, the differences ------------------------------------------------


def test_inventory(report: Report) -> None:
    inv = report.inventory
    assert [(c.class_name, c.controller, c.managed_by) for c in inv.classes] == [
        ("alb", "ingress.k8s.aws/alb", ("alb",)),
        ("nginx", "k8s.io/ingress-nginx", ("nginx",)),
    ]
    assert [(g.name, g.members) for g in inv.groups] == [
        ("intranet", (("hr/portal", 0), ("wiki/wiki", 0))),
        ("shop", (("platform/status-page", -10), ("storefront/web", 10),
                  ("checkout/checkout", 20))),
    ]  # fmt: skip
    lbs = {(lb.controller, lb.name): lb for lb in inv.load_balancers}
    assert {(c, lb.scheme, lb.error is not None) for (c, _), lb in lbs.items()} == {
        ("alb", "internal", True), ("alb", "internal", False),
        ("alb", "internet-facing", False), ("nginx", "internet-facing", False),
    }  # fmt: skip
    nlb = lbs[("nginx", "ingress-nginx/ingress-nginx-controller")]
    assert nlb.kind == "NLB" and nlb.listeners == ("TCP:80", "TCP:443")
    states = {s.backend: (s.state, s.endpoints) for s in inv.services}
    assert states["checkout/checkout:8080"] == ("no-endpoints", 0)
    assert states["newsletter/signup:80"] == ("no-endpoints", 0)
    assert states["search/search:9200"] == ("ready", 1)  # one of two Pods is ready
    assert states["legacy/legacy:80"] == ("ready", 2)  # the EndpointSlice's two VMs
    assert len(inv.namespaces) == 14 and inv.paths == 16


def test_every_rule_is_answered_by_every_model(report: Report) -> None:
    assert report.models == ("spec", "alb", "nginx")
    assert len(report.rules) == 16
    for row in report.rules:
        assert [scheme for scheme, _ in row.answers] == ["http", "https"], row.rule
        for _, answers in row.answers:
            assert [name for name, _ in answers] == list(report.models)
    users = next(r for r in report.rules if r.ingress.ref == "api/users")
    https = dict(dict(users.answers)["https"])
    assert https["nginx"].backend == "api/users:8080"  # the regex asked as /v0/users
    assert users.controller == "nginx"


def test_differences_are_grouped_by_documented_kind(report: Report) -> None:
    kinds = {d.kind: d for d in report.differences}
    assert set(kinds) <= set(DIFFERENCE_KINDS) | set(REPORT_KINDS)
    assert {"ssl-redirect-code", "rule-order", "alb-ssl-redirect-group-wide",
            "no-https-listener", "alb-instance-needs-nodeport"} <= set(kinds)  # fmt: skip
    for d in report.differences:
        assert d.link == DIFFERENCE_LINKS[d.kind]
        assert d.examples and d.requests >= len(d.examples)
    assert report.summary.differences <= report.summary.requests


# --- leaving ingress-nginx --------------------------------------------------------------------


def test_leaving_ingress_nginx(report: Report) -> None:
    moves = {m.ingress.ref: m for m in report.leaving.ingresses}
    assert {ref: m.readiness for ref, m in moves.items()} == {
        "api/users": "review", "blog/blog": "work", "blog/blog-canary": "work",
        "docs/docs": "review", "legacy/app": "work", "marketing/promo": "work",
        "media/images": "review", "monitoring/health": "review", "newsletter/signup": "work",
    }  # fmt: skip
    body = {a.annotation.rsplit("/", 1)[1]: a for a in moves["blog/blog"].annotations}
    assert (body["proxy-body-size"].alb, body["proxy-body-size"].gateway) == ("warning", "none")
    assert not body["proxy-body-size"].simulated  # no request shows what it did
    users = moves["api/users"].annotations
    assert [(a.annotation, a.simulated) for a in users] == [
        ("nginx.ingress.kubernetes.io/use-regex", True)
    ]
    cors = {a.annotation.rsplit("/", 1)[1]: a for a in moves["newsletter/signup"].annotations}
    assert (cors["enable-cors"].alb, cors["enable-cors"].gateway) == ("warning", "extended")
    assert moves["blog/blog-canary"].left_out is not None
    assert any("refuses it today" in r for r in moves["marketing/promo"].reasons)
    docs = moves["docs/docs"]
    assert [(c.target, c.kind) for c in docs.changes] == [("alb", "alb-ssl-redirect-group-wide")]
    signup = {c.kind for c in moves["newsletter/signup"].changes}
    assert signup == {"rule-order", "ssl-redirect-code"}
    assert report.leaving.targets == ("alb",)
    assert 0 < report.leaving.requests_changed < report.leaving.requests_compared


def test_an_ingress_with_nothing_to_change_is_ready() -> None:
    manifests = ingresslab.loads(DOCS_ONLY)
    (move,) = build_report(manifests).leaving.ingresses
    assert (move.readiness, move.reasons, move.changes) == ("ready", (), ())


def test_the_gateway_api_table_covers_the_alb_catalogue() -> None:
    assert set(GATEWAY_API) == set(ALB_CATALOGUE)
    assert {level for level, _ in GATEWAY_API.values()} <= set(GATEWAY_LEVELS)


# --- each detector on a small input -----------------------------------------------------------

DOCS_ONLY = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: docs, namespace: docs}
spec:
  ingressClassName: nginx
  rules:
  - host: docs.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: docs, port: {number: 80}}}}
"""


def _ingress(name: str, namespace: str, annotations: dict[str, str], rules: str,
             cls: str = "alb") -> str:  # fmt: skip
    anns = "".join(f"\n    {k}: {json.dumps(v)}" for k, v in annotations.items())
    return (
        f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n"
        f"  namespace: {namespace}\n  annotations:{anns or ' {}'}\nspec:\n"
        f"  ingressClassName: {cls}\n  rules:\n{rules}---\n"
    )


def _rule(host: str | None, path: str, path_type: str, service: str) -> str:
    head = f"  - host: {json.dumps(host)}\n    http:\n" if host else "  - http:\n"
    return (
        f"{head}      paths:\n      - path: {path}\n        pathType: {path_type}\n"
        f"        backend: {{service: {{name: {service}, port: {{number: 80}}}}}}\n"
    )


def kinds_of(text: str, **options: Any) -> list[tuple[str, str]]:
    report = build_report(ingresslab.loads(text), options=Options(**options) if options else None)
    return [(s.kind, s.title) for s in report.surprises]


def test_an_alb_build_error_is_a_reconcile_error() -> None:
    text = _ingress(
        "a", "team-a", {"alb.ingress.kubernetes.io/group.name": "g",
                        "alb.ingress.kubernetes.io/scheme": "internal"},
        _rule("a.example.com", "/", "Prefix", "a"),
    ) + _ingress(
        "b", "team-b", {"alb.ingress.kubernetes.io/group.name": "g",
                        "alb.ingress.kubernetes.io/scheme": "internet-facing"},
        _rule("b.example.com", "/", "Prefix", "b"),
    )  # fmt: skip
    found = kinds_of(text)
    assert found == [
        ("alb-reconcile-error", "IngressGroup g: the controller cannot build its load balancer")
    ]


def test_a_snippet_without_the_webhook_is_ignored_by_the_store() -> None:
    text = _ingress(
        "s", "team-s", {"nginx.ingress.kubernetes.io/configuration-snippet": "return 200;"},
        _rule("s.example.com", "/", "Prefix", "s"), cls="nginx",
    )  # fmt: skip
    assert kinds_of(text, admission_webhook=False) == [
        ("nginx-ignored", "Ingress team-s/s: ingress-nginx ignores it")
    ]
    assert kinds_of(text) == [
        ("webhook-refusal", "Ingress team-s/s: ingress-nginx's admission webhook denies it")
    ]


def test_a_configuration_nginx_refuses() -> None:
    text = (ROOT / "examples" / "nginx-duplicate-location.yaml").read_text()
    found = kinds_of(text)
    assert (
        "nginx-config-invalid",
        "ingress-nginx: nginx -t refuses the rendered configuration",
    ) in found


def test_group_order_takes_another_teams_paths() -> None:
    """A wildcard host first in group.order takes a path of a precise host's team, which the
    spec gives to the precise host; the precise host's rule still serves its other paths."""
    group = {"alb.ingress.kubernetes.io/group.name": "g",
             "alb.ingress.kubernetes.io/scheme": "internet-facing"}  # fmt: skip
    text = _ingress(
        "cart", "team-cart", {**group, "alb.ingress.kubernetes.io/group.order": "1"},
        _rule("*.example.com", "/cart", "Prefix", "cart"),
    ) + _ingress(
        "shop", "team-shop", {**group, "alb.ingress.kubernetes.io/group.order": "2"},
        _rule("shop.example.com", "/", "Prefix", "shop"),
    )  # fmt: skip
    report = build_report(ingresslab.loads(text))
    (taken,) = [s for s in report.surprises if s.kind == "group-takes-paths"]
    assert taken.title == "IngressGroup g: team-cart/cart takes requests that team-shop/shop names"
    assert "(group.order 1) comes before team-shop/shop (group.order 2)" in taken.message
    assert taken.link == GROUP_ORDER_LINK
    assert next(e.url for e in taken.examples) == "http://shop.example.com/cart"
    assert not [s for s in report.surprises if s.kind == "shadowed-rule"]


def test_an_explicitly_internal_load_balancer_is_no_surprise() -> None:
    text = _ingress("a", "a", {"alb.ingress.kubernetes.io/scheme": "internal"},
                    _rule("a.example.com", "/", "Prefix", "a"))  # fmt: skip
    assert kinds_of(text) == []
    text = _ingress("a", "a", {}, _rule("a.example.com", "/", "Prefix", "a"))
    assert [k for k, _ in kinds_of(text)] == ["internal-scheme"]


def test_a_rule_listed_after_a_broader_one_is_shadowed() -> None:
    rules = _rule("a.example.com", "/", "Prefix", "web") + _rule(
        "a.example.com", "/api", "Prefix", "api"
    )
    text = _ingress("a", "a", {"alb.ingress.kubernetes.io/scheme": "internal"}, rules)
    ((kind, title),) = kinds_of(text)
    assert (kind, title) == (
        "shadowed-rule", "Rule a/a a.example.com /api (Prefix) is never reached under alb"
    )  # fmt: skip


# --- requests -----------------------------------------------------------------------------------


def test_boundaries_and_regex_samples() -> None:
    assert boundaries("/api") == ["/api", "/api/", "/apix", "/api/x"]
    assert boundaries("/api/", caseless=True) == ["/api/", "/api", "/apix", "/api/x", "/API/"]
    assert regex_sample("/images(/|$)(.*)") == "/images/x"
    assert regex_sample("/v[0-9]+/users") == "/v0/users"
    assert regex_sample("/api/(v1|v2)/[^/]+") == "/api/v1/x"
    assert regex_sample("(unbalanced") is None


def test_requests_grow_with_rules_not_hosts_times_paths() -> None:
    hosts = "".join(
        _ingress(f"i{n}", "t", {}, _rule(f"h{n}.example.com", f"/p{n}", "Prefix", "s"))
        for n in range(40)
    )
    work = workload(ingresslab.loads(hosts).ingresses)
    assert len(work.requests) == 40 * (3 + 2)  # three boundaries, then / and /unmatched


# --- renderings -------------------------------------------------------------------------------


def test_json_shape(report: Report) -> None:
    data = json.loads(render_json(report))
    assert list(data) == [
        "version", "site_url", "models", "objects", "summary", "inventory", "surprises",
        "differences", "leaving_ingress_nginx", "rules", "problems",
    ]  # fmt: skip
    assert data["summary"]["surprises"] == {
        "elbv2-refusal": 1, "webhook-refusal": 1, "group-takes-paths": 2, "shadowed-rule": 1,
        "regex-mode": 1, "no-ready-endpoints": 2, "internal-scheme": 1, "rewrite": 2,
    }  # fmt: skip
    first = data["surprises"][0]
    assert set(first) == {
        "rank", "kind", "severity", "controller", "title", "message", "fix", "objects",
        "blast_radius", "link", "examples",
    }  # fmt: skip
    assert first["objects"][0] == {
        "kind": "Ingress", "namespace": "wiki", "name": "wiki",
        "field": "spec.rules[0].http.paths[0]", "file": str(ROOT / EXAMPLE),
        "line": where("Ingress", "wiki/wiki", P0),
    }  # fmt: skip
    assert first["blast_radius"] == {"teams": 2, "hosts": 2, "paths": 2, "requests": 32}
    rule = data["rules"][2]
    assert (rule["ingress"], rule["host"], rule["path"]) == (
        "platform/status-page",
        None,
        "/status",
    )
    assert rule["answers"]["https"]["alb"] == {
        "outcome": "route", "backend": "platform/status-page:80", "rule": "own"
    }  # fmt: skip
    leaving = data["leaving_ingress_nginx"]["summary"]
    assert (leaving["ingresses"], leaving["ready"], leaving["review"], leaving["work"]) == (
        9, 0, 4, 5
    )  # fmt: skip


SUMMARY = """\
## Summary

- 15 Ingresses in 14 namespaces, 11 hosts, 16 rule paths, 4 load balancers.
- 194 requests asked of each model (spec, alb, nginx); ingress-nginx and the other
  models answer 174 of them differently.
- 11 surprises: 2 errors, 8 warnings, 1 note (1 elbv2-refusal, 1 webhook-refusal, 2
  group-takes-paths, 1 shadowed-rule, 1 regex-mode, 2 no-ready-endpoints, 1
  internal-scheme, 2 rewrite).
- Leaving ingress-nginx: 9 Ingresses; 0 ready, 4 to review, 5 need work; 63 of 104
  requests change on the ALB.
- Input: 0 errors, 3 warnings (see Input problems).
"""


def test_markdown(report: Report) -> None:
    text = render_markdown(report)
    assert text.startswith("# Ingress Lab report\n\n" + SUMMARY)
    assert render_markdown(report, only=["summary"]) == SUMMARY
    for s in report.surprises:
        assert f"{s.rank}. **{s.severity}** `{s.kind}`: {s.title}" in text
        assert f"<{DEFAULT_SITE_URL}{s.link}>" in text
    assert BLAST_RADIUS in text
    for heading in ("## Surprises, ranked by blast radius", "## Leaving ingress-nginx",
                    "## Inventory", "## Every host and path", "## Input problems"):  # fmt: skip
        assert f"\n{heading}\n" in text
    # a table cell never breaks the table
    for line in text.splitlines():
        if line.startswith("| ") and "`/images(" in line:
            assert "(/\\|$)" in line
    with pytest.raises(ValueError, match="unknown sections"):
        render_markdown(report, only=["nope"])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._style:
            self.styles.append(data)
            self._style = False


def _html_links(html: str, site_url: str) -> Iterator[str]:
    tags = _Tags()
    tags.feed(html)
    for tag, attrs in tags.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "audio", "video", "base")
        for name, value in attrs.items():
            assert name != "src", (tag, attrs)
            if value and re.match(r"(?i)\s*(https?:)?//", value):
                assert tag == "a" and name == "href", (tag, attrs)
                assert value.startswith(site_url), value
                yield value[len(site_url) :]
    for style in tags.styles:
        assert "url(" not in style and "@import" not in style


def test_html_is_self_contained_and_links_only_to_the_site(report: Report) -> None:
    html = render_html(report)
    pages = set(_html_links(html, DEFAULT_SITE_URL))
    assert pages >= {s.link for s in report.surprises}
    for page in pages:
        assert_site_page(page)
    other = build_report(ingresslab.load(ROOT / EXAMPLE), site_url="http://127.0.0.1:8000")
    assert set(_html_links(render_html(other), "http://127.0.0.1:8000/")) == pages
    assert html.count("<details") >= len(report.surprises) + len(report.leaving.ingresses)
    assert 'id="filter"' in html and '<label for="filter">' in html
    assert BLAST_RADIUS in html


# --- the site's pages the report links to -------------------------------------------------------


def _anchors(page: Path) -> set[str]:
    from pymdownx.slugs import slugify

    slug = slugify(case="lower")
    found = set()
    fence = False
    for line in page.read_text().splitlines():
        if line.startswith("```"):
            fence = not fence
        if fence or not re.match(r"#{1,6} ", line):
            continue
        explicit = re.search(r"\{\s*#([\w-]+)\s*\}\s*$", line)
        if explicit:
            found.add(explicit[1])
            continue
        text = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", line.lstrip("#").strip()).replace("`", "")
        found.add(slug(text, "-"))
    return found


def assert_site_page(link: str) -> None:
    path, _, anchor = link.partition("#")
    assert path.endswith("/"), link
    source = ROOT / "docs" / (path.rstrip("/") + ".md")
    assert source.is_file(), f"{link}: no {source.relative_to(ROOT)}"
    if anchor:
        assert anchor in _anchors(source), f"{link}: no heading with that anchor"


LINKS = sorted(
    {link for _, link in SURPRISE_KINDS.values()}
    | set(DIFFERENCE_LINKS.values())
    | {GROUP_ORDER_LINK, NGINX_ORDER_LINK, LEAVING_LINK, GATEWAY_LINK, ANSWERS_LINK, REPORT_LINK}
)


@pytest.mark.parametrize("link", LINKS)
def test_each_linked_page_exists_in_docs(link: str) -> None:
    assert_site_page(link)


def test_every_difference_kind_has_a_link() -> None:
    assert set(DIFFERENCE_LINKS) == set(DIFFERENCE_KINDS) | set(REPORT_KINDS)


def test_the_site_builds_the_example_report() -> None:
    """The hook's page: the same renderer, links relative to the site root, positions named
    as the repository names them."""
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import example_report
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    html = example_report.report_html()
    assert 'href="../how-to/why-503/#2-no-ready-endpoint"' in html
    assert str(ROOT) not in html and f"{EXAMPLE}:" in html
    assert example_report.DESTINATION == "reports/multi-team-cluster.html"
    page = (ROOT / "docs" / "how-to" / "check-my-cluster.md").read_text()
    assert "(../reports/multi-team-cluster.html)" in page


def test_the_built_site_holds_the_example_report(built_site: Path) -> None:
    report = built_site / "reports" / "multi-team-cluster.html"
    html = report.read_text(encoding="utf-8")
    for link in re.findall(r'href="\.\./([^"#]+)', html):
        assert (built_site / link / "index.html").is_file() or (built_site / link).is_file(), link
    for language in ("", "ko/"):
        page = (built_site / language / "how-to" / "check-my-cluster" / "index.html").read_text()
        target = re.search(r'href="([^"]*reports/multi-team-cluster\.html)"', page)
        assert target is not None
        where = (built_site / language / "how-to" / "check-my-cluster" / target[1]).resolve()
        assert where == report.resolve()


# --- the Gateway API seam -----------------------------------------------------------------------


class _FakeGateway(SpecModel):
    """A stand-in for a Gateway API model that reads Ingresses: it answers as the spec does."""

    name = "gateway"
    label = "a Gateway API stand-in"


def test_a_registered_gateway_model_joins_the_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MODELS, "gateway", _FakeGateway)  # type: ignore[index]
    report = build_report(ingresslab.load(ROOT / EXAMPLE))
    assert report.models == ("spec", "alb", "nginx", "gateway")
    for row in report.rules:
        for _, answers in row.answers:
            assert [name for name, _ in answers][-1] == "gateway"
    assert report.leaving.targets == ("alb", "gateway")
    assert any(d.models == ("nginx", "gateway") for d in report.differences)
    assert any(c.target == "gateway" for m in report.leaving.ingresses for c in m.changes)


def test_a_model_with_nothing_to_serve_stays_out(report: Report) -> None:
    assert "gateway" in MODELS and "gateway" not in report.models


class _RoutesOnly(SpecModel):
    """A stand-in for a Gateway API model that manages no Ingress (it reads routes)."""

    name = "gateway"
    label = "a routes-only stand-in"

    def __init__(self, manifests: Any, **kwargs: Any) -> None:
        super().__init__(manifests, **kwargs)
        self.decisions = tuple(
            d.__class__(d.ingress, False, "reads routes") for d in self.decisions
        )


def test_a_gateway_model_joins_when_the_input_holds_routes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(MODELS, "gateway", _RoutesOnly)  # type: ignore[index]
    alone = build_report(ingresslab.load(ROOT / EXAMPLE))
    assert "gateway" not in alone.models
    routes = ROOT / "examples" / "gateway-first-route.yaml"
    both = build_report(ingresslab.load(routes, ROOT / EXAMPLE))
    assert both.models[-1] == "gateway"
    # readiness is for the ALB; the Gateway API changes are listed beside it
    assert [m.readiness for m in both.leaving.ingresses] == [
        m.readiness for m in alone.leaving.ingresses
    ]


# --- the command ------------------------------------------------------------------------------


def run(args: list[str], monkeypatch: pytest.MonkeyPatch, width: int = 80) -> Any:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_the_command_prints_each_format(monkeypatch: pytest.MonkeyPatch) -> None:
    for output in REPORT_FORMATS:
        result = run(["report", "-f", EXAMPLE, "-o", output], monkeypatch)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        assert result.stdout == run(["report", "-f", EXAMPLE, "-o", output], monkeypatch,
                                    200).stdout  # fmt: skip
    markdown = run(["report", "-f", EXAMPLE], monkeypatch).stdout
    assert markdown.startswith("# Ingress Lab report\n")
    assert "examples/multi-team-cluster.yaml:" in markdown
    html = run(["report", "-f", EXAMPLE, "-o", "html", "--site-url", "https://docs.test/il"],
               monkeypatch).stdout  # fmt: skip
    assert 'href="https://docs.test/il/how-to/why-503/#2-no-ready-endpoint"' in html


def test_the_command_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main, ["report", "-f", "-", "-o", "json"], input=(ROOT / EXAMPLE).read_text()
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["ingresses"] == 15


def test_invalid_input_exits_1_after_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: Ingress\napiVersion: networking.k8s.io/v1\nmetadata: {name: x}\n"
                      "spec: {rules: [{http: {paths: [{path: /, backend: {}}]}}]}\n")  # fmt: skip
    result = run(["report", "-f", str(broken), "-o", "json"], monkeypatch)
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr and "error:" in result.stderr
    assert json.loads(result.stdout)["problems"]


def test_empty_input_is_an_error_unless_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(["report", "-f", str(tmp_path)], monkeypatch).exit_code == 1
    allowed = run(["report", "-f", str(tmp_path), "--allow-empty"], monkeypatch)
    assert allowed.exit_code == 0 and "note:" in allowed.stderr


def test_the_help_names_the_formats_and_the_site(monkeypatch: pytest.MonkeyPatch) -> None:
    from ingresslab._tools.report import _render

    assert set(REPORT_FORMATS) == {"html", "json", "markdown"}
    assert SITE_URL == DEFAULT_SITE_URL
    makefile = (ROOT / "Makefile").read_text()
    assert f"INGRESSLAB_SITE_URL:-{SITE_URL}" in makefile
    assert {f"render_{n}" for n in REPORT_FORMATS} <= set(dir(_render))
    help_text = run(["report", "--help"], monkeypatch).stdout
    assert "Blast radius: the teams (namespaces)" in help_text
    assert all(len(line) <= 80 for line in help_text.splitlines())


def test_progress_while_answering() -> None:
    seen: list[tuple[str, int, int | None]] = []
    build_report(ingresslab.load(ROOT / EXAMPLE), progress=lambda *a: seen.append(a))
    answering = [done for stage, done, _ in seen if stage == "answering"]
    assert answering[0] == 0 and answering[-1] == 194 and answering == sorted(answering)
    assert any(stage == "comparing" for stage, _, _ in seen)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from ingresslab._cli import _run_report

    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("COLUMNS", "80")
    report = _run_report(ingresslab.load(ROOT / EXAMPLE), SITE_URL)
    assert report.summary.requests == 194
    assert "answering requests" in err.getvalue()

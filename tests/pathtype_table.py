"""The pathType examples of the Kubernetes Ingress concept page, run through every model.

Shared by the parity test and the script that writes the table on
docs/reference/path-types.md. Source of the rows: kubernetes/website,
content/en/docs/concepts/services-networking/ingress.md, "Examples" under "Path types".
"""

from __future__ import annotations

import ingresslab

#: (pathType, rule paths, request paths, the docs' verdict) — "Mixed" rows give each path's
#: type after a colon.
ROWS: list[tuple[str, list[str], list[str], str]] = [
    ("Prefix", ["/"], ["(all paths)"], "Yes"),
    ("Exact", ["/foo"], ["/foo"], "Yes"),
    ("Exact", ["/foo"], ["/bar"], "No"),
    ("Exact", ["/foo"], ["/foo/"], "No"),
    ("Exact", ["/foo/"], ["/foo"], "No"),
    ("Prefix", ["/foo"], ["/foo", "/foo/"], "Yes"),
    ("Prefix", ["/foo/"], ["/foo", "/foo/"], "Yes"),
    ("Prefix", ["/aaa/bb"], ["/aaa/bbb"], "No"),
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbb"], "Yes"),
    ("Prefix", ["/aaa/bbb/"], ["/aaa/bbb"], "Yes, ignores trailing slash"),
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbb/"], "Yes, matches trailing slash"),
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbb/ccc"], "Yes, matches subpath"),
    ("Prefix", ["/aaa/bbb"], ["/aaa/bbbxyz"], "No, does not match string prefix"),
    ("Prefix", ["/", "/aaa"], ["/aaa/ccc"], "Yes, matches /aaa prefix"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], ["/aaa/bbb"], "Yes, matches /aaa/bbb prefix"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], ["/ccc"], "Yes, matches / prefix"),
    ("Prefix", ["/aaa"], ["/ccc"], "No, uses default backend"),
    ("Mixed", ["/foo:Prefix", "/foo:Exact"], ["/foo"], "Yes, prefers Exact"),
]
#: What "(all paths)" stands for when the row is run.
ALL_PATHS = ["/", "/anything/at/all"]
HEADER = "| pathType | Rule paths | Request | Kubernetes docs | spec model | ALB | NGINX |"


def manifest(kind: str, paths: list[str]) -> str:
    items = []
    for i, item in enumerate(paths):
        path, _, own_kind = item.partition(":")
        items.append(
            f"          - {{path: {path}, pathType: {own_kind or kind}, "
            f"backend: {{service: {{name: s{i}, port: {{number: 80}}}}}}}}"
        )
    return (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: t}\nspec:\n"
        "  rules:\n    - http:\n        paths:\n" + "\n".join(items) + "\n"
    )


def cell(answer: ingresslab.Resolution) -> str:
    """How one answer reads in the table."""
    matched = answer.matched
    if answer.outcome is ingresslab.Outcome.ROUTE and matched is not None:
        return f"`{matched.path}` ({matched.path_type})"
    if answer.outcome is ingresslab.Outcome.REDIRECT:
        return f"{answer.status} to `{answer.location}`"
    return f"{answer.status} ({answer.outcome})" if answer.status else str(answer.outcome)


def answers(kind: str, paths: list[str], request: str) -> list[str]:
    """spec, ALB and NGINX answers for one request, each as a table cell."""
    manifests = ingresslab.loads(manifest(kind, paths))
    assert not manifests.errors, manifests.errors
    cells = []
    for controller in ingresslab.CONTROLLERS:
        cells.append(cell(ingresslab.route(manifests, f"http://h.test{request}",
                                           controller=controller)))  # fmt: skip
    return cells


def table() -> str:
    lines = [HEADER, "|---|---|---|---|---|---|---|"]
    for kind, paths, requests, verdict in ROWS:
        rule_paths = ", ".join(f"`{p.partition(':')[0]}`" + (
            f" ({p.partition(':')[2]})" if ":" in p else "") for p in paths)  # fmt: skip
        for request in ALL_PATHS if requests == ["(all paths)"] else requests:
            spec, alb, nginx = answers(kind, paths, request)
            lines.append(
                f"| {kind} | {rule_paths} | `{request}` | {verdict} | {spec} | {alb} | {nginx} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())

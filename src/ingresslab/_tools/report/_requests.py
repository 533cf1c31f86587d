"""The requests a report asks: each host's own rules, tried at their boundaries.

`diff` tries every generated path on every generated host, which is right for a few
Ingresses and quadratic for a cluster. A report asks per *site* instead: a site is one host
that rules name (a wildcard host is asked as one label under it, two labels under it and its
own domain), or "any host" for host-less rules (asked as a Host no rule names). A site is asked
the boundaries of the paths that can apply to it: its own rules' paths, the host-less rules'
paths (they take requests on every host under some models), and, for a precise host, the paths
of the wildcard rules that cover it; each path exactly, with and without a trailing slash, one
character longer and shorter, one segment deeper, and in upper case; then `/` and
`/unmatched`. Sites with TLS (`spec.tls`, an ALB HTTPS listener) are asked over https too.

So the number of requests grows with the number of rules, not with hosts times paths. Each
request remembers the rule it was generated from; `primary` marks each rule's own path on its
own host, the request a rule's row in the report shows.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..._k8s.model import Ingress
from ..._result import Request
from ..diff import _covered, _https_hosts

__all__ = [
    "RuleKey",
    "Site",
    "Workload",
    "boundaries",
    "is_regex",
    "regex_sample",
    "rule_key",
    "workload",
]

#: An Ingress rule path as the models' `Match` names it: Ingress, host (lower case, None for
#: any host), path as written, pathType.
RuleKey = tuple[str, str | None, str, str]
#: The Host asked for rules that name none: a name no rule can hold.
ANY_HOST = "unmatched.invalid"


def rule_key(ingress: str, host: str | None, path: str, path_type: str) -> RuleKey:
    return (ingress, host.lower() if host else None, path, path_type)


@dataclass(slots=True)
class Site:
    """One host as rules name it (None: any host), the Hosts asked for it, and its paths."""

    host: str | None
    hosts: tuple[str, ...]
    tls: bool
    #: path -> the rules (keys) whose boundaries produced it, in first-seen order
    paths: dict[str, list[RuleKey]] = field(default_factory=dict)


@dataclass(slots=True)
class Workload:
    """Every request to ask, with where each came from.

    `requests[i]` was generated on `sites[site_of[i]]`; `origin[i]` lists the rules whose
    boundaries produced its path (empty for `/` and `/unmatched`); `primary[key]` are the
    indices of the rule's own path on its site's first Host (http, then https with TLS)."""

    sites: list[Site]
    requests: list[Request]
    site_of: list[int]
    origin: list[tuple[RuleKey, ...]]
    primary: dict[RuleKey, list[int]]
    #: every rule, in input order, with the Ingress and the positions it came from
    rules: list[tuple[RuleKey, Ingress, int, int]]
    #: per rule, the requests generated from its boundaries (on every Host of its site)
    counts: Counter[RuleKey]


def boundaries(path: str, *, caseless: bool = False, longer: bool = True) -> list[str]:
    """A request path and its neighbours, the places where models part ways: exactly,
    without and with a trailing slash, one segment deeper, with `longer` one character longer,
    and with `caseless` in upper case."""
    if not path.startswith("/"):
        return []
    base = path.rstrip("/") or "/"
    found = [path, base, base + "/", base.rstrip("/") + "/x"]
    if longer:
        found.insert(3, base + "x")
    if caseless and path.upper() != path:
        found.append(path.upper())
    return list(dict.fromkeys(found))


_N = "nginx.ingress.kubernetes.io/"
_A = "alb.ingress.kubernetes.io/"
_REGEX = frozenset("^$()[]{}|\\+*?.")


def _asked_path(path: str) -> str:
    """The request path a literal rule path is asked as: wildcards as the letter x."""
    return path.replace("*", "x").replace("?", "x") or "/"


def is_regex(ingress: Ingress, path: str, path_type: str) -> bool:
    """Whether a rule path is a regular expression under some model: every path of an
    ingress-nginx Ingress with use-regex or rewrite-target, an ImplementationSpecific path of
    an ALB Ingress with use-regex-path-match."""
    anns = ingress.annotations
    nginx = anns.get(_N + "use-regex") in ("true", "True", "1") or bool(
        anns.get(_N + "rewrite-target")
    )
    alb = anns.get(_A + "use-regex-path-match") == "true" and path_type == "ImplementationSpecific"
    return (nginx or alb) and any(c in _REGEX for c in path)


def regex_sample(pattern: str) -> str | None:
    """A path the regular expression matches from its start, as nginx's `location ~*` and
    the ALB's regex values do: each repeat taken its least number of times (at least once),
    each alternative's first branch that can match, classes by their first character. None
    when the pattern is beyond this (or not a regular expression Python reads)."""
    try:
        parser: Any = importlib.import_module("re._parser")
        parsed = parser.parse(pattern)
        text = _sample(list(parsed))
    except Exception:  # any pattern this does not read is asked as written
        return None
    if not text.startswith("/") or re.match(pattern, text, re.IGNORECASE) is None:
        return None
    return text


def _sample(items: list[Any]) -> str:
    out: list[str] = []
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(value))
        elif name == "ANY":
            out.append("x")
        elif name == "IN":
            out.append(_class_sample(value))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            least, _, body = value
            out.append(_sample(list(body)) * max(least, 1))
        elif name == "SUBPATTERN":
            out.append(_sample(list(value[-1])))
        elif name == "ATOMIC_GROUP":
            out.append(_sample(list(value)))
        elif name == "BRANCH":
            branches = [list(b) for b in value[1]]
            usable = [b for b in branches if not any(str(op) == "AT" for op, _ in b)]
            out.append(_sample((usable or branches)[0]))
        elif name == "AT":
            continue
        elif name == "CATEGORY":
            out.append(_CATEGORY[str(value)])
        elif name == "NOT_LITERAL":
            out.append("x" if chr(value) != "x" else "y")
        else:
            raise ValueError(f"{name} is not sampled")
    return "".join(out)


_CATEGORY = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "x",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "x",
}


def _class_sample(items: list[Any]) -> str:
    first = items[0]
    if str(first[0]) == "NEGATE":
        banned = {chr(v) for op, v in items[1:] if str(op) == "LITERAL"}
        return next(c for c in "xyz0-" if c not in banned)
    op, value = first
    if str(op) == "LITERAL":
        return chr(value)
    if str(op) == "RANGE":
        return chr(value[0])
    if str(op) == "CATEGORY":
        return _CATEGORY[str(value)]
    raise ValueError(f"class {op} is not sampled")


def _asked_hosts(host: str | None) -> tuple[str, ...]:
    if host is None:
        return (ANY_HOST,)
    if host.startswith("*."):
        domain = host[2:]
        return (f"x.{domain}", f"a.b.{domain}", domain)
    return (host,)


def workload(ingresses: list[Ingress], caseless: Collection[str] = ()) -> Workload:
    """The requests for these Ingresses (every class: a report asks every model);
    `caseless`: the hosts (lower case) where some model matches paths case-insensitively."""
    sites: dict[str | None, Site] = {}
    rules: list[tuple[RuleKey, Ingress, int, int]] = []
    secure = _https_hosts(ingresses)
    anywhere: list[tuple[str, RuleKey]] = []
    asked: dict[RuleKey, str] = {}
    wildcards: dict[str, list[tuple[str, RuleKey]]] = {}

    def site(host: str | None) -> Site:
        found = sites.get(host)
        if found is None:
            asked = _asked_hosts(host)
            tls = secure is None or (
                host is not None
                and (host in secure or any(_covered(name, secure) for name in asked))
            )
            found = sites[host] = Site(host, asked, tls)
        return found

    for ingress in ingresses:
        for rule in ingress.rules:
            host = rule.host.lower() if rule.host else None
            target = site(host)
            for item in rule.paths:
                key = rule_key(ingress.ref, host, item.path, item.path_type)
                rules.append((key, ingress, rule.index, item.index))
                sample = None
                if is_regex(ingress, item.path, item.path_type):
                    sample = regex_sample(item.path)
                asked[key] = sample or _asked_path(item.path)
                regex_host = (host or "_") in caseless
                # One character longer tells a string prefix from a path prefix: only an
                # ImplementationSpecific path (a glob, nginx's plain prefix) or a regex is one.
                longer = regex_host or item.path_type == "ImplementationSpecific"
                for path in boundaries(asked[key], caseless=regex_host, longer=longer):
                    target.paths.setdefault(path, []).append(key)
                    if host is None:
                        anywhere.append((path, key))
                    elif host.startswith("*."):
                        wildcards.setdefault(host[1:], []).append((path, key))
    for target in list(sites.values()):
        extra = list(anywhere) if target.host is not None else []
        if target.host is not None and not target.host.startswith("*."):
            dot = target.host.find(".")
            while dot > 0:
                extra += wildcards.get(target.host[dot:], [])
                dot = target.host.find(".", dot + 1)
        for path, key in extra:
            target.paths.setdefault(path, [])
            if key not in target.paths[path]:
                target.paths[path].append(key)
        for path in ("/", "/unmatched"):
            target.paths.setdefault(path, [])
    ordered = list(sites.values())
    requests: list[Request] = []
    site_of: list[int] = []
    origin: list[tuple[RuleKey, ...]] = []
    primary: dict[RuleKey, list[int]] = {}
    counts: Counter[RuleKey] = Counter()
    for position, target in enumerate(ordered):
        schemes = ("http", "https") if target.tls else ("http",)
        own: list[tuple[str, tuple[RuleKey, ...], tuple[RuleKey, ...]]] = []
        for path, found in target.paths.items():
            mine = tuple(k for k in found if k[1] == target.host)
            own.append((path, mine, tuple(k for k in mine if asked[k] == path)))
            for key in mine:
                primary.setdefault(key, [])
        for n, name in enumerate(target.hosts):
            for path, keys, exact in own:
                counts.update(keys * len(schemes))
                for scheme in schemes:
                    if n == 0:
                        for key in exact:
                            primary[key].append(len(requests))
                    requests.append(Request(scheme, name, path))
                    site_of.append(position)
                    origin.append(keys)
    return Workload(ordered, requests, site_of, origin, primary, rules, counts)

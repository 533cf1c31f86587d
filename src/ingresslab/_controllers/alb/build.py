"""The AWS Load Balancer Controller (LBC), part one: what it builds from Ingresses.

Sources, all read at kubernetes-sigs/aws-load-balancer-controller **v3.5.0** (unchanged in
`pkg/ingress`, `pkg/annotations` and `docs/guide/ingress` up to HEAD 225f44568):

* which Ingresses it manages: `pkg/ingress/group_loader.go`, `pkg/ingress/class_loader.go`;
* groups and their order: `pkg/ingress/group_loader.go`;
* load balancer, listeners, rules, actions and target groups: `pkg/ingress/model_builder.go`,
  `model_build_load_balancer.go`, `model_build_listener.go`, `model_build_listener_rules.go`,
  `model_build_actions.go`, `model_build_target_group.go`, `enhanced_backend_builder.go`;
* quotas the controller does not check but the ELBv2 API enforces: `load-balancer-limits.md`
  (awsdocs/elb-application-load-balancers-user-guide @fb24293).

`build_load_balancers` returns what the controller would build, as plain values whose fields
are the ELBv2 API members in snake_case (`Priority` -> `priority`, `StatusCode` ->
`status_code`), so an exporter can turn them into CreateListener/CreateRule requests. When the
controller would fail to build a group, the load balancer carries the reconcile error instead.
Backends are looked up in the shared `ServiceCatalogue`. Not modelled: IngressClassParams, auth
actions, transforms, the rule optimizer's removal of redirect loops (`rule_optimizer.go`).
This module knows nothing about how an ALB evaluates rules (`route.py`), nor about printing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..._gc import paused_gc
from ..._k8s.manifests import Manifests
from ..._k8s.model import Backend, HTTPPath, Ingress, IngressClass
from ..._result import Match, Step
from ..._services import ServiceCatalogue
from ..base import DEFAULT_RULE_QUOTA, ClassDecision
from . import elbv2

__all__ = [
    "ALB_CONTROLLER",
    "DEFAULT_RULE_QUOTA",
    "Action",
    "Built",
    "Condition",
    "FixedResponseConfig",
    "ForwardConfig",
    "Listener",
    "LoadBalancer",
    "RedirectConfig",
    "Rule",
    "TargetGroup",
    "TargetGroupTuple",
    "Transform",
    "build_load_balancers",
    "classify",
    "path_patterns",
    "sort_paths",
]

#: `IngressClass.spec.controller` of the LBC (`pkg/ingress/class_loader.go`, v3.5.0).
ALB_CONTROLLER = "ingress.k8s.aws/alb"

_A = "alb.ingress.kubernetes.io/"
_CLASS_FLAG = "alb"  # the controller's --ingress-class default (pkg/config/ingress_config.go)
_GROUP_NAME = re.compile(r"^([a-z0-9][-a-z0-9.]*)?[a-z0-9]$")
_INT = re.compile(r"^[+-]?[0-9]+$")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")
# The controller's reconcile errors that name the Ingress they are about.
_NAMED_INGRESS = re.compile(
    r"^(?:failed to load Ingress group order for )?ingress: ([^\s:]+/[^\s:]+)"
)
_INT32 = (-(2**31), 2**31 - 1)


# ------------------------------------------------------------------------------------------------
# What the controller builds: ELBv2 resources, fields named after the API in snake_case


@dataclass(frozen=True, slots=True)
class Condition:
    """A `RuleCondition`: `field` is `host-header`, `path-pattern`, `query-string`, ...

    `values` or `regex_values` sit in the field's config (`HostHeaderConfig.Values`, ...); the LBC
    never sends the legacy top-level `Values` (`pkg/deploy/elbv2/listener_utils.go`, v3.5.0).
    A `query-string` value is written `key=value` (`QueryStringConfig.Values[{Key, Value}]`).
    """

    field: str
    values: tuple[str, ...] = ()
    regex_values: tuple[str, ...] = ()
    http_header_name: str | None = None


@dataclass(frozen=True, slots=True)
class TargetGroup:
    """One target group per (Ingress, Service, service port) (`model_build_target_group.go`).

    `port` is the nodePort (instance) or numeric targetPort (ip; 1 for a named targetPort), or
    None when the input does not say (an assumed Service, a nodePort the API server assigns).
    `name` uses the controller's format, but its hash is a stand-in: the real one also hashes the
    Service's UID, which manifests do not carry.
    """

    name: str
    target_type: str
    port: int | None
    protocol: str
    backend: Backend
    ingress: str
    id: str


@dataclass(frozen=True, slots=True)
class TargetGroupTuple:
    """One entry of `ForwardConfig.TargetGroups`: a target group built here, or an ARN/name."""

    target_group: TargetGroup | None = None
    target_group_arn: str | None = None
    target_group_name: str | None = None
    weight: int | None = None


@dataclass(frozen=True, slots=True)
class ForwardConfig:
    target_groups: tuple[TargetGroupTuple, ...]


@dataclass(frozen=True, slots=True)
class FixedResponseConfig:
    status_code: str
    content_type: str = "text/plain"
    message_body: str | None = None


@dataclass(frozen=True, slots=True)
class RedirectConfig:
    """`RedirectActionConfig`; None leaves a part as the request had it (`#{host}`, ...)."""

    status_code: str
    protocol: str | None = None
    port: str | None = None
    host: str | None = None
    path: str | None = None
    query: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """An ELBv2 `Action`. `reason` says why the controller chose it when the manifest asked for
    something else (a tolerated missing Service, for instance); it is not sent to the API."""

    type: str
    order: int = 1
    fixed_response_config: FixedResponseConfig | None = None
    redirect_config: RedirectConfig | None = None
    forward_config: ForwardConfig | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Transform:
    """A rule `Transform`: `url-rewrite` or `host-header-rewrite`, each (regex, replace) pair
    in order (`transforms.<service>` annotation, `config_types.go` Transform, LBC v3.5.0)."""

    type: str
    rewrites: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """A listener rule (`CreateRule`), plus the Ingress path it was built from."""

    priority: int
    conditions: tuple[Condition, ...]
    actions: tuple[Action, ...]
    ingress: str
    host: str | None
    path: str
    path_type: str
    source: str  # the field it came from, e.g. spec.rules[0].http.paths[1]
    transforms: tuple[Transform, ...] = ()

    def match(self) -> Match:
        return Match(self.ingress, self.host, self.path, self.path_type, self.priority)


@dataclass(frozen=True, slots=True)
class Listener:
    """A listener (`CreateListener`) and its rules in priority order.

    `default_ingress` names the Ingress whose `spec.defaultBackend` became the default action.
    """

    port: int
    protocol: str
    default_actions: tuple[Action, ...]
    rules: tuple[Rule, ...]
    certificates: tuple[str, ...] = ()
    default_ingress: str | None = None


@dataclass(frozen=True, slots=True)
class LoadBalancer:
    """One ALB: an IngressGroup, or an Ingress alone.

    `name` is the load-balancer-name, or the generated `k8s-...` name; when the build fails before
    the name is known, it is the group name (or `(Ingress ns/name)` for an implicit group).

    `error` is the reconcile error the controller reports instead of building (or the API error it
    receives when deploying); every request to this load balancer then answers `controller-error`.
    """

    name: str
    group: str
    ingresses: tuple[str, ...]
    scheme: str | None
    listeners: tuple[Listener, ...]
    target_groups: tuple[TargetGroup, ...]
    error: str | None = None
    notes: tuple[str, ...] = ()
    #: the Ingress (and field path) the error is about, when the controller names one
    culprit: tuple[str, str | None] | None = None

    def listener(self, port: int) -> Listener | None:
        for listener in self.listeners:
            if listener.port == port:
                return listener
        return None


class _BuildError(Exception):
    """A reconcile error, carrying the controller's message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ------------------------------------------------------------------------------------------------
# Rule building: path order and path patterns


def sort_paths(paths: Sequence[HTTPPath]) -> list[HTTPPath]:
    """The order LBC gives the paths of ONE IngressRule (`model_build_listener_rules.go`
    `sortIngressPaths`, v2.4.3+, unchanged in v3.5.0): Exact in manifest order, then Prefix longest
    first by UTF-8 byte length of the raw path (stable), then ImplementationSpecific in order.
    It never reorders across `spec.rules` entries or Ingresses."""
    exact, prefix, implementation = [], [], []
    for path in paths:
        if path.path_type == "Exact":
            exact.append(path)
        elif path.path_type == "Prefix":
            prefix.append(path)
        elif path.path_type == "ImplementationSpecific":
            implementation.append(path)
        else:
            raise _BuildError(f"unknown pathType for path {path.path}")
    prefix.sort(key=lambda p: -len(p.path.encode("utf-8")))  # Python's sort is stable
    return exact + prefix + implementation


def path_patterns(path: str, path_type: str) -> tuple[str, ...]:
    """The `path-pattern` values LBC emits for a path (`model_build_listener_rules.go`
    `buildPathPatternsFor*`, v3.5.0): Prefix `/` -> `/*`; Prefix `/foo` or `/foo/` -> `/foo`,
    `/foo/*`; Exact verbatim; ImplementationSpecific verbatim (an ALB glob)."""
    if path_type == "Exact":
        if "*" in path or "?" in path:
            raise _BuildError(f"exact path shouldn't contain wildcards: {path}")
        return (path,)
    if path_type == "Prefix":
        if path == "/":  # checked before the wildcard check
            return ("/*",)
        if "*" in path or "?" in path:
            raise _BuildError(f"prefix path shouldn't contain wildcards: {path}")
        base = path.removesuffix("/")  # strings.TrimSuffix: one slash only
        return (base, base + "/*")
    return (path,)


# ------------------------------------------------------------------------------------------------
# Which Ingresses the controller manages


def classify(ingress: Ingress, classes: Sequence[IngressClass]) -> ClassDecision:
    """Whether the LBC manages an Ingress (`group_loader.go` 196-230, `class_loader.go` 74-123,
    v3.5.0), with this project's rule for Ingresses that name no class at all."""
    ref = ingress.ref
    if ingress.class_annotation is not None:
        # The legacy annotation decides alone; spec.ingressClassName is not read.
        value = ingress.class_annotation
        if value == _CLASS_FLAG:
            why = "annotation kubernetes.io/ingress.class: alb matches --ingress-class (alb)"
            return ClassDecision(ref, True, f"{why}; spec.ingressClassName is not consulted")
        return ClassDecision(
            ref, False, f"annotation kubernetes.io/ingress.class: {value} is not alb: ignored"
        )
    name = ingress.class_name
    via = f"spec.ingressClassName {name}"
    if name is None:
        defaults = [c for c in classes if c.is_default]
        if len(defaults) > 1:
            return ClassDecision(
                ref,
                True,
                "no class, and several IngressClasses are marked default",
                error="multiple default IngressClasses found",
            )
        if not defaults:
            return ClassDecision(
                ref,
                True,
                "no class and no default IngressClass: Ingress Lab counts it as this "
                "controller's (the controller itself, with the Helm default --ingress-class=alb, "
                "ignores Ingresses without class: group_loader.go)",
            )
        name = defaults[0].name
        via = f"the default IngressClass {name}"
    if not classes:
        if name == "alb":
            return ClassDecision(
                ref,
                True,
                f"{via}: no IngressClass in the input, so the Helm chart's IngressClass alb "
                f"(controller {ALB_CONTROLLER}) is assumed",
            )
        return ClassDecision(
            ref, False, f"{via}: no IngressClass in the input, and only alb is assumed: ignored"
        )
    found = next((c for c in classes if c.name == name), None)
    if found is None:
        return ClassDecision(
            ref,
            False,
            f'{via}: invalid ingress class: ingressclasses.networking.k8s.io "{name}" not '
            "found; the controller tolerates this and ignores the Ingress",
        )
    if found.controller == ALB_CONTROLLER:
        return ClassDecision(ref, True, f"{via} has controller {ALB_CONTROLLER}")
    return ClassDecision(ref, False, f"{via} has controller {found.controller}: ignored")


def _parse_int32(key: str, raw: str) -> int:
    """`ParseInt32Annotation` (`pkg/annotations/parser.go`) with Go's strconv messages."""
    quoted = json.dumps(raw)  # Go's %q
    prefix = f"failed to parse int32 annotation, {key}: {raw}: strconv.ParseInt: parsing {quoted}"
    if not _INT.match(raw):
        raise _BuildError(f"{prefix}: invalid syntax")
    value = int(raw)
    if not _INT32[0] <= value <= _INT32[1]:
        raise _BuildError(f"{prefix}: value out of range")
    return value


def _go_set(values: Iterable[str]) -> str:
    """How Go's `%v` prints a `sets.String` (a map, keys sorted)."""
    return "map[" + " ".join(f"{v}:{{}}" for v in sorted(values)) + "]"


def _sha(*parts: str) -> str:
    return hashlib.sha256("".join(parts).encode()).hexdigest()


# ------------------------------------------------------------------------------------------------
# Groups and load balancers


@dataclass(frozen=True, slots=True)
class Built:
    """What the controller builds from some manifests: its class decisions, the explanation
    steps they give, and one load balancer per IngressGroup (or Ingress alone)."""

    decisions: tuple[ClassDecision, ...]
    class_steps: tuple[Step, ...]
    load_balancers: tuple[LoadBalancer, ...]


def build_load_balancers(
    manifests: Manifests,
    services: ServiceCatalogue,
    *,
    rule_quota: int | None = DEFAULT_RULE_QUOTA,
    cluster_name: str = "",
) -> Built:
    """Classify every Ingress, group the managed ones and build each group's load balancer."""
    decisions: list[ClassDecision] = []
    groups: dict[str, list[Ingress]] = {}
    explicit: dict[str, bool] = {}
    steps: list[Step] = []
    for ingress in manifests.ingresses:
        decision = classify(ingress, manifests.ingress_classes)
        steps.append(
            Step(
                f"Ingress {decision.ingress}",
                "note" if decision.managed else "skipped",
                decision.reason,
            )
        )
        if decision.managed:
            group, problem = _group_id(ingress)
            if problem is None:
                groups.setdefault(group, []).append(ingress)
                explicit[group] = _A + "group.name" in ingress.annotations
            else:
                # Tolerated at load time: the Ingress joins no group, so nothing serves it.
                steps.append(Step(f"Ingress {ingress.ref}", "skipped", problem))
                decision = ClassDecision(ingress.ref, False, f"{decision.reason}; {problem}")
        decisions.append(decision)
    errors = {d.ingress: d.error for d in decisions if d.error}
    with paused_gc():
        load_balancers = tuple(
            _GroupBuilder(
                services, cluster_name, rule_quota, group, explicit[group], members, errors
            ).build()
            for group, members in sorted(groups.items())
        )
    return Built(tuple(decisions), tuple(steps), load_balancers)


def _group_id(ingress: Ingress) -> tuple[str, str | None]:
    """IngressGroup ID (`group_loader.go` 233-255, 317-326): explicit `group.name`, or the
    Ingress alone (`ns/name`). An invalid name is tolerated: the Ingress joins no group."""
    name = ingress.annotations.get(_A + "group.name")
    if name is None:
        return ingress.ref, None
    problem = None
    if not _GROUP_NAME.match(name):
        problem = (
            "groupName must consist of lower case alphanumeric characters, '-' or '.', and "
            "must start and end with an alphanumeric character"
        )
    elif len(name) > 63:
        problem = "groupName must be no more than 63 characters"
    if problem is not None:
        return name, (
            f"failed load groupID due to invalid ingress group: {problem} (event "
            "FailedLoadGroupID): the Ingress joins no group"
        )
    return name, None


class _GroupBuilder:
    """Builds one load balancer as `model_builder.go` `run()` does (v3.5.0, lines 297-385)."""

    def __init__(
        self,
        services: ServiceCatalogue,
        cluster_name: str,
        quota: int | None,
        group: str,
        explicit: bool,
        members: list[Ingress],
        class_errors: Mapping[str, str | None],
    ) -> None:
        self.services = services
        self.cluster_name = cluster_name
        self.quota = quota
        self.group = group
        self.explicit = explicit
        self.members = members
        self.class_errors = class_errors
        self.target_groups: dict[tuple[str, str, int | str], TargetGroup] = {}
        self.notes: list[str] = []
        self.name = group if explicit else f"(Ingress {group})"
        self.scheme: str | None = None
        #: the Ingress (and field) a reconcile error is about, when it is about one
        self.culprit: tuple[str, str | None] | None = None

    def build(self) -> LoadBalancer:
        listeners: tuple[Listener, ...] = ()
        error = None
        try:
            self._order()
            listeners = self._listeners()
            error = self._quotas(listeners)
        except _BuildError as failure:
            error = failure.message
        culprit = self.culprit
        if error is not None and culprit is None:
            named = _NAMED_INGRESS.match(error)
            culprit = (named.group(1), None) if named else None
        return LoadBalancer(
            name=self.name,
            group=self.group,
            ingresses=tuple(i.ref for i in self.members),
            scheme=self.scheme,
            listeners=listeners if error is None else (),
            target_groups=tuple(self.target_groups.values()) if error is None else (),
            error=error,
            notes=tuple(self.notes),
            culprit=culprit if error is not None else None,
        )

    def _order(self) -> None:
        """Members sort by `group.order` (default 0, within [-1000, 1000]), then by the string
        `namespace/name` (`group_loader.go` 266-315, v3.5.0)."""
        for ingress in self.members:
            error = self.class_errors.get(ingress.ref)
            if error:
                raise _BuildError(error)
        keyed = []
        for ingress in self.members:
            raw = ingress.annotations.get(_A + "group.order")
            order = 0
            if raw is not None:
                try:
                    order = _parse_int32(_A + "group.order", raw)
                except _BuildError as failure:
                    raise _BuildError(
                        f"failed to load Ingress group order for ingress: {ingress.ref}: "
                        f"{failure.message}"
                    ) from None
                if not -1000 <= order <= 1000:
                    raise _BuildError(
                        "explicit Ingress group order must be within [-1000:1000], "
                        f"Ingress: {ingress.ref}, order: {order}"
                    )
            keyed.append(((order, ingress.ref.encode()), ingress))
        keyed.sort(key=lambda item: item[0])
        self.members = [ingress for _, ingress in keyed]
        self.notes.append(
            f"IngressGroup {self.group}: "
            + ", ".join(f"{i.ref} (order {o})" for (o, _), i in keyed)
            + " - members in group.order, then namespace/name order"
        )

    def _listeners(self) -> tuple[Listener, ...]:
        by_port: dict[int, list[tuple[Ingress, str, tuple[str, ...]]]] = {}
        for ingress in self.members:
            try:
                ports = _listen_ports(ingress)
            except _BuildError as failure:
                raise _BuildError(f"ingress: {ingress.ref}: {failure.message}") from None
            member_certs = _certificates(ingress)
            for port, protocol in ports.items():
                by_port.setdefault(port, []).append((ingress, protocol, member_certs))
        merged: dict[int, tuple[str, tuple[str, ...]]] = {}
        # Go iterates a map here; errors on two ports would surface in random order.
        for port in sorted(by_port):
            first, protocol, _ = by_port[port][0]
            for ingress, other, _ in by_port[port][1:]:
                if other != protocol:
                    raise _BuildError(
                        f"failed to merge listenPort config for port: {port}: conflicting "
                        f"protocol, {first.ref}: {protocol} | {ingress.ref}: {other}"
                    )
            # The first certificate of the first member with any is the default one; the rest
            # are de-duplicated SNI certificates (model_builder.go 403-480).
            arns: list[str] = []
            for _, _, member_certs in by_port[port]:
                arns.extend(c for c in member_certs if c not in arns)
            merged[port] = (protocol, tuple(arns))
        self.scheme = self._scheme()
        self.name = self._name(self.scheme)
        redirect = self._ssl_redirect(merged)
        listeners = []
        for port in sorted(merged):
            protocol, certs = merged[port]
            members = [ingress for ingress, _, _ in by_port[port]]
            default, default_ingress = self._default_actions(protocol, members, redirect)
            rules: tuple[Rule, ...] = ()
            if redirect is None or protocol != "HTTP":
                rules = self._rules(members)
            else:
                self.notes.append(
                    f"listener HTTP:{port}: ssl-redirect gives it only the redirect default "
                    "action; the rules are not built (model_build_listener_rules.go 20-22)"
                )
            listeners.append(Listener(port, protocol, default, rules, certs, default_ingress))
        return tuple(listeners)

    def _scheme(self) -> str:
        """`model_build_load_balancer.go` 138-167: exclusive across the group, default internal."""
        schemes = {
            i.annotations[_A + "scheme"] for i in self.members if _A + "scheme" in i.annotations
        }
        if not schemes:
            return "internal"
        if len(schemes) > 1:
            raise _BuildError(f"conflicting scheme: {_go_set(schemes)}")
        scheme = schemes.pop()
        if scheme not in ("internal", "internet-facing"):
            raise _BuildError(f"unknown scheme: {scheme}")
        return scheme

    def _name(self, scheme: str) -> str:
        """`model_build_load_balancer.go` 95-136. The generated name hashes --cluster-name, the
        group ID and the scheme; with the cluster name unknown it is a deterministic stand-in."""
        key = _A + "load-balancer-name"
        names = {i.annotations[key] for i in self.members if key in i.annotations}
        if len(names) == 1:
            name = names.pop()
            if len(name) > 32:
                raise _BuildError("load balancer name cannot be longer than 32 characters")
            return name
        if len(names) > 1:
            raise _BuildError(f"conflicting load balancer name: {_go_set(names)}")
        digest = _sha(self.cluster_name, self.group, scheme)
        if self.explicit:
            return f"k8s-{_NON_ALNUM.sub('', self.group)[:17]}-{digest[:10]}"
        namespace, _, name = self.group.partition("/")
        ns, nm = _NON_ALNUM.sub("", namespace)[:8], _NON_ALNUM.sub("", name)[:8]
        return f"k8s-{ns}-{nm}-{digest[:10]}"

    def _ssl_redirect(self, ports: Mapping[int, tuple[str, tuple[str, ...]]]) -> int | None:
        """`model_builder.go` `buildSSLRedirectConfig` (513-553): one port for the group, which
        must be an HTTPS listener."""
        found: set[int] = set()
        for ingress in self.members:
            raw = ingress.annotations.get(_A + "ssl-redirect")
            if raw is None:
                continue
            try:
                found.add(_parse_int32(_A + "ssl-redirect", raw))
            except _BuildError as failure:
                raise _BuildError(f"ingress: {ingress.ref}: {failure.message}") from None
        if not found:
            return None
        if len(found) > 1:
            listed = " ".join(str(p) for p in sorted(found))
            raise _BuildError(f"conflicting sslRedirect port: [{listed}]")
        port = found.pop()
        if port not in ports:
            raise _BuildError(f"listener does not exist for SSLRedirect port: {port}")
        if ports[port][0] != "HTTPS":
            raise _BuildError(f"listener protocol non-SSL for SSLRedirect port: {port}")
        return port

    def _default_actions(
        self, protocol: str, members: list[Ingress], redirect: int | None
    ) -> tuple[tuple[Action, ...], str | None]:
        """`model_build_listener.go` 71-101: the ssl-redirect, a 404, or the one defaultBackend."""
        if redirect is not None and protocol == "HTTP":
            config = RedirectConfig("HTTP_301", protocol="HTTPS", port=str(redirect))
            return (Action("redirect", redirect_config=config),), None
        with_default = [i for i in members if i.default_backend is not None]
        if not with_default:
            return (
                Action("fixed-response", fixed_response_config=FixedResponseConfig("404")),
            ), None
        if len(with_default) > 1:
            names = " ".join(i.ref for i in with_default)
            raise _BuildError(f"multiple ingress defined default backend: [{names}]")
        ingress = with_default[0]
        # Not wrapped with the Ingress name, unlike rule errors (model_build_listener.go 94-98).
        action, _ = self._backend(ingress, ingress.default_backend, None, use_conditions=False)
        return (action,), ingress.ref

    def _rules(self, members: list[Ingress]) -> tuple[Rule, ...]:
        """`model_build_listener_rules.go` 19-86: Ingresses in group order, `spec.rules` in
        manifest order, paths sorted within each rule; one ALB rule per path; priorities from 1
        per listener, in that order."""
        rules: list[Rule] = []
        for ingress in members:
            regex = ingress.annotations.get(_A + "use-regex-path-match") == "true"
            for ingress_rule in ingress.rules:
                paths = sort_paths(ingress_rule.paths)  # its error is returned unwrapped
                for path in paths:
                    try:
                        action, extra = self._backend(ingress, path.backend, path.resource)
                        conditions = _conditions(ingress_rule.host, path, extra, regex)
                        transforms = _transforms(ingress, path.backend)
                    except _BuildError as failure:
                        self.culprit = (ingress.ref, path.field)
                        raise _BuildError(f"ingress: {ingress.ref}: {failure.message}") from None
                    rules.append(
                        Rule(
                            len(rules) + 1,
                            conditions,
                            (action,),
                            ingress.ref,
                            ingress_rule.host,
                            path.path,
                            path.path_type,
                            path.field,
                            transforms,
                        )
                    )
        return tuple(rules)

    def _backend(
        self,
        ingress: Ingress,
        backend: Backend | None,
        resource: Mapping[str, Any] | None,
        *,
        use_conditions: bool = True,
    ) -> tuple[Action, list[Condition]]:
        """`enhanced_backend_builder.go` `Build` (v3.5.0): the conditions and actions annotations
        keyed by the backend's service name, `use-annotation`, then Service and port lookup."""
        if backend is None:
            raise _BuildError('missing required "service" field')
        extra = _annotation_conditions(ingress, backend.service) if use_conditions else []
        if backend.port == "use-annotation":
            return self._annotation_action(ingress, backend.service), extra
        tg = self._target_group(ingress, backend, single=True)
        if isinstance(tg, Action):
            return tg, extra
        forward = ForwardConfig((TargetGroupTuple(tg),))
        return Action("forward", forward_config=forward), extra

    def _target_group(
        self, ingress: Ingress, backend: Backend, *, single: bool
    ) -> TargetGroup | Action:
        """Service lookup (`enhanced_backend_builder.go` 269-300) and target group
        (`model_build_target_group.go` 195-305, v3.5.0)."""
        state = self.services.lookup(backend)
        if state.problem == "no-service":
            if not single:
                raise _BuildError(f'services "{backend.service}" not found')
            # --tolerate-non-existent-backend-service defaults to true (ingress_config.go).
            return Action(
                "fixed-response",
                fixed_response_config=FixedResponseConfig(
                    "503", message_body="Backend service does not exist"
                ),
                reason=f"Service {backend.namespace}/{backend.service} does not exist: a fixed "
                "503 (--tolerate-non-existent-backend-service, default true)",
            )
        service = state.service
        assert service is not None
        if state.problem == "no-port":
            raise _BuildError(f"unable to find port {backend.port} on service {service.ref}")
        port = state.port
        # An assumed Service stands for whatever the question needs: its type and ports are
        # not checked, and the target group's port stays unknown.
        declared = None if service.generated else service
        # The Service's annotation wins over the Ingress's (MergeStringMap keeps the first map).
        annotations = {**ingress.annotations, **(declared.annotations if declared else {})}
        target_type = annotations.get(_A + "target-type", "instance")
        if target_type not in ("instance", "ip"):
            raise _BuildError(f"unknown targetType: {target_type}")
        tg_port: int | None = None
        if declared is not None and port is not None:
            if target_type == "instance":
                if declared.type not in ("NodePort", "LoadBalancer"):
                    raise _BuildError(
                        "TargetGroup port is empty. When using Instance targets, your service be "
                        "must of type 'NodePort' or 'LoadBalancer'"
                    )
                tg_port = port.node_port
            else:
                tg_port = port.target_port if isinstance(port.target_port, int) else 1
        key = (ingress.ref, backend.service, backend.port)
        existing = self.target_groups.get(key)
        if existing is not None:
            return existing
        digest = _sha(
            self.cluster_name,
            self.group,
            ingress.namespace,
            ingress.name,
            "",  # the Service UID, which manifests do not carry
            str(backend.port),
            str(tg_port or 0),
            target_type,
            "HTTP",
            "HTTP1",
        )
        ns = _NON_ALNUM.sub("", backend.namespace)[:8]
        svc = _NON_ALNUM.sub("", backend.service)[:8]
        tg = TargetGroup(
            name=f"k8s-{ns}-{svc}-{digest[:10]}",
            target_type=target_type,
            port=tg_port,
            protocol="HTTP",
            backend=backend,
            ingress=ingress.ref,
            id=f"{ingress.ref}-{backend.service}:{backend.port}",
        )
        self.target_groups[key] = tg
        return tg

    def _annotation_action(self, ingress: Ingress, name: str) -> Action:
        """`actions.<name>` for `port.name: use-annotation` (`enhanced_backend_builder.go`
        201-267, `config_types.go` 26-205, v3.5.0)."""
        key = f"{_A}actions.{name}"
        raw = ingress.annotations.get(key)
        if raw is None:
            # --tolerate-non-existent-backend-action defaults to true.
            return Action(
                "fixed-response",
                fixed_response_config=FixedResponseConfig(
                    "503", message_body="Backend action does not exist"
                ),
                reason=f"annotation {key} does not exist: the controller tolerates it "
                "(--tolerate-non-existent-backend-action, default true) with a fixed 503",
            )
        data = _json_annotation(key, raw)
        if not isinstance(data, dict):
            raise _BuildError(f"failed to parse json annotation, {key}: {raw}: not an object")
        kind = data.get("type")
        if kind == "fixed-response":
            config = data.get("fixedResponseConfig")
            if not isinstance(config, dict):
                raise _BuildError("missing FixedResponseConfig")
            if not config.get("statusCode"):
                raise _BuildError("invalid FixedResponseConfig: statusCode is required")
            return Action(
                "fixed-response",
                fixed_response_config=FixedResponseConfig(
                    str(config["statusCode"]),
                    str(config.get("contentType") or "text/plain"),
                    config.get("messageBody"),
                ),
            )
        if kind == "redirect":
            config = data.get("redirectConfig")
            if not isinstance(config, dict):
                raise _BuildError("missing RedirectConfig")
            return Action(
                "redirect",
                redirect_config=RedirectConfig(
                    str(config.get("statusCode") or "HTTP_301"),
                    *(
                        None if config.get(k) is None else str(config[k])
                        for k in ("protocol", "port", "host", "path", "query")
                    ),
                ),
            )
        if kind == "forward":
            return Action("forward", forward_config=self._forward_config(ingress, data))
        raise _BuildError(f"unknown action type: {kind}")

    def _forward_config(self, ingress: Ingress, data: Mapping[str, Any]) -> ForwardConfig:
        arn, tg_name = data.get("targetGroupARN"), data.get("targetGroupName")
        config = data.get("forwardConfig")
        if config is None and not (arn or tg_name):
            raise _BuildError("missing ForwardConfig or TargetGroupARN/TargetGroupName")
        if config is not None and (arn or tg_name):
            raise _BuildError(
                "either ForwardConfig or TargetGroupARN/TargetGroupName can be specified"
            )
        if config is None:
            return ForwardConfig(
                (TargetGroupTuple(target_group_arn=arn, target_group_name=tg_name),)
            )
        items = config.get("targetGroups") or []
        if len(items) > 1 and any(i.get("weight") is None for i in items):
            raise _BuildError(
                "invalid ForwardConfig: weight must be set when route to multiple target groups"
            )
        tuples = []
        for item in items:
            weight = item.get("weight")
            if item.get("targetGroupARN") or item.get("targetGroupName"):
                tuples.append(
                    TargetGroupTuple(
                        target_group_arn=item.get("targetGroupARN"),
                        target_group_name=item.get("targetGroupName"),
                        weight=weight,
                    )
                )
                continue
            if not item.get("serviceName"):
                raise _BuildError(
                    "invalid ForwardConfig: invalid TargetGroupTuple: missing serviceName or "
                    "targetGroupARN/targetGroupName"
                )
            if item.get("servicePort") is None:
                raise _BuildError(
                    "invalid ForwardConfig: invalid TargetGroupTuple: missing servicePort"
                )
            raw_port = item["servicePort"]
            port: int | str = int(raw_port) if str(raw_port).isdigit() else str(raw_port)
            backend = Backend(ingress.namespace, str(item["serviceName"]), port)
            tg = self._target_group(ingress, backend, single=False)
            assert isinstance(tg, TargetGroup)
            tuples.append(TargetGroupTuple(tg, weight=weight))
        return ForwardConfig(tuple(tuples))

    def _quotas(self, listeners: tuple[Listener, ...]) -> str | None:
        """What the ELBv2 API refuses that the LBC does not check (`elbv2.py`): a rule's
        values and per-rule quotas, then the rules-per-load-balancer quota. The first refusal
        fails the whole group's reconcile."""
        for listener in listeners:
            for rule in listener.rules:
                error = elbv2.rule_error(rule)
                if error is not None:
                    self.culprit = (rule.ingress, rule.source)
                    self.notes.append(
                        f"rule {listener.port}:{rule.priority} ({rule.ingress} {rule.source}): "
                        "the controller sends it as written, and CreateRule is refused"
                    )
                    return error
        total = sum(len(listener.rules) for listener in listeners)
        if self.quota is not None and total > self.quota:
            self.notes.append(
                "the end of AWS's TooManyRules message is not documented ('The maximum number "
                "of rules on load balancer arn:...'); this model states the code and the counts"
            )
            return (
                f"TooManyRules: {total} rules on load balancer {self.name}; the quota is "
                f"{self.quota} rules per load balancer (all listeners together)"
            )
        return None


def _listen_ports(ingress: Ingress) -> dict[int, str]:
    """`model_build_listener.go` `computeIngressListenPorts` (236-272, v3.5.0): HTTP:80, or
    HTTPS:443 when a certificate ARN is given; `spec.tls` alone does not add HTTPS."""
    raw = ingress.annotations.get(_A + "listen-ports")
    if raw is None:
        return {443: "HTTPS"} if _certificates(ingress) else {80: "HTTP"}
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _BuildError(f"failed to parse listen-ports configuration: `{raw}`: {error}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _BuildError(
            f"failed to parse listen-ports configuration: `{raw}`: json: cannot unmarshal "
            "into Go value of type []map[string]int32"
        )
    if not entries:
        raise _BuildError(f"empty listen-ports configuration: `{raw}`")
    ports: dict[int, str] = {}
    for entry in entries:
        for protocol, port in entry.items():
            if not isinstance(port, int) or isinstance(port, bool):
                raise _BuildError(
                    f"failed to parse listen-ports configuration: `{raw}`: json: cannot "
                    f"unmarshal {type(port).__name__} into Go value of type int32"
                )
            if not 1 <= port <= 65535:
                raise _BuildError(f"listen port must be within [1, 65535]: {port}")
            if protocol not in ("HTTP", "HTTPS"):
                raise _BuildError(f"listen protocol must be within [HTTP, HTTPS]: {protocol}")
            ports[port] = protocol  # a repeated port: the last one wins
    return ports


def _certificates(ingress: Ingress) -> tuple[str, ...]:
    raw = ingress.annotations.get(_A + "certificate-arn", "")
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _json_annotation(key: str, raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise _BuildError(f"failed to parse json annotation, {key}: {raw}: {error}") from None


def _annotation_conditions(ingress: Ingress, name: str) -> list[Condition]:
    """`conditions.<name>` (`enhanced_backend_builder.go` 170-183): host-header and path-pattern
    values join the rule's own host and path conditions (OR); other fields are separate (AND)."""
    key = f"{_A}conditions.{name}"
    raw = ingress.annotations.get(key)
    if raw is None:
        return []
    data = _json_annotation(key, raw)
    conditions = []
    for item in data if isinstance(data, list) else []:
        field = str(item.get("field", ""))
        config_key = {
            "host-header": "hostHeaderConfig",
            "path-pattern": "pathPatternConfig",
            "http-header": "httpHeaderConfig",
            "http-request-method": "httpRequestMethodConfig",
            "query-string": "queryStringConfig",
            "source-ip": "sourceIpConfig",
        }.get(field)
        if config_key is None:
            raise _BuildError(f"unknown condition field: {field}")
        config = item.get(config_key)
        if not isinstance(config, dict):
            raise _BuildError(f"missing {config_key}")
        values = config.get("values") or []
        if field == "query-string":
            values = [f"{v.get('key') or ''}={v.get('value') or ''}" for v in values]
        conditions.append(
            Condition(
                field,
                tuple(str(v) for v in values),
                tuple(str(v) for v in config.get("regexValues") or []),
                config.get("httpHeaderName"),
            )
        )
    return conditions


def _transforms(ingress: Ingress, backend: Backend | None) -> tuple[Transform, ...]:
    """`transforms.<service>` (`enhanced_backend_builder.go` buildTransforms and
    `config_types.go` Transform.Validate, LBC v3.5.0): a JSON list of url-rewrite and
    host-header-rewrite transforms, each with a non-empty list of regex/replace pairs."""
    if backend is None:
        return ()
    key = f"{_A}transforms.{backend.service}"
    raw = ingress.annotations.get(key)
    if raw is None:
        return ()
    data = _json_annotation(key, raw)
    if not isinstance(data, list):
        raise _BuildError(f"failed to parse json annotation, {key}: {raw}: not a list")
    transforms = []
    for item in data:
        kind = item.get("type") if isinstance(item, dict) else None
        field = {
            "url-rewrite": "urlRewriteConfig",
            "host-header-rewrite": "hostHeaderRewriteConfig",
        }
        if kind not in field:
            raise _BuildError(f"unknown transform type: {kind}")
        config = item.get(field[kind])
        if not isinstance(config, dict):
            raise _BuildError(f"missing {field[kind]}")
        rewrites = config.get("rewrites") or []
        if not rewrites:
            raise _BuildError(f"{field[kind]}.rewrites cannot be empty")
        pairs = tuple(
            (str(r.get("regex") or ""), str(r.get("replace") or ""))
            for r in rewrites
            if isinstance(r, dict)
        )
        transforms.append(Transform(str(kind), pairs))
    return tuple(transforms)


def _conditions(
    host: str | None, path: HTTPPath, extra: list[Condition], regex: bool
) -> tuple[Condition, ...]:
    """`model_build_listener_rules.go` `buildRuleConditions` (130-225): other annotation
    conditions first, then host-header, then path-pattern; `/*` when nothing else."""
    hosts = [host] if host else []
    paths: list[str] = []
    regex_paths: list[str] = []
    if path.path:
        if regex and path.path_type == "ImplementationSpecific":
            regex_paths.append(path.path[1:])  # use-regex-path-match drops the first character
        else:
            paths.extend(path_patterns(path.path, path.path_type))
    others = []
    for condition in extra:
        if condition.field == "host-header":
            hosts.extend(condition.values)
        elif condition.field == "path-pattern":
            paths.extend(condition.values)
            regex_paths.extend(condition.regex_values)
        else:
            others.append(condition)
    if paths and regex_paths:
        raise _BuildError(
            "path condition must specify exactly one of Values and RegexValues, got both "
            f"Values {paths} and RegexValues {regex_paths}"
        )
    result = list(others)
    if hosts:
        result.append(Condition("host-header", tuple(hosts)))
    if paths or regex_paths:
        result.append(Condition("path-pattern", tuple(paths), tuple(regex_paths)))
    if not hosts and not paths and not regex_paths and not others:
        result.append(Condition("path-pattern", ("/*",)))
    return tuple(result)

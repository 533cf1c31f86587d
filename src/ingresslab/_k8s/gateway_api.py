"""The Gateway API kinds the API server accepts, as their CRDs define them (standard channel).

Source: kubernetes-sigs/gateway-api v1.6.1 (commit 8bb74df00e56), the standard-channel CRDs
`config/crd/standard/gateway.networking.k8s.io_{gatewayclasses,gateways,httproutes,
referencegrants}.yaml`, generated from `apis/v1/gatewayclass_types.go`, `gateway_types.go`,
`httproute_types.go`, `shared_types.go` and `referencegrant_types.go`. Every field, pattern,
bound, enum and default below is the CRD's; every `Cel` is one of its `x-kubernetes-validations`
rules with the CRD's message, its expression restated as a Python predicate. GatewayClass,
Gateway and HTTPRoute are served as `v1` and `v1beta1` with one schema; ReferenceGrant as
`v1beta1` (stored) and `v1`. Update-only rules (GatewayClass `controllerName` is immutable)
never apply on create and are left out; so is the experimental channel (`retry`,
`sessionPersistence`, ListenerSets' `useDefaultGateways`, ...), which the standard CRDs refuse
as unknown fields.

This module is data; `crd.py` applies it. It knows nothing about routing.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from .crd import Arr, Bool, Cel, CelResult, CustomKind, Int, Obj, Str, StrMap, format_error, has
from .errors import FieldError

__all__ = ["GROUP", "KINDS", "LIST_KINDS"]

GROUP = "gateway.networking.k8s.io"

# -- shared_types.go: the string types and references ---------------------------------------

_DNS_LABELS = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"


def _group(default: Any = None) -> Str:
    extra = {} if default is None else {"default": default}
    return Str(pattern=f"^$|^{_DNS_LABELS}$", max_length=253, **extra)


def _kind(default: Any = None) -> Str:
    extra = {} if default is None else {"default": default}
    return Str(
        pattern=r"^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$", min_length=1, max_length=63, **extra
    )


_OBJECT_NAME = Str(min_length=1, max_length=253)
_NAMESPACE = Str(pattern=r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", min_length=1, max_length=63)
_SECTION_NAME = Str(pattern=f"^{_DNS_LABELS}$", min_length=1, max_length=253)
_HOSTNAME = Str(pattern=rf"^(\*\.)?{_DNS_LABELS}$", min_length=1, max_length=253)
_PRECISE_HOSTNAME = Str(pattern=f"^{_DNS_LABELS}$", min_length=1, max_length=253)
_PORT = Int(minimum=1, maximum=65535)
_HEADER_NAME = Str(pattern=r"^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$", min_length=1, max_length=256)
_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH")

_LABEL_SELECTOR = Obj(
    "LabelSelector",
    {
        "matchExpressions": Arr(
            Obj(
                "LabelSelectorRequirement",
                {"key": Str(), "operator": Str(), "values": Arr(Str())},
                required=("key", "operator"),
            )
        ),
        "matchLabels": StrMap(),
    },
)


def _port_for_service(ref: Any) -> CelResult:
    # (size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true
    return not (ref.get("group") == "" and ref.get("kind") == "Service") or has(ref, "port")


_PORT_FOR_SERVICE = Cel("Must have port for Service reference", _port_for_service)


def _backend_object_reference(go_name: str, **extra: Any) -> Obj:
    return Obj(
        go_name,
        {
            "group": _group(""),
            "kind": _kind("Service"),
            "name": _OBJECT_NAME,
            "namespace": _NAMESPACE,
            "port": _PORT,
            **extra,
        },
        required=("name",),
        rules=(_PORT_FOR_SERVICE,),
    )


def _same_parent(p1: Any, p2: Any) -> bool:
    # p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (both namespaces
    # absent or empty, or both present and equal)
    if (p1.get("group"), p1.get("kind"), p1.get("name")) != (
        p2.get("group"),
        p2.get("kind"),
        p2.get("name"),
    ):
        return False
    n1, n2 = p1.get("namespace"), p2.get("namespace")
    return (not n1 and not n2) or (n1 is not None and n2 is not None and n1 == n2)


def _no_section(p: Any) -> bool:
    return not p.get("sectionName")


def _section_when_repeated(refs: Any) -> CelResult:
    return all(
        _no_section(p1) == _no_section(p2) for p1 in refs for p2 in refs if _same_parent(p1, p2)
    )


def _section_unique(refs: Any) -> CelResult:
    def same_section(p1: Any, p2: Any) -> bool:
        if _no_section(p1) and _no_section(p2):
            return True
        return (
            has(p1, "sectionName")
            and has(p2, "sectionName")
            and (p1["sectionName"] == p2["sectionName"])
        )

    return all(
        sum(1 for p2 in refs if _same_parent(p1, p2) and same_section(p1, p2)) == 1 for p1 in refs
    )


_PARENT_REFS = Arr(
    Obj(
        "ParentReference",
        {
            "group": _group(GROUP),
            "kind": _kind("Gateway"),
            "name": _OBJECT_NAME,
            "namespace": _NAMESPACE,
            "port": _PORT,
            "sectionName": _SECTION_NAME,
        },
        required=("name",),
    ),
    max_items=32,
    rules=(
        Cel(
            "sectionName must be specified when parentRefs includes 2 or more references to "
            "the same parent",
            _section_when_repeated,
        ),
        Cel(
            "sectionName must be unique when parentRefs includes 2 or more references to the "
            "same parent",
            _section_unique,
        ),
    ),
)

# -- httproute_types.go: filters ------------------------------------------------------------


def _path_modifier_rules() -> tuple[Cel, ...]:
    def pair(kind: str, key: str) -> tuple[Cel, Cel]:
        return (
            Cel(
                f"{key} must be specified when type is set to '{kind}'",
                lambda p: p.get("type") != kind or has(p, key),
            ),
            Cel(
                f"type must be '{kind}' when {key} is set",
                lambda p: not has(p, key) or p.get("type") == kind,
            ),
        )

    return (
        *pair("ReplaceFullPath", "replaceFullPath"),
        *pair("ReplacePrefixMatch", "replacePrefixMatch"),
    )


_PATH_MODIFIER = Obj(
    "HTTPPathModifier",
    {
        "replaceFullPath": Str(max_length=1024),
        "replacePrefixMatch": Str(max_length=1024),
        "type": Str(enum=("ReplaceFullPath", "ReplacePrefixMatch")),
    },
    required=("type",),
    rules=_path_modifier_rules(),
)

_HEADER_LIST = Arr(
    Obj(
        "HTTPHeader",
        {"name": _HEADER_NAME, "value": Str(min_length=1, max_length=4096)},
        required=("name", "value"),
    ),
    max_items=16,
    list_type="map",
    map_keys=("name",),
)

_HEADER_FILTER = Obj(
    "HTTPHeaderFilter",
    {
        "add": _HEADER_LIST,
        "remove": Arr(Str(), max_items=16, list_type="set"),
        "set": _HEADER_LIST,
    },
)


def _star_alone(what: str, others: str) -> Cel:
    # !('*' in self && self.size() > 1)
    return Cel(
        f"{what} cannot contain '*' alongside other {others}",
        lambda items: not ("*" in items and len(items) > 1),
    )


_TOKEN = Str(pattern=r"^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$", min_length=1, max_length=256)

_CORS = Obj(
    "HTTPCORSFilter",
    {
        "allowCredentials": Bool(),
        "allowHeaders": Arr(
            _TOKEN, max_items=64, list_type="set", rules=(_star_alone("AllowHeaders", "methods"),)
        ),
        "allowMethods": Arr(
            Str(enum=(*_METHODS, "*")),
            max_items=9,
            list_type="set",
            rules=(_star_alone("AllowMethods", "methods"),),
        ),
        "allowOrigins": Arr(
            Str(
                pattern=r"(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)"
                r"(:([0-9]{1,5}))?)$)",
                min_length=1,
                max_length=253,
            ),
            max_items=64,
            list_type="set",
            rules=(_star_alone("AllowOrigins", "origins"),),
        ),
        "exposeHeaders": Arr(_TOKEN, max_items=64, list_type="set"),
        "maxAge": Int(minimum=1, default=5),
    },
)

_MIRROR = Obj(
    "HTTPRequestMirrorFilter",
    {
        "backendRef": _backend_object_reference("BackendObjectReference"),
        "fraction": Obj(
            "Fraction",
            {"denominator": Int(minimum=1, default=100), "numerator": Int(minimum=0)},
            required=("numerator",),
            rules=(
                Cel(
                    "numerator must be less than or equal to denominator",
                    lambda f: f["numerator"] <= f["denominator"],
                ),
            ),
        ),
        "percent": Int(minimum=0, maximum=100),
    },
    required=("backendRef",),
    rules=(
        Cel(
            "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter",
            lambda m: not (has(m, "percent") and has(m, "fraction")),
        ),
    ),
)

_FILTER_TYPES = (
    ("CORS", "cors"),
    ("RequestHeaderModifier", "requestHeaderModifier"),
    ("ResponseHeaderModifier", "responseHeaderModifier"),
    ("RequestMirror", "requestMirror"),
    ("RequestRedirect", "requestRedirect"),
    ("URLRewrite", "urlRewrite"),
    ("ExtensionRef", "extensionRef"),
)


def _filter_rules() -> tuple[Cel, ...]:
    def nil_unless(kind: str, key: str) -> Callable[[Any], CelResult]:
        # !(has(self.<key>) && self.type != '<kind>')
        return lambda f: not (has(f, key) and f.get("type") != kind)

    def given_for(kind: str, key: str) -> Callable[[Any], CelResult]:
        # !(!has(self.<key>) && self.type == '<kind>')
        return lambda f: not (not has(f, key) and f.get("type") == kind)

    rules: list[Cel] = []
    for kind, key in _FILTER_TYPES:
        rules.append(
            Cel(f"filter.{key} must be nil if the filter.type is not {kind}", nil_unless(kind, key))
        )
        rules.append(
            Cel(f"filter.{key} must be specified for {kind} filter.type", given_for(kind, key))
        )
    return tuple(rules)


def _count_type(kind: str) -> Callable[[Any], CelResult]:
    return lambda filters: sum(1 for f in filters if f.get("type") == kind) <= 1


_FILTERS = Arr(
    Obj(
        "HTTPRouteFilter",
        {
            "cors": _CORS,
            "extensionRef": Obj(
                "LocalObjectReference",
                {"group": _group(), "kind": _kind(), "name": _OBJECT_NAME},
                required=("group", "kind", "name"),
            ),
            "requestHeaderModifier": _HEADER_FILTER,
            "requestMirror": _MIRROR,
            "requestRedirect": Obj(
                "HTTPRequestRedirectFilter",
                {
                    "hostname": _PRECISE_HOSTNAME,
                    "path": _PATH_MODIFIER,
                    "port": _PORT,
                    "scheme": Str(enum=("http", "https")),
                    "statusCode": Int(enum=(301, 302, 303, 307, 308), default=302, int32=False),
                },
            ),
            "responseHeaderModifier": _HEADER_FILTER,
            "type": Str(
                enum=(
                    "RequestHeaderModifier",
                    "ResponseHeaderModifier",
                    "RequestMirror",
                    "RequestRedirect",
                    "URLRewrite",
                    "ExtensionRef",
                    "CORS",
                )
            ),
            "urlRewrite": Obj(
                "HTTPURLRewriteFilter",
                {"hostname": _PRECISE_HOSTNAME, "path": _PATH_MODIFIER},
            ),
        },
        required=("type",),
        rules=_filter_rules(),
    ),
    max_items=16,
    rules=(
        Cel(
            "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, "
            "but not both",
            lambda filters: (
                not (
                    any(f.get("type") == "RequestRedirect" for f in filters)
                    and any(f.get("type") == "URLRewrite" for f in filters)
                )
            ),
        ),
        *(
            Cel(f"{kind} filter cannot be repeated", _count_type(kind))
            for kind in (
                "CORS",
                "RequestHeaderModifier",
                "ResponseHeaderModifier",
                "RequestRedirect",
                "URLRewrite",
            )
        ),
    ),
)

# -- httproute_types.go: matches ------------------------------------------------------------

_PATH_CHARS = re.compile(r"(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+")
_EXACT_OR_PREFIX = "when type one of ['Exact', 'PathPrefix']"


_BAD_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F", "#")


def _lacks(sequence: str) -> Callable[[str], bool]:
    return lambda value: sequence not in value


def _ends_not(end: str) -> Callable[[str], bool]:
    return lambda value: not value.endswith(end)


def _path_rule(message: str, holds: Callable[[str], bool]) -> Cel:
    # (self.type in ['Exact','PathPrefix']) ? <holds(self.value)> : true
    return Cel(
        message,
        lambda p: p.get("type") not in ("Exact", "PathPrefix") or holds(p.get("value", "")),
    )


_PATH_MATCH = Obj(
    "HTTPPathMatch",
    {
        "type": Str(enum=("Exact", "PathPrefix", "RegularExpression"), default="PathPrefix"),
        "value": Str(max_length=1024, default="/"),
    },
    default={"type": "PathPrefix", "value": "/"},
    rules=(
        _path_rule(
            f"value must be an absolute path and start with '/' {_EXACT_OR_PREFIX}",
            lambda v: v.startswith("/"),
        ),
        *(
            _path_rule(f"must not contain '{seq}' {_EXACT_OR_PREFIX}", _lacks(seq))
            for seq in _BAD_SEQUENCES
        ),
        *(
            _path_rule(f"must not end with '{end}' {_EXACT_OR_PREFIX}", _ends_not(end))
            for end in ("/..", "/.")
        ),
        Cel(
            "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']",
            lambda p: p.get("type") in ("Exact", "PathPrefix", "RegularExpression"),
        ),
        _path_rule(
            "must only contain valid characters (matching "
            r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types "
            "['Exact', 'PathPrefix']",
            lambda v: _PATH_CHARS.fullmatch(v) is not None,
        ),
    ),
)


def _value_match(go_name: str, max_length: int) -> Arr:
    return Arr(
        Obj(
            go_name,
            {
                "name": _HEADER_NAME,
                "type": Str(enum=("Exact", "RegularExpression"), default="Exact"),
                "value": Str(min_length=1, max_length=max_length),
            },
            required=("name", "value"),
        ),
        max_items=16,
        list_type="map",
        map_keys=("name",),
    )


_MATCH = Obj(
    "HTTPRouteMatch",
    {
        "headers": _value_match("HTTPHeaderMatch", 4096),
        "method": Str(enum=_METHODS),
        "path": _PATH_MATCH,
        "queryParams": _value_match("HTTPQueryParamMatch", 1024),
    },
)

# -- httproute_types.go: rules --------------------------------------------------------------


def _prefix_modifier(filter_key: str) -> Callable[[Any], bool]:
    # f has <filter_key> with path.type ReplacePrefixMatch and path.replacePrefixMatch
    def holds(f: Any) -> bool:
        inner = f.get(filter_key)
        path = inner.get("path") if isinstance(inner, dict) else None
        return (
            isinstance(path, dict)
            and path.get("type") == "ReplacePrefixMatch"
            and has(path, "replacePrefixMatch")
        )

    return holds


def _one_prefix_match(rule: Any) -> bool:
    # size(self.matches) == 1 && has(self.matches[0].path) && path.type == 'PathPrefix'
    matches = rule.get("matches") or []
    return (
        len(matches) == 1
        and has(matches[0], "path")
        and matches[0]["path"].get("type") == "PathPrefix"
    )


def _replace_prefix_rule(filter_key: str, within_backends: bool) -> Cel:
    what = "RequestRedirect" if filter_key == "requestRedirect" else "URLRewrite"
    uses = _prefix_modifier(filter_key)

    def check(rule: Any) -> CelResult:
        if within_backends:
            applies = has(rule, "backendRefs") and (
                sum(
                    1
                    for b in rule["backendRefs"]
                    if has(b, "filters") and sum(1 for f in b["filters"] if uses(f)) == 1
                )
                == 1
            )
        else:
            applies = has(rule, "filters") and sum(1 for f in rule["filters"] if uses(f)) == 1
        return not applies or _one_prefix_match(rule)

    if within_backends:
        lead = (
            "Within backendRefs, when" if what == "RequestRedirect" else "Within backendRefs, When"
        )
    else:
        lead = "When"
    return Cel(
        f"{lead} using {what} filter with path.replacePrefixMatch, exactly one PathPrefix match "
        "must be specified",
        check,
    )


def _redirect_without_backends(rule: Any) -> CelResult:
    # (has(backendRefs) && size(backendRefs) > 0)
    #   ? (!has(filters) || filters.all(f, !has(f.requestRedirect))) : true
    if not (has(rule, "backendRefs") and len(rule["backendRefs"]) > 0):
        return True
    return not has(rule, "filters") or all(not has(f, "requestRedirect") for f in rule["filters"])


_RULE = Obj(
    "HTTPRouteRule",
    {
        "backendRefs": Arr(
            _backend_object_reference(
                "HTTPBackendRef",
                filters=_FILTERS,
                weight=Int(minimum=0, maximum=1000000, default=1),
            ),
            max_items=16,
        ),
        "filters": _FILTERS,
        "matches": Arr(
            _MATCH, max_items=64, default=[{"path": {"type": "PathPrefix", "value": "/"}}]
        ),
        "name": _SECTION_NAME,
        "timeouts": Obj(
            "HTTPRouteTimeouts",
            {
                "backendRequest": Str(pattern=r"^([0-9]{1,5}(h|m|s|ms)){1,4}$"),
                "request": Str(pattern=r"^([0-9]{1,5}(h|m|s|ms)){1,4}$"),
            },
            rules=(
                Cel(
                    "backendRequest timeout cannot be longer than request timeout",
                    lambda t: (
                        not (
                            has(t, "request")
                            and has(t, "backendRequest")
                            and _duration(t["request"]) != 0
                            and _duration(t["backendRequest"]) > _duration(t["request"])
                        )
                    ),
                ),
            ),
        ),
    },
    rules=(
        Cel(
            "RequestRedirect filter must not be used together with backendRefs",
            _redirect_without_backends,
        ),
        _replace_prefix_rule("requestRedirect", False),
        _replace_prefix_rule("urlRewrite", False),
        _replace_prefix_rule("requestRedirect", True),
        _replace_prefix_rule("urlRewrite", True),
    ),
)

_DURATION_PART = re.compile(r"([0-9]+)(h|ms|m|s)")
_DURATION_UNIT = {"h": 3_600_000, "m": 60_000, "s": 1_000, "ms": 1}


def _duration(text: str) -> int:
    """A Gateway API Duration (`1h30m`, `500ms`) in milliseconds, as CEL's duration() reads it."""
    return sum(int(n) * _DURATION_UNIT[u] for n, u in _DURATION_PART.findall(text))


def _total_matches(rules: Any) -> CelResult:
    # The sum of the first 16 rules' matches.size() must be at most 128.
    return sum(len(r.get("matches") or []) for r in rules[:16]) <= 128


HTTPROUTE_SPEC = Obj(
    "HTTPRouteSpec",
    {
        "hostnames": Arr(_HOSTNAME, max_items=16),
        "parentRefs": _PARENT_REFS,
        "rules": Arr(
            _RULE,
            min_items=1,
            max_items=16,
            default=[{"matches": [{"path": {"type": "PathPrefix", "value": "/"}}]}],
            rules=(
                Cel(
                    "While 16 rules and 64 matches per rule are allowed, the total number of "
                    "matches across all rules in a route must be less than 128",
                    _total_matches,
                ),
            ),
        ),
    },
)

# -- gateway_types.go -----------------------------------------------------------------------

_HTTP_TCP_UDP = ("HTTP", "TCP", "UDP")


def _same_hostname(l1: Any, l2: Any) -> bool:
    if has(l1, "hostname") and has(l2, "hostname"):
        return bool(l1["hostname"] == l2["hostname"])
    return not has(l1, "hostname") and not has(l2, "hostname")


_LISTENERS_RULES = (
    Cel(
        "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
        lambda ls: all(not has(lt, "tls") for lt in ls if lt.get("protocol") in _HTTP_TCP_UDP),
    ),
    Cel(
        "tls mode must be Terminate for protocol HTTPS",
        lambda ls: all(
            lt["tls"].get("mode") in ("", "Terminate")
            for lt in ls
            if lt.get("protocol") == "HTTPS" and has(lt, "tls")
        ),
    ),
    Cel(
        "tls mode must be set for protocol TLS",
        lambda ls: all(
            has(lt, "tls") and has(lt["tls"], "mode") and lt["tls"]["mode"] != ""
            for lt in ls
            if lt.get("protocol") == "TLS"
        ),
    ),
    Cel(
        "hostname must not be specified for protocols ['TCP', 'UDP']",
        lambda ls: all(not lt.get("hostname") for lt in ls if lt.get("protocol") in ("TCP", "UDP")),
    ),
    Cel(
        "Listener name must be unique within the Gateway",
        lambda ls: all(sum(1 for l2 in ls if l1.get("name") == l2.get("name")) == 1 for l1 in ls),
    ),
    Cel(
        "Combination of port, protocol and hostname must be unique for each listener",
        lambda ls: all(
            sum(
                1
                for l2 in ls
                if l1.get("port") == l2.get("port")
                and l1.get("protocol") == l2.get("protocol")
                and _same_hostname(l1, l2)
            )
            == 1
            for l1 in ls
        ),
    ),
)


def _certificates_or_options(tls: Any) -> CelResult:
    # self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true
    # CEL's || is true when either side is, whatever error the other raises; an absent field
    # is the error "no such key".
    if tls.get("mode") != "Terminate":
        return True
    sides: list[CelResult] = []
    for key in ("certificateRefs", "options"):
        sides.append(len(tls[key]) > 0 if has(tls, key) else f"no such key: {key}")
    if True in sides:
        return True
    errors = [s for s in sides if isinstance(s, str)]
    return errors[0] if errors else False


_SECRET_REF = Obj(
    "SecretObjectReference",
    {
        "group": _group(""),
        "kind": _kind("Secret"),
        "name": _OBJECT_NAME,
        "namespace": _NAMESPACE,
    },
    required=("name",),
)

_CA_REFS = Arr(
    Obj(
        "ObjectReference",
        {"group": _group(), "kind": _kind(), "name": _OBJECT_NAME, "namespace": _NAMESPACE},
        required=("group", "kind", "name"),
    ),
    min_items=1,
    max_items=16,
)

_FRONTEND_VALIDATION = Obj(
    "FrontendTLSValidation",
    {
        "caCertificateRefs": _CA_REFS,
        "mode": Str(enum=("AllowValidOnly", "AllowInsecureFallback"), default="AllowValidOnly"),
    },
    required=("caCertificateRefs",),
)

_ROUTE_NAMESPACES = Obj(
    "RouteNamespaces",
    {"from": Str(enum=("All", "Selector", "Same"), default="Same"), "selector": _LABEL_SELECTOR},
    default={"from": "Same"},
)

_LISTENER = Obj(
    "Listener",
    {
        "allowedRoutes": Obj(
            "AllowedRoutes",
            {
                "kinds": Arr(
                    Obj(
                        "RouteGroupKind",
                        {"group": _group(GROUP), "kind": _kind()},
                        required=("kind",),
                    ),
                    max_items=8,
                ),
                "namespaces": _ROUTE_NAMESPACES,
            },
            default={"namespaces": {"from": "Same"}},
        ),
        "hostname": _HOSTNAME,
        "name": _SECTION_NAME,
        "port": _PORT,
        "protocol": Str(
            pattern=r"^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?"
            r"(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$",
            min_length=1,
            max_length=255,
        ),
        "tls": Obj(
            "ListenerTLSConfig",
            {
                "certificateRefs": Arr(_SECRET_REF, max_items=64),
                "mode": Str(enum=("Terminate", "Passthrough"), default="Terminate"),
                "options": StrMap(Str(min_length=0, max_length=4096), max_properties=16),
            },
            rules=(
                Cel(
                    "certificateRefs or options must be specified when mode is Terminate",
                    _certificates_or_options,
                ),
            ),
        ),
    },
    required=("name", "port", "protocol"),
)

_KEY = re.compile(
    r"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
    r"([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]"
)


def _key_rules(what: str) -> tuple[Cel, Cel]:
    return (
        Cel(
            f"{what} keys must be in the form of an optional DNS subdomain prefix followed by a "
            "required name segment of up to 63 characters.",
            lambda m: all(_KEY.fullmatch(k) is not None for k in m),
        ),
        Cel(
            f"If specified, the {what.lower()} key's prefix must be a DNS subdomain not longer "
            "than 253 characters in total.",
            lambda m: all(len(k.split("/")[0]) < 253 for k in m),
        ),
    )


_ADDRESS_HOSTNAME = re.compile(rf"(\*\.)?{_DNS_LABELS}")


def _unique_address(kind: str) -> Cel:
    def check(addresses: Any) -> CelResult:
        for a1 in addresses:
            if a1.get("type") == kind and has(a1, "value"):
                same = sum(
                    1
                    for a2 in addresses
                    if a2.get("type") == kind and has(a2, "value") and a2["value"] == a1["value"]
                )
                if same != 1:
                    return False
        return True

    return Cel(f"{kind} values must be unique", check)


def _address_is_ip(address: Any, path: str) -> Iterator[FieldError]:
    """The CRD's `oneOf` on GatewaySpecAddress: an `IPAddress` value must be of format ipv4 or
    ipv6 (kube-openapi's strfmt: an IP that Go's net.ParseIP reads, with a `.` for ipv4, a
    `:` for ipv6). Reported as the first alternative's format error, as the gateway-api CEL
    tests expect (tests/cel/gateway_test.go); the other alternatives' messages are left out."""
    value = address.get("value")
    if address.get("type") != "IPAddress" or not isinstance(value, str):
        return
    try:
        ipaddress.ip_address(value)
    except ValueError:
        yield format_error(f"{path}.value", value, "ipv4")


def _tls_per_port_unique(items: Any) -> CelResult:
    return all(sum(1 for t2 in items if t1.get("port") == t2.get("port")) == 1 for t1 in items)


GATEWAY_SPEC = Obj(
    "GatewaySpec",
    {
        "addresses": Arr(
            Obj(
                "GatewaySpecAddress",
                {
                    "type": Str(
                        pattern=r"^Hostname|IPAddress|NamedAddress|[a-z0-9]([-a-z0-9]*[a-z0-9])?"
                        r"(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$",
                        min_length=1,
                        max_length=253,
                        default="IPAddress",
                    ),
                    "value": Str(max_length=253),
                },
                checks=(_address_is_ip,),
                rules=(
                    Cel(
                        "Hostname value must be empty or contain only valid characters (matching "
                        r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)",
                        lambda a: (
                            a.get("type") != "Hostname"
                            or not has(a, "value")
                            or _ADDRESS_HOSTNAME.fullmatch(a["value"]) is not None
                        ),
                    ),
                ),
            ),
            max_items=16,
            rules=(_unique_address("IPAddress"), _unique_address("Hostname")),
        ),
        "allowedListeners": Obj(
            "AllowedListeners",
            {
                "namespaces": Obj(
                    "ListenerNamespaces",
                    {
                        "from": Str(enum=("All", "Selector", "Same", "None"), default="None"),
                        "selector": _LABEL_SELECTOR,
                    },
                    default={"from": "None"},
                )
            },
        ),
        "gatewayClassName": Str(min_length=1, max_length=253),
        "infrastructure": Obj(
            "GatewayInfrastructure",
            {
                "annotations": StrMap(
                    Str(min_length=0, max_length=4096),
                    max_properties=16,
                    rules=_key_rules("Annotation"),
                ),
                "labels": StrMap(
                    Str(
                        pattern=r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$",
                        min_length=0,
                        max_length=63,
                    ),
                    max_properties=8,
                    rules=_key_rules("Label"),
                ),
                "parametersRef": Obj(
                    "LocalParametersReference",
                    {"group": _group(), "kind": _kind(), "name": _OBJECT_NAME},
                    required=("group", "kind", "name"),
                ),
            },
        ),
        "listeners": Arr(
            _LISTENER,
            min_items=1,
            max_items=64,
            list_type="map",
            map_keys=("name",),
            rules=_LISTENERS_RULES,
        ),
        "tls": Obj(
            "GatewayTLSConfig",
            {
                "backend": Obj("GatewayBackendTLS", {"clientCertificateRef": _SECRET_REF}),
                "frontend": Obj(
                    "FrontendTLSConfig",
                    {
                        "default": Obj("TLSConfig", {"validation": _FRONTEND_VALIDATION}),
                        "perPort": Arr(
                            Obj(
                                "TLSPortConfig",
                                {
                                    "port": _PORT,
                                    "tls": Obj("TLSConfig", {"validation": _FRONTEND_VALIDATION}),
                                },
                                required=("port", "tls"),
                            ),
                            max_items=64,
                            list_type="map",
                            map_keys=("port",),
                            rules=(
                                Cel(
                                    "Port for TLS configuration must be unique within the Gateway",
                                    _tls_per_port_unique,
                                ),
                            ),
                        ),
                    },
                    required=("default",),
                ),
            },
        ),
    },
    required=("gatewayClassName", "listeners"),
)

# -- gatewayclass_types.go, referencegrant_types.go -----------------------------------------

GATEWAY_CLASS_SPEC = Obj(
    "GatewayClassSpec",
    {
        "controllerName": Str(
            pattern=rf"^{_DNS_LABELS}\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$",
            min_length=1,
            max_length=253,
        ),
        "description": Str(max_length=64),
        "parametersRef": Obj(
            "ParametersReference",
            {"group": _group(), "kind": _kind(), "name": _OBJECT_NAME, "namespace": _NAMESPACE},
            required=("group", "kind", "name"),
        ),
    },
    required=("controllerName",),
)

REFERENCE_GRANT_SPEC = Obj(
    "ReferenceGrantSpec",
    {
        "from": Arr(
            Obj(
                "ReferenceGrantFrom",
                {"group": _group(), "kind": _kind(), "namespace": _NAMESPACE},
                required=("group", "kind", "namespace"),
            ),
            min_items=1,
            max_items=16,
        ),
        "to": Arr(
            Obj(
                "ReferenceGrantTo",
                {"group": _group(), "kind": _kind(), "name": _OBJECT_NAME},
                required=("group", "kind"),
            ),
            min_items=1,
            max_items=16,
        ),
    },
    required=("from", "to"),
)

_GATEWAY_CLASS = CustomKind("GatewayClass", GATEWAY_CLASS_SPEC, False, f"gatewayclasses.{GROUP}")
_GATEWAY = CustomKind("Gateway", GATEWAY_SPEC, True, f"gateways.{GROUP}")
_HTTPROUTE = CustomKind("HTTPRoute", HTTPROUTE_SPEC, True, f"httproutes.{GROUP}")
_REFERENCE_GRANT = CustomKind(
    "ReferenceGrant", REFERENCE_GRANT_SPEC, True, f"referencegrants.{GROUP}"
)

KINDS: Mapping[tuple[str, str], CustomKind] = MappingProxyType(
    {
        **{
            (f"{GROUP}/{version}", kind.kind): kind
            for version in ("v1", "v1beta1")
            for kind in (_GATEWAY_CLASS, _GATEWAY, _HTTPROUTE, _REFERENCE_GRANT)
        },
    }
)
"""(apiVersion, kind) -> the kind as its standard-channel CRD serves it."""

LIST_KINDS: frozenset[str] = frozenset(f"{kind}List" for _, kind in KINDS)
"""The typed lists of these kinds (`HTTPRouteList`, ...), as `kubectl get -o yaml` prints them."""

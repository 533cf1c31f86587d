"""The API server's defaulting and create-time validation for the objects Ingress Lab loads.

A port of the hand-written Go validation, keeping upstream's field paths, error types and detail
strings, and reporting every finding of an object at once as the API server does. Sources:

* Kubernetes v1.36 (`k8s.io/apimachinery` tag v0.36.3): `pkg/util/validation` (DNS names, port
  names and numbers, IPs, CIDRs), `pkg/api/validate/content` (label keys and values; note that
  these say "bytes" where the DNS checks still say "characters"), `pkg/api/validation` (object
  metadata), `pkg/apis/meta/v1/validation` (labels, label selectors), `pkg/util/validation/field`
  (rendering, see `_errors.FieldError`).
* kubernetes/kubernetes as stored by the code index (1.35/1.36-era main): networking
  validation at 019c5dc51786, core validation at 000f26050b9b, apps validation, discovery
  validation at 006614ef0bd7, core/v1 defaults at 023f88a32c95, networking/v1 defaults at
  030880a5dc54, the DefaultIngressClass admission plugin at 04791b490660 and the NodePort
  allocator's ErrNotInRange. Feature gates take their defaults of that era
  (RelaxedServiceNameValidation is alpha and off, so Ingress backends need DNS-1035 names).

Order inside one object follows upstream's order of checks. Go iterates maps in random order;
here labels, annotations and selectors are checked in sorted key order so output is stable.

Left out, because they need cluster state or concern fields this tool never reads: update
validation, owner references, managed fields, kube-specific finalizer names, volumes, probes,
resources, security contexts, affinity, IP-family allocation, and `ValidateNonSpecialIP`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any

from .errors import (
    DUPLICATE,
    FORBIDDEN,
    INVALID,
    REQUIRED,
    TOO_LONG,
    TOO_MANY,
    UNSUPPORTED,
    FieldError,
)

__all__ = [
    "DEFAULT_NODE_PORT_RANGE",
    "admission_forbidden_message",
    "admit_ingress",
    "default_object",
    "validate_custom_object_meta",
    "validate_deployment",
    "validate_endpoint_slice",
    "validate_ingress",
    "validate_ingress_class",
    "validate_namespace",
    "validate_node",
    "validate_object",
    "validate_pod",
    "validate_service",
]

Errors = list[FieldError]
NameFn = Callable[[str, bool], list[str]]

DEFAULT_NODE_PORT_RANGE = (30000, 32767)  # kube-apiserver --service-node-port-range default

# ----------------------------------------------------------------------------------------------
# field.Error constructors (k8s.io/apimachinery/pkg/util/validation/field/errors.go)


def _required(path: str, detail: str = "") -> FieldError:
    return FieldError(field=path, type=REQUIRED, detail=detail)


def _invalid(path: str, value: Any, detail: str) -> FieldError:
    return FieldError(field=path, type=INVALID, detail=detail, value=value)


def _forbidden(path: str, detail: str) -> FieldError:
    return FieldError(field=path, type=FORBIDDEN, detail=detail)


def _duplicate(path: str, value: Any) -> FieldError:
    return FieldError(field=path, type=DUPLICATE, value=value)


# NotSupported: "supported values: " followed by the %q-quoted values, in the order given.
def _not_supported(path: str, value: Any, valid: Sequence[str]) -> FieldError:
    detail = "supported values: " + ", ".join(_quote(v) for v in valid) if valid else ""
    return FieldError(field=path, type=UNSUPPORTED, detail=detail, value=value)


# TooLong: the value is never printed; maxLength is in bytes.
def _too_long(path: str, max_length: int) -> FieldError:
    unit = "byte" if max_length == 1 else "bytes"
    return FieldError(field=path, type=TOO_LONG, detail=f"may not be more than {max_length} {unit}")


# TooMany: prints the actual count as its value.
def _too_many(path: str, actual: int, maximum: int) -> FieldError:
    unit = "item" if maximum == 1 else "items"
    return FieldError(
        field=path, type=TOO_MANY, detail=f"must have at most {maximum} {unit}", value=actual
    )


def _quote(text: str) -> str:
    return str(FieldError(field="", type=INVALID, value=text))[len(": Invalid value: ") :]


# ----------------------------------------------------------------------------------------------
# Message builders and format checks (pkg/util/validation/validation.go, pkg/api/validate/content)


# MaxLenError (util/validation): counts characters in its wording, bytes in fact.
def _max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


# content.MaxLenError: the label-key/label-value flavour.
def _content_max_len_error(length: int) -> str:
    return f"must be no more than {length} bytes"


# RegexError
def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


# InclusiveRangeError
def _inclusive_range_error(lo: int, hi: int) -> str:
    return f"must be between {lo} and {hi}, inclusive"


def _blen(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


_DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_FMT = _DNS1123_LABEL_FMT + "(\\." + _DNS1123_LABEL_FMT + ")*"
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character"
)
_DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
_DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character"
)
_WILDCARD_FMT = "\\*\\." + _DNS1123_SUBDOMAIN_FMT
_WILDCARD_MSG = (
    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, "
    "which must consist of lower case alphanumeric characters, '-' or '.' and end with an "
    "alphanumeric character"
)
_LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_KEY_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character"
)
_LABEL_VALUE_FMT = "(" + _LABEL_KEY_FMT + ")?"
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character"
)
_HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"

# Go's regexp matches ASCII classes only; Python's re.ASCII keeps [a-z] and friends the same.
_DNS1123_LABEL_RE = re.compile(_DNS1123_LABEL_FMT, re.ASCII)
_DNS1123_SUBDOMAIN_RE = re.compile(_DNS1123_SUBDOMAIN_FMT, re.ASCII)
_DNS1035_LABEL_RE = re.compile(_DNS1035_LABEL_FMT, re.ASCII)
_WILDCARD_RE = re.compile(_WILDCARD_FMT, re.ASCII)
_LABEL_KEY_RE = re.compile(_LABEL_KEY_FMT, re.ASCII)
_LABEL_VALUE_RE = re.compile(_LABEL_VALUE_FMT, re.ASCII)
_HTTP_PATH_RE = re.compile(_HTTP_PATH_FMT, re.ASCII)
_PORT_NAME_CHARSET_RE = re.compile("[-a-z0-9]+", re.ASCII)
_PORT_NAME_LETTER_RE = re.compile("[a-z]", re.ASCII)


# IsDNS1123Label
def is_dns1123_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(_max_len_error(63))
    if not _DNS1123_LABEL_RE.fullmatch(value):
        if _DNS1123_SUBDOMAIN_RE.fullmatch(value):
            errs.append("must not contain dots")
        else:
            errs.append(_regex_error(_DNS1123_LABEL_MSG, _DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


# IsDNS1123Subdomain (util/validation flavour: "characters")
def is_dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if _blen(value) > 253:
        errs.append(_max_len_error(253))
    if not _DNS1123_SUBDOMAIN_RE.fullmatch(value):
        errs.append(_regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


# content.IsDNS1123Subdomain (used for label-key prefixes: "bytes")
def _content_is_dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if _blen(value) > 253:
        errs.append(_content_max_len_error(253))
    if not _DNS1123_SUBDOMAIN_RE.fullmatch(value):
        errs.append(_regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


# IsDNS1035Label
def is_dns1035_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(_max_len_error(63))
    if not _DNS1035_LABEL_RE.fullmatch(value):
        errs.append(_regex_error(_DNS1035_LABEL_MSG, _DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


# IsWildcardDNS1123Subdomain
def is_wildcard_dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if _blen(value) > 253:
        errs.append(_max_len_error(253))
    if not _WILDCARD_RE.fullmatch(value):
        errs.append(_regex_error(_WILDCARD_MSG, _WILDCARD_FMT, "*.example.com"))
    return errs


# IsValidPortNum
def is_valid_port_num(port: int) -> list[str]:
    return [] if 1 <= port <= 65535 else [_inclusive_range_error(1, 65535)]


# IsValidPortName
def is_valid_port_name(port: str) -> list[str]:
    errs = []
    if _blen(port) > 15:
        errs.append(_max_len_error(15))
    if not _PORT_NAME_CHARSET_RE.fullmatch(port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _PORT_NAME_LETTER_RE.search(port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


# content.IsLabelKey (a.k.a. IsQualifiedName)
def is_qualified_name(value: str) -> list[str]:
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + m for m in _content_is_dns1123_subdomain(prefix))
    else:
        return [
            "a valid label key "
            + _regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part must be non-empty")
    elif _blen(name) > 63:
        errs.append("name part " + _content_max_len_error(63))
    if not _LABEL_KEY_RE.fullmatch(name):
        errs.append(
            "name part "
            + _regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
        )
    return errs


# content.IsLabelValue (a.k.a. IsValidLabelValue)
def is_valid_label_value(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(_content_max_len_error(63))
    if not _LABEL_VALUE_RE.fullmatch(value):
        errs.append(
            _regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345")
        )
    return errs


# content.IsPathSegmentName
def _is_path_segment_name(name: str) -> list[str]:
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]


# IsDomainPrefixedPath
def _is_domain_prefixed_path(path: str, value: str) -> Errors:
    if not value:
        return [_required(path)]
    segments = value.split("/", 1)
    if len(segments) != 2 or not segments[0] or not segments[1]:
        return [_invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    host, rest = segments
    errs = [_invalid(path, host, m) for m in is_dns1123_subdomain(host)]
    if not _HTTP_PATH_RE.fullmatch(rest):
        errs.append(_invalid(path, rest, _regex_error("Invalid path", _HTTP_PATH_FMT)))
    return errs


# maskTrailingDash
def _mask_trailing_dash(name: str) -> str:
    if len(name) > 1 and name.endswith("-"):
        return name[:-2] + "a"
    return name


# NameIsDNSSubdomain
def name_is_dns_subdomain(name: str, prefix: bool = False) -> list[str]:
    return is_dns1123_subdomain(_mask_trailing_dash(name) if prefix else name)


# NameIsDNSLabel (also ValidateNamespaceName)
def name_is_dns_label(name: str, prefix: bool = False) -> list[str]:
    return is_dns1123_label(_mask_trailing_dash(name) if prefix else name)


# NameIsDNS1035Label (also ValidateServiceName)
def name_is_dns1035_label(name: str, prefix: bool = False) -> list[str]:
    return is_dns1035_label(_mask_trailing_dash(name) if prefix else name)


# ----------------------------------------------------------------------------------------------
# IP addresses and CIDRs (pkg/util/validation/ip.go, k8s.io/utils/net)


def _parse_ipv4_sloppy(value: str) -> ipaddress.IPv4Address | None:
    # ParseIPSloppy accepts leading zeros in IPv4 octets (read as decimal).
    parts = value.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    octets = [int(p) for p in parts]
    if any(o > 255 for o in octets):
        return None
    return ipaddress.IPv4Address(bytes(octets))


# netutils.ParseIPSloppy
def _parse_ip_sloppy(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if ":" not in value:
        return _parse_ipv4_sloppy(value)
    if "%" in value or not value.isascii():
        return None
    head, _, tail = value.rpartition(":")
    if "." in tail:
        v4 = _parse_ipv4_sloppy(tail)
        if v4 is None:
            return None
        value = f"{head}:{v4}"
    try:
        return ipaddress.IPv6Address(value)
    except ValueError:
        return None


def _go_ip_string(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)


def _is_strict_ip(value: str) -> bool:
    # netip.ParseAddr: no leading zeros in IPv4 octets.
    parts = value.rpartition(":")[2].split(".") if "." in value else []
    return not any(len(p) > 1 and p.startswith("0") for p in parts)


# IsValidIP (strict)
def _is_valid_ip(path: str, value: str) -> Errors:
    ip = _parse_ip_sloppy(value)
    if ip is None:
        return [
            _invalid(path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
        ]
    errs = []
    if not _is_strict_ip(value):
        errs.append(_invalid(path, value, "must not have leading 0s"))
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        errs.append(_invalid(path, value, "must not be an IPv4-mapped IPv6 address"))
    if errs:
        return errs
    canonical = _go_ip_string(ip)
    if value != canonical:
        errs.append(_invalid(path, value, f"must be in canonical form ({_quote(canonical)})"))
    return errs


# IsValidCIDR (strict)
def _is_valid_cidr(path: str, value: str) -> Errors:
    addr_text, slash, bits_text = value.partition("/")
    ip = _parse_ip_sloppy(addr_text) if slash else None
    max_bits = 32 if isinstance(ip, ipaddress.IPv4Address) else 128
    if ip is None or not (bits_text.isascii() and bits_text.isdigit()) or int(bits_text) > max_bits:
        return [
            _invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")
        ]
    bits = int(bits_text)
    if not _is_strict_ip(addr_text) or (len(bits_text) > 1 and bits_text.startswith("0")):
        return [_invalid(path, value, "must not have leading 0s in IP or prefix length")]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return [_invalid(path, value, "must not have an IPv4-mapped IPv6 address")]
    network = ipaddress.ip_network(f"{ip}/{bits}", strict=False)
    if network.network_address != ip:
        return [_invalid(path, value, "must not have bits set beyond the prefix length")]
    canonical = f"{_go_ip_string(network.network_address)}/{bits}"
    if value != canonical:
        return [_invalid(path, value, f"must be in canonical form ({_quote(canonical)})")]
    return []


# ----------------------------------------------------------------------------------------------
# Plain-data access


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _go_map(value: Any) -> Any:
    # encoding/json writes Go maps with sorted keys.
    if isinstance(value, Mapping):
        return {k: value[k] for k in sorted(value)}
    return value


def _labels_map(value: Any) -> dict[str, str]:
    return {str(k): _str(v) for k, v in _map(value).items()}


# ----------------------------------------------------------------------------------------------
# Object metadata (pkg/api/validation/objectmeta.go, pkg/apis/meta/v1/validation)

_TOTAL_ANNOTATION_SIZE_LIMIT = 256 * (1 << 10)
_IS_NEGATIVE_MSG = "must be greater than or equal to 0"


# ValidateLabelName
def _validate_label_name(name: str, path: str) -> Errors:
    return [_invalid(path, name, m) for m in is_qualified_name(name)]


# ValidateLabels
def _validate_labels(labels: Mapping[str, str], path: str) -> Errors:
    errs: Errors = []
    for key in sorted(labels):
        errs += _validate_label_name(key, path)
        errs += [_invalid(path, labels[key], m) for m in is_valid_label_value(labels[key])]
    return errs


# ValidateAnnotations
def _validate_annotations(annotations: Mapping[str, str], path: str) -> Errors:
    errs: Errors = []
    for key in sorted(annotations):
        errs += [_invalid(path, key, m) for m in is_qualified_name(key.lower())]
    total = sum(_blen(k) + _blen(v) for k, v in annotations.items())
    if total > _TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.append(_too_long(path, _TOTAL_ANNOTATION_SIZE_LIMIT))
    return errs


# ValidateNonnegativeField
def _validate_nonnegative(value: int, path: str) -> Errors:
    return [_invalid(path, value, _IS_NEGATIVE_MSG)] if value < 0 else []


# ValidateObjectMeta / ValidateObjectMetaAccessor (finalizers: ValidateFinalizerName only)
def _validate_object_meta(meta: Any, namespaced: bool, name_fn: NameFn) -> Errors:
    meta = _map(meta)
    path = "metadata"
    errs: Errors = []
    generate_name = _str(meta.get("generateName"))
    name = _str(meta.get("name"))
    if generate_name:
        errs += [
            _invalid(f"{path}.generateName", generate_name, m) for m in name_fn(generate_name, True)
        ]
    if not name:
        # The API server generates the name from generateName before validating; a valid
        # generateName stands for a valid generated name here.
        if not generate_name:
            errs.append(_required(f"{path}.name", "name or generateName is required"))
    else:
        errs += [_invalid(f"{path}.name", name, m) for m in name_fn(name, False)]
    namespace = _str(meta.get("namespace"))
    if namespaced:
        if namespace:
            errs += [
                _invalid(f"{path}.namespace", namespace, m) for m in name_is_dns_label(namespace)
            ]
    elif namespace:
        errs.append(_forbidden(f"{path}.namespace", "not allowed on this type"))
    if "generation" in meta:
        errs += _validate_nonnegative(_int(meta.get("generation")), f"{path}.generation")
    errs += _validate_labels(_labels_map(meta.get("labels")), f"{path}.labels")
    errs += _validate_annotations(_labels_map(meta.get("annotations")), f"{path}.annotations")
    for finalizer in _list(meta.get("finalizers")):
        errs += [
            _invalid(f"{path}.finalizers", finalizer, m) for m in is_qualified_name(_str(finalizer))
        ]
    return errs


_SELECTOR_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


# ValidateLabelSelectorRequirement
def _validate_selector_requirement(req: Mapping[str, Any], path: str) -> Errors:
    errs: Errors = []
    operator = _str(req.get("operator"))
    values = [_str(v) for v in _list(req.get("values"))]
    if operator in ("In", "NotIn"):
        if not values:
            errs.append(
                _required(f"{path}.values", "must be specified when `operator` is 'In' or 'NotIn'")
            )
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            errs.append(
                _forbidden(
                    f"{path}.values",
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                )
            )
    else:
        errs.append(_invalid(f"{path}.operator", operator, "not a valid selector operator"))
    errs += _validate_label_name(_str(req.get("key")), f"{path}.key")
    for i, value in enumerate(values):
        errs += [_invalid(f"{path}.values[{i}]", value, m) for m in is_valid_label_value(value)]
    return errs


# ValidateLabelSelector
def _validate_label_selector(selector: Mapping[str, Any], path: str) -> Errors:
    errs = _validate_labels(_labels_map(selector.get("matchLabels")), f"{path}.matchLabels")
    for i, req in enumerate(_list(selector.get("matchExpressions"))):
        errs += _validate_selector_requirement(_map(req), f"{path}.matchExpressions[{i}]")
    return errs


# metav1.LabelSelector as encoding/json writes it (omitempty fields, Go map key order).
def _selector_json(selector: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if selector.get("matchLabels"):
        out["matchLabels"] = _go_map(selector["matchLabels"])
    if selector.get("matchExpressions"):
        exprs = []
        for req in _list(selector["matchExpressions"]):
            req = _map(req)
            item: dict[str, Any] = {
                "key": _str(req.get("key")),
                "operator": _str(req.get("operator")),
            }
            if req.get("values"):
                item["values"] = list(req["values"])
            exprs.append(item)
        out["matchExpressions"] = exprs
    return out


# labels.Selector.Matches for a selector built by LabelSelectorAsSelector
def _selector_matches(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    for key, value in _map(selector.get("matchLabels")).items():
        if labels.get(key) != value:
            return False
    for req in _list(selector.get("matchExpressions")):
        req = _map(req)
        key, operator = _str(req.get("key")), _str(req.get("operator"))
        values = {_str(v) for v in _list(req.get("values"))}
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


# ----------------------------------------------------------------------------------------------
# Defaulting (pkg/apis/core/v1/defaults.go, networking/v1, apps/v1, discovery/v1, and the
# declarative `+default` tags), plus the Service strategy's clusterIP/clusterIPs normalisation.


def _plain_copy(value: Any) -> Any:
    # Plain dicts and lists only: decoded manifests carry source positions (subclasses with
    # extra attributes) that defaulting must neither copy nor keep; deepcopy of those was the
    # loader's largest cost.
    if isinstance(value, Mapping):
        return {k: _plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_copy(v) for v in value]
    return value


def default_object(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Return a deep copy of `obj` with the API server's defaults applied."""
    out: dict[str, Any] = _plain_copy(obj)
    kind = out.get("kind")
    group = _str(out.get("apiVersion")).rpartition("/")[0]
    spec = out.get("spec")
    if not isinstance(spec, dict):
        if kind in ("Service", "Pod", "Deployment", "ReplicaSet", "StatefulSet"):
            spec = {}
            out["spec"] = spec
        else:
            spec = None
    if kind == "Service" and group == "" and spec is not None:
        _default_service(spec)
    elif kind == "Pod" and group == "" and spec is not None:
        _default_pod_spec(spec)
        _default_pod(spec)
    elif (
        kind in ("Deployment", "ReplicaSet", "StatefulSet") and group == "apps" and spec is not None
    ):
        _default_workload(kind, spec)
    elif kind == "IngressClass" and group == "networking.k8s.io" and spec is not None:
        _default_ingress_class(spec)
    elif kind == "EndpointSlice" and group == "discovery.k8s.io":
        _default_endpoint_slice(out)
    elif kind == "Namespace" and group == "":
        _default_namespace(out)
    return out


# core/v1 SetDefaults_Namespace: every named Namespace carries its name as a label
def _default_namespace(obj: dict[str, Any]) -> None:
    meta = obj.get("metadata")
    if isinstance(meta, dict) and _str(meta.get("name")):
        labels = meta.get("labels")
        if not isinstance(labels, dict):
            labels = meta["labels"] = {}
        labels["kubernetes.io/metadata.name"] = meta["name"]


# SetDefaults_Service, and normalizeClusterIPs from the Service REST strategy
def _default_service(spec: dict[str, Any]) -> None:
    if not spec.get("sessionAffinity"):
        spec["sessionAffinity"] = "None"
    if spec["sessionAffinity"] == "None":
        spec.pop("sessionAffinityConfig", None)
    if spec["sessionAffinity"] == "ClientIP":
        config = spec.get("sessionAffinityConfig")
        client_ip = _map(_map(config).get("clientIP"))
        if client_ip.get("timeoutSeconds") is None:
            spec["sessionAffinityConfig"] = {"clientIP": {"timeoutSeconds": 10800}}
    if not spec.get("type"):
        spec["type"] = "ClusterIP"
    for port in _list(spec.get("ports")):
        if not isinstance(port, dict):
            continue
        if not port.get("protocol"):
            port["protocol"] = "TCP"
        if port.get("targetPort") in (None, 0, ""):
            port["targetPort"] = _int(port.get("port"))
    if _externally_accessible(spec) and not spec.get("externalTrafficPolicy"):
        spec["externalTrafficPolicy"] = "Cluster"
    if spec.get("internalTrafficPolicy") is None and spec["type"] in (
        "NodePort",
        "LoadBalancer",
        "ClusterIP",
    ):
        spec["internalTrafficPolicy"] = "Cluster"
    if spec["type"] == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is None:
        spec["allocateLoadBalancerNodePorts"] = True
    # normalizeClusterIPs (pkg/registry/core/service/storage): clusterIPs follows clusterIP.
    cluster_ip = _str(spec.get("clusterIP"))
    if cluster_ip and not _list(spec.get("clusterIPs")):
        spec["clusterIPs"] = [cluster_ip]


# apiservice.ExternallyAccessible
def _externally_accessible(spec: Mapping[str, Any]) -> bool:
    kind = spec.get("type")
    return kind in ("LoadBalancer", "NodePort") or (
        kind == "ClusterIP" and bool(_list(spec.get("externalIPs")))
    )


# SetDefaults_PodSpec and SetDefaults_Container (plus ContainerPort's declarative protocol)
def _default_pod_spec(spec: dict[str, Any]) -> None:
    if not spec.get("dnsPolicy"):
        spec["dnsPolicy"] = "ClusterFirst"
    if not spec.get("restartPolicy"):
        spec["restartPolicy"] = "Always"
    if spec.get("securityContext") is None:
        spec["securityContext"] = {}
    if spec.get("terminationGracePeriodSeconds") is None:
        spec["terminationGracePeriodSeconds"] = 30
    if not spec.get("schedulerName"):
        spec["schedulerName"] = "default-scheduler"
    for key in ("containers", "initContainers"):
        for container in _list(spec.get(key)):
            if isinstance(container, dict):
                _default_container(container)


def _default_container(container: dict[str, Any]) -> None:
    if not container.get("imagePullPolicy"):
        tag = _image_tag(_str(container.get("image")))
        container["imagePullPolicy"] = "Always" if tag == "latest" else "IfNotPresent"
    if not container.get("terminationMessagePath"):
        container["terminationMessagePath"] = "/dev/termination-log"
    if not container.get("terminationMessagePolicy"):
        container["terminationMessagePolicy"] = "File"
    for port in _list(container.get("ports")):
        if isinstance(port, dict) and not port.get("protocol"):
            port["protocol"] = "TCP"


# parsers.ParseImageName: the tag, "latest" when neither tag nor digest is given.
def _image_tag(image: str) -> str:
    if "@" in image:
        return ""
    last = image.rpartition("/")[2]
    if ":" in last:
        return last.rpartition(":")[2]
    return "latest"


# SetDefaults_Pod (the parts that matter here: hostNetwork ports, enableServiceLinks)
def _default_pod(spec: dict[str, Any]) -> None:
    if spec.get("enableServiceLinks") is None:
        spec["enableServiceLinks"] = True
    if spec.get("hostNetwork") is True:
        for key in ("containers", "initContainers"):
            for container in _list(spec.get(key)):
                for port in _list(_map(container).get("ports")):
                    if isinstance(port, dict) and not port.get("hostPort"):
                        port["hostPort"] = _int(port.get("containerPort"))


# apps/v1 SetDefaults_Deployment / ReplicaSet / StatefulSet
def _default_workload(kind: str, spec: dict[str, Any]) -> None:
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    template = spec.get("template")
    if isinstance(template, dict):
        template_spec = template.setdefault("spec", {})
        if isinstance(template_spec, dict):
            _default_pod_spec(template_spec)
    if kind == "Deployment":
        strategy = spec.setdefault("strategy", {})
        if isinstance(strategy, dict):
            if not strategy.get("type"):
                strategy["type"] = "RollingUpdate"
            if strategy["type"] == "RollingUpdate":
                rolling = strategy.setdefault("rollingUpdate", {})
                if isinstance(rolling, dict):
                    rolling.setdefault("maxUnavailable", "25%")
                    rolling.setdefault("maxSurge", "25%")
        if spec.get("revisionHistoryLimit") is None:
            spec["revisionHistoryLimit"] = 10
        if spec.get("progressDeadlineSeconds") is None:
            spec["progressDeadlineSeconds"] = 600
    elif kind == "StatefulSet":
        if not spec.get("podManagementPolicy"):
            spec["podManagementPolicy"] = "OrderedReady"
        if spec.get("revisionHistoryLimit") is None:
            spec["revisionHistoryLimit"] = 10


# networking/v1 SetDefaults_IngressClass
def _default_ingress_class(spec: dict[str, Any]) -> None:
    parameters = spec.get("parameters")
    if isinstance(parameters, dict) and parameters.get("scope") is None:
        parameters["scope"] = "Cluster"


# discovery/v1 SetDefaults_EndpointPort
def _default_endpoint_slice(obj: dict[str, Any]) -> None:
    for port in _list(obj.get("ports")):
        if isinstance(port, dict):
            if port.get("name") is None:
                port["name"] = ""
            if port.get("protocol") is None:
                port["protocol"] = "TCP"


# ----------------------------------------------------------------------------------------------
# Dispatch


def validate_object(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate an already-defaulted object as the API server does on create.

    Unknown kinds yield no findings.
    """
    kind = obj.get("kind")
    api_version = _str(obj.get("apiVersion"))
    validator = _VALIDATORS.get((api_version.rpartition("/")[0], _str(kind)))
    return validator(obj) if validator is not None else []


# ----------------------------------------------------------------------------------------------
# Ingress (pkg/apis/networking/validation/validation.go)

_ANNOTATION_INGRESS_CLASS = "kubernetes.io/ingress.class"
_ANNOTATION_DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class"
_SUPPORTED_PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
_INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
_INVALID_PATH_SUFFIXES = ("/..", "/.")


# ValidateIngressCreate
def validate_ingress(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate an Ingress (networking.k8s.io/v1) on create."""
    errs = _validate_object_meta(obj.get("metadata"), True, name_is_dns_subdomain)
    spec = _map(obj.get("spec"))
    errs += _validate_ingress_spec(spec, "spec")
    annotations = _map(_map(obj.get("metadata")).get("annotations"))
    class_name = spec.get("ingressClassName")
    if _ANNOTATION_INGRESS_CLASS in annotations and class_name is not None:
        annotation = _str(annotations[_ANNOTATION_INGRESS_CLASS])
        if annotation != class_name:
            errs.append(
                _invalid(
                    f"annotations.{_ANNOTATION_INGRESS_CLASS}",
                    annotation,
                    "must match `ingressClassName` when both are specified",
                )
            )
    return errs


# ValidateIngressSpec
def _validate_ingress_spec(spec: Mapping[str, Any], path: str) -> Errors:
    errs: Errors = []
    rules = _list(spec.get("rules"))
    default_backend = spec.get("defaultBackend")
    if not rules and default_backend is None:
        errs.append(
            _invalid(
                path, spec.get("rules"), "either `defaultBackend` or `rules` must be specified"
            )
        )
    if default_backend is not None:
        errs += _validate_ingress_backend(_map(default_backend), f"{path}.defaultBackend")
    if rules:
        errs += _validate_ingress_rules(rules, f"{path}.rules")
    if _list(spec.get("tls")):
        errs += _validate_ingress_tls(_list(spec.get("tls")), f"{path}.tls")
    class_name = spec.get("ingressClassName")
    if class_name is not None:
        errs += [
            _invalid(f"{path}.ingressClassName", class_name, m)
            for m in name_is_dns_subdomain(_str(class_name))
        ]
    return errs


# validateIngressTLS
def _validate_ingress_tls(tls_list: list[Any], path: str) -> Errors:
    errs: Errors = []
    for t, tls in enumerate(tls_list):
        tls = _map(tls)
        for i, host in enumerate(_list(tls.get("hosts"))):
            host = _str(host)
            check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
            errs += [_invalid(f"{path}[{t}].hosts[{i}]", host, m) for m in check(host)]
        secret_name = _str(tls.get("secretName"))
        if secret_name:
            errs += [
                _invalid(f"{path}[{t}].secretName", secret_name, m)
                for m in name_is_dns_subdomain(secret_name)
            ]
    return errs


# validateIngressRules (with AllowInvalidWildcardHostRule false, as on create)
def _validate_ingress_rules(rules: list[Any], path: str) -> Errors:
    errs: Errors = []
    for i, rule in enumerate(rules):
        rule = _map(rule)
        host = _str(rule.get("host"))
        if host:
            if _parse_ip_sloppy(host) is not None:
                errs.append(
                    _invalid(f"{path}[{i}].host", host, "must be a DNS name, not an IP address")
                )
            check = is_wildcard_dns1123_subdomain if "*" in host else is_dns1123_subdomain
            errs += [_invalid(f"{path}[{i}].host", host, m) for m in check(host)]
        http = rule.get("http")
        if http is not None:
            errs += _validate_http_ingress_rule_value(_map(http), f"{path}[{i}].http")
    return errs


# validateHTTPIngressRuleValue
def _validate_http_ingress_rule_value(http: Mapping[str, Any], path: str) -> Errors:
    paths = _list(http.get("paths"))
    errs: Errors = [] if paths else [_required(f"{path}.paths")]
    for i, item in enumerate(paths):
        errs += _validate_http_ingress_path(_map(item), f"{path}.paths[{i}]")
    return errs


# validateHTTPIngressPath
def _validate_http_ingress_path(item: Mapping[str, Any], path: str) -> Errors:
    path_type = item.get("pathType")
    if path_type is None:
        return [_required(f"{path}.pathType", "pathType must be specified")]
    errs: Errors = []
    value = _str(item.get("path"))
    if path_type in ("Exact", "Prefix"):
        if not value.startswith("/"):
            errs.append(_invalid(f"{path}.path", value, "must be an absolute path"))
        if value:
            errs += [
                _invalid(f"{path}.path", value, f"must not contain '{seq}'")
                for seq in _INVALID_PATH_SEQUENCES
                if seq in value
            ]
            errs += [
                _invalid(f"{path}.path", value, f"cannot end with '{suffix}'")
                for suffix in _INVALID_PATH_SUFFIXES
                if value.endswith(suffix)
            ]
    elif path_type == "ImplementationSpecific":
        if value and not value.startswith("/"):
            errs.append(_invalid(f"{path}.path", value, "must be an absolute path"))
    else:
        errs.append(_not_supported(f"{path}.pathType", path_type, _SUPPORTED_PATH_TYPES))
    errs += _validate_ingress_backend(_map(item.get("backend")), f"{path}.backend")
    return errs


# validateIngressBackend (RelaxedServiceNameValidation off: service names are DNS-1035 labels)
def _validate_ingress_backend(backend: Mapping[str, Any], path: str) -> Errors:
    resource = backend.get("resource")
    service = backend.get("service")
    if resource is not None and service is not None:
        return [_invalid(path, "", "cannot set both resource and service backends")]
    if resource is not None:
        return _validate_typed_local_object_reference(_map(resource), f"{path}.resource")
    if service is None:
        return [_invalid(path, "", "resource or service backend is required")]
    service = _map(service)
    errs: Errors = []
    name = _str(service.get("name"))
    if not name:
        errs.append(_required(f"{path}.service.name"))
    else:
        errs += [_invalid(f"{path}.service.name", name, m) for m in name_is_dns1035_label(name)]
    port = _map(service.get("port"))
    port_name = _str(port.get("name"))
    port_number = _int(port.get("number"))
    if port_name and port_number:
        errs.append(_invalid(path, "", "cannot set both port name & port number"))
    elif port_name:
        errs += [
            _invalid(f"{path}.service.port.name", port_name, m)
            for m in is_valid_port_name(port_name)
        ]
    elif port_number:
        errs += [
            _invalid(f"{path}.service.port.number", port_number, m)
            for m in is_valid_port_num(port_number)
        ]
    else:
        errs.append(_required(path, "port name or number is required"))
    return errs


# validateIngressTypedLocalObjectReference
def _validate_typed_local_object_reference(ref: Mapping[str, Any], path: str) -> Errors:
    errs: Errors = []
    api_group = ref.get("apiGroup")
    if api_group is not None:
        errs += [
            _invalid(f"{path}.apiGroup", api_group, m)
            for m in is_dns1123_subdomain(_str(api_group))
        ]
    for key in ("kind", "name"):
        value = _str(ref.get(key))
        if not value:
            errs.append(_required(f"{path}.{key}"))
        else:
            errs += [_invalid(f"{path}.{key}", value, m) for m in _is_path_segment_name(value)]
    return errs


# ValidateIngressClass
def validate_ingress_class(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate an IngressClass (networking.k8s.io/v1) on create."""
    errs = _validate_object_meta(obj.get("metadata"), False, name_is_dns_subdomain)
    spec = _map(obj.get("spec"))
    controller = _str(spec.get("controller"))
    if not controller:
        errs.append(_required("spec.controller"))
    else:
        if _blen(controller) > 250:
            errs.append(_too_long("spec.controller", 250))
        errs += _is_domain_prefixed_path("spec.controller", controller)
    parameters = spec.get("parameters")
    if parameters is not None:
        errs += _validate_ingress_class_parameters(_map(parameters), "spec.parameters")
    return errs


# validateIngressClassParametersReference
def _validate_ingress_class_parameters(params: Mapping[str, Any], path: str) -> Errors:
    errs: Errors = []
    api_group = params.get("apiGroup")
    if api_group is not None:
        errs += [
            _invalid(f"{path}.apiGroup", api_group, m)
            for m in is_dns1123_subdomain(_str(api_group))
        ]
    for key in ("kind", "name"):
        value = _str(params.get(key))
        if not value:
            errs.append(_required(f"{path}.{key}"))
        else:
            errs += [_invalid(f"{path}.{key}", value, m) for m in _is_path_segment_name(value)]
    scope = params.get("scope")
    if scope is None:
        errs.append(_required(f"{path}.scope"))
        return errs
    namespace = params.get("namespace")
    if scope not in ("Cluster", "Namespace"):
        errs.append(_not_supported(f"{path}.scope", scope, ("Cluster", "Namespace")))
    elif scope == "Namespace":
        if namespace is None:
            errs.append(_required(f"{path}.namespace", "`parameters.scope` is set to 'Namespace'"))
        else:
            errs += [
                _invalid(f"{path}.namespace", namespace, m)
                for m in name_is_dns_label(_str(namespace))
            ]
    elif namespace is not None:
        errs.append(_forbidden(f"{path}.namespace", "`parameters.scope` is set to 'Cluster'"))
    return errs


# ----------------------------------------------------------------------------------------------
# DefaultIngressClass admission (plugin/pkg/admission/network/defaultingressclass/admission.go)


# classDefaulterPlugin.Admit and getDefaultClass
def admit_ingress(
    obj: Mapping[str, Any], ingress_classes: Sequence[Mapping[str, Any]]
) -> list[FieldError]:
    """Run the DefaultIngressClass admission plugin on an Ingress being created.

    When the Ingress names no class (neither `spec.ingressClassName` nor the
    `kubernetes.io/ingress.class` annotation) and exactly one IngressClass carries
    `ingressclass.kubernetes.io/is-default-class: "true"`, its name is written into
    `spec.ingressClassName` of `obj` (which must then be a mutable dict). When several do, the
    request is rejected: the one finding returned sits on `spec.ingressClassName` and carries the
    plugin's text; `admission_forbidden_message` renders the API server's full response.
    """
    spec = _map(obj.get("spec"))
    if spec.get("ingressClassName") is not None:
        return []
    if _ANNOTATION_INGRESS_CLASS in _map(_map(obj.get("metadata")).get("annotations")):
        return []
    defaults = [
        c
        for c in ingress_classes
        if _map(_map(c.get("metadata")).get("annotations")).get(_ANNOTATION_DEFAULT_INGRESS_CLASS)
        == "true"
    ]
    if not defaults:
        return []
    if len(defaults) > 1:
        detail = (
            f"Internal error occurred: {len(defaults)} default IngressClasses were found, "
            "only 1 allowed"
        )
        return [_forbidden("spec.ingressClassName", detail)]
    name = _str(_map(defaults[0].get("metadata")).get("name"))
    if isinstance(obj, MutableMapping):
        target = obj.get("spec")
        if not isinstance(target, MutableMapping):
            target = {}
            obj["spec"] = target
        target["ingressClassName"] = name
    return []


# admission.NewForbidden wrapping the plugin's errors.NewInternalError
def admission_forbidden_message(obj: Mapping[str, Any], error: FieldError) -> str:
    """Render an `admit_ingress` finding as the API server's 403 message."""
    name = _str(_map(obj.get("metadata")).get("name"))
    resource = "ingresses.networking.k8s.io"
    if name:
        return f"{resource} {_quote(name)} is forbidden: {error.detail}"
    return f"{resource} is forbidden: {error.detail}"


# ----------------------------------------------------------------------------------------------
# Service (pkg/apis/core/validation/validation.go: ValidateService and friends)

_SUPPORTED_PROTOCOLS = ("SCTP", "TCP", "UDP")
_SUPPORTED_SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
_SUPPORTED_SESSION_AFFINITY = ("ClientIP", "None")
_SUPPORTED_TRAFFIC_POLICIES = ("Cluster", "Local")
_SUPPORTED_IP_FAMILIES = ("IPv4", "IPv6")
_SUPPORTED_IP_FAMILY_POLICIES = ("PreferDualStack", "RequireDualStack", "SingleStack")
_ANNOTATION_TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints"
_ANNOTATION_TOPOLOGY_MODE = "service.kubernetes.io/topology-mode"
_ANNOTATION_LB_SOURCE_RANGES = "service.beta.kubernetes.io/load-balancer-source-ranges"


def validate_service(
    obj: Mapping[str, Any], node_port_range: tuple[int, int] = DEFAULT_NODE_PORT_RANGE
) -> list[FieldError]:
    """Validate a Service on create.

    The Service REST storage allocates node ports before it validates, and an allocation
    failure ends the request with that one error; this does the same for node ports outside
    `node_port_range` and then runs `ValidateService`.
    """
    spec = _map(obj.get("spec"))
    allocation = _allocate_node_ports(spec, node_port_range)
    if allocation:
        return allocation
    return _validate_service(obj, spec)


# Allocators.allocNodePorts / allocHealthCheckNodePort (first failure only), ErrNotInRange
def _allocate_node_ports(spec: Mapping[str, Any], node_port_range: tuple[int, int]) -> Errors:
    if spec.get("type") not in ("NodePort", "LoadBalancer"):
        return []
    lo, hi = node_port_range
    detail = f"provided port is not in the valid range. The range of valid ports is {lo}-{hi}"
    for i, port in enumerate(_list(spec.get("ports"))):
        node_port = _int(_map(port).get("nodePort"))
        if node_port and not lo <= node_port <= hi:
            return [_invalid(f"spec.ports[{i}].nodePort", node_port, detail)]
    health = _int(spec.get("healthCheckNodePort"))
    if health and _needs_health_check(spec) and not lo <= health <= hi:
        return [_invalid("spec.healthCheckNodePort", health, detail)]
    return []


def _is_headless(spec: Mapping[str, Any]) -> bool:
    cluster_ips = _list(spec.get("clusterIPs"))
    return len(cluster_ips) == 1 and cluster_ips[0] == "None"


# apiservice.NeedsHealthCheck
def _needs_health_check(spec: Mapping[str, Any]) -> bool:
    return spec.get("type") == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"


# ValidateService
def _validate_service(obj: Mapping[str, Any], spec: Mapping[str, Any]) -> Errors:
    errs = _validate_object_meta(obj.get("metadata"), True, name_is_dns1035_label)
    annotations = _map(_map(obj.get("metadata")).get("annotations"))
    if (
        _ANNOTATION_TOPOLOGY_MODE in annotations
        and _ANNOTATION_TOPOLOGY_HINTS in annotations
        and annotations[_ANNOTATION_TOPOLOGY_MODE] != annotations[_ANNOTATION_TOPOLOGY_HINTS]
    ):
        errs.append(
            _invalid(
                f"metadata.annotations[{_ANNOTATION_TOPOLOGY_MODE}]",
                annotations[_ANNOTATION_TOPOLOGY_MODE],
                f"must match annotations[{_ANNOTATION_TOPOLOGY_HINTS}] when both are specified",
            )
        )
    kind = _str(spec.get("type"))
    ports = [_map(p) for p in _list(spec.get("ports"))]
    headless = _is_headless(spec)
    if not ports and not headless and kind != "ExternalName":
        errs.append(_required("spec.ports"))
    if kind in ("LoadBalancer", "NodePort") and headless:
        errs.append(
            _invalid("spec.clusterIPs[0]", "None", f"may not be set to 'None' for {kind} services")
        )
    elif kind == "ExternalName":
        if _list(spec.get("clusterIPs")):
            errs.append(_forbidden("spec.clusterIPs", "may not be set for ExternalName services"))
        if _list(spec.get("ipFamilies")):
            errs.append(_forbidden("spec.ipFamilies", "may not be set for ExternalName services"))
        if spec.get("ipFamilyPolicy") is not None:
            errs.append(
                _forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services")
            )
        cname = _str(spec.get("externalName"))
        cname = cname[:-1] if cname.endswith(".") else cname
        if cname:
            errs += [_invalid("spec.externalName", cname, m) for m in is_dns1123_subdomain(cname)]
        else:
            errs.append(_required("spec.externalName"))
    names: set[str] = set()
    for i, port in enumerate(ports):
        errs += _validate_service_port(port, len(ports) > 1, names, f"spec.ports[{i}]")
    if spec.get("selector") is not None:
        errs += _validate_labels(_labels_map(spec.get("selector")), "spec.selector")
    affinity = _str(spec.get("sessionAffinity"))
    if not affinity:
        errs.append(_required("spec.sessionAffinity"))
    elif affinity not in _SUPPORTED_SESSION_AFFINITY:
        errs.append(_not_supported("spec.sessionAffinity", affinity, _SUPPORTED_SESSION_AFFINITY))
    if affinity == "None" and spec.get("sessionAffinityConfig") is not None:
        errs.append(
            _forbidden(
                "spec.sessionAffinityConfig", "must not be set when session affinity is None"
            )
        )
    errs += _validate_cluster_ips_related_fields(spec)
    for i, ip in enumerate(_list(spec.get("externalIPs"))):
        errs += _is_valid_ip(f"spec.externalIPs[{i}]", _str(ip))
    if not kind:
        errs.append(_required("spec.type"))
    elif kind not in _SUPPORTED_SERVICE_TYPES:
        errs.append(_not_supported("spec.type", kind, _SUPPORTED_SERVICE_TYPES))
    if kind == "ClusterIP":
        for i, port in enumerate(ports):
            if _int(port.get("nodePort")):
                errs.append(
                    _forbidden(
                        f"spec.ports[{i}].nodePort", "may not be used when `type` is 'ClusterIP'"
                    )
                )
    seen_node_ports: set[tuple[str, int]] = set()
    for i, port in enumerate(ports):
        node_port = _int(port.get("nodePort"))
        if not node_port:
            continue
        node_key = (_str(port.get("protocol")), node_port)
        if node_key in seen_node_ports:
            errs.append(_duplicate(f"spec.ports[{i}].nodePort", node_port))
        seen_node_ports.add(node_key)
    seen_ports: set[tuple[str, int]] = set()
    for i, port in enumerate(ports):
        key = (_str(port.get("protocol")), _int(port.get("port")))
        if key in seen_ports:
            # core.ServicePort{Protocol, Port} marshalled by encoding/json (internal type,
            # no JSON tags, so Go field names in declaration order).
            errs.append(
                _duplicate(
                    f"spec.ports[{i}]",
                    {
                        "Name": "",
                        "Protocol": key[0],
                        "AppProtocol": None,
                        "Port": key[1],
                        "TargetPort": 0,
                        "NodePort": 0,
                    },
                )
            )
        seen_ports.add(key)
    errs += _validate_source_ranges(spec, annotations, kind)
    if spec.get("allocateLoadBalancerNodePorts") is not None and kind != "LoadBalancer":
        errs.append(
            _forbidden(
                "spec.allocateLoadBalancerNodePorts",
                "may only be used when `type` is 'LoadBalancer'",
            )
        )
    if kind == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is None:
        errs.append(_required("allocateLoadBalancerNodePorts"))
    lb_class = spec.get("loadBalancerClass")
    if lb_class is not None:
        if kind == "LoadBalancer":
            errs += [
                _invalid("spec.loadBalancerClass", lb_class, m)
                for m in is_qualified_name(_str(lb_class))
            ]
        else:
            errs.append(
                _forbidden(
                    "spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"
                )
            )
    errs += _validate_external_traffic_policy(spec)
    errs += _validate_internal_traffic_policy(spec)
    distribution = spec.get("trafficDistribution")
    if distribution is not None and distribution != "PreferClose":
        errs.append(_not_supported("spec.trafficDistribution", distribution, ("PreferClose",)))
    return errs


# validateServicePort
def _validate_service_port(
    port: Mapping[str, Any], require_name: bool, names: set[str], path: str
) -> Errors:
    errs: Errors = []
    name = _str(port.get("name"))
    if require_name and not name:
        errs.append(_required(f"{path}.name"))
    elif name:
        errs += [_invalid(f"{path}.name", name, m) for m in is_dns1123_label(name)]
        if name in names:
            errs.append(_duplicate(f"{path}.name", name))
        else:
            names.add(name)
    number = _int(port.get("port"))
    errs += [_invalid(f"{path}.port", number, m) for m in is_valid_port_num(number)]
    protocol = _str(port.get("protocol"))
    if not protocol:
        errs.append(_required(f"{path}.protocol"))
    elif protocol not in _SUPPORTED_PROTOCOLS:
        errs.append(_not_supported(f"{path}.protocol", protocol, _SUPPORTED_PROTOCOLS))
    errs += _validate_port_num_or_name(port.get("targetPort"), f"{path}.targetPort")
    app_protocol = port.get("appProtocol")
    if app_protocol is not None:
        errs += [
            _invalid(f"{path}.appProtocol", app_protocol, m)
            for m in is_qualified_name(_str(app_protocol))
        ]
    return errs


# ValidatePortNumOrName
def _validate_port_num_or_name(value: Any, path: str) -> Errors:
    if isinstance(value, str):
        return [_invalid(path, value, m) for m in is_valid_port_name(value)]
    number = _int(value)
    return [_invalid(path, number, m) for m in is_valid_port_num(number)]


# ValidateServiceClusterIPsRelatedFields
def _validate_cluster_ips_related_fields(spec: Mapping[str, Any]) -> Errors:
    if spec.get("type") == "ExternalName":
        return []
    errs: Errors = []
    cluster_ip = _str(spec.get("clusterIP"))
    cluster_ips = [_str(ip) for ip in _list(spec.get("clusterIPs"))]
    families = [_str(f) for f in _list(spec.get("ipFamilies"))]
    if cluster_ip:
        if not cluster_ips:
            errs.append(_required("spec.clusterIPs"))
        elif cluster_ips[0] != cluster_ip:
            errs.append(
                _invalid("spec.clusterIPs", cluster_ips, "first value must match `clusterIP`")
            )
    elif cluster_ips:
        errs.append(
            _invalid(
                "spec.clusterIPs", cluster_ips, "must be empty when `clusterIP` is not specified"
            )
        )
    seen: set[str] = set()
    for i, family in enumerate(families):
        if family not in _SUPPORTED_IP_FAMILIES:
            errs.append(_not_supported(f"spec.ipFamilies[{i}]", family, _SUPPORTED_IP_FAMILIES))
        if family in seen:
            errs.append(_duplicate(f"spec.ipFamilies[{i}]", family))
        seen.add(family)
    policy = spec.get("ipFamilyPolicy")
    if policy is not None and policy not in _SUPPORTED_IP_FAMILY_POLICIES:
        errs.append(_not_supported("spec.ipFamilyPolicy", policy, _SUPPORTED_IP_FAMILY_POLICIES))
    has_invalid = False
    for i, ip in enumerate(cluster_ips):
        if i == 0 and ip == "None":
            if len(cluster_ips) > 1:
                has_invalid = True
                errs.append(
                    _invalid(
                        "spec.clusterIPs", cluster_ips, "'None' must be the first and only value"
                    )
                )
            continue
        ip_errs = _is_valid_ip(f"spec.clusterIPs[{i}]", ip)
        has_invalid = has_invalid or bool(ip_errs)
        errs += ip_errs
    if len(cluster_ips) > 2:
        errs.append(_invalid("spec.clusterIPs", cluster_ips, "may only hold up to 2 values"))
    if has_invalid:
        return errs
    parsed = [_parse_ip_sloppy(ip) for ip in cluster_ips]
    if len(cluster_ips) > 1:
        versions = {p.version for p in parsed if p is not None}
        if len(cluster_ips) != 2 or versions != {4, 6}:
            errs.append(
                _invalid(
                    "spec.clusterIPs",
                    cluster_ips,
                    "may specify no more than one IP for each IP family",
                )
            )
    if not _is_headless(spec) and cluster_ips and families:
        for i, parsed_ip in enumerate(parsed[: len(families)]):
            is_v6 = parsed_ip is not None and parsed_ip.version == 6
            if families[i] == "IPv4" and is_v6:
                errs.append(
                    _invalid(
                        f"spec.clusterIPs[{i}]",
                        cluster_ips[i],
                        f"expected an IPv4 value as indicated by `ipFamilies[{i}]`",
                    )
                )
            if families[i] == "IPv6" and not is_v6:
                errs.append(
                    _invalid(
                        f"spec.clusterIPs[{i}]",
                        cluster_ips[i],
                        f"expected an IPv6 value as indicated by `ipFamilies[{i}]`",
                    )
                )
    return errs


# The LoadBalancerSourceRanges part of ValidateService (note upstream's capitalised path)
def _validate_source_ranges(
    spec: Mapping[str, Any], annotations: Mapping[str, Any], kind: str
) -> Errors:
    errs: Errors = []
    ranges = _list(spec.get("loadBalancerSourceRanges"))
    only_lb = "may only be used when `type` is 'LoadBalancer'"
    if ranges:
        path = "spec.LoadBalancerSourceRanges"
        if kind != "LoadBalancer":
            errs.append(_forbidden(path, only_lb))
        for i, value in enumerate(ranges):
            errs += _is_valid_cidr(f"{path}[{i}]", _str(value).strip())
    elif _ANNOTATION_LB_SOURCE_RANGES in annotations:
        path = f"metadata.annotations[{_ANNOTATION_LB_SOURCE_RANGES}]"
        if kind != "LoadBalancer":
            errs.append(_forbidden(path, only_lb))
        value = _str(annotations[_ANNOTATION_LB_SOURCE_RANGES]).strip()
        if value:
            for cidr in value.split(","):
                errs += _is_valid_cidr(path, cidr.strip())
    return errs


# validateServiceExternalTrafficPolicy (healthCheckNodePort is allocated before validation)
def _validate_external_traffic_policy(spec: Mapping[str, Any]) -> Errors:
    errs: Errors = []
    policy = _str(spec.get("externalTrafficPolicy"))
    if not _externally_accessible(spec):
        if policy:
            errs.append(
                _invalid(
                    "spec.externalTrafficPolicy",
                    policy,
                    "may only be set for externally-accessible services",
                )
            )
    elif not policy:
        errs.append(_required("spec.externalTrafficPolicy"))
    elif policy not in _SUPPORTED_TRAFFIC_POLICIES:
        errs.append(
            _not_supported("spec.externalTrafficPolicy", policy, _SUPPORTED_TRAFFIC_POLICIES)
        )
    health = _int(spec.get("healthCheckNodePort"))
    if not _needs_health_check(spec):
        if health:
            errs.append(
                _invalid(
                    "spec.healthCheckNodePort",
                    health,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` "
                    "is 'Local'",
                )
            )
    elif health:
        errs += [_invalid("spec.healthCheckNodePort", health, m) for m in is_valid_port_num(health)]
    return errs


# validateServiceInternalTrafficFieldsValue
def _validate_internal_traffic_policy(spec: Mapping[str, Any]) -> Errors:
    policy = spec.get("internalTrafficPolicy")
    if policy is None:
        if spec.get("type") in ("NodePort", "LoadBalancer", "ClusterIP"):
            return [_required("spec.internalTrafficPolicy")]
        return []
    if policy not in _SUPPORTED_TRAFFIC_POLICIES:
        return [_not_supported("spec.internalTrafficPolicy", policy, _SUPPORTED_TRAFFIC_POLICIES)]
    return []


# ----------------------------------------------------------------------------------------------
# Pod and pod templates (the container parts of ValidatePodSpec)

_SUPPORTED_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
_SUPPORTED_TERMINATION_MESSAGE_POLICIES = ("File", "FallbackToLogsOnError")


# validatePodMetadataAndSpec (metadata, containers; see the module docstring for what is left out)
def validate_pod(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate a Pod on create (metadata and containers)."""
    errs = _validate_object_meta(obj.get("metadata"), True, name_is_dns_subdomain)
    spec = _map(obj.get("spec"))
    errs += _validate_pod_spec(spec, "spec")
    for key in ("containers", "initContainers"):
        for i, container in enumerate(_list(spec.get(key))):
            image = _str(_map(container).get("image"))
            if image != image.strip():
                errs.append(
                    _invalid(
                        f"spec.{key}[{i}].image",
                        image,
                        "must not have leading or trailing whitespace",
                    )
                )
    return errs


# ValidatePodSpec (containers only), validateContainers and validateInitContainers
def _validate_pod_spec(spec: Mapping[str, Any], path: str) -> Errors:
    errs: Errors = []
    containers = [_map(c) for c in _list(spec.get("containers"))]
    init_containers = [_map(c) for c in _list(spec.get("initContainers"))]
    names: set[str] = set()
    for i, container in enumerate(init_containers):
        errs += _validate_container_common(container, f"{path}.initContainers[{i}]")
    regular = {_str(c.get("name")) for c in containers}
    for i, container in enumerate(init_containers):
        name = _str(container.get("name"))
        if name in regular or name in names:
            errs.append(_duplicate(f"{path}.initContainers[{i}].name", name))
        elif name:
            names.add(name)
    if not containers:
        errs.append(_required(f"{path}.containers"))
    seen: set[str] = set()
    for i, container in enumerate(containers):
        errs += _validate_container_common(container, f"{path}.containers[{i}]")
        name = _str(container.get("name"))
        if name in seen:
            errs.append(_duplicate(f"{path}.containers[{i}].name", name))
        else:
            seen.add(name)
    return errs


# validateContainerCommon (name, image, terminationMessagePolicy, ports, imagePullPolicy)
def _validate_container_common(container: Mapping[str, Any], path: str) -> Errors:
    errs: Errors = []
    name = _str(container.get("name"))
    if not name:
        errs.append(_required(f"{path}.name"))
    else:
        errs += [_invalid(f"{path}.name", name, m) for m in is_dns1123_label(name)]
    if not _str(container.get("image")):
        errs.append(_required(f"{path}.image"))
    policy = _str(container.get("terminationMessagePolicy"))
    if not policy:
        errs.append(_required(f"{path}.terminationMessagePolicy"))
    elif policy not in _SUPPORTED_TERMINATION_MESSAGE_POLICIES:
        errs.append(
            _not_supported(
                f"{path}.terminationMessagePolicy", policy, _SUPPORTED_TERMINATION_MESSAGE_POLICIES
            )
        )
    errs += _validate_container_ports(_list(container.get("ports")), f"{path}.ports")
    pull = _str(container.get("imagePullPolicy"))
    if not pull:
        errs.append(_required(f"{path}.imagePullPolicy"))
    elif pull not in _SUPPORTED_PULL_POLICIES:
        errs.append(_not_supported(f"{path}.imagePullPolicy", pull, _SUPPORTED_PULL_POLICIES))
    return errs


# validateContainerPorts
def _validate_container_ports(ports: list[Any], path: str) -> Errors:
    errs: Errors = []
    names: set[str] = set()
    for i, port in enumerate(ports):
        port = _map(port)
        item = f"{path}[{i}]"
        name = _str(port.get("name"))
        if name:
            msgs = is_valid_port_name(name)
            if msgs:
                errs += [_invalid(f"{item}.name", name, m) for m in msgs]
            elif name in names:
                errs.append(_duplicate(f"{item}.name", name))
            else:
                names.add(name)
        container_port = _int(port.get("containerPort"))
        if not container_port:
            errs.append(_required(f"{item}.containerPort"))
        else:
            errs += [
                _invalid(f"{item}.containerPort", container_port, m)
                for m in is_valid_port_num(container_port)
            ]
        host_port = _int(port.get("hostPort"))
        if host_port:
            errs += [
                _invalid(f"{item}.hostPort", host_port, m) for m in is_valid_port_num(host_port)
            ]
        protocol = _str(port.get("protocol"))
        if not protocol:
            errs.append(_required(f"{item}.protocol"))
        elif protocol not in _SUPPORTED_PROTOCOLS:
            errs.append(_not_supported(f"{item}.protocol", protocol, _SUPPORTED_PROTOCOLS))
    return errs


# ValidatePodTemplateSpec (labels, annotations, containers)
def _validate_pod_template_spec(template: Mapping[str, Any], path: str) -> Errors:
    meta = _map(template.get("metadata"))
    errs = _validate_labels(_labels_map(meta.get("labels")), f"{path}.labels")
    errs += _validate_annotations(_labels_map(meta.get("annotations")), f"{path}.annotations")
    errs += _validate_pod_spec(_map(template.get("spec")), f"{path}.spec")
    return errs


# ----------------------------------------------------------------------------------------------
# Workloads (pkg/apis/apps/validation/validation.go)


# ValidateDeployment / ValidateReplicaSet / ValidateStatefulSet (selector, replicas, template)
def validate_deployment(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate a Deployment, ReplicaSet or StatefulSet (apps/v1) on create.

    Covers metadata, replicas, minReadySeconds, the selector and its agreement with the
    template's labels, the template's containers and restartPolicy, and for Deployments the
    progress deadline.
    """
    kind = _str(obj.get("kind")) or "Deployment"
    errs = _validate_object_meta(obj.get("metadata"), True, name_is_dns_subdomain)
    spec = _map(obj.get("spec"))
    errs += _validate_nonnegative(_int(spec.get("replicas")), "spec.replicas")
    if kind != "Deployment":
        errs += _validate_nonnegative(_int(spec.get("minReadySeconds")), "spec.minReadySeconds")
    selector = spec.get("selector")
    selector_ok = True
    if selector is None:
        errs.append(_required("spec.selector"))
    else:
        selector = _map(selector)
        selector_errs = _validate_label_selector(selector, "spec.selector")
        errs += selector_errs
        selector_ok = not selector_errs
        if not _map(selector.get("matchLabels")) and not _list(selector.get("matchExpressions")):
            noun = "statefulset" if kind == "StatefulSet" else "deployment"
            errs.append(
                _invalid(
                    "spec.selector",
                    _selector_json(selector),
                    f"empty selector is invalid for {noun}",
                )
            )
    template = _map(spec.get("template"))
    if not selector_ok:
        # LabelSelectorAsSelector fails on the same input ValidateLabelSelector rejects.
        detail = "" if kind == "StatefulSet" else "invalid label selector"
        errs.append(_invalid("spec.selector", _selector_json(_map(selector)), detail))
    else:
        errs += _validate_template_for_selector(selector, template, kind)
    if kind == "StatefulSet":
        policy = _str(_map(template.get("spec")).get("restartPolicy"))
        if policy != "Always":
            errs.append(_not_supported("spec.template.spec.restartPolicy", policy, ("Always",)))
    if kind == "Deployment":
        min_ready = _int(spec.get("minReadySeconds"))
        errs += _validate_nonnegative(min_ready, "spec.minReadySeconds")
        if spec.get("revisionHistoryLimit") is not None:
            errs += _validate_nonnegative(
                _int(spec.get("revisionHistoryLimit")), "spec.revisionHistoryLimit"
            )
        deadline = spec.get("progressDeadlineSeconds")
        if deadline is not None:
            errs += _validate_nonnegative(_int(deadline), "spec.progressDeadlineSeconds")
            if _int(deadline) <= min_ready:
                errs.append(
                    _invalid(
                        "spec.progressDeadlineSeconds",
                        _int(deadline),
                        "must be greater than minReadySeconds",
                    )
                )
    return errs


# ValidatePodTemplateSpecForReplicaSet / ValidatePodTemplateSpecForStatefulSet
def _validate_template_for_selector(
    selector: Any, template: Mapping[str, Any], kind: str
) -> Errors:
    errs: Errors = []
    labels = _labels_map(_map(template.get("metadata")).get("labels"))
    # A nil selector converts to labels.Nothing(), which is not empty and matches nothing.
    empty = selector is not None and not _selector_json(_map(selector))
    matches = selector is not None and _selector_matches(_map(selector), labels)
    if not empty and not matches:
        errs.append(
            _invalid(
                "spec.template.metadata.labels",
                _go_map(labels),
                "`selector` does not match template `labels`",
            )
        )
    errs += _validate_pod_template_spec(template, "spec.template")
    if kind != "StatefulSet":
        policy = _str(_map(template.get("spec")).get("restartPolicy"))
        if policy != "Always":
            errs.append(_not_supported("spec.template.spec.restartPolicy", policy, ("Always",)))
        if _map(template.get("spec")).get("activeDeadlineSeconds") is not None:
            errs.append(
                _forbidden(
                    "spec.template.spec.activeDeadlineSeconds",
                    f"activeDeadlineSeconds in {kind} is not Supported",
                )
            )
    return errs


# ----------------------------------------------------------------------------------------------
# Node (ValidateNode: metadata, taints, podCIDRs)

_TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


# ValidateNode
def validate_node(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate a Node on create (metadata, taints, podCIDRs)."""
    errs = _validate_object_meta(obj.get("metadata"), False, name_is_dns_subdomain)
    spec = _map(obj.get("spec"))
    errs += _validate_node_taints(_list(spec.get("taints")), "metadata.taints")
    cidrs = [_str(c) for c in _list(spec.get("podCIDRs"))]
    for i, cidr in enumerate(cidrs):
        errs += _is_valid_cidr(f"spec.podCIDRs[{i}]", cidr)
    return errs


# ValidateNamespace (on create: metadata, the name a DNS-1123 label; spec.finalizers left out)
def validate_namespace(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate a Namespace on create."""
    return _validate_object_meta(obj.get("metadata"), False, name_is_dns_label)


# The custom-resource strategy's ValidateObjectMetaAccessor with NameIsDNSSubdomain
# (apiextensions-apiserver pkg/registry/customresource/validator.go)
def validate_custom_object_meta(meta: Any, namespaced: bool) -> list[FieldError]:
    """The ObjectMeta checks of a custom resource: the name a DNS subdomain."""
    return _validate_object_meta(meta, namespaced, name_is_dns_subdomain)


# validateNodeTaints (upstream reports them under metadata.taints)
def _validate_node_taints(taints: list[Any], path: str) -> Errors:
    errs: Errors = []
    seen: set[tuple[str, str]] = set()
    for i, taint in enumerate(taints):
        taint = _map(taint)
        item = f"{path}[{i}]"
        key, value, effect = (_str(taint.get(k)) for k in ("key", "value", "effect"))
        errs += _validate_label_name(key, f"{item}.key")
        value_errs = is_valid_label_value(value)
        if value_errs:
            errs.append(_invalid(f"{item}.value", value, ";".join(value_errs)))
        if not effect:
            errs.append(_required(f"{item}.effect"))
        elif effect not in _TAINT_EFFECTS:
            errs.append(_not_supported(f"{item}.effect", effect, _TAINT_EFFECTS))
        if (key, effect) in seen:
            errs.append(
                FieldError(
                    field=item,
                    type=DUPLICATE,
                    detail="taints must be unique by key and effect pair",
                    value={"Key": key, "Value": value, "Effect": effect, "TimeAdded": None},
                )
            )
            continue
        seen.add((key, effect))
    return errs


# ----------------------------------------------------------------------------------------------
# EndpointSlice (pkg/apis/discovery/validation/validation.go)

_ADDRESS_TYPES = ("FQDN", "IPv4", "IPv6")


# ValidateEndpointSlice (create: IPv4, IPv6, FQDN)
def validate_endpoint_slice(obj: Mapping[str, Any]) -> list[FieldError]:
    """Validate an EndpointSlice (discovery.k8s.io/v1) on create."""
    errs = _validate_object_meta(obj.get("metadata"), True, name_is_dns_subdomain)
    address_type = _str(obj.get("addressType"))
    if not address_type:
        errs.append(_required("addressType"))
    elif address_type not in _ADDRESS_TYPES:
        errs.append(_not_supported("addressType", address_type, _ADDRESS_TYPES))
    errs += _validate_endpoints(_list(obj.get("endpoints")), address_type, "endpoints")
    errs += _validate_endpoint_ports(_list(obj.get("ports")), "ports")
    return errs


# validateEndpoints
def _validate_endpoints(endpoints: list[Any], address_type: str, path: str) -> Errors:
    if len(endpoints) > 1000:
        return [_too_many(path, len(endpoints), 1000)]
    errs: Errors = []
    for i, endpoint in enumerate(endpoints):
        endpoint = _map(endpoint)
        addresses_path = f"{path}[{i}].addresses"
        addresses = [_str(a) for a in _list(endpoint.get("addresses"))]
        if not addresses:
            errs.append(_required(addresses_path, "must contain at least 1 address"))
        elif len(addresses) > 100:
            errs.append(_too_many(addresses_path, len(addresses), 100))
        for j, address in enumerate(addresses):
            if address_type in ("IPv4", "IPv6"):
                errs += _is_valid_ip(f"{addresses_path}[{j}]", address)
            elif address_type == "FQDN":
                errs += _is_fully_qualified_domain_name(f"{addresses_path}[{j}]", address)
        hostname = endpoint.get("hostname")
        if hostname is not None:
            errs += [
                _invalid(f"{path}[{i}].hostname", hostname, m)
                for m in is_dns1123_label(_str(hostname))
            ]
    return errs


# IsFullyQualifiedDomainName
def _is_fully_qualified_domain_name(path: str, name: str) -> Errors:
    if not name:
        return [_required(path)]
    name = name[:-1] if name.endswith(".") else name
    msgs = is_dns1123_subdomain(name)
    if msgs:
        return [_invalid(path, name, ",".join(msgs))]
    labels = name.split(".")
    if len(labels) < 2:
        return [
            _invalid(path, name, "should be a domain with at least two segments separated by dots")
        ]
    for label in labels:
        msgs = is_dns1123_label(label)
        if msgs:
            return [_invalid(path, label, ",".join(msgs))]
    return []


# validatePorts
def _validate_endpoint_ports(ports: list[Any], path: str) -> Errors:
    if len(ports) > 100:
        return [_too_many(path, len(ports), 100)]
    errs: Errors = []
    names: set[str] = set()
    for i, port in enumerate(ports):
        port = _map(port)
        item = f"{path}[{i}]"
        name = _str(port.get("name"))
        if name:
            errs += [_invalid(f"{item}.name", name, m) for m in is_dns1123_label(name)]
        if name in names:
            errs.append(_duplicate(f"{item}.name", name))
        else:
            names.add(name)
        protocol = port.get("protocol")
        if protocol is None:
            errs.append(_required(f"{item}.protocol"))
        elif protocol not in _SUPPORTED_PROTOCOLS:
            errs.append(_not_supported(f"{item}.protocol", protocol, _SUPPORTED_PROTOCOLS))
        app_protocol = port.get("appProtocol")
        if app_protocol is not None:
            errs += [
                _invalid(f"{item}.appProtocol", app_protocol, m)
                for m in is_qualified_name(_str(app_protocol))
            ]
    return errs


_VALIDATORS: dict[tuple[str, str], Callable[[Mapping[str, Any]], list[FieldError]]] = {
    ("networking.k8s.io", "Ingress"): validate_ingress,
    ("networking.k8s.io", "IngressClass"): validate_ingress_class,
    ("", "Service"): validate_service,
    ("", "Pod"): validate_pod,
    ("", "Node"): validate_node,
    ("", "Namespace"): validate_namespace,
    ("apps", "Deployment"): validate_deployment,
    ("apps", "ReplicaSet"): validate_deployment,
    ("apps", "StatefulSet"): validate_deployment,
    ("discovery.k8s.io", "EndpointSlice"): validate_endpoint_slice,
}

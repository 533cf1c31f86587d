"""Checks across objects, which the API server does not make but users need.

Each finding is a warning with a check id and a remediation line, in the spirit of
kube-linter: the objects would all be accepted, yet traffic would not flow as written. The
default-IngressClass admission rule (an API-server admission plugin, so an error) runs here too,
since it needs every IngressClass of the input.

This module reads loaded objects only; it knows nothing about YAML or how problems print.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from .load import KubeObject, Problem
from .validation import admission_forbidden_message, admit_ingress
from .yaml import Pos

__all__ = ["CHECKS", "admit", "cross_check"]

#: Every warning id, with what it means and what to do about it.
CHECKS: Mapping[str, tuple[str, str]] = {
    "backend-service-missing": (
        "an Ingress backend names a Service that is not in the input",
        "add the Service, or fix the backend's service.name",
    ),
    "backend-port-missing": (
        "an Ingress backend names a port the Service does not have",
        "use one of the Service's port numbers or names in backend.service.port",
    ),
    "selector-no-pods": (
        "a Service selector matches no Pod or workload template in the input",
        "make spec.selector equal to the pod template's labels",
    ),
    "target-port-name-undeclared": (
        "a Service's named targetPort is declared by no container it selects",
        "name the container port (ports[].name) or use a number",
    ),
    "ingress-class-missing": (
        "spec.ingressClassName names an IngressClass that is not in the input",
        "create the IngressClass or fix the name; no controller will serve this Ingress",
    ),
    "multiple-default-ingress-classes": (
        "more than one IngressClass is marked default",
        'keep ingressclass.kubernetes.io/is-default-class: "true" on one IngressClass only',
    ),
    "duplicate-object": (
        "two objects have the same kind, namespace and name",
        "rename one: applying both keeps only the last",
    ),
    "duplicate-host-path": (
        "two Ingresses claim the same host and path",
        "keep one owner per host and path",
    ),
    "instance-target-clusterip": (
        "alb.ingress.kubernetes.io/target-type: instance needs a NodePort or LoadBalancer Service",
        "use target-type: ip, or make the Service type NodePort",
    ),
    "regex-path-not-regex": (
        "a path with regular-expression characters has pathType Prefix or Exact, which match "
        "it literally",
        "use pathType ImplementationSpecific (with nginx.ingress.kubernetes.io/use-regex) or a "
        "plain path",
    ),
}

_REGEX_CHARS = re.compile(r"[*()\[\]$^+?|{}\\]")
_DEFAULT_CLASS = "ingressclass.kubernetes.io/is-default-class"


def _warn(
    obj: KubeObject, field: str | None, check: str, message: str, pos: Pos | None = None
) -> Problem:
    where = pos or obj.pos
    return Problem(
        obj.file,
        where.line,
        where.column,
        obj.ref,
        field,
        "warning",
        "warning",
        check,
        message,
        CHECKS[check][1],
    )


def _field_pos(obj: KubeObject, *path: str | int) -> Pos:
    node: Any = obj.raw
    where = obj.pos
    for step in path:
        if isinstance(step, str) and isinstance(node, dict) and step in node:
            where = getattr(node, "key_pos", {}).get(step, where)
            node = node[step]
        elif isinstance(step, int) and isinstance(node, list) and step < len(node):
            positions = getattr(node, "item_pos", [])
            where = positions[step] if step < len(positions) else where
            node = node[step]
        else:
            break
    return where


def admit(objects: list[KubeObject]) -> list[Problem]:
    """The DefaultIngressClass admission plugin over every Ingress without a class.

    With several default IngressClasses, such an Ingress is refused (an error, and the object is
    removed from `objects`); with one, its name is written into the Ingress, as the plugin does.
    """
    classes = [o.data for o in objects if o.kind == "IngressClass"]
    problems: list[Problem] = []
    kept: list[KubeObject] = []
    for obj in objects:
        errors = admit_ingress(obj.data, classes) if obj.kind == "Ingress" else []
        for error in errors:
            where = _field_pos(obj, "spec")
            problems.append(
                Problem(
                    obj.file,
                    where.line,
                    where.column,
                    obj.ref,
                    error.field,
                    error.type,
                    "error",
                    "default-ingress-class-admission",
                    admission_forbidden_message(obj.data, error),
                )
            )
        if not errors:
            kept.append(obj)
    objects[:] = kept
    return problems


def cross_check(objects: Iterable[KubeObject]) -> list[Problem]:
    """Warnings about how the objects fit together."""
    objects = list(objects)
    by_kind: dict[str, list[KubeObject]] = defaultdict(list)
    for obj in objects:
        by_kind[obj.kind].append(obj)
    problems = _duplicates(objects)
    problems += _classes(by_kind)
    problems += _backends(by_kind)
    problems += _selectors(by_kind)
    problems += _host_paths(by_kind["Ingress"])
    return problems


def _duplicates(objects: list[KubeObject]) -> list[Problem]:
    seen: dict[tuple[str, str, str | None, str], KubeObject] = {}
    problems = []
    for obj in objects:
        key = (obj.api_version.split("/")[0], obj.kind, obj.namespace, obj.name)
        first = seen.setdefault(key, obj)
        if first is not obj:
            problems.append(
                _warn(
                    obj,
                    "metadata.name",
                    "duplicate-object",
                    f"{obj.ref} is defined twice: first at {first.file}:"
                    f"{first.pos.line}, again here",
                )
            )
    return problems


def _classes(by_kind: Mapping[str, list[KubeObject]]) -> list[Problem]:
    classes = by_kind.get("IngressClass", [])
    problems = []
    defaults = [
        c
        for c in classes
        if (c.data["metadata"].get("annotations") or {}).get(_DEFAULT_CLASS) == "true"
    ]
    if len(defaults) > 1:
        names = ", ".join(c.name for c in defaults)
        for obj in defaults[1:]:
            problems.append(
                _warn(
                    obj,
                    f"metadata.annotations[{_DEFAULT_CLASS}]",
                    "multiple-default-ingress-classes",
                    f"{len(defaults)} IngressClasses are marked default ({names}); "
                    "the API server refuses new Ingresses without a class",
                )
            )
    if classes:
        known = {c.name for c in classes}
        for ingress in by_kind.get("Ingress", []):
            name = ingress.data["spec"].get("ingressClassName")
            if name is not None and name not in known:
                problems.append(
                    _warn(
                        ingress,
                        "spec.ingressClassName",
                        "ingress-class-missing",
                        f'IngressClass "{name}" is not in the input',
                        _field_pos(ingress, "spec", "ingressClassName"),
                    )
                )
    return problems


def _ingress_backends(ingress: KubeObject) -> Iterable[tuple[str, tuple[str | int, ...], Any]]:
    spec = ingress.data["spec"]
    if spec.get("defaultBackend"):
        yield "spec.defaultBackend", ("spec", "defaultBackend"), spec["defaultBackend"]
    for i, rule in enumerate(spec.get("rules") or []):
        for j, path in enumerate(((rule or {}).get("http") or {}).get("paths") or []):
            path = path or {}
            yield (
                f"spec.rules[{i}].http.paths[{j}].backend",
                ("spec", "rules", i, "http", "paths", j, "backend"),
                path.get("backend") or {},
            )


def _backends(by_kind: Mapping[str, list[KubeObject]]) -> list[Problem]:
    services = {(s.namespace, s.name): s for s in by_kind.get("Service", [])}
    if not services:
        return []  # nothing to check against: the input holds Ingresses only
    problems = []
    for ingress in by_kind.get("Ingress", []):
        target_type = (ingress.data["metadata"].get("annotations") or {}).get(
            "alb.ingress.kubernetes.io/target-type"
        )
        for field, path, backend in _ingress_backends(ingress):
            service_ref = backend.get("service")
            if not service_ref:
                continue
            name = service_ref.get("name")
            port = service_ref.get("port") or {}
            wanted = port.get("number") or port.get("name")
            if port.get("name") == "use-annotation":
                continue  # an ALB action annotation, not a Service port
            service = services.get((ingress.namespace, name))
            where = _field_pos(ingress, *path)
            if service is None:
                problems.append(
                    _warn(
                        ingress,
                        f"{field}.service.name",
                        "backend-service-missing",
                        f'Service "{ingress.namespace}/{name}" is not in the input',
                        where,
                    )
                )
                continue
            ports = service.data["spec"].get("ports") or []
            match = [p for p in ports if p.get("port") == wanted or p.get("name") == wanted]
            if not match:
                known = ", ".join(str(p.get("name") or p.get("port")) for p in ports)
                problems.append(
                    _warn(
                        ingress,
                        f"{field}.service.port",
                        "backend-port-missing",
                        f'Service "{service.namespace}/{name}" has no port '
                        f"{wanted!r} (it has: {known or 'none'})",
                        where,
                    )
                )
            service_type = service.data["spec"].get("type", "ClusterIP")
            if target_type == "instance" and service_type == "ClusterIP":
                problems.append(
                    _warn(
                        ingress,
                        field,
                        "instance-target-clusterip",
                        f'target-type instance, but Service "{service.namespace}/'
                        f'{name}" is ClusterIP: it has no NodePort for the ALB to '
                        "reach",
                        where,
                    )
                )
    return problems


def _pod_templates(by_kind: Mapping[str, list[KubeObject]]) -> list[tuple[str | None, Any, Any]]:
    """(namespace, labels, pod spec) for every Pod and workload pod template."""
    found: list[tuple[str | None, Any, Any]] = []
    for pod in by_kind.get("Pod", []):
        found.append(
            (pod.namespace, pod.data["metadata"].get("labels") or {}, pod.data.get("spec") or {})
        )
    for kind in ("Deployment", "ReplicaSet", "StatefulSet"):
        for workload in by_kind.get(kind, []):
            template = (workload.data.get("spec") or {}).get("template") or {}
            found.append(
                (
                    workload.namespace,
                    (template.get("metadata") or {}).get("labels") or {},
                    template.get("spec") or {},
                )
            )
    return found


def _selectors(by_kind: Mapping[str, list[KubeObject]]) -> list[Problem]:
    templates = _pod_templates(by_kind)
    if not templates:
        return []  # no pods in the input: nothing to match against
    problems = []
    for service in by_kind.get("Service", []):
        selector = service.data["spec"].get("selector")
        if not selector:
            continue
        selected = [
            spec
            for ns, labels, spec in templates
            if ns == service.namespace and all(labels.get(k) == v for k, v in selector.items())
        ]
        if not selected:
            problems.append(
                _warn(
                    service,
                    "spec.selector",
                    "selector-no-pods",
                    f"selector {_labels(selector)} matches no Pod or pod template "
                    f"in namespace {service.namespace}",
                    _field_pos(service, "spec", "selector"),
                )
            )
            continue
        declared = {
            p.get("name")
            for spec in selected
            for c in spec.get("containers") or []
            for p in c.get("ports") or []
        }
        for i, port in enumerate(service.data["spec"].get("ports") or []):
            target = port.get("targetPort")
            if isinstance(target, str) and target not in declared:
                problems.append(
                    _warn(
                        service,
                        f"spec.ports[{i}].targetPort",
                        "target-port-name-undeclared",
                        f'targetPort "{target}" is not the name of any container '
                        "port of the pods this Service selects",
                        _field_pos(service, "spec", "ports", i),
                    )
                )
    return problems


def _labels(labels: Mapping[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))


def _host_paths(ingresses: list[KubeObject]) -> list[Problem]:
    problems = []
    owners: dict[tuple[str, str], tuple[KubeObject, str]] = {}
    for ingress in ingresses:
        for i, rule in enumerate(ingress.data["spec"].get("rules") or []):
            rule = rule or {}  # a null list item decodes to an empty struct, as in Go
            host = rule.get("host") or "*"
            for j, path in enumerate((rule.get("http") or {}).get("paths") or []):
                path = path or {}
                text, kind = path.get("path") or "", path.get("pathType")
                field = f"spec.rules[{i}].http.paths[{j}]"
                where = _field_pos(ingress, "spec", "rules", i, "http", "paths", j)
                if kind in ("Prefix", "Exact") and _REGEX_CHARS.search(text):
                    problems.append(
                        _warn(
                            ingress,
                            f"{field}.path",
                            "regex-path-not-regex",
                            f"path {text!r} looks like a pattern, but pathType "
                            f"{kind} matches it character for character",
                            where,
                        )
                    )
                first = owners.setdefault((host, text), (ingress, field))
                if first[0] is not ingress:
                    problems.append(
                        _warn(
                            ingress,
                            field,
                            "duplicate-host-path",
                            f"host {host} path {text} is also claimed by {first[0].ref} "
                            f"({first[1]}). ingress-nginx keeps the Ingress with the oldest "
                            "creationTimestamp; the ALB controller keeps the rule with the lower "
                            "priority (group order, then namespace/name) when both are in one "
                            "IngressGroup, and builds two load balancers otherwise",
                            where,
                        )
                    )
    return problems

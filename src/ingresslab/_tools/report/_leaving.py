"""Leaving ingress-nginx: per Ingress it serves, what each annotation becomes and which
requests change.

The ALB side is `migrate`'s: its findings say what each annotation becomes (translated,
warned about, or irrelevant), and `Migration.compare` replays the report's requests through
the original under NGINX and the rewritten Ingresses under the ALB. The Gateway API side is
the table in `_gateway_api.py`; when a Gateway API model is registered, the report's pass also
compares its answers with NGINX's and they are listed here as changes too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..._annotations import ANNOTATIONS as MODEL_ANNOTATIONS
from ..._controllers.base import Controller
from ..._controllers.nginx.route import NginxModel
from ..._engine import Engine
from ..._result import Resolution
from ..migrate import ANNOTATIONS as ALB_CATALOGUE
from ..migrate import migrate
from ..replay import ReplayGroup
from ._data import (
    AnnotationMove,
    Answer,
    Change,
    Example,
    IngressMove,
    Leaving,
    ObjectRef,
    Readiness,
)
from ._gateway_api import gateway_equivalent
from ._links import difference_link
from ._requests import Workload

__all__ = ["leaving"]

_N = "nginx.ingress.kubernetes.io/"

Progress = Callable[[str, int, int | None], None]


def _simulated(key: str) -> bool:
    """Whether the NGINX model reads this annotation (the table of `_annotations.py`)."""
    for annotation in MODEL_ANNOTATIONS:
        if annotation.controller not in ("nginx", "both"):
            continue
        if annotation.name == key or (
            annotation.name.endswith("<any>-snippet") and key.endswith("-snippet")
        ):
            return True
    return False


def _answer(answer: Resolution) -> Answer:
    m = answer.matched
    return Answer(
        str(answer.outcome),
        None if answer.backend is None else str(answer.backend),
        answer.status,
        answer.location,
        None if m is None else f"{m.ingress} {m.host or '*'} {m.path} ({m.path_type})",
        answer.upstream_path,
    )


def _change(group: ReplayGroup, target: str) -> Change:
    example = Example(
        group.examples[0].url if group.examples else group.old.request.url,
        (("nginx", _answer(group.old)), (target, _answer(group.new))),
    )
    return Change(
        target, group.verdict, group.kind, group.count, example, difference_link(group.kind)
    )


def leaving(
    engine: Engine,
    nginx: Controller | None,
    work: Workload,
    ingress_ref: Callable[[str], ObjectRef],
    other_changes: Mapping[str, Mapping[tuple[str, str], tuple[int, Example]]],
    targets: tuple[str, ...],
    progress: Progress | None = None,
) -> Leaving:
    """The Ingresses ingress-nginx serves (or refuses), each with its annotations' fates, the
    requests that change, and how ready it is to move."""
    if not isinstance(nginx, NginxModel):
        return Leaving((), 0, 0, targets)
    mine = {d.ingress for d in nginx.decisions if d.managed}
    refused = {r.ingress.ref: r for r in nginx.rejections}
    migration = migrate(engine.manifests)
    relevant = {
        n
        for n, site in enumerate(work.sites)
        if any(key[0] in mine for keys in site.paths.values() for key in keys)
    }
    lines = [
        f"{request.scheme}://{request.host} {request.path}"
        for request, site in zip(work.requests, work.site_of, strict=True)
        if site in relevant
    ]
    report = migration.compare(
        lines,
        format="lines",
        progress=None if progress is None else (lambda n: progress("comparing", n, len(lines))),
    )
    changes: dict[str, list[Change]] = {}
    for group in report.changed_groups():
        owner = group.old.matched.ingress if group.old.matched else None
        if owner in mine:
            changes.setdefault(owner or "", []).append(_change(group, "alb"))
    for owner, found in other_changes.items():
        for (verdict, kind), (count, example) in found.items():
            target = example.answers[-1][0]
            changes.setdefault(owner, []).append(
                Change(target, verdict, kind, count, example, difference_link(kind))
            )
    findings: dict[tuple[str, str | None], tuple[str, str]] = {}
    general: dict[str, list[str]] = {}
    for finding in migration.findings:
        if finding.annotation is None:
            if finding.action == "warning" and not finding.message.startswith("left out"):
                general.setdefault(finding.ingress, []).append(finding.message)
            continue
        findings.setdefault(
            (finding.ingress, finding.annotation), (finding.action, finding.message)
        )
    left_out = dict(migration.left_out)
    by_ref = {i.ref: i for i in engine.manifests.ingresses}
    moves = []
    for ref in sorted(mine):
        ingress = by_ref[ref]
        rows = []
        for key in sorted(ingress.annotations):
            if not key.startswith(_N):
                continue
            name = key.removeprefix(_N)
            alb, alb_text = findings.get(
                (ref, key),
                ALB_CATALOGUE.get(
                    name, ("warning", "not in Ingress Lab's catalogue: check by hand")
                ),
            )
            gateway, gateway_text = gateway_equivalent(name)
            rows.append(
                AnnotationMove(
                    key,
                    ingress.annotations[key],
                    alb,
                    alb_text,
                    gateway,
                    gateway_text,
                    _simulated(key),
                )
            )
        mine_changes = sorted(
            changes.get(ref, []), key=lambda c: (c.target, -c.requests, c.kind or "")
        )
        reasons: list[str] = []
        missing = [r.annotation.removeprefix(_N) for r in rows if not r.alb_equivalent]
        rejection = refused.get(ref)
        if rejection is not None:
            reasons.append(
                "ingress-nginx refuses it today ("
                + ("its admission webhook" if rejection.by_webhook else "its store")
                + f": {rejection.message}): fix that before moving it"
            )
        if ref in left_out:
            reasons.append(f"left out of the rewrite: {left_out[ref]}")
        if missing:
            reasons.append(
                f"{len(missing)} annotation(s) without an exact ALB equivalent: "
                + ", ".join(missing)
            )
        # Readiness is for the move `migrate` makes, to the ALB; other targets are listed.
        unexplained = [
            c for c in mine_changes if c.target == "alb" and c.kind in (None, "unexplained")
        ]
        if mine_changes:
            count = sum(c.requests for c in mine_changes if c.target == "alb")
            kinds = sorted({c.kind or "unexplained" for c in mine_changes if c.target == "alb"})
            if count:
                reasons.append(
                    f"{count} request(s) answered differently by the ALB: {', '.join(kinds)}"
                )
        reasons += general.get(ref, [])
        readiness: Readiness
        if ref in left_out or missing or unexplained or rejection is not None:
            readiness = "work"
        elif any(c.target == "alb" for c in mine_changes) or general.get(ref):
            readiness = "review"
        else:
            readiness = "ready"
        moves.append(
            IngressMove(
                ingress_ref(ref),
                tuple(rows),
                tuple(mine_changes),
                readiness,
                tuple(reasons),
                left_out.get(ref),
            )
        )
    return Leaving(tuple(moves), report.requests, report.changed, targets)

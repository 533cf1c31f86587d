"""Building the report: one pass of requests through the models, then the findings.

Two engines read the same manifests. The *cluster* engine reads each Ingress's class as
written: it says what the cluster does, and every surprise comes from its answers. The
*compared* engine reads every Ingress as each model's own (`any_class`, as `diff` does): it
answers "what would each controller do with these rules", for the table of every rule and the
differences. When a model manages every Ingress under its class, both engines would build the
same model, and the cluster's is used for both.

Every request of the workload (`_requests.py`) is answered once by each model and folded into
counters as it goes: nothing holds the answers of every request, so memory grows with the
rules, not with the requests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ... import __version__
from ..._controllers import CONTROLLERS, MODELS, Options
from ..._controllers.alb.build import LoadBalancer
from ..._controllers.alb.route import AlbModel
from ..._controllers.base import Controller, choose
from ..._controllers.nginx.build import Location
from ..._controllers.nginx.route import NginxModel
from ..._controllers.spec import prefix_matches
from ..._engine import Engine
from ..._k8s.load import KubeObject
from ..._k8s.manifests import Manifests
from ..._k8s.model import Backend, Ingress
from ..._result import Match, Outcome, Request, Resolution
from ..._services import load_balancer_for
from ..diff import _answer_key, _group_key
from ..replay import DIFFERENCE_KINDS, _kind, _priorities, _verdict
from ._data import (
    Answer,
    Blast,
    ClassRow,
    DifferenceKind,
    Example,
    GroupRow,
    Inventory,
    LoadBalancerRow,
    ObjectRef,
    Problem,
    Report,
    RuleRow,
    ServiceRow,
    Severity,
    Summary,
    Surprise,
)
from ._leaving import leaving
from ._links import (
    DEFAULT_SITE_URL,
    GROUP_ORDER_LINK,
    NGINX_ORDER_LINK,
    REPORT_KINDS,
    SURPRISE_KINDS,
    difference_link,
)
from ._requests import RuleKey, is_regex, regex_sample, rule_key, workload

__all__ = ["COMPARED", "Progress", "build_report", "compared_models"]

#: The models every rule is answered under, in column order, when registered. "gateway" joins
#: the tables as soon as a Gateway API model is registered in `_controllers.MODELS`.
COMPARED = ("spec", "alb", "nginx", "gateway")
#: Where requests leaving ingress-nginx can go, when registered (the ALB through `migrate`).
TARGETS = ("alb", "gateway")
#: Example requests kept per finding or difference.
EXAMPLES = 3
#: Requests answered between two progress calls.
PROGRESS_EVERY = 2_000

#: `progress(stage, done, total)`: stage "answering" or "comparing"; total None when unknown.
Progress = Callable[[str, int, int | None], None]

_A = "alb.ingress.kubernetes.io/"
_N = "nginx.ingress.kubernetes.io/"
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def compared_models() -> tuple[str, ...]:
    """The compared models that exist now (the registry decides, at call time)."""
    return tuple(name for name in COMPARED if name in MODELS)


def _namespace(ref: str) -> str:
    return ref.partition("/")[0]


def _match_key(match: Match) -> RuleKey:
    return rule_key(match.ingress, match.host, match.path, match.path_type)


def _routes(manifests: Manifests) -> bool:
    """Whether the input holds Gateway API routes: a Gateway API model then has something to
    serve, even though it manages no Ingress."""
    return any(o.kind in ("HTTPRoute", "GRPCRoute") for o in manifests.objects)


def _same_reading(model: Controller) -> bool:
    """Whether the model manages every Ingress as classed: then reading every Ingress as its
    own builds the same model."""
    return bool(model.decisions) and all(d.managed and not d.error for d in model.decisions)


# ------------------------------------------------------------------------------------------------
# Answers as the report keeps them


class _Answers:
    """Interned `Answer` values: most requests share a few hundred distinct answers."""

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], Answer] = {}

    def __call__(self, answer: Resolution) -> Answer:
        m = answer.matched
        key = (
            answer.outcome,
            answer.backend,
            answer.status,
            answer.location,
            None if m is None else (m.ingress, m.host, m.path, m.path_type),
            answer.upstream_path,
        )
        found = self._seen.get(key)
        if found is None:
            rule = None if m is None else f"{m.ingress} {m.host or '*'} {m.path} ({m.path_type})"
            found = self._seen[key] = Answer(
                str(answer.outcome),
                None if answer.backend is None else str(answer.backend),
                answer.status,
                answer.location,
                rule,
                answer.upstream_path,
            )
        return found


@dataclass(slots=True)
class _Tally:
    """Requests a finding reaches: how many, on which sites, through which rules."""

    requests: int = 0
    sites: set[str | None] = field(default_factory=set)
    rules: set[RuleKey] = field(default_factory=set)
    examples: list[Example] = field(default_factory=list)
    #: distinct values seen (upstream paths of a rewrite), up to a few
    values: set[str] = field(default_factory=set)

    def add(
        self, site: str | None, rules: Iterable[RuleKey] = (), example: Example | None = None
    ) -> None:
        self.requests += 1
        self.sites.add(site)
        self.rules.update(rules)
        if (
            example is not None
            and len(self.examples) < EXAMPLES
            and all(e.url != example.url for e in self.examples)
        ):
            self.examples.append(example)


_K = TypeVar("_K")


def _tally(tallies: dict[_K, _Tally], key: _K) -> _Tally:
    found = tallies.get(key)
    if found is None:
        found = tallies[key] = _Tally()
    return found


# ------------------------------------------------------------------------------------------------
# The pass


class _Pass:
    """Every request through every model once, folded into what the report needs."""

    def __init__(
        self, manifests: Manifests, options: Options | None, progress: Progress | None
    ) -> None:
        self.manifests = manifests
        self.progress = progress
        self.cluster = Engine(manifests, options=options)
        self.compared_engine = Engine(manifests, options=options, any_class=True)
        # the cluster's models that manage anything
        self.real: dict[str, Controller] = {}
        for name in ("alb", "nginx"):
            model = self.cluster.model(name)
            if model.manages_any:
                self.real[name] = model
        self.models: dict[str, Controller] = {}
        #: registered models left out of the comparison, with why
        self.left_out: dict[str, str] = {}
        for name in compared_models():
            own = self.real.get(name)
            model = (
                own if own is not None and _same_reading(own) else self.compared_engine.model(name)
            )
            if name not in CONTROLLERS and not (model.manages_any or _routes(manifests)):
                self.left_out[name] = f"{model.label} has nothing of the input to serve"
                continue
            self.models[name] = model
        self.names = tuple(self.models)
        self.answer = _Answers()
        # what the cluster's ALB built
        self.lb_of: dict[str, LoadBalancer] = {}
        alb = self.real.get("alb")
        if isinstance(alb, AlbModel):
            for lb in alb.load_balancers:
                for ref in lb.ingresses:
                    self.lb_of[ref] = lb
        self.shared_groups = {
            lb.name
            for lb in (alb.load_balancers if isinstance(alb, AlbModel) else ())
            if len({_namespace(r) for r in lb.ingresses}) > 1
        }
        self.init_nginx()
        self.work = work = workload(manifests.ingresses, self.regex_hosts)
        # per request: its primary rules
        self.primary_of: dict[int, list[RuleKey]] = {}
        for key, indices in work.primary.items():
            for index in indices:
                self.primary_of.setdefault(index, []).append(key)
        # results
        self.rows: dict[RuleKey, dict[str, list[tuple[str, Answer]]]] = {}
        self.cluster_rows: dict[RuleKey, list[tuple[str, str, Resolution]]] = {}
        self.reached: dict[str, set[RuleKey]] = {name: set() for name in self.real}
        self.kinds: dict[tuple[str, str], _Tally] = {}
        self.kind_of: dict[tuple[object, ...], str] = {}
        self.differing = 0
        self.taken: dict[tuple[str, str], _Tally] = {}
        self.lb_requests: Counter[str] = Counter()
        self.rejected: dict[str, _Tally] = {}
        self.invalid = _Tally()
        self.unavailable: dict[str, _Tally] = {}
        self.rewrites: dict[tuple[str, str], _Tally] = {}
        self.regex: dict[str, _Tally] = {}
        self.gateway_changes: dict[str, dict[tuple[str, str], tuple[int, Example]]] = {}
        self.unreached: list[tuple[RuleKey, str, Resolution]] | None = None
        # ALB rule priorities, to name a rule-order difference (the compared reading's ALB)
        compared_alb = self.models.get("alb")
        self.priorities = _priorities(compared_alb) if isinstance(compared_alb, AlbModel) else {}

    def init_nginx(self) -> None:
        """What regex mode changes: per host of the cluster's ingress-nginx, the Ingresses
        that cause it and the literal paths of the others; and every host the compared model
        matches case-insensitively."""
        nginx = self.real.get("nginx")
        self.regex_servers: dict[str, tuple[set[str], set[str], list[Location]]] = {}
        if isinstance(nginx, NginxModel):
            for server in nginx.servers:
                if not server.enforce_regex:
                    continue
                causes = {
                    loc.ingress
                    for loc in server.locations
                    if loc.ingress and (loc.use_regex or loc.rewrite_target)
                }
                literal = [
                    loc
                    for loc in server.locations
                    if loc.ingress
                    and loc.ingress not in causes
                    and loc.source == "rule"
                    and loc.declared_type in ("Exact", "Prefix")
                ]
                if literal:
                    victims = {loc.ingress for loc in literal if loc.ingress}
                    host = None if server.is_default else server.hostname.lower()
                    self.regex_servers[host or "_"] = (causes, victims, literal)
        compared_nginx = self.models.get("nginx")
        self.regex_hosts: set[str] = set()
        if isinstance(compared_nginx, NginxModel):
            self.regex_hosts = {
                "_" if s.is_default else s.hostname.lower()
                for s in compared_nginx.servers
                if s.enforce_regex
            }
        self.nginx_served: set[str] = set()
        if isinstance(nginx, NginxModel):
            self.nginx_served = {i.ref for i in nginx.ingresses}

    # -- helpers ---------------------------------------------------------------------------

    def example(self, request: Request, answers: Iterable[tuple[str, Resolution]]) -> Example:
        return Example(request.url, tuple((name, self.answer(a)) for name, a in answers))

    def kind(self, request: Request, old: Resolution, new: Resolution) -> str:
        """The documented difference between an ingress-nginx answer and another model's,
        with the explanation trail computed only where the kind depends on it."""
        key = (_group_key(old), _group_key(new))
        found = self.kind_of.get(key)
        if found is not None:
            return found
        refused = _refusal_kind(old, new)
        if refused is not None:
            self.kind_of[key] = refused
            return refused
        needs_trail = (
            (old.outcome is Outcome.REDIRECT and old.status == 301)
            or old.outcome is Outcome.FIXED_RESPONSE
            or (
                old.outcome is Outcome.ROUTE
                and (request.host.lower() in self.regex_hosts or "_" in self.regex_hosts)
            )
        )
        if needs_trail:
            old = self.models["nginx"].answer(request, explain=True)
        kind = _kind(old, new, _verdict(old, new), self.priorities) or "unexplained"
        self.kind_of[key] = kind
        return kind

    # -- the pass --------------------------------------------------------------------------

    def run(self) -> None:
        work = self.work
        names = self.names
        # The spec model is asked only where an answer of it is read: a rule's own path (the
        # table), a request an IngressGroup shared by teams takes, a host in regex mode.
        spec = self.models.get("spec")
        models = [(name, self.models[name]) for name in names if name != "spec"]
        real = [(name, model) for name, model in self.real.items()]
        targets = [t for t in TARGETS if t in names and "nginx" in names]
        total = len(work.requests)
        progress = self.progress
        sites = [s.host for s in work.sites]
        shared, regex = self.shared_groups, self.regex_servers
        lb_of = self.lb_of
        for i, request in enumerate(work.requests):
            if progress is not None and i % PROGRESS_EVERY == 0:
                progress("answering", i, total)
            answers = {name: choose(model.resolve(request)) for name, model in models}
            cluster = {
                name: (
                    answers[name]
                    if self.models.get(name) is model
                    else choose(model.resolve(request))
                )
                for name, model in real
            }
            primary = self.primary_of.get(i)
            if spec is not None:
                alb = cluster.get("alb")
                taker = alb.matched.ingress if alb is not None and alb.matched else None
                lb = lb_of.get(taker) if taker else None
                if (
                    primary is not None
                    or (lb is not None and lb.name in shared)
                    or (regex and request.host.lower() in regex)
                ):
                    answers["spec"] = choose(spec.resolve(request))
            site = sites[work.site_of[i]]
            if primary is not None:
                row = [(name, self.answer(answers[name])) for name in names]
                seen = [(request.scheme, name, a) for name, a in cluster.items()]
                for key in primary:
                    self.rows.setdefault(key, {})[request.scheme] = row
                    self.cluster_rows.setdefault(key, []).extend(seen)
            for name, answer in cluster.items():
                if answer.matched is not None:
                    self.reached[name].add(_match_key(answer.matched))
            self.compare(request, answers, targets, site)
            self.fold_cluster(i, request, cluster, answers.get("spec"), site)
        if progress is not None:
            progress("answering", total, total)

    def compare(
        self,
        request: Request,
        answers: Mapping[str, Resolution],
        targets: Sequence[str],
        site: str | None,
    ) -> None:
        differs = False
        for target in targets:
            old, new = answers["nginx"], answers[target]
            if _answer_key(old) == _answer_key(new):
                continue
            differs = True
            kind = self.kind(request, old, new) if target == "alb" else "unexplained"
            tally = _tally(self.kinds, (target, kind))
            example = None
            if len(tally.examples) < EXAMPLES:
                example = self.example(request, [("nginx", old), (target, new)])
            tally.add(site, example=example)
            owner = old.matched.ingress if old.matched else None
            if target != "alb" and owner in self.nginx_served:
                verdict = _verdict(old, new)
                if verdict != "same":
                    changes = self.gateway_changes.setdefault(owner or "", {})
                    count, first = changes.get((verdict, kind), (0, None))
                    changes[(verdict, kind)] = (
                        count + 1,
                        first or self.example(request, [("nginx", old), (target, new)]),
                    )
        if differs:
            self.differing += 1

    def fold_cluster(
        self,
        index: int,
        request: Request,
        cluster: Mapping[str, Resolution],
        spec: Resolution | None,
        site: str | None,
    ) -> None:
        origin = self.work.origin[index]
        alb = cluster.get("alb")
        if alb is not None:
            if alb.load_balancer is not None and alb.outcome is not Outcome.NO_LOAD_BALANCER:
                self.lb_requests[alb.load_balancer] += 1
            taker, owner = alb.matched, spec.matched if spec is not None else None
            if taker is not None and owner is not None and taker.ingress != owner.ingress:
                x, y = taker.ingress, owner.ingress
                lb = self.lb_of.get(x)
                if _namespace(x) != _namespace(y) and lb is not None and self.lb_of.get(y) is lb:
                    tally = _tally(self.taken, (x, y))
                    example = None
                    if len(tally.examples) < EXAMPLES:
                        example = self.example(request, [("spec", spec), ("alb", alb)])  # type: ignore[list-item]
                    tally.add(site, [_match_key(taker), _match_key(owner)], example)
        nginx = cluster.get("nginx")
        if nginx is not None:
            if nginx.outcome is Outcome.REJECTED_BY_WEBHOOK and nginx.matched is not None:
                tally = _tally(self.rejected, nginx.matched.ingress)
                tally.add(
                    site, [_match_key(nginx.matched)], self.example(request, [("nginx", nginx)])
                )
            elif nginx.outcome is Outcome.INVALID_CONFIG:
                self.invalid.add(site, origin, self.example(request, [("nginx", nginx)]))
            if self.regex_servers:
                self.fold_regex(request, nginx, spec, site)
        for name, answer in cluster.items():
            if answer.outcome is Outcome.SERVICE_UNAVAILABLE and answer.backend is not None:
                tally = _tally(self.unavailable, str(answer.backend))
                rules = [_match_key(answer.matched)] if answer.matched else []
                example = None
                if len(tally.examples) < EXAMPLES:
                    example = self.example(request, [(name, answer)])
                tally.add(site, rules, example)
            upstream = answer.upstream_path
            if upstream is not None and answer.matched is not None and upstream != request.target:
                tally = _tally(self.rewrites, (name, answer.matched.ingress))
                example = None
                if len(tally.examples) < EXAMPLES:
                    example = self.example(request, [(name, answer)])
                tally.add(site, [_match_key(answer.matched)], example)
                if len(tally.values) < 2:
                    tally.values.add(upstream)

    def fold_regex(
        self, request: Request, nginx: Resolution, spec: Resolution | None, site: str | None
    ) -> None:
        host = request.host.lower()
        server = self.regex_servers.get(host)
        if server is None:
            return
        _, victims, literal = server
        matched = nginx.matched
        spilled = False
        if matched is not None and matched.ingress in victims:
            rule = next(
                (
                    loc
                    for loc in literal
                    if loc.ingress == matched.ingress and loc.ingress_path == matched.path
                ),
                None,
            )
            if rule is not None and not _literal_match(rule, request.path):
                spilled = True
        owner = spec.matched if spec is not None else None
        if (
            owner is not None
            and owner.ingress in victims
            and (matched is None or _match_key(matched) != _match_key(owner))
        ):
            spilled = True
        if spilled:
            keys = [_match_key(m) for m in (matched, owner) if m is not None]
            tally = _tally(self.regex, host)
            example = None
            if len(tally.examples) < EXAMPLES:
                pairs: list[tuple[str, Resolution]] = [("nginx", nginx)]
                if spec is not None:
                    pairs.insert(0, ("spec", spec))
                example = self.example(request, pairs)
            tally.add(site, keys, example)


def _refusal_kind(old: Resolution, new: Resolution) -> str | None:
    """The kinds a report adds to `DIFFERENCE_KINDS`: one side cannot serve the rules at all."""
    if new.outcome is Outcome.CONTROLLER_ERROR and old.outcome is not Outcome.CONTROLLER_ERROR:
        if "TargetGroup port is empty" in (new.message or ""):
            return "alb-instance-needs-nodeport"
        return "alb-cannot-build"
    if old.outcome in (Outcome.REJECTED_BY_WEBHOOK, Outcome.INVALID_CONFIG):
        return "nginx-refuses"
    return None


def _literal_match(location: Location, path: str) -> bool:
    """Whether the path matches the location's Ingress path as its pathType says."""
    if location.declared_type == "Exact":
        return path == location.ingress_path
    return prefix_matches(location.ingress_path, path)


# ------------------------------------------------------------------------------------------------
# Objects and where they were read


class _Objects:
    def __init__(self, manifests: Manifests) -> None:
        self.ingresses = {i.ref: i for i in manifests.ingresses}
        self.objects: dict[tuple[str, str], KubeObject] = {}
        for obj in manifests.objects:
            self.objects.setdefault((obj.kind, f"{obj.namespace or 'default'}/{obj.name}"), obj)

    def ingress(self, ref: str, field: str | None = None) -> ObjectRef:
        ingress = self.ingresses.get(ref)
        namespace, _, name = ref.partition("/")
        if ingress is None:
            return ObjectRef("Ingress", namespace, name, field=field)
        line = ingress.pos.line
        if field is not None:
            for rule in ingress.rules:
                for path in rule.paths:
                    if path.field == field:
                        line = path.pos.line
        return ObjectRef("Ingress", namespace, name, ingress.file, line, field)

    def rule(self, key: RuleKey) -> ObjectRef:
        return self.ingress(key[0], self.field(key))

    def field(self, key: RuleKey) -> str | None:
        ingress = self.ingresses.get(key[0])
        if ingress is None:
            return None
        for rule in ingress.rules:
            host = rule.host.lower() if rule.host else None
            if host != key[1]:
                continue
            for path in rule.paths:
                if path.path == key[2] and path.path_type == key[3]:
                    return path.field
        return None

    def service(self, namespace: str, name: str) -> ObjectRef:
        obj = self.objects.get(("Service", f"{namespace}/{name}"))
        if obj is None:
            return ObjectRef("Service", namespace, name)
        return ObjectRef("Service", namespace, name, obj.file, obj.pos.line)


def _rule_text(key: RuleKey) -> str:
    return f"{key[0]} {key[1] or '*'} {key[2]} ({key[3]})"


def _blast(tally: _Tally, teams: Iterable[str], extra_rules: Iterable[RuleKey] = ()) -> Blast:
    rules = tally.rules | set(extra_rules)
    names = set(teams) | {_namespace(k[0]) for k in rules}
    return Blast(len(names), len({s for s in tally.sites}), len(rules), tally.requests)


# ------------------------------------------------------------------------------------------------
# Detectors: each returns findings without a rank


@dataclass(slots=True)
class _Finding:
    kind: str
    severity: Severity
    controller: str | None
    title: str
    message: str
    fix: str
    objects: tuple[ObjectRef, ...]
    blast: Blast
    link: str
    examples: tuple[Example, ...] = ()


def _alb_errors(p: _Pass, objects: _Objects) -> list[_Finding]:
    alb = p.real.get("alb")
    if not isinstance(alb, AlbModel):
        return []
    found = []
    for lb in alb.load_balancers:
        if lb.error is None:
            continue
        refuses = lb.error.startswith(("ValidationError", "TooManyRules"))
        kind = "elbv2-refusal" if refuses else "alb-reconcile-error"
        culprit, culprit_field = lb.culprit or (lb.ingresses[0], None)
        members = [objects.ingress(ref) for ref in lb.ingresses if ref != culprit]
        tally = _Tally(requests=p.lb_requests[lb.name])
        keys = [k for ref in lb.ingresses for k in _keys_of(objects.ingresses[ref])]
        tally.sites = {k[1] for k in keys}
        tally.rules = set(keys)
        group = f"IngressGroup {lb.group}" if len(lb.ingresses) > 1 else f"Ingress {culprit}"
        what = "the ELBv2 API refuses" if refuses else "the controller cannot build"
        found.append(
            _Finding(
                kind,
                "error",
                "alb",
                f"{group}: {what} its load balancer",
                f"{lb.error}. Every request to {group} answers controller-error: the "
                f"controller stops reconciling it ({len(lb.ingresses)} Ingress(es)), and "
                "kubectl describe ingress shows the error as an event.",
                "fix the value the error names in "
                + (f"{culprit} {culprit_field}" if culprit_field else culprit)
                + (", or move that Ingress out of the group" if len(lb.ingresses) > 1 else ""),
                (objects.ingress(culprit, culprit_field), *members),
                _blast(tally, [_namespace(r) for r in lb.ingresses]),
                SURPRISE_KINDS[kind][1],
            )
        )
    return found


def _keys_of(ingress: Ingress) -> list[RuleKey]:
    return [
        rule_key(ingress.ref, rule.host, path.path, path.path_type)
        for rule in ingress.rules
        for path in rule.paths
    ]


def _nginx_refusals(p: _Pass, objects: _Objects) -> list[_Finding]:
    nginx = p.real.get("nginx")
    if not isinstance(nginx, NginxModel):
        return []
    found = []
    for rejection in nginx.rejections:
        ref = rejection.ingress.ref
        keys = _keys_of(rejection.ingress)
        tally = p.rejected.get(ref) or _Tally()
        # Nothing of it is served: every request its rules name is affected.
        tally.requests = max(tally.requests, sum(p.work.counts[k] for k in keys))
        tally.sites |= {k[1] for k in keys}
        if rejection.by_webhook:
            named = _named_ingresses(rejection.message, ref, objects)
            found.append(
                _Finding(
                    "webhook-refusal",
                    "error",
                    "nginx",
                    f"Ingress {ref}: ingress-nginx's admission webhook denies it",
                    'admission webhook "validate.nginx.ingress.kubernetes.io" denied the '
                    f"request: {rejection.message}. kubectl apply fails, and none of its "
                    "rules is served; requests it names go where the other Ingresses send them.",
                    "change what the message names (a path another Ingress holds on the "
                    "same host, a snippet annotation), then apply again",
                    (objects.ingress(ref), *named),
                    _blast(tally, [_namespace(ref), *(o.namespace or "" for o in named)], keys),
                    SURPRISE_KINDS["webhook-refusal"][1],
                    tuple(tally.examples),
                )
            )
        else:
            reached = _Tally(requests=sum(p.work.counts[k] for k in keys))
            reached.sites = {k[1] for k in keys}
            found.append(
                _Finding(
                    "nginx-ignored",
                    "error",
                    "nginx",
                    f"Ingress {ref}: ingress-nginx ignores it",
                    f"ingress-nginx's store drops this Ingress: {rejection.message}. None of "
                    "its rules is served.",
                    "change what the message names",
                    (objects.ingress(ref),),
                    _blast(reached, [_namespace(ref)], keys),
                    SURPRISE_KINDS["nginx-ignored"][1],
                )
            )
    if nginx.error is not None and nginx.ingresses:
        refs = [i.ref for i in nginx.ingresses]
        found.append(
            _Finding(
                "nginx-config-invalid",
                "error",
                "nginx",
                "ingress-nginx: nginx -t refuses the rendered configuration",
                f"{nginx.error}. The controller keeps its previous configuration for every "
                "Ingress of its class: no change to any of them takes effect.",
                "find the path or annotation the nginx error names and change it",
                tuple(objects.ingress(ref) for ref in refs),
                _blast(p.invalid, [_namespace(r) for r in refs]),
                SURPRISE_KINDS["nginx-config-invalid"][1],
                tuple(p.invalid.examples),
            )
        )
    return found


def _named_ingresses(message: str, own: str, objects: _Objects) -> list[ObjectRef]:
    """Other Ingresses a webhook message names (`... is already defined in ingress ns/name`)."""
    found = []
    for word in message.replace(",", " ").split():
        if word != own and word in objects.ingresses:
            found.append(objects.ingress(word))
    return found


def _group_takes_paths(p: _Pass, objects: _Objects) -> list[_Finding]:
    """Requests an IngressGroup member takes from another team's rules. A rule it takes every
    request of is a shadowed rule, reported as one; the rest are these."""
    found = []
    shadowed = {key for key, _, _ in _unreached(p)}
    for (taker, owner), tally in p.taken.items():
        lb = p.lb_of[taker]
        taker_rules = sorted(k for k in tally.rules if k[0] == taker)
        owner_rules = sorted(k for k in tally.rules if k[0] == owner and k not in shadowed)
        if not owner_rules:
            continue
        hostless = [k for k in taker_rules if k[1] is None]
        orders = {ref: _group_order(objects.ingresses[ref]) for ref in (taker, owner)}
        if hostless:
            cause = (
                f"its host-less rule {_rule_text(hostless[0])} takes every Host, and {taker} "
                f"comes before {owner} in IngressGroup {lb.group}"
            )
            fix = (
                f"give {taker}'s host-less rules a host, or set "
                f"{_A}group.order on {taker} above {orders[owner]} so that {owner}'s rules "
                "come first"
            )
            link = SURPRISE_KINDS["group-takes-paths"][1]
        else:
            cause = (
                f"{taker} (group.order {orders[taker]}) comes before {owner} (group.order "
                f"{orders[owner]}) in IngressGroup {lb.group}, and the ALB takes the first "
                "rule that matches, not the longest path"
            )
            fix = f"set {_A}group.order on {owner} below {orders[taker]}, or narrow {taker}'s paths"
            link = GROUP_ORDER_LINK
        found.append(
            _Finding(
                "group-takes-paths",
                "warning",
                "alb",
                f"IngressGroup {lb.group}: {taker} takes requests that {owner} names",
                f"{tally.requests} request(s) that {owner}'s rules name ("
                + ", ".join(_rule_text(k) for k in owner_rules[:3])
                + f") reach {taker} instead: {cause}.",
                fix,
                (
                    *(objects.rule(k) for k in taker_rules[:3]),
                    *(objects.rule(k) for k in owner_rules[:3]),
                ),
                _blast(tally, [_namespace(taker), _namespace(owner)]),
                link,
                tuple(tally.examples),
            )
        )
    return found


def _group_order(ingress: Ingress) -> int:
    raw = ingress.annotations.get(_A + "group.order", "0")
    try:
        return int(raw)
    except ValueError:
        return 0


def _skips_shadow_check(
    p: _Pass, controller: str, ingress: Ingress, path: str, path_type: str
) -> bool:
    """Rules a request generated from their text may not reach: regular expressions, and
    rules of an Ingress whose controller serves none of them for another reason."""
    anns = ingress.annotations
    if controller == "alb":
        lb = p.lb_of.get(ingress.ref)
        if lb is None or lb.error is not None:
            return True
        return is_regex(ingress, path, path_type) and regex_sample(path) is None
    nginx = p.real["nginx"]
    assert isinstance(nginx, NginxModel)
    if nginx.error is not None or ingress.ref not in p.nginx_served:
        return True
    if anns.get(_N + "canary") in ("true", "True", "1"):
        return True
    return is_regex(ingress, path, path_type) and regex_sample(path) is None


def _unreached(p: _Pass) -> list[tuple[RuleKey, str, Resolution]]:
    """Each rule of an Ingress a controller serves that no request reached under that
    controller, with the answer its own path got (the rule that took it, if one did)."""
    if p.unreached is None:
        p.unreached = list(_find_unreached(p))
    return p.unreached


def _find_unreached(p: _Pass) -> Iterator[tuple[RuleKey, str, Resolution]]:
    managed: dict[str, set[str]] = {}
    for name, model in p.real.items():
        managed[name] = {d.ingress for d in model.decisions if d.managed}
    for key, ingress, _, _ in p.work.rules:
        for name in p.real:
            if ingress.ref not in managed[name] or key in p.reached[name]:
                continue
            if key not in p.work.primary or not p.work.primary[key]:
                continue
            if _skips_shadow_check(p, name, ingress, key[2], key[3]):
                continue
            seen = [a for _, n, a in p.cluster_rows.get(key, []) if n == name]
            answer = next((a for a in seen if a.matched is not None), seen[0] if seen else None)
            if answer is not None:
                yield key, name, answer


def _shadowed(p: _Pass, objects: _Objects) -> list[_Finding]:
    """Rules no request reaches under the controller that serves them, each with the rule that
    took its own path (when one did) and how to let it through."""
    found = []
    for key, name, answer in _unreached(p):
        ingress = objects.ingresses[key[0]]
        by = answer.matched
        tally = _Tally(requests=p.work.counts[key])
        tally.sites = {key[1]}
        tally.rules = {key}
        title = f"Rule {_rule_text(key)} is never reached under {name}"
        link = SURPRISE_KINDS["shadowed-rule"][1] if name == "alb" else NGINX_ORDER_LINK
        objs: tuple[ObjectRef, ...] = (objects.rule(key),)
        if by is None:
            why = f"its own path answers {answer.outcome}"
            fix = "check the rule's host and path against the requests it should take"
        else:
            by_key = _match_key(by)
            tally.rules.add(by_key)
            objs += (objects.rule(by_key),)
            why = f"every request it names goes to {_rule_text(by_key)} first"
            if name != "alb":
                fix = (
                    "remove the duplicate, or give it another path: nginx serves one location "
                    "per path and host"
                )
            elif by.ingress != ingress.ref:
                why += f" (ALB rule priority {by.priority} on load balancer "
                why += f"{p.lb_of[ingress.ref].name})"
                fix = (
                    f"order the group so that {ingress.ref} comes before {by.ingress} "
                    f"({_A}group.order), or narrow {by.ingress}'s rule"
                )
            else:
                why += f" (ALB rule priority {by.priority} on load balancer "
                why += f"{p.lb_of[ingress.ref].name})"
                fix = (
                    "list the more specific rule first in spec.rules (the ALB keeps the order "
                    "of spec.rules entries), or narrow the earlier rule"
                )
        found.append(
            _Finding(
                "shadowed-rule",
                "warning",
                name,
                title,
                f"No request generated at this rule's boundaries reaches it: {why}.",
                fix,
                objs,
                _blast(tally, []),
                link,
                (p.example(answer.request, [(name, answer)]),),
            )
        )
    return found


def _regex_mode(p: _Pass, objects: _Objects) -> list[_Finding]:
    found = []
    for host, (causes, victims, literal) in sorted(p.regex_servers.items()):
        tally = p.regex.get(host) or _Tally()
        victim_keys = {
            rule_key(
                loc.ingress or "",
                None if host == "_" else host,
                loc.ingress_path,
                loc.declared_type,
            )
            for loc in literal
        }
        objs = [objects.ingress(ref) for ref in sorted(causes)]
        objs += [objects.rule(k) for k in sorted(victim_keys)[:5]]
        found.append(
            _Finding(
                "regex-mode",
                "warning",
                "nginx",
                f"Host {host}: use-regex on {', '.join(sorted(causes))} turns "
                f"{', '.join(sorted(victims))}'s paths into regexes",
                f"use-regex or rewrite-target on {', '.join(sorted(causes))} makes every "
                f"location of host {host} a case-insensitive regex prefix, including "
                f"{len(victim_keys)} Exact or Prefix path(s) of other Ingresses: "
                f"{tally.requests} generated request(s) are answered as those paths' "
                "pathType does not say (other case, longer paths, a regex taking them).",
                "give the regex paths their own host, or write the other paths as regexes on "
                "purpose",
                tuple(objs),
                _blast(tally, [_namespace(r) for r in causes | victims], victim_keys),
                SURPRISE_KINDS["regex-mode"][1],
                tuple(tally.examples),
            )
        )
    return found


def _no_endpoints(p: _Pass, objects: _Objects) -> list[_Finding]:
    found = []
    referenced: dict[Backend, list[RuleKey]] = {}
    managed = {d.ingress for m in p.real.values() for d in m.decisions if d.managed}
    for key, ingress, rule_index, path_index in p.work.rules:
        if ingress.ref not in managed:
            continue
        backend = ingress.rules[rule_index].paths[path_index].backend
        if backend is None or backend.port == "use-annotation":
            continue
        referenced.setdefault(backend, []).append(key)
    for backend, keys in referenced.items():
        state = p.cluster.services.lookup(backend)
        if state.problem != "no-endpoints":
            continue
        tally = p.unavailable.get(str(backend)) or _Tally()
        objs = [objects.service(backend.namespace, backend.service)]
        objs += [objects.rule(k) for k in keys[:5]]
        found.append(
            _Finding(
                "no-ready-endpoints",
                "warning",
                None,
                f"Service {backend.namespace}/{backend.service}: no ready endpoints",
                f"{state.reason}: every request its {len(keys)} rule(s) take answers 503 "
                "(502 from an ALB with instance targets).",
                "scale the workload up, make its pods ready, or fix the Service's selector "
                "or named targetPort",
                tuple(objs),
                _blast(tally, [backend.namespace], keys),
                SURPRISE_KINDS["no-ready-endpoints"][1],
                tuple(tally.examples),
            )
        )
    return found


def _internal(p: _Pass, objects: _Objects) -> list[_Finding]:
    alb = p.real.get("alb")
    if not isinstance(alb, AlbModel):
        return []
    found = []
    for lb in alb.load_balancers:
        if lb.error is not None or lb.scheme != "internal":
            continue
        if any(_A + "scheme" in objects.ingresses[r].annotations for r in lb.ingresses):
            continue  # asked for on purpose
        keys = [k for ref in lb.ingresses for k in _keys_of(objects.ingresses[ref])]
        tally = _Tally(requests=p.lb_requests[lb.name])
        tally.sites = {k[1] for k in keys}
        tally.rules = set(keys)
        what = f"IngressGroup {lb.group}" if len(lb.ingresses) > 1 else lb.ingresses[0]
        found.append(
            _Finding(
                "internal-scheme",
                "warning",
                "alb",
                f"Load balancer {lb.name} is internal: only reachable inside the VPC",
                f"No Ingress of {what} "
                f"sets {_A}scheme, and the controller's default is internal: its "
                f"{len(keys)} rule path(s) on {len(tally.sites)} host(s) are not reachable "
                "from the internet.",
                f"set {_A}scheme: internet-facing on the Ingress(es) if clients outside the "
                "VPC must reach it (it creates a new load balancer with a new DNS name), or "
                "internal to say it is meant",
                tuple(objects.ingress(r) for r in lb.ingresses),
                _blast(tally, [_namespace(r) for r in lb.ingresses]),
                SURPRISE_KINDS["internal-scheme"][1],
            )
        )
    return found


def _rewrites(p: _Pass, objects: _Objects) -> list[_Finding]:
    found = []
    for (name, ref), tally in sorted(p.rewrites.items()):
        ingress = objects.ingresses.get(ref)
        if ingress is None:
            continue
        how = (
            f"{_N}rewrite-target {ingress.annotations.get(_N + 'rewrite-target')!r}"
            if name == "nginx"
            else f"{_A}transforms"
        )
        same = len(tally.values) == 1 and tally.requests > 1
        message = (
            f"{how} sends the backend another path than the client asked for "
            f"({tally.requests} generated request(s))"
        )
        if same:
            message += f"; every one of them arrives as {next(iter(tally.values))}"
        found.append(
            _Finding(
                "rewrite",
                "warning" if same else "info",
                name,
                f"Ingress {ref}: the backend receives rewritten paths",
                message + ".",
                "check that the backend serves the rewritten paths"
                + (
                    "; a rewrite target without a capture group ($1, $2) drops the rest of the path"
                    if same
                    else ""
                ),
                (objects.ingress(ref),),
                _blast(tally, [_namespace(ref)]),
                SURPRISE_KINDS["rewrite"][1],
                tuple(tally.examples),
            )
        )
    return found


DETECTORS = (
    _alb_errors,
    _nginx_refusals,
    _group_takes_paths,
    _shadowed,
    _regex_mode,
    _no_endpoints,
    _internal,
    _rewrites,
)


def _ranked(findings: list[_Finding]) -> tuple[Surprise, ...]:
    order = {kind: n for n, kind in enumerate(SURPRISE_KINDS)}
    findings.sort(
        key=lambda f: (
            tuple(-n for n in f.blast.key()),
            _SEVERITY_ORDER[f.severity],
            order[f.kind],
            f.title,
        )
    )
    return tuple(
        Surprise(
            rank,
            f.kind,
            f.severity,
            f.controller,
            f.title,
            f.message,
            f.fix,
            f.objects,
            f.blast,
            f.link,
            f.examples,
        )
        for rank, f in enumerate(findings, 1)
    )


# ------------------------------------------------------------------------------------------------
# Inventory, rules, differences


def _inventory(p: _Pass, objects: _Objects) -> Inventory:
    manifests = p.manifests
    managed_by: dict[str, list[str]] = {}
    for controller_name, model in (("alb", p.cluster.alb), ("nginx", p.cluster.nginx)):
        for decision in model.decisions:
            if decision.managed:
                managed_by.setdefault(decision.ingress, []).append(controller_name)
    classes = {c.name: c for c in manifests.ingress_classes}
    rows: dict[tuple[str | None, str, tuple[str, ...]], list[str]] = {}
    for ingress in manifests.ingresses:
        name = ingress.class_annotation or ingress.class_name
        if ingress.class_annotation is not None:
            controller = "(annotation kubernetes.io/ingress.class)"
        elif name is None:
            controller = "(no class)"
        elif name in classes:
            controller = classes[name].controller
        else:
            controller = "(IngressClass not in the input)"
        key = (name, controller, tuple(managed_by.get(ingress.ref, [])))
        rows.setdefault(key, []).append(ingress.ref)
    class_rows = tuple(
        ClassRow(name, controller, managed, tuple(refs))
        for (name, controller, managed), refs in sorted(
            rows.items(), key=lambda item: (item[0][0] or "", item[0][1])
        )
    )
    groups: list[GroupRow] = []
    lbs: list[LoadBalancerRow] = []
    alb = p.real.get("alb")
    if isinstance(alb, AlbModel):
        for lb in alb.load_balancers:
            hosts = sorted(
                {k[1] or "*" for ref in lb.ingresses for k in _keys_of(objects.ingresses[ref])}
            )
            rules = sum(len(ls.rules) for ls in lb.listeners)
            lbs.append(
                LoadBalancerRow(
                    "alb",
                    lb.name,
                    "ALB",
                    lb.scheme,
                    tuple(f"{ls.protocol}:{ls.port}" for ls in lb.listeners),
                    rules,
                    tuple(hosts),
                    lb.ingresses,
                    lb.error,
                )
            )
            if any(_A + "group.name" in objects.ingresses[r].annotations for r in lb.ingresses):
                groups.append(
                    GroupRow(
                        lb.group,
                        lb.name,
                        tuple((r, _group_order(objects.ingresses[r])) for r in lb.ingresses),
                    )
                )
    nginx = p.real.get("nginx")
    if isinstance(nginx, NginxModel):
        hosts = sorted({"*" if s.is_default else s.hostname for s in nginx.servers})
        locations = sum(1 for s in nginx.servers for loc in s.locations if loc.source == "rule")
        fleet = [
            s
            for s in manifests.services
            if s.type == "LoadBalancer" and "ingress-nginx" in f"{s.namespace}/{s.name}"
        ]
        kind = load_balancer_for(fleet[0]) if fleet else None
        lbs.append(
            LoadBalancerRow(
                "nginx",
                fleet[0].ref if fleet else "ingress-nginx (Service not in the input)",
                kind.kind.upper() if kind else "NLB",
                fleet[0].annotations.get("service.beta.kubernetes.io/aws-load-balancer-scheme")
                if fleet
                else None,
                tuple(f"{port.protocol}:{port.port}" for port in fleet[0].ports)
                if fleet
                else ("TCP:80", "TCP:443"),
                locations,
                tuple(hosts),
                tuple(i.ref for i in nginx.ingresses),
                nginx.error,
            )
        )
    services: dict[Backend, list[str]] = {}
    for ingress in manifests.ingresses:
        for rule in ingress.rules:
            for path in rule.paths:
                backend = path.backend
                if backend is not None and backend.port != "use-annotation":
                    refs = services.setdefault(backend, [])
                    if ingress.ref not in refs:
                        refs.append(ingress.ref)
        if ingress.default_backend is not None:
            services.setdefault(ingress.default_backend, []).append(ingress.ref)
    service_rows = []
    for backend, refs in sorted(services.items(), key=lambda item: str(item[0])):
        state = p.cluster.services.lookup(backend)
        view = state.service
        status = state.problem or (
            "assumed"
            if state.assumed
            else "external-name"
            if view is not None and view.type == "ExternalName"
            else "ready"
        )
        service_rows.append(
            ServiceRow(
                str(backend),
                objects.service(backend.namespace, backend.service),
                None if view is None else view.type,
                len(state.endpoints),
                status,
                state.reason,
                tuple(refs),
            )
        )
    keys = [k for k, _, _, _ in p.work.rules]
    return Inventory(
        tuple(sorted({i.namespace for i in manifests.ingresses})),
        class_rows,
        tuple(groups),
        tuple(lbs),
        tuple(sorted({k[1] or "*" for k in keys})),
        len(keys),
        tuple(service_rows),
    )


def _rules(p: _Pass, objects: _Objects) -> tuple[RuleRow, ...]:
    managing: dict[str, str] = {}
    for name in ("alb", "nginx"):
        model = p.real.get(name)
        if model is not None:
            for d in model.decisions:
                if d.managed:
                    managing.setdefault(d.ingress, name)
    rows = []
    for key, ingress, _, _ in p.work.rules:
        answers = p.rows.get(key, {})
        rows.append(
            RuleRow(
                objects.rule(key),
                key[1],
                key[2],
                key[3],
                managing.get(ingress.ref),
                tuple(
                    (scheme, tuple(answers[scheme]))
                    for scheme in ("http", "https")
                    if scheme in answers
                ),
            )
        )
    return tuple(rows)


def _differences(p: _Pass) -> tuple[DifferenceKind, ...]:
    rows = []
    for (target, kind), tally in p.kinds.items():
        rows.append(
            DifferenceKind(
                kind,
                REPORT_KINDS.get(kind)
                or DIFFERENCE_KINDS.get(kind, DIFFERENCE_KINDS["unexplained"]),
                ("nginx", target),
                tally.requests,
                difference_link(kind),
                tuple(tally.examples),
            )
        )
    rows.sort(key=lambda d: (-d.requests, d.models, d.kind))
    return tuple(rows)


def _problems(manifests: Manifests) -> tuple[Problem, ...]:
    return tuple(
        Problem(p.where, p.severity, p.check, p.message + (f" (hint: {p.hint})" if p.hint else ""))
        for p in manifests.problems
    )


def build_report(
    manifests: Manifests,
    *,
    site_url: str = DEFAULT_SITE_URL,
    options: Options | None = None,
    progress: Progress | None = None,
) -> Report:
    """The report on some manifests: inventory, every rule answered, surprises ranked by
    blast radius, and what leaving ingress-nginx takes.

    `site_url` is the address the report's links start with (the published site by default).
    `options` configure the simulated controllers (`Options`: the ALB rule quota, ingress-nginx
    without its admission webhook, ...). `progress(stage, done, total)` is called while
    requests are answered ("answering") and replayed for the ALB ("comparing")."""
    if not site_url.endswith("/"):
        site_url += "/"
    run = _Pass(manifests, options, progress)
    work = run.work
    run.run()
    objects = _Objects(manifests)
    findings = [f for detector in DETECTORS for f in detector(run, objects)]
    surprises = _ranked(findings)
    inventory = _inventory(run, objects)
    differences = _differences(run)
    targets = tuple(t for t in TARGETS if t in run.names)
    moving = leaving(
        run.cluster,
        run.real.get("nginx"),
        work,
        objects.ingress,
        run.gateway_changes,
        targets,
        progress,
    )
    counts = Counter(s.kind for s in surprises)
    summary = Summary(
        len(manifests.ingresses),
        len(inventory.namespaces),
        len(inventory.hosts),
        inventory.paths,
        len(inventory.load_balancers),
        len(work.requests),
        run.differing,
        {kind: counts[kind] for kind in SURPRISE_KINDS if counts[kind]},
    )
    return Report(
        __version__,
        site_url,
        run.names,
        manifests.checked,
        summary,
        inventory,
        _rules(run, objects),
        differences,
        surprises,
        moving,
        _problems(manifests),
    )

"""The contract every controller model honours, and what is decided once for all of them.

A controller model is built from the same inputs (`Manifests`, one `ServiceCatalogue`, one
`Options`) and answers a `Request` with a list of `Resolution`s: one per load balancer or proxy
that the request can reach, each naming it in `load_balancer` (None where the controller has a
single entry point, as the spec and ingress-nginx do). A caller that shows one answer shows the
one `choose` picks; `route`, `diff`, `replay`, `trace` and the pages all go through it.

"Ignored" (the controller manages none of the Ingresses) is decided here, from each model's
`decisions`, the same way for every model. "Rejected" (an admission webhook denied the Ingress
that would have matched) and "controller-error" (the controller cannot build a load balancer)
stay answers of the model that knows them.

This module knows nothing about any one controller's rules.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from .._http import Request
from .._k8s.manifests import Manifests
from .._result import Outcome, Resolution, Step
from .._services import ServiceCatalogue

__all__ = [
    "CHART_CLASSES",
    "DEFAULT_RULE_QUOTA",
    "ClassDecision",
    "Controller",
    "Options",
    "choose",
    "ignored",
    "prepare",
]

#: Rules per load balancer, default rules excluded; adjustable (ALB quota L-7EED9B64).
DEFAULT_RULE_QUOTA = 100
#: The IngressClasses the modelled controllers' Helm charts install (the AWS Load Balancer
#: Controller's `alb`, ingress-nginx's `nginx`): assumed to exist when the input lacks them.
CHART_CLASSES = frozenset({"alb", "nginx"})


@dataclass(frozen=True, slots=True)
class Options:
    """What the simulated controllers are configured with, shared by every model.

    `assume_services`: the assume-services policy (`ServiceCatalogue`). `any_class`: every
    Ingress counts as each controller's, whatever class it names (`Manifests.any_class`).
    ALB: `rule_quota` (None: unlimited) and `cluster_name` (the controller's --cluster-name,
    hashed into generated names). ingress-nginx: `ingress_class` (its --ingress-class, default
    `nginx`) and `admission_webhook` (False: installed without it).
    """

    assume_services: bool | None = None
    any_class: bool = False
    rule_quota: int | None = DEFAULT_RULE_QUOTA
    cluster_name: str = ""
    ingress_class: str | None = None
    admission_webhook: bool = True


@dataclass(frozen=True, slots=True)
class ClassDecision:
    """Whether a controller manages an Ingress, and why (`error`: class loading fails)."""

    ingress: str
    managed: bool
    reason: str
    error: str | None = None


class Controller(ABC):
    """What every controller model offers; callers never ask which one they hold."""

    #: the name the engine and the CLI know it by: spec, alb, nginx
    name: ClassVar[str]
    #: the product it stands for, in answers and explanations
    label: ClassVar[str]
    #: per Ingress of the input, whether this controller manages it
    decisions: tuple[ClassDecision, ...]

    @abstractmethod
    def __init__(
        self,
        manifests: Manifests,
        *,
        options: Options | None = None,
        services: ServiceCatalogue | None = None,
    ) -> None:
        """Build from the manifests; without `services`, a catalogue of their own under
        `options.assume_services`; under `options.any_class`, every Ingress is this one's."""

    @abstractmethod
    def resolve(self, request: Request, *, explain: bool = False) -> list[Resolution]:
        """One answer per load balancer or proxy the request can reach, the preferred first."""

    @cached_property
    def manages_any(self) -> bool:
        """Whether this controller manages at least one Ingress (else it answers `ignored`)."""
        return any(d.managed for d in self.decisions)

    def answer(self, request: Request, *, explain: bool = False) -> Resolution:
        """The one answer a caller shows (`choose`)."""
        return choose(self.resolve(request, explain=explain))


def prepare(
    manifests: Manifests, options: Options | None, services: ServiceCatalogue | None
) -> tuple[Manifests, Options, ServiceCatalogue]:
    """What every model's constructor starts with: the options (default `Options()`), the
    manifests as the model reads them (every class removed under `any_class`), and the Service
    catalogue (the engine's shared one, or one of the model's own under the same policy)."""
    options = options or Options()
    if options.any_class:
        manifests = manifests.any_class()
    catalogue = services or ServiceCatalogue(manifests, assume=options.assume_services)
    return manifests, options, catalogue


def ignored(
    controller: Controller, request: Request, *, explain: bool = False
) -> Resolution | None:
    """The `ignored` answer when `controller` manages none of the Ingresses, else None."""
    if controller.manages_any:
        return None
    decisions = controller.decisions
    if decisions:
        message = (
            f"no Ingress in the input is managed by {controller.label} (their class names "
            "another controller); simulate them anyway with any_class=True (--any-class)"
        )
    else:
        message = "the input holds no Ingress"
    trail = (
        tuple(Step(f"Ingress {d.ingress}", "skipped", d.reason) for d in decisions)
        if explain
        else ()
    )
    return Resolution(controller.name, request, Outcome.IGNORED, message=message, explain=trail)


def choose(answers: Sequence[Resolution]) -> Resolution:
    """The answer a caller shows when it shows one. Each model answers only for the load
    balancers DNS can send the Host to (for the ALB: those naming it exactly, else by wildcard,
    else those taking any host); when several can, this takes the first that has a rule for
    the request (a rule matched, or a redirect), else the first. Simplified: which of several
    records DNS serves is not modelled."""
    for answer in answers:
        if answer.matched is not None or answer.outcome is Outcome.REDIRECT:
            return answer
    return answers[0]

"""What the ELBv2 API refuses in the rules the AWS Load Balancer Controller sends: one place.

The controller does not check host-header or path-pattern values, nor the per-rule quotas: it
sends them in CreateRule/ModifyRule, ELBv2 answers `ValidationError`, and the whole
IngressGroup stops reconciling (LBC v3.5.0 `pkg/deploy/elbv2/listener_rule_manager.go` returns
the error; `pkg/ingress/model_build_listener_rules.go` passes paths through verbatim, or as
`RegexValues` with `alb.ingress.kubernetes.io/use-regex-path-match: "true"`).

Sources: ELBv2 API reference `HostHeaderConditionConfig` (at most 128 characters; `A-Z a-z
0-9 - .` and the wildcards `*` `?`; at least one `.`; only letters after the last `.`),
`PathPatternConditionConfig` and the user guide's "Path conditions" (at most 128 characters;
`A-Z a-z 0-9 _ - . $ / ~ " ' @ : +`, `&`, `*`, `?`), the `RegexValues` members (at most 128
characters), and the quotas of `load-balancer-limits.md` (5 condition values, 5 condition
wildcards per rule; not adjustable). The message for a bad character is the API's own
("Condition value 'intranet' contains a character that is not valid"); where AWS does not
publish the text, the message says what was broken in this model's words.

This module is used by the ALB model (a load balancer whose rules break these rules answers
`controller-error`), by `lint`, and by the tests that check `export alb`'s requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # build.py imports this module to check what it built
    from .build import Condition, Rule

__all__ = [
    "CONDITION_VALUES_QUOTA",
    "CONDITION_WILDCARDS_QUOTA",
    "MAX_REWRITE_LENGTH",
    "MAX_VALUE_LENGTH",
    "condition_errors",
    "rule_error",
    "value_error",
]

MAX_VALUE_LENGTH = 128
#: Condition values per rule (quota, not adjustable).
CONDITION_VALUES_QUOTA = 5
#: Condition wildcards (`*`, `?`) per rule (quota, not adjustable).
CONDITION_WILDCARDS_QUOTA = 5
#: A transform's regex and replace strings (ELBv2 API reference, RewriteConfig).
MAX_REWRITE_LENGTH = 1024

_HOST_CHARACTERS = re.compile(r"[A-Za-z0-9.*?-]+")
_PATH_CHARACTERS = re.compile(r"""[A-Za-z0-9_\-.$/~"'@:+&*?]+""")


def value_error(field: str, value: str, *, regex: bool = False) -> str | None:
    """Why ELBv2 refuses one host-header or path-pattern value, or None."""
    if len(value) > MAX_VALUE_LENGTH:
        return (
            f"ValidationError: Condition value '{value}' is longer than {MAX_VALUE_LENGTH} "
            "characters"
        )
    if regex or field not in ("host-header", "path-pattern"):
        return None
    bad = f"ValidationError: Condition value '{value}' contains a character that is not valid"
    if field == "host-header":
        last = value.rpartition(".")[2]
        if not _HOST_CHARACTERS.fullmatch(value) or "." not in value or not last.isalpha():
            return bad
        return None
    if not _PATH_CHARACTERS.fullmatch(value):
        return bad
    return None


def condition_errors(conditions: Iterable[Condition]) -> Iterator[str]:
    """Every value of these conditions that ELBv2 refuses, in order."""
    for condition in conditions:
        for value in condition.values:
            error = value_error(condition.field, value)
            if error is not None:
                yield error
        for value in condition.regex_values:
            error = value_error(condition.field, value, regex=True)
            if error is not None:
                yield error


def rule_error(rule: Rule) -> str | None:
    """The first refusal ELBv2 answers to one CreateRule: a value, then the per-rule quotas."""
    error = next(condition_errors(rule.conditions), None)
    if error is not None:
        return error
    values = sum(len(c.values) + len(c.regex_values) for c in rule.conditions)
    if values > CONDITION_VALUES_QUOTA:
        return f"ValidationError: A rule can only have '{CONDITION_VALUES_QUOTA}' condition values"
    wildcards = sum(v.count("*") + v.count("?") for c in rule.conditions for v in c.values)
    if wildcards > CONDITION_WILDCARDS_QUOTA:
        return (
            f"ValidationError: the rule's condition values hold {wildcards} wildcards; the "
            f"quota is {CONDITION_WILDCARDS_QUOTA} per rule"
        )
    return _transform_error(rule)


def _transform_error(rule: Rule) -> str | None:
    """User guide `rule-transforms.md`: one host-header-rewrite and one url-rewrite per rule;
    API reference RewriteConfig: regex and replace at most 1,024 characters each."""
    kinds = [t.type for t in rule.transforms]
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            count = kinds.count(kind)
            return f"ValidationError: a rule can have one {kind} transform, this one has {count}"
    for transform in rule.transforms:
        for regex, replace in transform.rewrites:
            if len(regex) > MAX_REWRITE_LENGTH or len(replace) > MAX_REWRITE_LENGTH:
                return (
                    f"ValidationError: a {transform.type} regex or replace is longer than "
                    f"{MAX_REWRITE_LENGTH} characters"
                )
    return None

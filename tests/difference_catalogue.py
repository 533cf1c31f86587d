"""The ALB-vs-NGINX difference catalogue: every witness manifest, run through `diff`.

`python tests/difference_catalogue.py` prints the tables of
docs/explanation/alb-vs-nginx-differences.md; tests/test_difference_catalogue.py checks the page
holds exactly these, and that every example manifest on which the models differ is in it.
"""

from __future__ import annotations

from pathlib import Path

import ingresslab
from ingresslab import Resolution

ROOT = Path(__file__).resolve().parent.parent
HEADER = "| n | for example | ALB | NGINX |"


def answer(result: Resolution) -> str:
    if result.outcome is ingresslab.Outcome.ROUTE and result.backend is not None:
        where = f" via `{result.matched.path}`" if result.matched else ""
        return f"{result.backend.service}{where}"
    if result.outcome is ingresslab.Outcome.REDIRECT:
        return f"{result.status} to `{result.location}`"
    status = f" {result.status}" if result.status else ""
    return f"{result.outcome}{status}"


def table(example: str) -> str:
    manifests = ingresslab.load(ROOT / example)
    groups = ingresslab.group_differences(ingresslab.diff(manifests))
    lines = [HEADER, "|---|---|---|---|"]
    for group in groups:
        alb, nginx = group.answers
        lines.append(
            f"| {len(group.requests)} | `{group.requests[0].url}` | {answer(alb)} | "
            f"{answer(nginx)} |"
        )
    return "\n".join(lines)


def witnesses() -> list[str]:
    """Example manifests on which the ALB and NGINX models answer some request differently."""
    found = []
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        manifests = ingresslab.load(path)
        if manifests.errors or not manifests.ingresses:
            continue
        if ingresslab.diff(manifests):
            found.append(str(path.relative_to(ROOT)))
    return found


if __name__ == "__main__":
    for example in witnesses():
        print(f"<!-- {example} -->")
        print(table(example))
        print()

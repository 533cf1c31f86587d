"""Tables on the reference pages that are rendered from what the code knows.

`python tests/reference_tables.py` prints them; tests/test_reference_parity.py checks the
pages hold exactly these.
"""

from __future__ import annotations

import ingresslab

ANNOTATIONS_HEADER = "| Annotation | Model | What the model does with it | Source |"
OUTCOMES_HEADER = "| Outcome | Meaning |"


def annotations_table() -> str:
    lines = [ANNOTATIONS_HEADER, "|---|---|---|---|"]
    for item in ingresslab.ANNOTATIONS:
        controller = {"alb": "ALB", "nginx": "NGINX", "both": "ALB, NGINX"}[item.controller]
        lines.append(f"| `{item.name}` | {controller} | {item.effect} | {item.source} |")
    return "\n".join(lines)


def outcomes_table() -> str:
    lines = [OUTCOMES_HEADER, "|---|---|"]
    for outcome, meaning in ingresslab.OUTCOME_MEANINGS.items():
        lines.append(f"| `{outcome}` | {meaning} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(annotations_table())
    print()
    print(outcomes_table())

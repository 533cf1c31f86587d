"""Parity: the reference tables are what the code knows, and the annotation registry names
exactly the annotations the models read."""

from __future__ import annotations

import re
from pathlib import Path

from reference_tables import (
    ANNOTATIONS_HEADER,
    OUTCOMES_HEADER,
    annotations_table,
    outcomes_table,
)

import ingresslab

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "ingresslab"


def _table_on(page: str, header: str) -> str:
    text = (ROOT / "docs" / "reference" / page).read_text()
    start = text.index(header)
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else None].rstrip()


def test_annotations_page_equals_the_registry() -> None:
    assert _table_on("annotations.md", ANNOTATIONS_HEADER) == annotations_table(), (
        "regenerate with: python tests/reference_tables.py"
    )


def test_outcomes_page_equals_the_code() -> None:
    assert _table_on("outcomes.md", OUTCOMES_HEADER) == outcomes_table()
    assert set(ingresslab.OUTCOME_MEANINGS) == set(ingresslab.Outcome)


def _read_by_models() -> set[str]:
    alb = "".join(p.read_text() for p in sorted((SRC / "_controllers" / "alb").glob("*.py")))
    nginx = "".join(p.read_text() for p in sorted((SRC / "_controllers" / "nginx").glob("*.py")))
    names = {"alb.ingress.kubernetes.io/" + m for m in re.findall(r'_A \+ "([a-z.-]+)"', alb)}
    names |= {
        f"alb.ingress.kubernetes.io/{m}.<name>" for m in re.findall(r'f"\{_A\}([a-z]+)\.', alb)
    }
    prefix = "nginx.ingress.kubernetes.io/"
    names |= {prefix + m for m in re.findall(r'_PREFIX \+ "([a-z-]+)"', nginx)}
    names |= {prefix + m for m in re.findall(r'_bool\([^,]+, "([a-z-]+)"', nginx)}
    if '.endswith("-snippet")' in nginx:
        names.add(prefix + "<any>-snippet")
    if "kubernetes.io/ingress.class" in (SRC / "_k8s" / "model.py").read_text():
        names.add("kubernetes.io/ingress.class")
    return names


def test_registry_names_exactly_what_the_models_read() -> None:
    assert {a.name for a in ingresslab.ANNOTATIONS} == _read_by_models()

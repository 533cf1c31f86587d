"""Parity: the pathType table on docs/reference/path-types.md is what the models answer, and
the spec model answers what the Kubernetes docs say (kubernetes/website,
content/en/docs/concepts/services-networking/ingress.md, "Examples")."""

from __future__ import annotations

from pathlib import Path

import pytest
from pathtype_table import ALL_PATHS, HEADER, ROWS, answers, table

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "path-types.md"


def test_the_page_shows_exactly_what_the_models_answer() -> None:
    text = PAGE.read_text()
    start = text.index(HEADER)
    end = text.index("\n\n", start)
    assert text[start:end] == table(), "regenerate with: python tests/pathtype_table.py"


@pytest.mark.parametrize(("kind", "paths", "requests", "verdict"), ROWS)
def test_spec_model_agrees_with_the_kubernetes_docs(
    kind: str, paths: list[str], requests: list[str], verdict: str
) -> None:
    for request in ALL_PATHS if requests == ["(all paths)"] else requests:
        spec = answers(kind, paths, request)[0]
        if verdict.startswith("No"):
            assert spec == "404 (not-found)"
        elif "prefers Exact" in verdict:
            assert spec == "`/foo` (Exact)"
        elif "matches /" in verdict and "prefix" in verdict:
            winner = verdict.split("matches ", 1)[1].removesuffix(" prefix")
            assert spec == f"`{winner}` (Prefix)"
        else:
            assert spec.startswith("`"), spec

"""Parity: docs/explanation/alb-gateway-vs-gateway-api.md is what the Gateway API model and the
ALB Gateway model answer on its witnesses (tests/alb_gateway_catalogue.py), and lists every
witness manifest (examples/gateway-alb-*.yaml) on which they differ; its Korean page holds the
same tables."""

from __future__ import annotations

import re

import pytest
from alb_gateway_catalogue import ROOT, table, witnesses

PAGE = ROOT / "docs" / "explanation" / "alb-gateway-vs-gateway-api.md"
KOREAN = PAGE.with_name("alb-gateway-vs-gateway-api.ko.md")
_ENTRY = re.compile(r"^<!-- (examples/[^ ]+\.yaml) -->\n(\|.*?)(?:\n\n|\Z)", re.M | re.S)
ENTRIES = dict(_ENTRY.findall(PAGE.read_text()))


def test_the_page_has_entries() -> None:
    assert len(ENTRIES) >= 12


@pytest.mark.parametrize("example", sorted(ENTRIES))
def test_each_table_is_what_the_models_answer(example: str) -> None:
    assert ENTRIES[example].rstrip() == table(example), (
        "regenerate the table from: python tests/alb_gateway_catalogue.py"
    )


def test_every_witness_is_in_the_catalogue() -> None:
    missing = sorted(set(witnesses()) - set(ENTRIES))
    assert not missing, f"document these differences on {PAGE.name}: {missing}"


def test_every_entry_is_a_witness() -> None:
    """An example that no longer shows a difference leaves the page."""
    assert sorted(ENTRIES) == sorted(set(ENTRIES) & set(witnesses()))


def test_the_korean_page_has_the_same_tables() -> None:
    assert dict(_ENTRY.findall(KOREAN.read_text())) == ENTRIES

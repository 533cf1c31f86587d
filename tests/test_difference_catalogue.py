"""Parity: docs/explanation/alb-vs-nginx-differences.md is what `diff` finds on its witnesses,
and lists every witness manifest (examples/alb-*, examples/nginx-*, the home-page Ingress) on
which the ALB and NGINX models differ."""

from __future__ import annotations

import re

import pytest
from difference_catalogue import ROOT, table, witnesses

PAGE = ROOT / "docs" / "explanation" / "alb-vs-nginx-differences.md"
_ENTRY = re.compile(r"^<!-- (examples/[^ ]+\.yaml) -->\n(\|.*?)(?:\n\n|\Z)", re.M | re.S)
ENTRIES = dict(_ENTRY.findall(PAGE.read_text()))


def test_the_page_has_entries() -> None:
    assert len(ENTRIES) >= 10


@pytest.mark.parametrize("example", sorted(ENTRIES))
def test_each_table_is_what_diff_finds(example: str) -> None:
    assert ENTRIES[example].rstrip() == table(example), (
        "regenerate the table from: python tests/difference_catalogue.py"
    )


def test_every_witness_is_in_the_catalogue() -> None:
    named = [
        w for w in witnesses()
        if re.match(r"examples/(alb-|nginx-|some-ingress\.yaml)", w)
    ]  # fmt: skip
    missing = sorted(set(named) - set(ENTRIES))
    assert not missing, f"document these differences on {PAGE.name}: {missing}"

"""Pages and notebooks use only the public surface: what they need is in `ingresslab.__all__`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ingresslab

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [p for p in (ROOT / "docs").rglob("*.md") if "assets" not in p.parts]
    + list((ROOT / "notebooks").glob("*.py"))
    + list((ROOT / "examples").rglob("*.py"))
)
_PRIVATE = re.compile(r"\bingresslab\._[a-z_.]*|from ingresslab\.[a-z_.]+ import")
_FROM_PUBLIC = re.compile(r"^\s*from ingresslab import \(?([^)\n]+)", re.M)
_ATTRIBUTE = re.compile(r"\bingresslab\.([A-Za-z_][A-Za-z0-9_]*)")


def test_there_are_pages_and_notebooks() -> None:
    assert len(SOURCES) >= 50


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_private_name(path: Path) -> None:
    text = path.read_text()
    private = sorted(set(_PRIVATE.findall(text)))
    assert not private, f"{path.name} reaches past the public surface: {private}"
    public = set(ingresslab.__all__) | {"__version__"}
    named = {
        name.strip().split(" as ")[0]
        for group in _FROM_PUBLIC.findall(text)
        for name in group.split(",")
        if name.strip()
    }
    named |= set(_ATTRIBUTE.findall(text))
    assert named <= public, f"{path.name} uses names ingresslab does not export: {named - public}"

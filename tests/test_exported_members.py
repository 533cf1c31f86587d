"""The public surface is `ingresslab.__all__`, and nothing else is public by accident."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import ingresslab


def test_all_names_exist_and_are_unique() -> None:
    for name in ingresslab.__all__:
        assert hasattr(ingresslab, name), name
    assert len(set(ingresslab.__all__)) == len(ingresslab.__all__)


def test_every_public_attribute_is_in_all() -> None:
    public = {
        name
        for name, value in vars(ingresslab).items()
        if not name.startswith("_") and not isinstance(value, type(ingresslab))
    }
    lazy = set(ingresslab._EXPORTS)
    assert public | lazy == set(ingresslab.__all__)
    assert public <= lazy  # everything public arrives through the lazy table


def test_the_lazy_table_matches_the_typed_imports() -> None:
    """`_EXPORTS` (what runs) and the TYPE_CHECKING imports (what type checkers and the API
    docs read) name the same objects."""
    tree = ast.parse(Path(ingresslab.__file__).read_text())
    typed: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                typed[alias.asname or alias.name] = (module, alias.name)
    assert typed == ingresslab._EXPORTS


def test_importing_the_package_loads_no_model() -> None:
    code = (
        "import sys, ingresslab; "
        "print(sorted(m for m in sys.modules if m.startswith('ingresslab')))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "['ingresslab']"


def test_modules_are_private() -> None:
    modules = {
        name for name, value in vars(ingresslab).items() if isinstance(value, type(ingresslab))
    }
    assert all(name.startswith("_") for name in modules), modules

"""The public surface is `ingresslab.__all__`, and nothing else is public by accident."""

from __future__ import annotations

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
    assert public == set(ingresslab.__all__)


def test_modules_are_private() -> None:
    modules = {
        name for name, value in vars(ingresslab).items() if isinstance(value, type(ingresslab))
    }
    assert all(name.startswith("_") for name in modules), modules

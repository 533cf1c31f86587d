"""Parity of the Korean edition: every English page and notebook has a current Korean
counterpart with the same structure (see tests/translations.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from translations import (
    ROOT,
    code_blocks,
    content_hash,
    english_pages,
    headings,
    kept_lines,
    korean,
    notebook_code_cells,
    stamp,
)

PAGES = english_pages()


def _id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def test_there_are_pages_to_translate() -> None:
    assert len(PAGES) >= 25


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_korean_page_exists_and_is_current(page: Path) -> None:
    ko = korean(page)
    assert ko.exists(), f"no Korean page {ko.relative_to(ROOT)}"
    assert stamp(ko.read_text()) == content_hash(page), (
        f"{ko.relative_to(ROOT)} is stale: {_id(page)} changed since it was translated "
        "(python tests/translations.py)"
    )


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_korean_page_keeps_the_structure(page: Path) -> None:
    ko = korean(page)
    if not ko.exists():
        pytest.fail(f"no Korean page {ko.relative_to(ROOT)}")
    english, translated = page.read_text(), ko.read_text()
    notebook = page.suffix == ".py"
    assert headings(translated, notebook) == headings(english, notebook), "heading levels"
    if notebook:
        assert notebook_code_cells(translated) == notebook_code_cells(english), "code cells"
    else:
        assert code_blocks(translated) == code_blocks(english), "code blocks"
        assert kept_lines(translated) == kept_lines(english), "includes and markers"


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_korean_page_includes_korean_snippets(page: Path) -> None:
    ko = korean(page)
    if not ko.exists():
        pytest.skip("no Korean page yet: test_korean_page_exists_and_is_current fails for it")
    for line in ko.read_text(encoding="utf-8").splitlines():
        included = re.match(r'\s*--8<-- "(snippets/[^"]+)\.md"', line)
        if included and not included[1].endswith(".ko"):
            assert not (ROOT / f"{included[1]}.ko.md").exists(), f"{line.strip()}: use the .ko.md"

"""One story: each thing the site says once has one home, and no two pages are easy to mistake
for each other by their titles."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ENGLISH = sorted(p for p in DOCS.rglob("*.md") if not p.name.endswith(".ko.md"))
#: Words that say nothing about what a page is about.
_FILLER = {"a", "an", "the", "and", "or", "of", "in", "to", "by", "at", "on", "for", "your", "lab"}


def _nav_titles() -> dict[str, str]:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    titles: dict[str, str] = {}

    def walk(item: object) -> None:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    titles[value] = title
                else:
                    walk(value)
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(config["nav"])
    return titles


def _words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9-]+", title.lower()) if w not in _FILLER}


def test_no_two_pages_have_titles_easy_to_mistake() -> None:
    titles = _nav_titles()
    assert len(titles) >= 30
    close = []
    for (a, ta), (b, tb) in itertools.combinations(titles.items(), 2):
        wa, wb = _words(ta), _words(tb)
        if wa and wb and len(wa & wb) / len(wa | wb) >= 0.5:
            close.append(f"{ta!r} ({a}) and {tb!r} ({b})")
    assert close == []


def test_the_example_ingress_is_included_on_one_page() -> None:
    including = [
        str(p.relative_to(DOCS)) for p in ENGLISH
        if '--8<-- "examples/some-ingress.yaml"' in p.read_text(encoding="utf-8")
    ]  # fmt: skip
    assert including == ["tutorials/your-first-ingress.md"]
    page = (DOCS / including[0]).read_text(encoding="utf-8")
    assert "{ #the-example-ingress }" in page


def test_the_retirement_notice_is_written_once() -> None:
    """Pages include snippets/ingress-nginx-retired.md instead of writing their own notice."""
    notice = re.compile(r'^\s*!!! \w+ "[^"]*retire', re.M | re.I)
    written = [str(p.relative_to(DOCS)) for p in ENGLISH if notice.search(p.read_text())]
    assert written == []
    users = [p for p in ENGLISH if "snippets/ingress-nginx-retired.md" in p.read_text()]
    assert len(users) >= 3
    assert notice.search((ROOT / "snippets" / "ingress-nginx-retired.md").read_text())

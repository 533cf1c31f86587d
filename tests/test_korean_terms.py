"""One concept, one Korean term: the prose of every Korean page and notebook uses the terms of
tests/data/ko-terms.yaml and none of the variants it lists.

Only prose is checked. Code blocks, inline code, `{ #anchor }` ids, link addresses and HTML
comments stay as in English (tests/test_translations.py), and a notebook's code cells are code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from translations import ROOT

TERMS_FILE = ROOT / "tests" / "data" / "ko-terms.yaml"

_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})")
# An inline code span never runs past a blank line; an unmatched backtick masks nothing.
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_ATTR_LIST = re.compile(r"\{\s*#[^}\n]*\}")
_LINK_ADDRESS = re.compile(r"\]\([^)\n]*\)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Term:
    en: str
    ko: str
    avoid: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Hit:
    line: int
    found: str
    term: Term

    def __str__(self) -> str:
        return f"{self.found!r} -> use {self.term.ko!r} ({self.term.en})"


def load_terms(path: Path = TERMS_FILE) -> list[Term]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Term(
            en=entry["en"],
            ko=entry["ko"],
            avoid=tuple(entry.get("avoid") or ()),
            patterns=tuple(re.compile(p) for p in entry.get("avoid_patterns") or ()),
        )
        for entry in data["terms"]
    ]


def _blank(match: re.Match[str]) -> str:
    """The matched text with everything but line breaks turned into spaces (lines keep their
    numbers)."""
    return re.sub(r"[^\n]", " ", match[0])


def markdown_prose(text: str) -> str:
    """`text` with everything that is not prose turned into spaces: same length, same lines."""
    lines = text.split("\n")
    fence: str | None = None
    for i, line in enumerate(lines):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            lines[i] = " " * len(line)
            continue
        opened = _FENCE_OPEN.match(line)
        if opened:
            fence = opened[2]
            lines[i] = " " * len(line)
    prose = "\n".join(lines)
    for pattern in (_HTML_COMMENT, _INLINE_CODE, _ATTR_LIST, _LINK_ADDRESS):
        prose = pattern.sub(_blank, prose)
    return prose


def notebook_markdown(text: str) -> str:
    """The markdown cells of a jupytext percent-format notebook, without their `# ` prefix;
    the header and the code cells are blanked out, line for line."""
    lines = text.split("\n")
    in_markdown = False
    for i, line in enumerate(lines):
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line
            lines[i] = ""
        elif in_markdown:
            lines[i] = line[2:] if line.startswith("# ") else ""
        else:
            lines[i] = ""
    return "\n".join(lines)


def _variant(text: str) -> re.Pattern[str]:
    """A variant as a pattern; its spaces match any white space, a line break included (a
    wrapped line is still one sentence)."""
    return re.compile(r"\s+".join(re.escape(word) for word in text.split(" ")))


def find_variants(text: str, terms: list[Term]) -> list[Hit]:
    """Every variant in the prose of the Markdown `text`. A match counts when part of it is
    prose, so "`NodePort` 타입" is found and a variant inside code is not. A variant inside a
    longer one found at the same place (타깃 in 타깃 그룹) is reported once, as the longer one."""
    prose = markdown_prose(text)
    spans: list[tuple[int, int, Term]] = []
    for term in terms:
        found = [_variant(v) for v in term.avoid] + list(term.patterns)
        for pattern in found:
            spans += [(m.start(), m.end(), term) for m in pattern.finditer(text)]
    spans.sort(key=lambda s: (s[0], -s[1]))
    hits: list[Hit] = []
    covered_to = -1
    for start, end, term in spans:
        if end <= covered_to or not prose[start:end].strip():
            continue
        covered_to = max(covered_to, end)
        hits.append(Hit(text.count("\n", 0, start) + 1, text[start:end], term))
    return hits


def korean_pages() -> list[Path]:
    docs = [
        p for p in (ROOT / "docs").rglob("*.ko.md")
        if "assets" not in p.parts and "notebooks" not in p.parts
    ]  # fmt: skip
    return sorted(docs) + sorted((ROOT / "notebooks").glob("*.ko.py"))


TERMS = load_terms()
PAGES = korean_pages()


def test_term_list_has_one_term_per_concept() -> None:
    assert 20 <= len(TERMS) <= 40
    concepts = [t.en.lower() for t in TERMS]
    assert len(concepts) == len(set(concepts)), "a concept is listed twice"
    for term in TERMS:
        assert term.en and term.ko, term
        # A preferred term the list itself forbids would make every page fail.
        assert find_variants(term.ko, TERMS) == [], f"{term.ko!r} contains an avoided variant"


def test_the_edition_has_pages_and_notebooks() -> None:
    assert sum(p.suffix == ".md" for p in PAGES) >= 25
    assert sum(p.suffix == ".py" for p in PAGES) >= 5


def test_only_prose_is_checked() -> None:
    page = "\n".join(
        [
            "---",
            "translated_from: 0123456789abcdef",
            "---",
            "## 로드밸런서 { #로드밸런서 }",
            "`로드밸런서`는 코드이고 [링크](x.md#로드밸런서)의 주소도 그렇습니다.",
            "<!-- 로드밸런서 -->",
            "```yaml",
            "# 로드밸런서",
            "```",
            "!!! note",
            "    ~~~~",
            "    로드밸런서",
            "    ~~~~",
            "    타깃 그룹과 타깃, LoadBalancer 타입, `NodePort` 타입, 기본 인그레스",
            "    클래스",
        ]
    )
    hits = find_variants(page, TERMS)
    assert [(h.line, h.found) for h in hits] == [
        (4, "로드밸런서"),
        (14, "타깃 그룹"),
        (14, "타깃"),
        (14, "LoadBalancer 타입"),
        (14, "NodePort` 타입"),
        (14, "인그레스\n    클래스"),
    ]


def test_only_markdown_cells_of_a_notebook_are_checked() -> None:
    notebook = "\n".join(
        [
            "# ---",
            "# jupyter:",
            "#   translated_from: 0123456789abcdef",
            "# ---",
            "",
            "# %% [markdown]",
            "# ## 로드밸런서",
            "#",
            "# `로드밸런서`",
            "",
            "# %%",
            "# 로드밸런서",
            'print("로드밸런서")',
        ]
    )
    hits = find_variants(notebook_markdown(notebook), TERMS)
    assert [(h.line, h.found) for h in hits] == [(7, "로드밸런서")]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_korean_page_uses_the_term_list(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    hits = find_variants(notebook_markdown(text) if page.suffix == ".py" else text, TERMS)
    where = page.relative_to(ROOT)
    assert hits == [], f"{where} (terms: {TERMS_FILE.relative_to(ROOT)}):\n" + "\n".join(
        f"  {where}:{hit.line}: {hit}" for hit in hits
    )


def _korean_strings() -> dict[str, str]:
    """Korean text that is not a page: the nav titles, the reading paths, the shared snippets."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    (i18n,) = [p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p]
    (ko,) = [lang for lang in i18n["languages"] if lang["locale"] == "ko"]
    strings = {f"mkdocs.yml nav: {en}": title for en, title in ko["nav_translations"].items()}
    paths = yaml.safe_load((ROOT / "docs-paths.yml").read_text(encoding="utf-8"))

    def walk(where: str, value: object) -> None:
        if isinstance(value, dict):
            if "ko" in value and isinstance(value["ko"], str):
                strings[where] = value["ko"]
            for key, child in value.items():
                walk(f"{where}.{key}", child)

    walk("docs-paths.yml", paths)
    for snippet in sorted((ROOT / "snippets").glob("*.ko.md")):
        strings[str(snippet.relative_to(ROOT))] = snippet.read_text(encoding="utf-8")
    return strings


def test_nav_titles_paths_and_snippets_use_the_term_list() -> None:
    strings = _korean_strings()
    assert any(k.startswith("mkdocs.yml nav") for k in strings)
    assert any(k.startswith("docs-paths.yml") for k in strings)
    bad = {where: [str(h) for h in find_variants(text, TERMS)] for where, text in strings.items()}
    assert {where: hits for where, hits in bad.items() if hits} == {}

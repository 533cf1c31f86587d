"""The Korean edition's bookkeeping: which pages have a translation, and whether it is current.

Every English page `docs/x.md` has `docs/x.ko.md`, and every notebook `notebooks/x.py` has
`notebooks/x.ko.py`. A translation records the English text it was made from as a content hash:
`translated_from: <hash>` in the page's front matter, or in a notebook's jupytext header as
`#   translated_from: <hash>` under `# jupyter:`, where jupytext keeps it as notebook metadata.
When the English page changes, the hashes differ and the translation is stale. Translations
keep the English page's structure: the same heading levels in the same order, the same code
blocks, includes, diagram markers and CLI sessions, byte for byte.

    python tests/translations.py            # list missing and stale translations
    python tests/translations.py hash PAGE  # the hash to record for an English page
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_STAMP = re.compile(r"^(?:#\s*)?translated_from: ([0-9a-f]{16})$", re.M)
_FENCE = re.compile(r"^( *)(```+|~~~+)[^\n]*\n.*?^\1\2\s*$", re.M | re.S)
_HEADING = re.compile(r"^(#{1,6}) ", re.M)
_NOTEBOOK_HEADING = re.compile(r"^# (#{1,6}) ", re.M)
_KEPT = re.compile(r"^\s*(?:--8<-- .*|<!-- ingresslab-[a-z-]+:? ?.*-->)$", re.M)


def english_pages() -> list[Path]:
    docs = [
        p for p in (ROOT / "docs").rglob("*.md")
        if not p.name.endswith(".ko.md") and "assets" not in p.parts
    ]  # fmt: skip
    notebooks = [p for p in (ROOT / "notebooks").glob("*.py") if not p.name.endswith(".ko.py")]
    return sorted(docs + notebooks)


def korean(page: Path) -> Path:
    return page.with_name(page.stem + ".ko" + page.suffix)


def content_hash(page: Path) -> str:
    return hashlib.sha256(page.read_bytes()).hexdigest()[:16]


def stamp(text: str) -> str | None:
    match = _STAMP.search(text)
    return match[1] if match else None


def code_blocks(text: str) -> list[str]:
    return [m[0].strip() for m in _FENCE.finditer(text)]


def kept_lines(text: str) -> list[str]:
    """Includes and build-time markers: they must stay exactly as in English, except that a
    Korean page includes the Korean copy of a shared snippet (snippets/x.ko.md for x.md)."""
    without_code = _FENCE.sub("", text)
    return [
        re.sub(r'^(--8<-- "snippets/[^"]+)\.ko\.md"$', r'\1.md"', line.strip())
        for line in _KEPT.findall(without_code)
    ]


def headings(text: str, notebook: bool) -> list[int]:
    without_code = _FENCE.sub("", text)
    pattern = _NOTEBOOK_HEADING if notebook else _HEADING
    return [len(m[1]) for m in pattern.finditer(without_code)]


def notebook_code_cells(text: str) -> list[str]:
    """Code cells of a percent-format notebook (markdown cells are translated)."""
    cells = re.split(r"^# %%", text, flags=re.M)
    code = []
    for cell in cells[1:]:
        header, _, body = cell.partition("\n")
        if "[markdown]" not in header:
            code.append(body.strip())
    return code


def status() -> list[str]:
    problems = []
    for page in english_pages():
        ko = korean(page)
        name = page.relative_to(ROOT)
        if not ko.exists():
            problems.append(f"missing: {name} (record translated_from: {content_hash(page)})")
        elif stamp(ko.read_text()) != content_hash(page):
            problems.append(f"stale: {name} (record translated_from: {content_hash(page)})")
    return problems


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "hash":
        print(content_hash(Path(sys.argv[2])))
    else:
        print("\n".join(status()) or "every translation is current")

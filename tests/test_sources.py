"""Pages cite upstream documents in footnotes, and docs/reference/sources.md lists them.

Three rules: no `(S<n>)` citation of the note the site grew from is left (readers never see that
note, and "(S3)" reads as Amazon S3); every footnote reference on a page has its definition and
every definition is referenced (the footnotes extension only warns about a missing one, and
drops an unreferenced one silently); every document an English page cites in a footnote is
listed on the Sources page. A Sources entry stands for a whole document, so a link to one of its
sections (`#fragment`) counts as listed; a source file of a repository at a tag counts as
listed when the Sources page lists that repository's tree at the same tag.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SOURCES = DOCS / "reference" / "sources.md"

#: "(S1)", "(S1; kubernetes.io …", "(S6, S7)", "(S1-S14)"
_S_CITATION = re.compile(r"\(S\d+(?=[);,]|\s*[-\u2013]\s*S?\d)")
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+).+?\1", re.S)
_DEFINITION = re.compile(r"^[ \t]*\[\^([^\]\s]+)\]:", re.M)
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_URL = re.compile(r"https?://[^\s)>\]\"'`]+")
_GITHUB_FILE = re.compile(r"^(https://github\.com/[^/]+/[^/]+)/(?:blob|tree)/([^/]+)(?:/.*)?$")


def _pages(*, korean: bool) -> list[Path]:
    # docs/notebooks is a symlink to the jupytext notebooks, checked below as notebooks.
    pages = sorted(p for p in DOCS.rglob("*.md") if "notebooks" not in p.relative_to(DOCS).parts)
    return [p for p in pages if korean or not p.name.endswith(".ko.md")]


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _prose(text: str) -> str:
    """The page without code: a regex such as `[^:]+` in a code block is not a footnote."""
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def _definitions(text: str) -> dict[str, str]:
    """Footnote id -> its text: the definition line and the indented lines that continue it."""
    found: dict[str, str] = {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = _DEFINITION.match(line)
        if not match:
            continue
        body = [line[match.end() :]]
        for follow in lines[i + 1 :]:
            if follow.strip() and not follow.startswith("    "):
                break
            body.append(follow)
        assert match.group(1) not in found, f"footnote [^{match.group(1)}] is defined twice"
        found[match.group(1)] = "\n".join(body)
    return found


def _document(url: str) -> str:
    """The document a link points into: no fragment, no trailing punctuation or slash, and a
    repository file at a tag stands for the repository's tree at that tag."""
    url = url.split("#", 1)[0].rstrip(".,;:").rstrip("/")
    github = _GITHUB_FILE.match(url)
    if github:
        return f"{github.group(1)}/tree/{github.group(2)}"
    return url


def _listed() -> set[str]:
    return {_document(url) for url in _URL.findall(SOURCES.read_text(encoding="utf-8"))}


def test_the_sources_page_lists_documents() -> None:
    assert len(_listed()) >= 20


@pytest.mark.parametrize(
    "path",
    [*_pages(korean=True), *sorted((ROOT / "notebooks").glob("*.py"))],
    ids=_id,
)
def test_no_citation_of_the_note_is_left(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    left = [
        f"line {text.count(chr(10), 0, m.start()) + 1}: {text[m.start() : m.start() + 12]!r}"
        for m in _S_CITATION.finditer(text)
    ]
    assert not left, "cite the upstream document in a footnote instead: " + "; ".join(left)


@pytest.mark.parametrize("path", _pages(korean=True), ids=_id)
def test_every_footnote_is_defined_and_referenced(path: Path) -> None:
    prose = _prose(path.read_text(encoding="utf-8"))
    defined = set(_definitions(prose))
    referenced = set(_REFERENCE.findall(prose))
    assert not referenced - defined, f"referenced but not defined: {sorted(referenced - defined)}"
    assert not defined - referenced, f"defined but never referenced: {sorted(defined - referenced)}"


@pytest.mark.parametrize("path", [p for p in _pages(korean=False) if p != SOURCES], ids=_id)
def test_every_cited_document_is_on_the_sources_page(path: Path) -> None:
    listed = _listed()
    missing = sorted(
        {
            _document(url)
            for text in _definitions(_prose(path.read_text(encoding="utf-8"))).values()
            for url in _URL.findall(text)
        }
        - listed
    )
    assert not missing, f"add these to {_id(SOURCES)}: {missing}"


def test_the_document_rules_themselves() -> None:
    assert _document("https://a.test/page/#part") == "https://a.test/page"
    tagged = "https://github.com/o/r/blob/v1.2/pkg/x.go#L10"
    assert _document(tagged) == "https://github.com/o/r/tree/v1.2"
    assert _S_CITATION.search("routes it (S2).") and _S_CITATION.search("(S1; kubernetes.io")
    assert not _S_CITATION.search("an (S3 bucket) name")
    assert _definitions("x[^a]\n\n[^a]: one\n    two\nnext") == {"a": " one\n    two"}
    assert _REFERENCE.findall(_prose("`[^:]+` and [^b]\n```\n[^c]\n```\n")) == ["b"]

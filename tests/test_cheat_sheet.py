"""The cheat sheet (docs/reference/cheat-sheet.md and its Korean page) says what the code says,
and prints on one A4 side.

- Its pathType table is what the spec, ALB and NGINX models answer, cell by cell, for the
  Ingress tests/pathtype_table.py writes. Print the table with
  `python tests/test_cheat_sheet.py` (add `ko` for the Korean header).
- Every annotation it names is one the models read (`ingresslab.ANNOTATIONS`), or one
  `ingresslab migrate` accounts for; every value in backquotes and every number in its note
  appears in that registry's own text for the annotation, and the ALB counterpart given for an
  ingress-nginx annotation is the one `migrate` translates it into. So the page can shorten the
  registry, but not contradict it.
- Chromium prints each language on exactly one A4 page (the print rules are in
  docs/assets/stylesheets/layout.css).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pathtype_table import manifest

import ingresslab
from ingresslab._tools.migrate import ANNOTATIONS as MIGRATE_ANNOTATIONS

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "en": ROOT / "docs" / "reference" / "cheat-sheet.md",
    "ko": ROOT / "docs" / "reference" / "cheat-sheet.ko.md",
}

# -- pathType under each controller -----------------------------------------------------------

#: (pathType, the rule's one path, the request path): one row each.
PROBES: list[tuple[str, str, str]] = [
    ("Exact", "/foo", "/foo"),
    ("Exact", "/foo", "/foo/"),
    ("Prefix", "/foo", "/foo/bar"),
    ("Prefix", "/foo", "/foobar"),
    ("Prefix", "/foo/", "/foo"),
    ("ImplementationSpecific", "/foo", "/foo"),
    ("ImplementationSpecific", "/foo", "/foo/bar"),
    ("ImplementationSpecific", "/foo*", "/foobar"),
]
HEADERS = {
    "en": "| pathType | Rule path | Request | spec | ALB | NGINX |",
    "ko": "| pathType | 규칙 경로 | 요청 | spec | ALB | NGINX |",
}
#: The rule's own path answered.
MATCH = "✓"
#: The spec model leaves ImplementationSpecific to the IngressClass.
UNDECIDED = "\u2013"  # an en dash


def _cell(answer: ingresslab.Resolution, path: str) -> str:
    if answer.outcome is ingresslab.Outcome.ROUTE and answer.matched is not None:
        assert answer.matched.path == path, answer.matched
        return MATCH
    if any(
        step.verdict == "skipped" and step.reason.startswith("ImplementationSpecific")
        for step in answer.explain
    ):
        return UNDECIDED
    if answer.outcome is ingresslab.Outcome.REDIRECT and answer.location:
        target = re.sub(r"^[a-z]+://[^/]+", "", answer.location)
        return f"{answer.status} → `{target}`"
    return str(answer.status or answer.outcome)


def pathtype_rows() -> list[list[str]]:
    rows = []
    for kind, path, request in PROBES:
        manifests = ingresslab.loads(manifest(kind, [path]))
        assert not manifests.errors, manifests.errors
        cells = [
            _cell(
                ingresslab.route(
                    manifests, f"http://h.test{request}", controller=controller, explain=True
                ),
                path,
            )
            for controller in ingresslab.CONTROLLERS
        ]
        rows.append([kind, f"`{path}`", f"`{request}`", *cells])
    return rows


def pathtype_table(language: str) -> str:
    lines = [HEADERS[language], "|---|---|---|:-:|:-:|:-:|"]
    lines += ["| " + " | ".join(row) + " |" for row in pathtype_rows()]
    return "\n".join(lines)


def _block(text: str, header: str) -> str:
    start = text.index(header)
    end = text.find("\n\n", start)
    return text[start : end if end >= 0 else None].rstrip()


@pytest.mark.parametrize("language", PAGES)
def test_the_pathtype_table_is_what_the_models_answer(language: str) -> None:
    text = PAGES[language].read_text()
    assert _block(text, HEADERS[language]) == pathtype_table(language), (
        f"regenerate with: python tests/test_cheat_sheet.py {language}"
    )


def test_the_pathtype_rows_show_where_the_models_part_ways() -> None:
    """The probes are chosen to be worth a cheat sheet: each model differs somewhere."""
    rows = pathtype_rows()
    for column in (3, 4, 5):
        others = [c for c in (3, 4, 5) if c != column]
        assert any(all(row[column] != row[o] for o in others) for row in rows), column


# -- annotations -----------------------------------------------------------------------------

PREFIXES = ("alb.ingress.kubernetes.io/", "nginx.ingress.kubernetes.io/")
#: The annotations people use most: the cheat sheet must have a row for each.
MOST_USED = {
    "alb.ingress.kubernetes.io/" + name
    for name in (
        "scheme", "target-type", "group.name", "group.order", "listen-ports",
        "certificate-arn", "ssl-redirect", "load-balancer-name",
    )
} | {
    "nginx.ingress.kubernetes.io/" + name
    for name in ("rewrite-target", "use-regex", "ssl-redirect", "backend-protocol")
}  # fmt: skip
_CODE = re.compile(r"`([^`]+)`")
# ASCII boundaries: a Korean particle may follow a number ("301을").
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])-?\d+(?:\.\d+)*(?![A-Za-z0-9_])")


def annotation_rows(text: str) -> list[tuple[str, list[str]]]:
    """(full annotation name, the row's other cells) for every row of the annotation tables:
    the tables whose first header cell is an annotation prefix in backquotes."""
    rows, prefix = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            prefix = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        head = _CODE.fullmatch(cells[0])
        if head and head[1] in PREFIXES:
            prefix = head[1]
        elif prefix and head and not set(cells[0]) <= set("-:"):
            rows.append((prefix + head[1], cells[1:]))
    return rows


def _registry_text(name: str) -> str:
    for item in ingresslab.ANNOTATIONS:
        if item.name == name:
            return item.effect
    short = name.removeprefix("nginx.ingress.kubernetes.io/")
    assert short != name and short in MIGRATE_ANNOTATIONS, (
        f"{name}: neither read by the models nor known to migrate"
    )
    return MIGRATE_ANNOTATIONS[short][1]


def _facts(note: str) -> set[str]:
    """Values in backquotes, and numbers outside them."""
    return set(_CODE.findall(note)) | set(_NUMBER.findall(_CODE.sub(" ", note)))


def _says(registry: str, fact: str) -> bool:
    if _NUMBER.fullmatch(fact):
        return (
            re.search(rf"(?<![A-Za-z0-9_.]){re.escape(fact)}(?![A-Za-z0-9_])", registry) is not None
        )
    return fact in registry


@pytest.mark.parametrize("language", PAGES)
def test_annotation_notes_agree_with_the_registry(language: str) -> None:
    rows = annotation_rows(PAGES[language].read_text())
    assert {name for name, _ in rows} >= MOST_USED
    assert len(rows) == len({name for name, _ in rows}), "an annotation has two rows"
    for name, cells in rows:
        registry = _registry_text(name)
        unsaid = {fact for fact in _facts(cells[0]) if not _says(registry, fact)}
        assert unsaid == set(), f"{name}: {unsaid} not in {registry!r}"
        if name.startswith("nginx.") and len(cells) > 1:
            translated = MIGRATE_ANNOTATIONS[name.rsplit("/", 1)[1]]
            assert translated[0] == "translated", name
            unsaid = {fact for fact in _facts(cells[1]) if not _says(translated[1], fact)}
            assert unsaid == set(), f"{name} on an ALB: {unsaid} not in {translated[1]!r}"


def test_the_languages_name_the_same_annotations() -> None:
    english, korean = (annotation_rows(PAGES[lang].read_text()) for lang in ("en", "ko"))
    assert [name for name, _ in korean] == [name for name, _ in english]
    for (name, en_cells), (_, ko_cells) in zip(english, korean, strict=True):
        assert [_facts(c) for c in ko_cells] == [_facts(c) for c in en_cells], name


# -- printing --------------------------------------------------------------------------------

_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture(scope="module")
def printer(browser: Any, site_url: str) -> Iterator[Any]:
    from browsing import open_tab

    context, visit = open_tab(browser, site_url, viewport={"width": 1280, "height": 900})
    yield visit
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["", "ko/"], ids=["en", "ko"])
def test_the_cheat_sheet_prints_on_one_a4_page(printer: Any, language: str) -> None:
    page = printer.page
    page.goto(f"{language}reference/cheat-sheet/", wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    pdf = page.pdf(format="A4")
    assert len(_PDF_PAGE.findall(pdf)) == 1, "the cheat sheet does not fit one A4 page"
    printer.assert_clean()


if __name__ == "__main__":
    print(pathtype_table(sys.argv[1] if len(sys.argv) > 1 else "en"))

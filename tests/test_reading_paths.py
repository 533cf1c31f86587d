"""The reader's paths (docs-paths.yml, drawn by hooks/reading_paths.py): every page says its
time and prerequisites, and each path, followed by its Next links from the home page's card,
visits exactly its declared pages in order, in both languages, on a phone and on a desktop."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from browsing import open_tab
from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "hooks"))

import reading_paths

DATA = yaml.safe_load((REPO_ROOT / "docs-paths.yml").read_text(encoding="utf-8"))
PATHS = DATA["paths"]
LANGUAGES = {"en": "", "ko": "ko/"}


def _nav_pages() -> set[str]:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    found: set[str] = set()

    def walk(item: object) -> None:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, list | dict):
            for child in item.values() if isinstance(item, dict) else item:
                walk(child)

    walk(config["nav"])
    return found


def _url(key: str, language: str) -> str:
    stem = key.removesuffix(".md").removesuffix(".py")
    return LANGUAGES[language] + ("" if stem == "index" else stem + "/")


def test_every_page_in_the_nav_has_its_time_and_prerequisites() -> None:
    assert _nav_pages() == set(DATA["pages"])


def test_a_promised_time_is_counted_not_typed() -> None:
    for name, path in PATHS.items():
        for language, title in path["title"].items():
            assert not re.search(r"\d", title), f"{name} ({language}): a typed number in {title!r}"
        total = sum(reading_paths.minutes(key) for key in path["pages"])
        assert total <= reading_paths.path_minutes(name) < total + 5
    assert reading_paths.path_title("learn", "en") == (
        f"Learn it in {reading_paths.path_minutes('learn')} minutes"
    )


def test_reading_time_skips_what_is_not_read(tmp_path: Path, monkeypatch: Any) -> None:
    page = tmp_path / "docs" / "p.md"
    page.parent.mkdir()
    prose = " ".join(["word"] * reading_paths.WORDS_PER_MINUTE * 2)
    page.write_text(
        "---\ntranslated_from: x\n---\n"
        + prose
        + " [a link](https://example.invalid/a/very/long/address)\n<!-- a marker -->\n"
        + "\n[^n]: "
        + " ".join(["note"] * 500)
        + "\n\n```py\nprint(1)\n```\n"
    )
    monkeypatch.setattr(reading_paths, "ROOT", tmp_path)
    reading_paths.minutes.cache_clear()
    try:
        # 2 minutes of words (+ "[a link]" and the code) and half a minute for the example
        assert reading_paths.minutes("p.md") == 3
    finally:
        reading_paths.minutes.cache_clear()


def test_prerequisites_name_pages_or_knowledge() -> None:
    for key, needs in DATA["pages"].items():
        for need in needs:
            assert need in DATA["pages"] or need in DATA["knowledge"], (key, need)
            assert need != key


_FACTS = re.compile(r'<p class="page-facts">.*?</p>', re.S)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_built_page_says_time_and_prerequisites(built_site: Path, language: str) -> None:
    word = {"en": "minute", "ko": "분"}[language]
    for key in DATA["pages"]:
        page = built_site / _url(key, language) / "index.html"
        html = page.read_text(encoding="utf-8")
        (facts,) = _FACTS.findall(html)
        assert word in facts, key
        assert html.index("page-facts") > html.index("<h1"), f"{key}: facts above the title"


_NEXT = re.compile(r'<nav class="reading-path" data-path="(?P<path>[^"]+)".*?</nav>', re.S)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_path_in_the_built_site_links_its_pages_in_order(
    built_site: Path, language: str
) -> None:
    home = (built_site / LANGUAGES[language] / "index.html").read_text(encoding="utf-8")
    for name, path in PATHS.items():
        pages = path["pages"]
        card = re.search(rf'<li class="path-card" data-path="{name}">.*?</li>', home, re.S)
        assert card, f"no card for {name} on the {language} home page"
        assert f'href="{_url(pages[0], language).removeprefix(LANGUAGES[language])}' in card[0]
        for i, key in enumerate(pages):
            html = (built_site / _url(key, language) / "index.html").read_text(encoding="utf-8")
            boxes = {m["path"]: m[0] for m in _NEXT.finditer(html)}
            box = boxes[name]
            nxt = re.search(r'rel="next" href="([^"]+)"', box)
            if i + 1 < len(pages):
                assert nxt, f"{key}: no Next on path {name}"
                want = _url(pages[i + 1], language)
                got = (Path(_url(key, language)) / nxt[1]).as_posix()
                assert _normalise(got) == want.rstrip("/"), (key, nxt[1])
            else:
                assert nxt is None, f"{key}: the last page of {name} has a Next link"
            step = {"en": f"step {i + 1} of {len(pages)}", "ko": f"{len(pages)}단계 중 {i + 1}단계"}
            assert step[language] in box, f"{key}: {name} step"


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def test_no_footer_links_contradict_the_paths(built_site: Path) -> None:
    """Material's footer links follow the nav, not a path: they stay off."""
    html = (built_site / "tutorials/your-first-ingress/index.html").read_text(encoding="utf-8")
    assert "md-footer__link" not in html


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_reader_follows_each_path_to_its_end(
    browser: Any, site_url: str, language: str, viewport: dict[str, int]
) -> None:
    visit = open_tab(browser, site_url, viewport=viewport)[1]
    page = visit.page
    for name, path in PATHS.items():
        page.goto(LANGUAGES[language] or "./", wait_until="domcontentloaded")
        page.locator(f'.path-card[data-path="{name}"] .path-card__start a').click()
        for i, key in enumerate(path["pages"]):
            page.wait_for_url(re.compile(re.escape(_url(key, language)) + "$"))
            box = page.locator(f'nav.reading-path[data-path="{name}"]')
            box.scroll_into_view_if_needed()
            assert box.is_visible()
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{key}: {overflow}px of horizontal scroll"
            if i + 1 < len(path["pages"]):
                box.locator('a[rel="next"]').click()
            else:
                assert box.locator('a[rel="next"]').count() == 0
    visit.assert_clean()


def _where_next(notebook: Path) -> str:
    """The last markdown cell of a jupytext notebook: what a reader running it locally sees last."""
    cells = re.split(r"^# %%", notebook.read_text(encoding="utf-8"), flags=re.M)
    (last,) = [c for c in cells if c.startswith(" [markdown]")][-1:]
    return last


@pytest.mark.parametrize("language", ["", ".ko"])
def test_a_notebook_on_a_path_names_the_next_page_and_no_typed_time(language: str) -> None:
    """A notebook run in Jupyter has no generated Next link: its last cell says where next, and
    must agree with docs-paths.yml (and promise no reading time, which is counted)."""
    for key in DATA["pages"]:
        if not key.startswith("notebooks/"):
            continue
        notebook = REPO_ROOT / "notebooks" / (Path(key).stem + language + ".py")
        cell = _where_next(notebook)
        assert not re.search(r"\d+\s*(minutes|분)", cell), f"{notebook.name}: a typed time"
        for name, path in PATHS.items():
            pages = path["pages"]
            if key in pages and pages.index(key) + 1 < len(pages):
                following = _url(pages[pages.index(key) + 1], "en").rstrip("/")
                assert f"../../{following}/" in cell, f"{notebook.name}: Next on {name}"

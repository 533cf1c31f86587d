"""Every page of the built site, in every language, the way a reader sees it: in chromium.

For each page: no page error and no console error (but the known one, named in
tests/browsing.py), no request that leaves 127.0.0.1, notebook cells rendered, one `h1`,
headings that do not skip levels, no serious or critical axe-core violation. A full-page
screenshot of each goes to `screenshots/` (not committed). Then the interactions a
reader uses: copy buttons, content tabs, the colour toggle remembered across pages, search, the
language switch; the page weight of the home page; and the home page and a tutorial on a phone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import Visit, open_tab
from conftest import REPO_ROOT

pytestmark = pytest.mark.browser

#: The home page's first load, in bytes (Pyodide loads on a first Run only).
HOME_PAGE_BUDGET = 1_500_000
#: The search index (both languages) is built in a web worker on first use: give it time.
SEARCH_TIMEOUT_MS = 30_000
AXE = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "screenshots"
LANGUAGES = ("", "ko/")


def _page_paths() -> list[str]:
    """URL paths of every page, from the sources (one per Markdown page and notebook)."""
    paths = []
    for source in sorted((REPO_ROOT / "docs").rglob("*.md")):
        if source.name.endswith(".ko.md") or "assets" in source.parts:
            continue
        relative = source.relative_to(REPO_ROOT / "docs").with_suffix("")
        paths.append("" if relative.name == "index" else f"{relative.as_posix()}/")
    for notebook in sorted((REPO_ROOT / "notebooks").glob("*.py")):
        if not notebook.name.endswith(".ko.py"):
            paths.append(f"notebooks/{notebook.stem}/")
    return paths


PAGES = [language + path for language in LANGUAGES for path in _page_paths()]


@pytest.fixture
def visitor(browser: Any, site_url: str) -> Iterator[Any]:
    contexts = []

    def make(**options: Any) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context, visit = open_tab(browser, site_url, **options)
        contexts.append(context)
        return visit

    yield make
    for context in contexts:
        context.close()


_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""

_HEADINGS = """() => Array.from(document.querySelectorAll(
  ["h1", "h2", "h3", "h4", "h5", "h6"].map(h => "article " + h).join(", ")
)).map(h => Number(h.tagName[1]))"""


@pytest.fixture(scope="module")
def reader(browser: Any, site_url: str) -> Iterator[Visit]:
    """One browser tab for the per-page checks, reset before each page (faster than a new
    context per page)."""
    context, visit = open_tab(browser, site_url, viewport={"width": 1280, "height": 900})
    yield visit
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_renders_offline_and_accessibly(reader: Visit, path: str) -> None:
    visit = reader
    visit.requests.clear()
    visit.blocked.clear()
    visit.errors.clear()
    visit.console.clear()
    page = visit.page
    page.goto(path, wait_until="load")
    assert page.locator("article h1").count() == 1, "one h1 per page"
    levels = page.evaluate(_HEADINGS)
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert skips == [], f"heading levels skip: {skips}"
    if "notebooks/" in path:
        page.locator(".jupyter-wrapper .jp-Cell").first.wait_for()
        assert not page.locator("article").inner_text().lstrip().startswith('{"cells"')
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(_AXE_RUN)
    assert violations == [], "\n".join(violations)
    target = SCREENSHOTS / (path.rstrip("/") or "home")
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{target}.png", full_page=True)
    visit.assert_clean()


def test_screenshots_are_kept_out_of_git(capsys: pytest.CaptureFixture[str]) -> None:
    assert "screenshots/" in (REPO_ROOT / ".gitignore").read_text()
    with capsys.disabled():
        print(f"\nscreenshots of every page: {SCREENSHOTS}")


def test_home_page_weight_is_within_budget(visitor: Any) -> None:
    visit = visitor()
    visit.page.goto("", wait_until="networkidle")
    assert not any("pyodide" in url for url in visit.requests), "Pyodide before any Run"
    assert 0 < visit.bytes <= HOME_PAGE_BUDGET, f"home page: {visit.bytes:,} bytes"
    visit.assert_clean()


def test_copy_button_copies_the_code(visitor: Any, site_url: str) -> None:
    visit = visitor(permissions=["clipboard-read", "clipboard-write"])
    page = visit.page
    page.goto("", wait_until="networkidle")
    # the home page's first example (its output, in a block of its own, follows it)
    block = page.locator("article .highlight:not(.example-output)").nth(0)
    block.hover()
    # Material 9.8 puts its copy button in a small toolbar of the code block
    block.locator("button.md-code__button[title='Copy to clipboard']").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "ingresslab.load(" in copied
    visit.assert_clean()


def test_content_tabs_switch(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    page.goto("tutorials/one-request-side-by-side/", wait_until="networkidle")
    tabs = page.locator(".tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    assert labels.count() >= 2
    second = labels.nth(1)
    second.click()
    panel = tabs.locator(".tabbed-content > .tabbed-block").nth(1)
    assert panel.is_visible()
    assert not tabs.locator(".tabbed-content > .tabbed-block").nth(0).is_visible()
    visit.assert_clean()


def test_colour_toggle_switches_and_is_remembered(visitor: Any) -> None:
    visit = visitor(color_scheme="light")
    page = visit.page
    page.goto("", wait_until="networkidle")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    page.goto("reference/glossary/", wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == after
    visit.assert_clean()


#: A phrase found on one main page only, in each language, and that page.
SEARCHES = [
    ("isolation", "explanation/why-nlb-and-nginx/"),
    ("externalTrafficPolicy", "explanation/service-types-and-kube-proxy/"),
    ("lenient", "how-to/lint-before-you-apply/"),
]


@pytest.mark.parametrize(("phrase", "expected"), SEARCHES)
def test_search_finds_the_page_and_a_click_lands_on_it(
    visitor: Any, phrase: str, expected: str
) -> None:
    visit = visitor()
    page = visit.page
    page.goto("", wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    search.type(phrase)
    # A real key: typed text alone may not fire the search (CONTRIBUTING.md, trap 8).
    search.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=SEARCH_TIMEOUT_MS)
    hrefs = _result_links(page)
    assert any(expected in href for href in hrefs), hrefs
    link = next(i for i, href in enumerate(hrefs) if expected in href)
    results.nth(link).click()
    page.wait_for_url(re.compile(re.escape(expected)))
    visit.assert_clean()


_LINKS = "() => [...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)"


def _result_links(page: Any) -> list[str]:
    """The result links once the list stops changing: Material renders results as the query
    settles, and search-language.js reorders them, so read them in one go when two reads
    agree."""
    previous: list[str] = []
    for _ in range(50):  # bounded: at most 5 s
        page.wait_for_timeout(100)
        current: list[str] = page.evaluate(_LINKS)
        if current and current == previous:
            return current
        previous = current
    return previous


#: Korean phrases found on one Korean page, and that page; and an English term searched from a
#: Korean page, which must list Korean pages first (one index holds both languages).
KOREAN_SEARCHES = [
    ("영역 격리", "ko/explanation/why-nlb-and-nginx/"),
    ("린트", "ko/how-to/lint-before-you-apply/"),
    ("externalTrafficPolicy", "ko/"),
]


@pytest.mark.parametrize(("phrase", "expected"), KOREAN_SEARCHES)
def test_korean_search_lists_korean_pages_first(visitor: Any, phrase: str, expected: str) -> None:
    visit = visitor()
    page = visit.page
    page.goto("ko/", wait_until="networkidle")
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(phrase)
    # Typed Hangul sends no key events (CONTRIBUTING.md, trap 8): press a real key so the
    # search runs.
    search.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=SEARCH_TIMEOUT_MS)
    hrefs = _result_links(page)
    assert "/ko/" in hrefs[0], hrefs[:5]
    assert any(expected in href for href in hrefs), hrefs[:10]
    visit.assert_clean()


def test_language_switch_lands_on_the_same_page(visitor: Any) -> None:
    visit = visitor()
    page = visit.page
    page.goto("how-to/debug-a-404/", wait_until="networkidle")
    korean = page.locator("a.md-select__link[hreflang=ko]")
    href = korean.get_attribute("href") or ""
    assert href.rstrip("/").endswith("ko/how-to/debug-a-404"), href
    page.goto(href)
    assert "/ko/how-to/debug-a-404/" in page.url
    visit.assert_clean()


@pytest.mark.parametrize("path", ["", "tutorials/your-first-ingress/"], ids=["home", "tutorial"])
def test_no_horizontal_scroll_on_a_phone(visitor: Any, path: str) -> None:
    visit = visitor(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = visit.page
    page.goto(path, wait_until="networkidle")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of horizontal scroll"
    visit.assert_clean()


def _built_pages(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): p.read_text()
        for p in site.rglob("*.html")
        if "assets" not in p.parts
    }


_HREF = re.compile(r'<a [^>]*href="([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    """A crawl from the home page: every page in the nav is reached, no link or anchor is
    broken."""
    pages = _built_pages(built_site)
    ids = {name: set(_ID.findall(html)) for name, html in pages.items()}
    seen, queue, broken = {"index.html"}, ["index.html"], []
    while queue:
        name = queue.pop()
        for href in _HREF.findall(pages[name]):
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//")):
                continue
            base = Path(name).parent
            target = (base / parts.path).as_posix() if parts.path else name
            target = str(Path(target))
            # a directory URL means its index.html; a file (x.ipynb, x.css) stands for itself
            if parts.path and not Path(parts.path).suffix:
                target = str(Path(target) / "index.html")
            target = str(Path(*[p for p in Path(target).parts]))
            resolved = _normalise(target)
            if resolved not in pages:
                if not (built_site / resolved).exists():
                    broken.append(f"{name}: {href}")
                continue
            if parts.fragment and parts.fragment not in ids[resolved]:
                broken.append(f"{name}: {href} (no #{parts.fragment})")
            if resolved not in seen:
                seen.add(resolved)
                queue.append(resolved)
    assert broken == []
    for path in PAGES:
        assert _normalise(f"{path}index.html") in seen, f"{path} is not reachable from home"


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def test_edit_links_point_to_files_that_exist(built_site: Path) -> None:
    pages = _built_pages(built_site)
    edits = set()
    for html in pages.values():
        edits.update(re.findall(r'href="[^"]*/edit/main/([^"]+)"', html))
    assert len(edits) >= len(PAGES) // 2
    missing = sorted(e for e in edits if not (REPO_ROOT / e).exists())
    assert missing == []

"""Every page of the built site on a phone (390x844), in both languages, notebooks included.

Nothing in the page content may stick out sideways: the document never scrolls horizontally,
and an element of `.md-content` may reach past the viewport only inside a box that scrolls (or
clips) on its own and itself fits the viewport: a code block, a table in Material's
`.md-typeset__scrollwrap`, a diagram in `.trace-map`. On notebook pages the code cells use
(nearly) the whole content width, and what a cell printed keeps its lines: a wide output
scrolls inside its own box instead of wrapping.

One browser tab serves every page; the layout rules are in docs/assets/stylesheets/layout.css.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import open_tab
from conftest import REPO_ROOT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LANGUAGES = ("", "ko/")
#: A notebook code cell is at least this share of the content's width.
MIN_CELL_SHARE = 0.9


def _english_paths() -> list[str]:
    """URL paths of every English page, from the sources (Markdown pages and notebooks)."""
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


#: Pages that are not Markdown: the 404 page, and the example report the build writes
#: (hooks/example_report.py), which a reader opens from the "Check my cluster" page.
OTHER_PAGES = ["404.html", "reports/multi-team-cluster.html"]
PAGES = [language + path for language in LANGUAGES for path in _english_paths()] + OTHER_PAGES
NOTEBOOK_PAGES = [path for path in PAGES if "notebooks/" in path]


def _built_paths(site: Path) -> set[str]:
    paths = set()
    for html in site.rglob("*.html"):
        relative = html.relative_to(site)
        if "assets" in relative.parts:
            continue
        if relative.name == "index.html":
            parent = relative.parent.as_posix()
            paths.add("" if parent == "." else f"{parent}/")
        else:
            paths.add(relative.as_posix())
    return paths


def test_every_built_page_is_checked(built_site: Path) -> None:
    assert _built_paths(built_site) == set(PAGES)


@pytest.fixture(scope="module")
def phone(browser: Any, site_url: str) -> Iterator[Any]:
    """One phone-sized tab for every page of this module."""
    context, visit = open_tab(browser, site_url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield visit.page
    context.close()


def _open(page: Any, path: str) -> None:
    page.goto(path, wait_until="load")


# Elements of the content that reach past the viewport without a scrolling box of their own
# (one entry per outermost such element), and the document's own sideways scroll.
_OVERFLOW = """() => {
  const width = window.innerWidth;
  const fits = (rect) => rect.left >= -1 && rect.right <= width + 1;
  const inOwnScrollBox = (el) => {
    for (let box = el.parentElement; box && !box.matches(".md-content"); box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (["auto", "scroll", "hidden", "clip"].includes(overflow) &&
          fits(box.getBoundingClientRect())) return true;
    }
    return false;
  };
  const name = (el) => {
    const classes = typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "";
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes;
  };
  const outside = [];
  for (const el of document.querySelectorAll(".md-content *")) {
    const rect = el.getBoundingClientRect();
    if ((rect.width === 0 && rect.height === 0) || fits(rect)) continue;
    if (inOwnScrollBox(el) || outside.some((o) => o.el.contains(el))) continue;
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    outside.push({el, text: `${name(el.parentElement)} > ${name(el)} ` +
      `[${Math.round(rect.left)}..${Math.round(rect.right)}px] "${text}"`});
  }
  return {
    scroll: document.documentElement.scrollWidth - window.innerWidth,
    outside: outside.map((o) => o.text),
  };
}"""


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_nothing_sticks_out_sideways(phone: Any, path: str) -> None:
    _open(phone, path)
    result = phone.evaluate(_OVERFLOW)
    assert result["scroll"] <= 0, f"the page scrolls {result['scroll']}px sideways"
    assert result["outside"] == [], "past the 390px viewport:\n" + "\n".join(result["outside"])


# Per code cell: the width of its code box; per text output: whether it wraps (more rendered
# lines than text lines) and, when wider than the output area, whether a box scrolls and can
# take the keyboard focus (a scrolling region must be reachable by keyboard).
_NOTEBOOK_CELLS = """() => {
  const content = document.querySelector(".md-content__inner").clientWidth;
  const cells = [...document.querySelectorAll(".jp-CodeCell .jp-InputArea-editor")]
    .map((editor) => editor.getBoundingClientRect().width);
  const outputs = [...document.querySelectorAll(".jp-RenderedText pre")].map((pre) => {
    const lines = pre.textContent.replace(/\\n$/, "").split("\\n").length;
    const range = document.createRange();
    range.selectNodeContents(pre);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    const scroller = [pre, pre.parentElement].find(
      (box) => ["auto", "scroll"].includes(getComputedStyle(box).overflowX));
    return {
      first: pre.textContent.split("\\n")[0].slice(0, 60),
      lines,
      rendered: tops.size,
      whiteSpace: getComputedStyle(pre).whiteSpace,
      wide: pre.scrollWidth > pre.parentElement.clientWidth,
      scrolls: scroller !== undefined && scroller.scrollWidth > scroller.clientWidth,
      focusable: scroller !== undefined && scroller.tabIndex >= 0,
    };
  });
  return {content, cells, outputs};
}"""


def _notebook(page: Any, path: str) -> dict[str, Any]:
    _open(page, path)
    page.locator(".jupyter-wrapper .jp-CodeCell").first.wait_for()
    result: dict[str, Any] = page.evaluate(_NOTEBOOK_CELLS)
    return result


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_notebook_cells_use_the_content_width(phone: Any, path: str) -> None:
    result = _notebook(phone, path)
    assert result["cells"], "no code cell found"
    narrow = [w for w in result["cells"] if w < MIN_CELL_SHARE * result["content"]]
    assert narrow == [], (
        f"{len(narrow)} of {len(result['cells'])} code cells are narrower than "
        f"{MIN_CELL_SHARE:.0%} of the {result['content']}px content width: {narrow}"
    )


@pytest.mark.parametrize("path", NOTEBOOK_PAGES)
def test_notebook_outputs_scroll_rather_than_wrap(phone: Any, path: str) -> None:
    outputs = _notebook(phone, path)["outputs"]
    assert outputs, "no text output found"
    wrapped = [o for o in outputs if o["whiteSpace"] != "pre" or o["rendered"] > o["lines"]]
    assert wrapped == [], f"outputs wrap: {wrapped}"
    stuck = [o for o in outputs if o["wide"] and not (o["scrolls"] and o["focusable"])]
    assert stuck == [], f"wide outputs that do not scroll in a focusable box: {stuck}"


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "ko"])
def test_a_wide_output_scrolls_in_its_own_box(phone: Any, language: str) -> None:
    """The pod table of the Service lab is wider than a phone: it scrolls, the page does not."""
    outputs = _notebook(phone, f"{language}notebooks/services-lab/")["outputs"]
    wide = [o for o in outputs if o["wide"]]
    assert wide, "expected an output wider than the phone's content width"
    assert all(o["scrolls"] and o["focusable"] for o in wide)

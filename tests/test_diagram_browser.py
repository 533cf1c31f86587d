"""The site's architecture maps as a reader sees them, in chromium: on every page that draws
one, on a desktop and on a phone, in both languages, no map text renders smaller than 11 CSS px
(its font size times the SVG's rendered scale), the page never scrolls sideways, and a map
wider than the screen scrolls inside its own frame instead of shrinking."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import open_tab

from ingresslab._tools.trace_map import MIN_FONT_SIZE

pytestmark = pytest.mark.browser

PAGE = "explanation/one-request-three-ways/"
#: Every page with a map, and how many it draws (tests/test_site_build.py checks the same).
MAP_PAGES = {"": 1, "tutorials/one-request-side-by-side/": 1, PAGE: 3}
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}

# Rendered size = computed font size (SVG units) x rendered width / viewBox width.
_MEASURE = """() => [...document.querySelectorAll('figure.trace-map svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')]
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const frame = svg.closest('.trace-map__scroll');
  return {
    scale: scale,
    smallest: Math.min(...sizes),
    texts: sizes.length,
    frame: frame.clientWidth,
    content: frame.scrollWidth,
    overflow: getComputedStyle(frame).overflowX,
  };
})"""

_PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"

# Scroll the widest map to its end: its last box (the pod) must come into the frame.
_SCROLL_TO_THE_POD = """() => {
  const frames = [...document.querySelectorAll('figure.trace-map .trace-map__scroll')];
  const frame = frames.reduce((a, b) => (b.scrollWidth > a.scrollWidth ? b : a));
  const before = frame.scrollLeft;
  frame.scrollLeft = frame.scrollWidth;
  const pod = [...frame.querySelectorAll('.tm-hop')].pop().getBoundingClientRect();
  const box = frame.getBoundingClientRect();
  return {before: before, after: frame.scrollLeft, podRight: pod.right, frameRight: box.right,
          pageOverflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.mark.parametrize("language", ["", "ko/"], ids=["en", "ko"])
@pytest.mark.parametrize("device", sorted(DEVICES))
def test_map_text_is_never_smaller_than_11px_and_only_the_map_scrolls(
    browser: Any, site_url: str, device: str, language: str
) -> None:
    context, visit = open_tab(browser, site_url, **DEVICES[device])
    try:
        page = visit.page
        for path, count in MAP_PAGES.items():
            page.goto(language + path, wait_until="load")
            maps = page.evaluate(_MEASURE)
            assert len(maps) == count, path
            for drawn in maps:
                assert drawn["texts"] >= 10
                assert drawn["smallest"] >= MIN_FONT_SIZE - 1e-6, (path, drawn)
                assert drawn["overflow"] == "auto"
                assert drawn["frame"] <= page.viewport_size["width"]
            assert page.evaluate(_PAGE_OVERFLOW) <= 0, f"{path}: the page scrolls sideways"
            if device == "phone" and path == PAGE:
                assert all(d["content"] > d["frame"] for d in maps), "every map is wider"
                scrolled = page.evaluate(_SCROLL_TO_THE_POD)
                assert scrolled["before"] == 0 and scrolled["after"] > 0
                assert scrolled["podRight"] <= scrolled["frameRight"] + 1
                assert scrolled["pageOverflow"] <= 0
        visit.assert_offline_and_clean()
    finally:
        context.close()


def test_every_diagram_on_the_site_is_a_map(built_site: Any) -> None:
    """Mermaid shrinks a diagram to the column (text about 4 px on a phone): the pages draw
    maps instead, and exactly where MAP_PAGES says."""
    pages = 0
    for html in built_site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in text, html
        relative = html.parent.relative_to(built_site).as_posix()
        path = "" if relative in (".", "ko") else relative.removeprefix("ko/") + "/"
        assert text.count('<figure class="trace-map') == MAP_PAGES.get(path, 0), relative
        pages += path in MAP_PAGES
    assert pages == 2 * len(MAP_PAGES)


_COLOURS = """() => {
  const svg = document.querySelector('figure.trace-map svg');
  const read = () => ({
    cluster: getComputedStyle(svg.querySelector('.tm-boundary--cluster > rect')).fill,
    text: getComputedStyle(svg.querySelector('.tm-hop__title')).fill,
  });
  const body = document.body;
  const saved = body.getAttribute('data-md-color-scheme');
  body.setAttribute('data-md-color-scheme', 'default');
  const light = read();
  body.setAttribute('data-md-color-scheme', 'slate');
  const dark = read();
  body.setAttribute('data-md-color-scheme', saved);
  return {light: light, dark: dark};
}"""


def _luminance(rgb: str) -> float:
    red, green, blue = (int(part) for part in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_map_follows_the_colour_scheme(browser: Any, site_url: str) -> None:
    context, visit = open_tab(browser, site_url, **DEVICES["desktop"])
    try:
        visit.page.goto(PAGE, wait_until="load")
        colours = visit.page.evaluate(_COLOURS)
        light, dark = colours["light"], colours["dark"]
        assert _luminance(light["text"]) < 100 < _luminance(light["cluster"])
        assert _luminance(dark["cluster"]) < 100 < _luminance(dark["text"])
        visit.assert_offline_and_clean()
    finally:
        context.close()

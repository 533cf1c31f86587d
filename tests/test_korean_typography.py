"""Korean lines break between words, not inside them (docs/assets/stylesheets/korean.css), seen
in chromium on a phone-sized screen.

A Korean word is measured as a run of Hangul syllables: Range.getClientRects gives one box per
line the run is laid out on, so a run whose boxes sit on two lines was split. The same page with
the stylesheet's rule undone must split some words, or the measurement proves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browsing import Visit, open_tab

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

#: A prose-heavy page and a notebook, in Korean, and a page in English.
KOREAN_PAGES = ["ko/explanation/why-nlb-and-nginx/", "ko/notebooks/services-lab/"]
ENGLISH_PAGE = "explanation/why-nlb-and-nginx/"

#: The paragraphs measured: every paragraph of the page's text (notebook markdown cells included).
PARAGRAPHS = "article.md-typeset p"

_WORD_BREAK = "(selector) => getComputedStyle(document.querySelector(selector)).wordBreak"

#: Each Hangul run in the paragraphs, with the lines its boxes sit on; a run is split when
#: two of its boxes are further apart vertically than half a box's height.
_SPLIT_WORDS = """(selector) => {
  const hangul = /[\\uAC00-\\uD7A3]+/g;
  let runs = 0;
  const split = [];
  for (const paragraph of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(hangul)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const boxes = [...range.getClientRects()].filter((box) => box.width > 0);
        if (boxes.length === 0) continue;
        runs += 1;
        const tops = boxes.map((box) => box.top);
        const height = Math.min(...boxes.map((box) => box.height));
        if (Math.max(...tops) - Math.min(...tops) > height / 2) split.push(match[0]);
      }
    }
  }
  return { runs, split };
}"""

#: Undoes the stylesheet's rule, for the control measurement.
_BROWSER_DEFAULT = "html:lang(ko) body, html:lang(ko) .md-typeset a { word-break: normal; }"


@pytest.fixture
def phone(browser: Any, site_url: str) -> Iterator[Visit]:
    context, visit = open_tab(browser, site_url, **PHONE)
    yield visit
    context.close()


def _open(visit: Visit, path: str) -> None:
    visit.page.goto(path, wait_until="networkidle")
    visit.page.locator(PARAGRAPHS).first.wait_for()
    # Korean glyphs come from a system font (fonts-noto-cjk): measure once fonts are in.
    visit.page.evaluate("() => document.fonts.ready")


@pytest.mark.parametrize("path", KOREAN_PAGES)
def test_korean_paragraphs_keep_words_whole(phone: Visit, path: str) -> None:
    _open(phone, path)
    assert phone.page.evaluate("() => document.documentElement.lang") == "ko"
    assert phone.page.evaluate(_WORD_BREAK, PARAGRAPHS) == "keep-all"
    measured = phone.page.evaluate(_SPLIT_WORDS, PARAGRAPHS)
    assert measured["runs"] >= 100, f"too few Korean words measured: {measured['runs']}"
    assert measured["split"] == [], f"Korean words split across lines: {measured['split']}"
    overflow = phone.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow}px of horizontal scroll"
    phone.assert_clean()


@pytest.mark.parametrize("path", KOREAN_PAGES)
def test_without_the_rule_korean_words_split(phone: Visit, path: str) -> None:
    _open(phone, path)
    phone.page.add_style_tag(content=_BROWSER_DEFAULT)
    assert phone.page.evaluate(_WORD_BREAK, PARAGRAPHS) == "normal"
    measured = phone.page.evaluate(_SPLIT_WORDS, PARAGRAPHS)
    assert measured["split"], "the measurement found no split word even with the rule undone"


def test_english_pages_keep_the_default_line_breaking(phone: Visit) -> None:
    _open(phone, ENGLISH_PAGE)
    assert phone.page.evaluate("() => document.documentElement.lang") == "en"
    assert phone.page.evaluate(_WORD_BREAK, PARAGRAPHS) == "normal"
    phone.assert_clean()


def test_code_keeps_its_own_wrapping_on_korean_pages(phone: Visit) -> None:
    _open(phone, KOREAN_PAGES[0])
    styles = phone.page.evaluate(
        """() => [...document.querySelectorAll('article pre, article code')].map(
             (e) => getComputedStyle(e).wordBreak)"""
    )
    assert styles, "no code on the page"
    assert "keep-all" not in styles

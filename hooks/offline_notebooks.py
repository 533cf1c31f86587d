"""Keep notebook pages offline (CONTRIBUTING.md, trap 3).

nbconvert's HTML template always adds a MathJax loader (a CDN address, or the empty
``custom_mathjax_url`` of mkdocs-jupyter) and a module script that imports mermaid from a CDN
when a notebook has a mermaid output. Our notebooks use neither math nor notebook mermaid, so
both loaders are removed from the rendered page. Anything else external that a notebook page
pulls in is left alone on purpose: the privacy plugin then warns, and ``mkdocs build --strict``
fails. Code cells also become keyboard-focusable, and headings get the ids the page's table of
contents links to.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import event_priority

# mkdocs-jupyter passes its `custom_mathjax_url` (empty by default) as the loader's src.
_MATHJAX_LOADER = re.compile(
    r"""<script\b[^>]*\bsrc=["'](?:[^"']*mathjax[^"']*)?["'][^>]*>\s*</script>""",
    re.IGNORECASE,
)
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def _drop_cdn_loaders(match: re.Match[str]) -> str:
    attributes, body = match.group(1), match.group(2)
    if "text/x-mathjax-config" in attributes or ".jp-Mermaid" in body:
        return ""
    return match.group(0)


@event_priority(50)  # before the privacy plugin looks at the page (on_post_page)
def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    if "jupyter-wrapper" not in html:
        return html
    html = _MATHJAX_LOADER.sub("", html)
    # A code cell that scrolls sideways must be reachable by keyboard (axe-core:
    # scrollable-region-focusable); Material does the same for its own code blocks.
    html = html.replace('<div class="highlight-ipynb', '<div tabindex="0" class="highlight-ipynb')
    html = _align_heading_ids(html, page)
    return _INLINE_SCRIPT.sub(_drop_cdn_loaders, html)


_HEADING = re.compile(r"<(h[1-6])([^>]*?)\bid=\"([^\"]*)\"([^>]*)>(.*?)</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _toc_items(items: Any) -> list[Any]:
    flat = []
    for item in items:
        flat.append(item)
        flat += _toc_items(item.children)
    return flat


def _align_heading_ids(html: str, page: Any) -> str:
    """nbconvert gives headings ASCII-only ids (empty for Korean text) while the page's table of
    contents links to its own slugs: give each heading the id its contents entry links to."""
    wanted = {item.title.strip(): item.id for item in _toc_items(getattr(page, "toc", []))}

    def fix(match: re.Match[str]) -> str:
        tag, before, old, after, body = match.groups()
        text = _TAG.sub("", body).replace("¶", "").strip()
        new = wanted.get(text)
        if not new or new == old:
            return match.group(0)
        body = body.replace(f'href="#{old}"', f'href="#{new}"')
        return f'<{tag}{before}id="{new}"{after}>{body}</{tag}>'

    return _HEADING.sub(fix, html)

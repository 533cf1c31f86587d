"""Keep notebook pages offline (DOCS-STACK.md, trap 3).

nbconvert's HTML template always adds a MathJax loader (a CDN address, or the empty
``custom_mathjax_url`` of mkdocs-jupyter) and a module script that imports mermaid from a CDN
when a notebook has a mermaid output. Our notebooks use neither math nor notebook mermaid, so
both loaders are removed from the rendered page. Anything else external that a notebook page
pulls in is left alone on purpose: the privacy plugin then warns, and ``mkdocs build --strict``
fails.
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
    return _INLINE_SCRIPT.sub(_drop_cdn_loaders, html)

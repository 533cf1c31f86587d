"""The strict site build passes, and what it writes loads nothing from another host.

``mkdocs build --strict`` already fails on warnings from the privacy plugin; these tests read the
built files themselves, so an external asset that slips past the plugin still fails here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"", "127.0.0.1", "localhost"}
NOTEBOOK_PAGES = ["notebooks/first-route/index.html", "ko/notebooks/first-route/index.html"]

_CSS_URL = re.compile(r"""url\(\s*["']?([^"')\s]+)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+["']([^"']+)["']""", re.IGNORECASE)
_JS_IMPORT = re.compile(r"""(?:\bimport\s*\(|\bfrom)\s*["']((?:https?:)?//[^"']+)["']""")
# Attributes through which a browser loads something on its own (links to click are fine).
_LOADING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
_LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


def _is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in {"http", "https", ""} and parts.hostname not in LOCAL_HOSTS | {None}


class _AssetCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._inline: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in _LOADING_ATTRIBUTES.get(tag, []):
            if name == "srcset" and name in values:
                self.urls += [part.split()[0] for part in values[name].split(",") if part.strip()]
            elif name in values:
                self.urls.append(values[name])
        if tag == "link" and _LOADING_LINK_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        if "style" in values:
            self.urls += _CSS_URL.findall(values["style"])
        if tag in {"style", "script"}:
            self._inline = tag

    def handle_data(self, data: str) -> None:
        if self._inline == "style":
            self.urls += _CSS_URL.findall(data) + _CSS_IMPORT.findall(data)
        elif self._inline == "script":
            self.urls += _JS_IMPORT.findall(data)

    def handle_endtag(self, tag: str) -> None:
        self._inline = None


def _external_assets_in_html(html: str) -> list[str]:
    collector = _AssetCollector()
    collector.feed(html)
    return [url for url in collector.urls if _is_external(url)]


def test_strict_build_writes_both_languages(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "ko" / "index.html").is_file()


def test_built_pages_load_nothing_from_another_host(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    found = {
        str(page.relative_to(built_site)): external
        for page in pages
        if (external := _external_assets_in_html(page.read_text(encoding="utf-8")))
    }
    assert found == {}


def _external_urls_in_css(css: str) -> list[str]:
    return [url for url in _CSS_URL.findall(css) + _CSS_IMPORT.findall(css) if _is_external(url)]


def test_built_stylesheets_load_nothing_from_another_host(built_site: Path) -> None:
    found = {
        str(sheet.relative_to(built_site)): external
        for sheet in sorted(built_site.rglob("*.css"))
        if (external := _external_urls_in_css(sheet.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_checker_sees_external_assets() -> None:
    html = (
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/a.css">'
        '<img srcset="https://img.example.org/a.png 2x">'
        "<style>@font-face { src: url(https://fonts.example.org/f.woff2) }</style>"
        '<script type="module">await import("https://cdn.example.org/m.mjs")</script>'
        '<script src="assets/local.js"></script><a href="https://example.org/">a link</a>'
    )
    assert len(_external_assets_in_html(html)) == 5


@pytest.mark.parametrize("page", NOTEBOOK_PAGES)
def test_notebook_page_is_executed_html(built_site: Path, page: str) -> None:
    html = (built_site / page).read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert 'class="jupyter-wrapper"' in html
    # The build executed the notebook: the output of its routing cell is on the page.
    assert "route default/service-a:80" in html


def test_build_writes_nothing_into_the_source_tree() -> None:
    # A broken notebook destination once made mkdocs-jupyter write pages next to the sources.
    written = [p for d in ("docs", "notebooks") for p in (REPO_ROOT / d).rglob("*.html")]
    assert written == []


def test_cli_reference_shows_every_command(built_site: Path) -> None:
    """The CLI page is generated from the CLI's definitions (hooks/cli_reference.py)."""
    import click

    from ingresslab._cli import main

    html = (built_site / "reference" / "cli" / "index.html").read_text()
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        assert f"ingresslab {name}" in html, name


def test_trace_diagrams_are_drawn_at_build_time(built_site: Path) -> None:
    """Markers become SVG maps of real traces (hooks/trace_diagrams.py), in both languages, and
    no marker is left in any page (tests/test_diagram_browser.py counts the maps per page)."""
    for language in ("", "ko/"):
        html = (built_site / language / "explanation/one-request-three-ways/index.html").read_text()
        assert html.count('<figure class="trace-map') == 3
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "ingresslab-map:" not in text and "ingresslab-trace:" not in text, page


def test_the_search_index_is_utf8_and_leaves_printed_output_out(built_site: Path) -> None:
    """Every page loads the index (hooks/search_index.py, hooks/example_output.py)."""
    text = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "라우팅" in text and "\\u" not in text
    assert "same?" not in text  # the header of compare()'s printed table
    assert "ingresslab.compare(" in text  # the code that printed it is searchable

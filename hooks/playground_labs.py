"""The playground's data and the labs' downloads, made at build time.

**The playground** (docs/playground.md and its Korean page) holds a marker line:

    <!-- ingresslab-playground -->

which becomes the element docs/assets/javascripts/playground.js builds the playground in, with
what it needs before Python has loaded, as JSON in its `data-playground` attribute: the files
under `examples/` its picker offers (the same files hooks/pyodide_assets.py ships to the
browser, so each one can be loaded there) and the text of the example it starts with. (Not a
JSON `<script>`: Material's instant navigation re-creates every script of a new page without
its type, and would run it.) A page without the marker, or a marker on another page, fails the
build.

**The labs**: each notebook page (notebooks/*.py, rendered by mkdocs-jupyter) gets its
notebook as an `.ipynb` file next to the page, converted with jupytext from the same source
the page was rendered from (the Korean notebook on the Korean page), without outputs and
without jupytext's pairing metadata (so that saving it never rewrites a notebook of the
repository), and a download link under the notebook's title. docs/assets/javascripts/labs.js
adds the Run buttons.

Both scripts are added to the pages that use them only, so that no other page loads them:
Material's instant navigation runs a script it finds in a new page's content.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
#: The example the playground starts with: the one on the home page.
DEFAULT_EXAMPLE = "examples/some-ingress.yaml"
#: The URL it starts with: the home page's.
DEFAULT_URL = "http://my.example.com/some-path"
MARKER = "<!-- ingresslab-playground -->"
PLAYGROUND_PAGES = ("playground.md", "playground.ko.md")
_MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
_H1_END = re.compile(r"</h1>")

#: The download line under a notebook's title; `{name}` is the file name.
DOWNLOAD = {
    "en": (
        'Run the cells on this page: Python runs in your browser. Or <a href="{href}" '
        'download="{name}" class="lab-download__link">download the notebook ({name})</a> and '
        "open it in JupyterLab: see <em>Labs</em> in the repository's README."
    ),
    "ko": (
        '이 페이지에서 셀을 실행해 보세요. Python은 브라우저에서 실행됩니다. <a href="{href}" '
        'download="{name}" class="lab-download__link">노트북 내려받기({name})</a>로 받아 '
        "JupyterLab에서 열 수도 있습니다. 저장소 README의 <em>Labs</em>를 참고하세요."
    ),
}


class PlaygroundError(PluginError):
    """The playground page lacks its marker, or another page has one."""


def example_files(root: Path = ROOT) -> list[str]:
    """The manifests under `examples/` as repository paths, in the picker's order."""
    top = root / "examples"
    return sorted(
        p.relative_to(root).as_posix()
        for p in top.rglob("*")
        if p.is_file() and p.suffix in _MANIFEST_SUFFIXES and "__pycache__" not in p.parts
    )


def playground_data(root: Path = ROOT) -> dict[str, Any]:
    files = example_files(root)
    if DEFAULT_EXAMPLE not in files:
        raise PlaygroundError(f"the playground starts with {DEFAULT_EXAMPLE}, which is missing")
    return {
        "examples": files,
        "example": DEFAULT_EXAMPLE,
        "manifest": (root / DEFAULT_EXAMPLE).read_text(encoding="utf-8"),
        "url": DEFAULT_URL,
    }


def playground_element(root: Path = ROOT) -> str:
    """The raw HTML block the marker becomes: one element, its data as JSON in an attribute
    (escaped, and on one line, so that Markdown leaves the block alone)."""
    data = html.escape(json.dumps(playground_data(root), ensure_ascii=False), quote=True)
    return f'<div class="playground" data-playground="{data}"></div>'


def script(page: Any, name: str) -> str:
    """The `<script>` element of docs/assets/javascripts/`name`, relative to the page."""
    src = get_relative_url(f"assets/javascripts/{name}", str(page.url) or ".")
    return f'<script src="{html.escape(src)}"></script>'


def notebook_ipynb(source: Path) -> str:
    """The jupytext notebook `source` as `.ipynb` JSON: no outputs, no pairing metadata."""
    notebook = jupytext.read(source)
    for key in ("jupytext", "translated_from"):
        notebook.metadata.pop(key, None)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(notebook)
    text: str = nbformat.writes(notebook)
    return text + "\n"


def ipynb_name(source: Path) -> str:
    """`routing-lab.py` → `routing-lab.ipynb`, `routing-lab.ko.py` → `routing-lab.ko.ipynb`."""
    return source.name.removesuffix(".py") + ".ipynb"


def _is_notebook(page: Any) -> bool:
    src = str(page.file.src_uri)
    return src.startswith("notebooks/") and src.endswith(".py")


def _language(page: Any) -> str:
    return "ko" if str(page.url).startswith("ko/") else "en"


def on_page_markdown(markdown: str, page: Any, config: Any, **kwargs: Any) -> str:
    source = str(page.file.src_uri)
    found = MARKER in markdown
    if source in PLAYGROUND_PAGES:
        if not found:
            raise PlaygroundError(f"{source}: the marker {MARKER} is missing")
        # A raw HTML block must stand alone, between blank lines, for Markdown to leave it be.
        return markdown.replace(MARKER, "\n" + playground_element() + "\n", 1)
    if found:
        raise PlaygroundError(f"{source}: {MARKER} belongs on {PLAYGROUND_PAGES[0]} only")
    return markdown


@event_priority(40)  # after hooks/offline_notebooks.py has given headings their ids
def on_page_content(html_text: str, page: Any, config: Any, **kwargs: Any) -> str:
    if str(page.file.src_uri) in PLAYGROUND_PAGES:
        return html_text + script(page, "playground.js")
    if not _is_notebook(page) or page.file.abs_src_path is None:
        return html_text
    source = Path(page.file.abs_src_path)
    name = ipynb_name(source)
    target = Path(page.file.abs_dest_path).parent / name
    target.parent.mkdir(parents=True, exist_ok=True)
    text = notebook_ipynb(source)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    line = DOWNLOAD[_language(page)].format(href=html.escape(name), name=html.escape(name))
    block = f'<p class="lab-download" data-lab-download>{line}</p>'
    found = _H1_END.search(html_text)
    if found is None:  # no title: the line goes first
        html_text = block + html_text
    else:
        html_text = html_text[: found.end()] + block + html_text[found.end() :]
    return html_text + script(page, "labs.js")

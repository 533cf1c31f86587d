"""Execute every notebook in its own directory, as Jupyter, VS Code and nbmake do.

mkdocs-jupyter runs an ``.ipynb`` notebook in its directory but a jupytext ``.py`` notebook in the
current directory (the repository root), so ``../examples/some-ingress.yaml`` works for a reader
and under nbmake, yet is missing in the site build. This hook changes into the notebook's
directory while its page renders, and pins mkdocs-jupyter's cache directory to an absolute path
so that the cache does not move along.
"""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig) -> None:
    jupyter: Any = config.plugins["mkdocs-jupyter"]
    jupyter.config["cache_dir"] = os.path.abspath(jupyter.config["cache_dir"])


@event_priority(-50)  # after mkdocs-jupyter's on_pre_page has replaced page.render
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    jupyter: Any = config.plugins["mkdocs-jupyter"]
    if page.file.abs_src_path is None or not jupyter.should_include(page.file):
        return page
    render = page.render
    directory = os.path.dirname(os.path.realpath(page.file.abs_src_path))

    def render_in_notebook_directory(config: MkDocsConfig, files: Files) -> None:
        previous = os.getcwd()
        os.chdir(directory)
        try:
            render(config, files)
        finally:
            os.chdir(previous)

    page.render = render_in_notebook_directory  # type: ignore[method-assign]
    return page

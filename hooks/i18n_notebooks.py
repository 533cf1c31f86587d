"""Make mkdocs-jupyter notebook pages survive mkdocs-static-i18n (CONTRIBUTING.md, trap 1).

The i18n plugin rebuilds every file as a plain ``File`` in its own ``on_files``; a notebook then
stops being a documentation page and is copied as-is (raw JSON, or raw ``.py`` for jupytext
notebooks), and the per-language copy is missing (upstream: ultrabug/mkdocs-static-i18n#198).
This hook runs after the i18n plugin and turns the notebooks back into pages, at the destination
the i18n plugin gives a Markdown page: ``notebooks/x.py`` -> ``notebooks/x/``, and
``notebooks/x.ko.py`` (or the English fallback in the Korean build) -> ``ko/notebooks/x/``.
It also gives each notebook page an alternate in every language, for the language switch.

It knows nothing about the notebooks' contents; it only fixes where they are written.
"""

from __future__ import annotations

import copy
import os
import posixpath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files


class NotebookPage(File):
    """A notebook that MkDocs renders as a page (mkdocs-jupyter replaces the rendering)."""

    def is_documentation_page(self) -> bool:
        return True


def _page_dest_uri(src_uri: str, locale: str, i18n: Any, use_directory_urls: bool) -> str:
    parent, filename = posixpath.split(src_uri)
    stem = posixpath.splitext(filename)[0]
    base, _, suffix = stem.rpartition(".")
    if base and suffix in i18n.all_languages:
        stem = base
    if use_directory_urls:
        dest = posixpath.join(parent, stem, "index.html")
    else:
        dest = posixpath.join(parent, f"{stem}.html")
    return dest if locale == i18n.default_language else posixpath.join(locale, dest)


def _make_page(file: File, locale: str, i18n: Any, config: MkDocsConfig) -> None:
    # Changing the class keeps the object's identity: the i18n plugin's alternates point at it.
    file.__class__ = NotebookPage
    file.dest_uri = _page_dest_uri(file.src_uri, locale, i18n, config.use_directory_urls)
    # Set the absolute path explicitly: the i18n plugin passes a relative path as dest_dir, and
    # deriving from it made mkdocs-jupyter write into the source tree.
    file.dest_dir = config.site_dir
    file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, file.dest_uri))
    file.url = file._get_url(config.use_directory_urls)


@event_priority(-150)  # after mkdocs-static-i18n's on_files (priority -100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    jupyter: Any = config.plugins["mkdocs-jupyter"]
    i18n: Any = config.plugins["i18n"]
    for file in files:
        if file.is_documentation_page() or not jupyter.should_include(file):
            continue
        _make_page(file, i18n.current_language, i18n, config)
        # Every notebook has a page in every language (the default one is the fallback).
        alternates: dict[str, File] = getattr(file, "alternates", {})
        for locale in i18n.build_languages:
            if alternates.get(locale) is file:
                continue
            alternates[locale] = alternate = copy.copy(alternates.get(locale, file))
            _make_page(alternate, locale, i18n, config)
    # The i18n sitemap lists the pages it saw in its own on_files, before this fix.
    i18n.i18n_files_per_language[i18n.current_language] = files.documentation_pages()
    return files

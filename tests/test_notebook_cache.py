"""A rebuild renders only the notebooks that changed, in both languages (hooks/notebook_cache.py).

mkdocs-jupyter's cache used to be emptied of one language by the other language's build, so
every ``make serve`` rebuild rendered all the notebooks again (CONTRIBUTING.md, trap 13). These
tests build as ``mkdocs serve`` rebuilds, in this process, with the real ``mkdocs.yml`` and a
small copy of ``docs/`` (the home page, one page, every notebook) in a temporary directory with
its own cache and site. mkdocs-jupyter's converter is wrapped to count the notebooks rendered.
They check behaviour, not time: the rebuild time is a benchmark (see the hook's docstring).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mkdocs_jupyter.convert
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO_ROOT = Path(__file__).resolve().parent.parent
PAGES = ["index.md", "index.ko.md", "reference/glossary.md", "reference/glossary.ko.md"]
NOTEBOOKS = sorted(f"notebooks/{p.name}" for p in (REPO_ROOT / "notebooks").glob("*.py"))
EDITED_CELL = "\n# %% [markdown]\n# Edited after the first build.\n"


def _site_page(notebook: str) -> str:
    """Where a notebook's page is written: notebooks/x.ko.py -> ko/notebooks/x/index.html."""
    stem = Path(notebook).stem
    base, _, locale = stem.rpartition(".")
    if base and locale == "ko":
        return f"ko/notebooks/{base}/index.html"
    return f"notebooks/{stem}/index.html"


@dataclass
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def build(self) -> list[str]:
        """Build the site with notebooks unexecuted and the cache on, as `make serve` does;
        return the notebooks mkdocs-jupyter rendered (those it did not take from its cache)."""
        rendered: list[str] = []
        convert = mkdocs_jupyter.convert.nb2html

        def counting_convert(path: str, *args: Any, **kwargs: Any) -> Any:
            rendered.append(Path(path).relative_to(self.docs).as_posix())
            return convert(path, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(mkdocs_jupyter.convert, "nb2html", counting_convert)
            patch.setenv("INGRESSLAB_EXECUTE_NOTEBOOKS", "false")
            patch.setenv("INGRESSLAB_NOTEBOOK_CACHE", "true")
            patch.chdir(REPO_ROOT)  # snippets are included relative to the repository root
            config = load_config(
                str(REPO_ROOT / "mkdocs.yml"), docs_dir=str(self.docs), site_dir=str(self.site)
            )
            config.plugins["mkdocs-jupyter"].config["cache_dir"] = str(self.cache)
            build(config)
        return sorted(rendered)

    def cache_entries(self) -> set[str]:
        return {p.name for p in self.cache.glob("*.json")}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[str]]:
    """A project built once from an empty cache, and the notebooks that build rendered."""
    project = Project(tmp_path_factory.mktemp("notebook-cache"))
    for page in PAGES:
        (project.docs / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / "docs" / page, project.docs / page)
    (project.docs / "notebooks").mkdir()
    for notebook in NOTEBOOKS:
        shutil.copyfile(REPO_ROOT / notebook, project.docs / notebook)
    return project, project.build()


@pytest.fixture
def project(first_build: tuple[Project, list[str]], tmp_path: Path) -> Iterator[Project]:
    """A copy of the built project (sources and cache), for one test to change."""
    built, _ = first_build
    copy = Project(tmp_path / "project")
    shutil.copytree(built.docs, copy.docs)
    shutil.copytree(built.cache, copy.cache)
    yield copy


def test_the_first_build_renders_every_notebook_in_both_languages(
    first_build: tuple[Project, list[str]],
) -> None:
    built, rendered = first_build
    assert any(n.endswith(".ko.py") for n in NOTEBOOKS)
    assert any(not n.endswith(".ko.py") for n in NOTEBOOKS)
    assert rendered == NOTEBOOKS
    # One entry per notebook and language: neither language's build evicted the other's.
    assert len(built.cache_entries()) == len(NOTEBOOKS)


def test_a_markdown_edit_renders_no_notebook(project: Project) -> None:
    page = project.docs / "reference" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert project.build() == []
    assert "One more line." in (project.site / "reference/glossary/index.html").read_text()
    for notebook in NOTEBOOKS:  # every notebook page is written, from the cache
        assert 'class="jupyter-wrapper"' in (project.site / _site_page(notebook)).read_text()
    assert len(project.cache_entries()) == len(NOTEBOOKS)


@pytest.mark.parametrize("notebook", ["notebooks/first-route.py", "notebooks/first-route.ko.py"])
def test_an_edited_notebook_is_rendered_again(project: Project, notebook: str) -> None:
    assert notebook in NOTEBOOKS
    before = project.cache_entries()
    with (project.docs / notebook).open("a", encoding="utf-8") as source:
        source.write(EDITED_CELL)
    assert project.build() == [notebook]
    assert "Edited after the first build." in (project.site / _site_page(notebook)).read_text()
    after = project.cache_entries()
    # The notebook's old entry is evicted once both languages are built; the rest are kept.
    assert len(after) == len(NOTEBOOKS)
    assert len(after - before) == 1
    # And the new rendering is cached in turn.
    assert project.build() == []


@pytest.mark.parametrize("cache", ["true", "false"])
def test_executed_notebooks_are_never_cached(monkeypatch: pytest.MonkeyPatch, cache: str) -> None:
    """Executed output depends on src/ and examples/, which the cache key ignores (trap 4)."""
    monkeypatch.setenv("INGRESSLAB_EXECUTE_NOTEBOOKS", "true")
    monkeypatch.setenv("INGRESSLAB_NOTEBOOK_CACHE", cache)
    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    config.plugins["hooks/notebook_cache.py"].on_config(config)
    assert config.plugins["mkdocs-jupyter"].config["cache"] is False

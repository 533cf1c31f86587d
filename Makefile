# One way to do each thing: make serve, make test, make lint, make bench (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-install only when the pins or the package metadata change, so re-runs are instant.
STAMP := $(VENV)/.installed-stamp
# axe-core, injected by the browser tests to check accessibility (never from a CDN).
AXE_VERSION := 4.14.1
AXE_DIR := tests/vendor/axe-core
# Python in the reader's browser (docs/assets/javascripts/run.js): Pyodide from the npm
# registry, and the runtime dependencies the examples import as pure-Python wheels (PyPI has no
# WebAssembly wheel of PyYAML: it is built without its C extension). 13 MB, so not in git:
# serve, test and publish fetch them on a fresh clone, and again when a pin below changes.
PYODIDE_VERSION := 314.0.8
PYODIDE_DIR := docs/assets/vendor/pyodide
# The files run.js loads (hooks/pyodide_assets.py checks the same list at build time).
PYODIDE_FILES := pyodide.mjs pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip pyodide-lock.json
# The PyYAML of requirements/dev.txt, so the browser parses as the tests do (a test checks).
PYYAML_VERSION := 6.0.4
WHEELS_DIR := docs/assets/vendor/wheels
RUNTIME_STAMP := $(PYODIDE_DIR)/.vendored-$(PYODIDE_VERSION)-pyyaml-$(PYYAML_VERSION)

# Material for MkDocs prints an end-of-life banner on every build (CONTRIBUTING.md, trap 9).
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve test lint bench publish lock vendor

help:
	@echo "make serve   serve the site on http://127.0.0.1:8000 with live reload"
	@echo "make test    unit tests, docs examples, notebooks, strict site build, browser smoke test"
	@echo "make lint    ruff check, ruff format --check, mypy --strict on src/"
	@echo "make bench   run benchmarks/run.py"
	@echo "make publish build the production site into site/ (INGRESSLAB_SITE_URL, INGRESSLAB_REPO_URL)"
	@echo "make lock    re-pin requirements/dev.txt from requirements/dev.in"
	@echo "make vendor  re-fetch the pinned axe-core, Pyodide and PyYAML wheel"
	@echo "make lab     JupyterLab on notebooks/ (installs it into .venv the first time)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  found=$$(command -v $(PYTHON) >/dev/null && $(PYTHON) -V 2>&1 || echo "not installed"); \
	  echo "Ingress Lab needs Python >= 3.11; '$(PYTHON)' is $$found." \
	    "Try: make PYTHON=python3.11 $(MAKECMDGOALS)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements/dev.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# Notebook execution stays off while serving: pages reload fast; `make test` executes them.
serve: $(STAMP) $(RUNTIME_STAMP)
	INGRESSLAB_EXECUTE_NOTEBOOKS=false $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP) $(RUNTIME_STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	@# Code blocks in Markdown belong to pytest-examples: ruff would turn `#>` into `# >`.
	$(BIN)/ruff format --check --extend-exclude '*.md' .
	$(BIN)/mypy --strict src/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The production site: notebooks executed with no cache, strict, with the published address in
# canonical links and the sitemap. GitHub Pages serves site/ (see .github/workflows/publish.yml).
publish: $(STAMP) $(RUNTIME_STAMP)
	INGRESSLAB_EXECUTE_NOTEBOOKS=true INGRESSLAB_NOTEBOOK_CACHE=false \
	  INGRESSLAB_SITE_URL="$${INGRESSLAB_SITE_URL:-https://ingresslab.github.io/ingresslab/}" \
	  $(BIN)/mkdocs build --strict --clean --site-dir site

lock: $(STAMP)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip compile --python-version 3.11 --no-header --no-annotate \
	  requirements/dev.in -o requirements/dev.txt

# npm uses whatever registry the machine is configured for; no address is named here.
vendor:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && \
	   tar xzf axe-core-$(AXE_VERSION).tgz) && \
	  mkdir -p $(AXE_DIR) && \
	  cp "$$tmp/package/axe.min.js" "$$tmp/package/LICENSE" $(AXE_DIR)/ && \
	  echo "vendored axe-core $(AXE_VERSION) into $(AXE_DIR)"
	@rm -f $(RUNTIME_STAMP)
	@$(MAKE) --no-print-directory $(RUNTIME_STAMP)

# The browser runtime: the files run.js loads, and package.json (version, licence: MPL-2.0).
# PyYAML is built from its sdist with PYYAML_FORCE_LIBYAML=0, which gives a py3-none-any wheel.
$(RUNTIME_STAMP): | $(BIN)/python
	@command -v npm >/dev/null || { echo "make vendor needs npm (Debian: apt-get install npm)" >&2; exit 1; }
	@rm -rf $(PYODIDE_DIR) $(WHEELS_DIR)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent pyodide@$(PYODIDE_VERSION) >/dev/null && \
	   tar xzf pyodide-$(PYODIDE_VERSION).tgz) && \
	  mkdir -p $(PYODIDE_DIR) && \
	  cp $(addprefix "$$tmp"/package/,$(PYODIDE_FILES) package.json) $(PYODIDE_DIR)/ && \
	  echo "vendored pyodide $(PYODIDE_VERSION) into $(PYODIDE_DIR)"
	@PYYAML_FORCE_LIBYAML=0 $(BIN)/python -m pip wheel --quiet --disable-pip-version-check \
	  --no-cache-dir --no-deps --no-binary pyyaml pyyaml==$(PYYAML_VERSION) -w $(WHEELS_DIR) && \
	  test -f $(WHEELS_DIR)/pyyaml-$(PYYAML_VERSION)-py3-none-any.whl && \
	  echo "built pyyaml-$(PYYAML_VERSION)-py3-none-any.whl into $(WHEELS_DIR)"
	@touch $@

# JupyterLab on notebooks/, for the labs (README.md, "Labs"). Installed into .venv on first use
# and pinned here, not in requirements/: it pulls in about forty packages that nothing else
# needs. The constraints keep every pinned package as it is; jupytext (pinned) opens the .py
# notebooks as notebooks.
JUPYTERLAB_VERSION := 4.6.6
.PHONY: lab
lab: $(STAMP)
	@$(BIN)/python -c 'import importlib.metadata as m, sys; sys.exit(m.version("jupyterlab") != "$(JUPYTERLAB_VERSION)")' 2>/dev/null || \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    -c requirements/dev.txt jupyterlab==$(JUPYTERLAB_VERSION)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1

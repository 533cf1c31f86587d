"""The example report, built with the site: `ingresslab report -o html` on
examples/multi-team-cluster.yaml, written to `reports/multi-team-cluster.html`.

docs/how-to/check-my-cluster.md (and its Korean page) link to it as
`../reports/multi-team-cluster.html`. The hook adds the page to the build's files as a
generated file, so MkDocs checks that link under `--strict` like any other and writes the
page into the site of each language. The report's own links to the site are relative
(`../`), so they work on `make serve`, on the published site and in the built `site/` opened
from disk. The example is read when a build starts; `make serve` rebuilds it after a change
to the example or to `src/` (both are watched).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "examples/multi-team-cluster.yaml"
#: Where the report is written, relative to each language's site root.
DESTINATION = "reports/multi-team-cluster.html"


def report_html() -> str:
    """The example's report as one HTML page, its links relative to the site root."""
    import ingresslab

    manifests = ingresslab.load(ROOT / EXAMPLE)
    report = ingresslab.build_report(manifests, site_url="../")
    # Positions name the file as the repository does, not as this machine does.
    return report.html().replace(str(ROOT) + "/", "")


@event_priority(-200)  # after mkdocs-static-i18n's on_files (-100) and hooks/i18n_notebooks.py
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(DESTINATION) is None:
        files.append(File.generated(config, DESTINATION, content=report_html()))
    return files

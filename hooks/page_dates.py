"""A "last updated" date on every page: the date of the last commit that changed its source.

Material shows `page.meta.revision_date` at the foot of the page. Outside a git checkout (or
for a file not yet committed) the page simply shows no date.
"""

from __future__ import annotations

import subprocess
from functools import cache
from typing import Any


@cache
def _last_commit_date(path: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", path],
            capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    source = getattr(page.file, "abs_src_path", None)
    if source:
        date = _last_commit_date(source)
        if date:
            page.meta["revision_date"] = date
    return markdown

"""The search index in UTF-8, without padding.

Material writes `search/search_index.json` with every non-ASCII character escaped (`\\uXXXX`,
six bytes for a Hangul syllable that UTF-8 writes in three) and with spaces after separators.
The index is fetched by every page at its first load (the largest part of its weight), so it
is rewritten here, after the build, as the same JSON in fewer bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config: Any, **kwargs: Any) -> None:
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

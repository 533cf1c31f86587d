"""Reading time, prerequisites and reading paths on every page, from docs-paths.yml.

Under each page's title: about how long it takes (counted from the English page, so both
languages agree: words at a reading pace plus half a minute per runnable example) and what to know
or read first. At the foot of a page on a reading path: the path's name, the step, and its
Previous / Next links. On the home page, the marker `<!-- ingresslab-paths -->` becomes one
card per path. A page missing from docs-paths.yml, or a path naming a missing page, fails the
build: a reader would otherwise meet a broken promise.
"""

from __future__ import annotations

import html
import math
import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs-paths.yml"
# Silent reading of English non-fiction averages 238 words a minute (Brysbaert, "How many words
# do we read per minute?", Journal of Memory and Language, 2019); an example takes half a minute
# more to read against its output.
WORDS_PER_MINUTE = 238
MINUTES_PER_EXAMPLE = 0.5
_MARKER = "<!-- ingresslab-paths -->"
_LANGUAGES = ("en", "ko")

_TEXT = {
    "en": {
        "minutes": "About {n} minutes",
        "minute": "About 1 minute",
        "before": "Before this",
        "nothing": "nothing",
        "step": "{title}: step {n} of {total}",
        "previous": "Previous",
        "next": "Next",
        "end": "End of this path. Where next: the other paths on the {home}.",
        "home": "home page",
        "path": "Reading path",
        "card": "{count} pages, about {n} minutes",
        "start": "Start",
    },
    "ko": {
        "minutes": "약 {n}분",
        "minute": "약 1분",
        "before": "먼저 알아 둘 것",
        "nothing": "없음",
        "step": "{title}: {total}단계 중 {n}단계",
        "previous": "이전",
        "next": "다음",
        "end": "이 경로의 끝입니다. 다음으로: {home}의 다른 경로.",
        "home": "홈 페이지",
        "path": "읽기 경로",
        "card": "{count}개 페이지, 약 {n}분",
        "start": "시작하기",
    },
}


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    pages = data["pages"]
    for name, path in data["paths"].items():
        for key in path["pages"]:
            if key not in pages:
                raise ValueError(f"docs-paths.yml: path {name} names {key}, not under pages")
            _source(key)  # a path's page must exist
    for key, needs in pages.items():
        for need in needs:
            if need not in pages and need not in data["knowledge"]:
                raise ValueError(f"docs-paths.yml: {key} needs {need}: not a page or knowledge")
    return data


def _source(key: str) -> Path:
    folder, _, name = key.partition("/")
    path = ROOT / "notebooks" / name if folder == "notebooks" else ROOT / "docs" / key
    if not path.is_file():
        raise ValueError(f"docs-paths.yml lists {key}, but {path.relative_to(ROOT)} does not exist")
    return path


#: Not read: front matter, HTML comments (markers), footnote definitions, link addresses.
_UNREAD = (
    re.compile(r"\A---\n.*?\n---\n", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"^\[\^[^\]]+\]:.*(?:\n {4}.*)*", re.M),
    re.compile(r"(?<=\])\([^)]*\)"),
)


@cache
def minutes(key: str) -> int:
    """The reading time of a page: its English words and runnable examples."""
    text = _source(key).read_text(encoding="utf-8")
    if key.endswith(".py"):
        examples = sum(1 for line in text.splitlines() if line.strip() == "# %%")
    else:
        examples = len(re.findall(r"^\s*```py", text, re.M))
    for unread in _UNREAD:
        text = unread.sub("", text)
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE + examples * MINUTES_PER_EXAMPLE))


def path_minutes(name: str) -> int:
    """A path's reading time, rounded up to five minutes: what its title may promise."""
    total = sum(minutes(key) for key in _data()["paths"][name]["pages"])
    return 5 * math.ceil(total / 5)


def path_title(name: str, language: str) -> str:
    return str(_data()["paths"][name]["title"][language]).format(minutes=path_minutes(name))


def page_key(src_uri: str) -> str:
    """A page's name in docs-paths.yml, whatever its language: x.ko.md is x.md."""
    stem, ext = posixpath.splitext(src_uri)
    return stem.removesuffix(".ko") + ext


def _language(url: str) -> str:
    return "ko" if url == "ko/" or url.startswith("ko/") else "en"


def _targets(files: Files, language: str) -> dict[str, tuple[str, str]]:
    """page key -> (url, title) of that page in `language`."""
    found: dict[str, tuple[str, str]] = {}
    for file in files.documentation_pages():
        if _language(file.url) != language:
            continue
        title = file.page.title if file.page is not None and file.page.title else file.name
        found[page_key(file.src_uri)] = (file.url, str(title))
    return found


def _link(targets: dict[str, tuple[str, str]], key: str, here: str, text: str | None = None) -> str:
    if key not in targets:
        # A build of part of the site (tests/test_notebook_cache.py builds a few pages): the
        # name without a link. A full build has every page (docs-paths.yml is checked).
        return html.escape(text or key)
    url, title = targets[key]
    return f'<a href="{html.escape(get_relative_url(url, here))}">{html.escape(text or title)}</a>'


def _facts(key: str, language: str, targets: dict[str, tuple[str, str]], here: str) -> str:
    words = _TEXT[language]
    data = _data()
    n = minutes(key)
    time = words["minute"] if n == 1 else words["minutes"].format(n=n)
    needs = [
        _link(targets, need, here)
        if need in data["pages"]
        else html.escape(data["knowledge"][need][language])
        for need in data["pages"][key]
    ] or [words["nothing"]]
    return (
        f'<p class="page-facts"><span class="page-facts__time">{time}</span>'
        f'<span class="page-facts__needs">{words["before"]}: {", ".join(needs)}</span></p>'
    )


def _path_boxes(key: str, language: str, targets: dict[str, tuple[str, str]], here: str) -> str:
    words = _TEXT[language]
    boxes = []
    for name, path in _data()["paths"].items():
        pages = path["pages"]
        if key not in pages:
            continue
        i = pages.index(key)
        title = path_title(name, language)
        step = words["step"].format(title=title, n=i + 1, total=len(pages))
        parts = [
            f'<nav class="reading-path" data-path="{name}" '
            f'aria-label="{words["path"]}: {html.escape(title)}">',
            f'<p class="reading-path__step">{html.escape(step)}</p>',
        ]
        if i > 0:
            parts.append(
                f'<p class="reading-path__previous">{words["previous"]}: '
                + _link(targets, pages[i - 1], here).replace("<a ", '<a rel="prev" ', 1)
                + "</p>"
            )
        if i + 1 < len(pages):
            parts.append(
                f'<p class="reading-path__next">{words["next"]}: '
                + _link(targets, pages[i + 1], here).replace("<a ", '<a rel="next" ', 1)
                + "</p>"
            )
        else:
            home = _link(targets, "index.md", here, words["home"])
            parts.append(f'<p class="reading-path__end">{words["end"].format(home=home)}</p>')
        parts.append("</nav>")
        boxes.append("\n".join(parts))
    return "\n".join(boxes)


def _cards(language: str, targets: dict[str, tuple[str, str]], here: str) -> str:
    words = _TEXT[language]
    data = _data()
    cards = []
    for name, path in data["paths"].items():
        pages = path["pages"]
        total = sum(minutes(key) for key in pages)
        first = pages[0]
        # What the whole path asks for; the pages it reads first are on the path itself.
        needs = sorted(
            {need for key in pages for need in data["pages"][key] if need in data["knowledge"]}
        )
        needs_text = (
            ", ".join(html.escape(data["knowledge"][n][language]) for n in needs)
            or words["nothing"]
        )
        title = _link(targets, first, here, path_title(name, language))
        cards.append(
            f'<li class="path-card" data-path="{name}">'
            f'<p class="path-card__title"><strong>{title}</strong></p>'
            f"<p>{html.escape(path['summary'][language])}</p>"
            f'<p class="path-card__facts">{words["card"].format(count=len(pages), n=total)}. '
            f"{words['before']}: {needs_text}.</p>"
            f'<p class="path-card__start">{_link(targets, first, here, words["start"] + " →")}</p>'
            "</li>"
        )
    return '<div class="grid cards path-cards"><ul>\n' + "\n".join(cards) + "\n</ul></div>"


def on_page_content(html_text: str, page: Any, config: Any, files: Files) -> str:
    key = page_key(page.file.src_uri)
    pages = _data()["pages"]
    if key not in pages:
        raise ValueError(f"{page.file.src_uri}: not listed in docs-paths.yml (time, prerequisites)")
    language = _language(page.url)
    targets = _targets(files, language)
    here = page.url
    if _MARKER in html_text:
        html_text = html_text.replace(_MARKER, _cards(language, targets, here))
    facts = _facts(key, language, targets, here)
    html_text, found = re.subn(r"</h1>", lambda m: m[0] + "\n" + facts, html_text, count=1)
    if not found:
        html_text = facts + html_text
    return html_text + _path_boxes(key, language, targets, here)

"""Plain-text tables of result values, for the pages, the notebooks and a Python prompt.

`table` lines up any values (answers, hops, steps, rules) by the attributes you name, and
`compare` asks the same URLs of several models and shows their answers side by side. Both
return a `Table`: a `str` to print, that also keeps its rows for code to read. The CLI has its
own renderer (rich, terminal-aware); this module knows nothing about terminals.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._engine import Engine
from .._http import Request
from .._k8s.manifests import Manifests
from .._result import Outcome, Resolution

#: A column: an attribute name (dots walk into nested values, "backend.service"), or a
#: (heading, function of the row) pair.
Column = str | tuple[str, Callable[[Any], object]]

_MISSING = "-"


class Table(str):
    """Text with one line per row under a header; `.header` and `.rows` hold the cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __new__(cls, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
        header = tuple(header)
        cells = tuple(tuple(row) for row in rows)
        widths = [len(h) for h in header]
        for row in cells:
            if len(row) != len(header):
                raise ValueError(f"a row has {len(row)} cells, the header {len(header)}")
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
            for line in (header, *cells)
        ]
        text = super().__new__(cls, "\n".join(lines))
        text.header = header
        text.rows = cells
        return text


def _cell(value: object) -> str:
    if value is None:
        return _MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value) or _MISSING
    return str(value).replace("\n", " ")


def _lookup(row: object, *, name: str) -> object:
    value = row
    for part in name.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, Mapping) else getattr(value, part)
    return value


def table(rows: Iterable[object], *columns: Column) -> Table:
    """A text table of `rows`, one column per attribute (or dict key) in `columns`.

    >>> import ingresslab
    >>> print(ingresslab.table([{"host": "a.test", "port": 80}], "host", "port"))
    host    port
    a.test  80

    A column is a name ("backend", "backend.service") or a (heading, function) pair;
    None prints as "-", booleans as yes/no, lists joined by commas.
    """
    if not columns:
        raise ValueError("name at least one column")
    header: list[str] = []
    getters: list[Callable[[Any], object]] = []
    for column in columns:
        if isinstance(column, str):
            header.append(column)
            getters.append(functools.partial(_lookup, name=column))
        else:
            heading, getter = column
            header.append(heading)
            getters.append(getter)
    return Table(header, ([_cell(get(row)) for get in getters] for row in rows))


def answer_text(result: Resolution) -> str:
    """One model's answer in a few words: the backend it routes to, or what it does instead
    ("404 no-match", "redirect 308 https://…", "ignored")."""
    if result.backend is not None:
        text = str(result.backend)
        if result.upstream_path is not None:
            text += f" as {result.upstream_path}"
        return text if result.outcome is Outcome.ROUTE else f"{text} ({result.outcome})"
    if result.outcome is Outcome.REDIRECT and result.location:
        return f"redirect {result.status} {result.location}"
    if result.status is not None:
        return f"{result.status} {result.outcome}"
    return str(result.outcome)


@dataclass(frozen=True, slots=True)
class _Row:
    url: str
    answers: tuple[str, ...]


def compare(
    source: Manifests | Engine,
    urls: str | Request | Iterable[str | Request],
    *,
    controllers: Sequence[str] = ("spec", "alb", "nginx"),
    any_class: bool = True,
) -> Table:
    """Ask each URL of each model in `controllers` and line the answers up, one row per URL,
    with a last column saying whether the models agree.

    `source` is loaded manifests (a new `Engine` is built, with `any_class` so every Ingress is
    read by each controller whatever class it names) or an `Engine` you built. An ALB answer
    that reaches several load balancers shows each one's answer, joined by " | ".
    """
    engine = source if isinstance(source, Engine) else Engine(source, any_class=any_class)
    requests = [urls] if isinstance(urls, (str, Request)) else list(urls)
    rows: list[_Row] = []
    for url in requests:
        results = engine.resolve(url, controllers=controllers)
        by_model = {
            name: " | ".join(answer_text(r) for r in results if r.controller == name)
            for name in controllers
        }
        label = url.url if isinstance(url, Request) else url
        rows.append(_Row(label, tuple(by_model[name] or _MISSING for name in controllers)))
    return Table(
        ("url", *controllers, "same?"),
        ((row.url, *row.answers, "yes" if len(set(row.answers)) == 1 else "NO") for row in rows),
    )

"""The report printed: JSON for scripts, Markdown for CI comments, one HTML page for people.

The HTML page is self-contained: its style and its little script (the filter box, expand and
collapse, opening every section to print) are inline, and it requests nothing; the only
addresses in it are plain links to the site's pages. Nothing here decides anything: each
renderer prints the `Report` value as it is.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Sequence
from html import escape

from ._assets import SCRIPT, STYLE
from ._data import (
    Answer,
    Example,
    IngressMove,
    ObjectRef,
    Report,
    RuleRow,
    Surprise,
)
from ._links import ANSWERS_LINK, GATEWAY_LINK, LEAVING_LINK, REPORT_LINK

__all__ = [
    "BLAST_RADIUS",
    "MARKDOWN_SECTIONS",
    "READING",
    "render_html",
    "render_json",
    "render_markdown",
]

#: How surprises are ranked, in the report's own words (also in `ingresslab report --help`).
BLAST_RADIUS = (
    "Surprises are ranked by blast radius: first by the teams they affect (the namespaces of "
    "the objects a finding names and of the rules whose requests it changes), then by the "
    "hosts, then by the rule paths, then by the generated requests whose answer the finding "
    "explains. Ties go errors first, then warnings, then notes."
)
#: What the answers mean.
READING = (
    "Requests are generated at each rule's boundaries (its path exactly, with and without a "
    "trailing slash, one segment deeper; one character longer where a model may read the "
    "path as a string prefix, in upper case where one matches paths case-insensitively; a "
    "regular expression is asked as a path it matches), on its own host, over http and, for "
    "hosts with TLS, https. Surprises come from the "
    "answers of the controller that serves each Ingress, its class read as written. The table "
    "of every rule and the differences read every Ingress as each model's own, as "
    "`ingresslab diff` does: what each controller would do with the same rules."
)
#: Markdown sections, in order; `render_markdown(report, only=...)` prints some of them.
MARKDOWN_SECTIONS = (
    "summary",
    "surprises",
    "differences",
    "leaving",
    "inventory",
    "rules",
    "problems",
)
#: Most surprises and rules the Markdown lists (a CI comment has a size limit).
MARKDOWN_SURPRISES = 40
MARKDOWN_RULES = 200

_READY_WORDS = {
    "ready": "ready: nothing changes",
    "review": "review: some requests change, for documented reasons",
    "work": "work: an annotation without an ALB equivalent, or an unexplained change",
}


def render_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


# ------------------------------------------------------------------------------------------------
# Shared wording


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def _summary_lines(report: Report) -> list[str]:
    s = report.summary
    lines = [
        f"{_plural(s.ingresses, 'Ingress', 'Ingresses')} in "
        f"{_plural(s.namespaces, 'namespace')}, {_plural(s.hosts, 'host')}, "
        f"{_plural(s.paths, 'rule path')}, {_plural(s.load_balancers, 'load balancer')}.",
        f"{_plural(s.requests, 'request')} asked of each model ({', '.join(report.models)}); "
        f"ingress-nginx and the other models answer {s.differences} of them differently.",
    ]
    by_severity = {
        sev: sum(x.severity == sev for x in report.surprises)
        for sev in ("error", "warning", "info")
    }
    kinds = ", ".join(f"{count} {kind}" for kind, count in s.surprises.items())
    lines.append(
        f"{_plural(len(report.surprises), 'surprise')}: {_plural(by_severity['error'], 'error')}, "
        f"{_plural(by_severity['warning'], 'warning')}, {_plural(by_severity['info'], 'note')}"
        + (f" ({kinds})." if kinds else ".")
    )
    leaving = report.leaving
    if leaving.ingresses:
        lines.append(
            f"Leaving ingress-nginx: {_plural(len(leaving.ingresses), 'Ingress', 'Ingresses')}; "
            f"{leaving.count('ready')} ready, {leaving.count('review')} to review, "
            f"{leaving.count('work')} need work; {leaving.requests_changed} of "
            f"{leaving.requests_compared} requests change on the ALB."
        )
    else:
        lines.append("Leaving ingress-nginx: ingress-nginx serves none of these Ingresses.")
    if report.problems:
        errors = sum(p.severity == "error" for p in report.problems)
        lines.append(
            f"Input: {_plural(errors, 'error')}, "
            f"{_plural(len(report.problems) - errors, 'warning')} (see Input problems)."
        )
    return lines


def _objects_text(objects: Iterable[ObjectRef]) -> list[str]:
    return [o.text() for o in objects]


def _example_text(example: Example) -> str:
    answers = "; ".join(f"{name}: {answer.text()}" for name, answer in example.answers)
    return f"{example.url} -> {answers}"


# ------------------------------------------------------------------------------------------------
# Markdown


def _md(text: object) -> str:
    """Text for a Markdown table cell or list item: pipes escaped, no line breaks."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: object) -> str:
    value = str(text).replace("|", "\\|")
    tick = "``" if "`" in value else "`"
    pad = " " if tick == "``" else ""
    return f"{tick}{pad}{value}{pad}{tick}"


def _some(items: Sequence[str], most: int = 10) -> str:
    """Up to `most` items, then how many more: a CI comment has a size limit."""
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _md_surprise(report: Report, s: Surprise) -> list[str]:
    lines = [
        f"{s.rank}. **{s.severity}** `{s.kind}`: {_md(s.title)}",
        f"   - blast radius: {s.blast.text()}",
        f"   - what happens: {_md(s.message)}",
        f"   - fix: {_md(s.fix)}",
    ]
    for obj in s.objects:
        lines.append(f"   - object: {_md(obj.text())}")
    for example in s.examples:
        lines.append(f"   - for example: {_md(_example_text(example))}")
    lines.append(f"   - why: <{report.link(s.link)}>")
    return lines


def render_markdown(report: Report, *, only: Sequence[str] | None = None) -> str:
    """The report as GitHub-flavoured Markdown, for a CI comment: the summary, surprises,
    differences, leaving ingress-nginx and the inventory; every rule when there are few."""
    wanted = MARKDOWN_SECTIONS if only is None else tuple(only)
    unknown = [w for w in wanted if w not in MARKDOWN_SECTIONS]
    if unknown:
        raise ValueError(f"unknown sections {unknown}: choose from {', '.join(MARKDOWN_SECTIONS)}")
    out: list[str] = []
    if only is None:
        out += ["# Ingress Lab report", ""]
    if "summary" in wanted:
        out += ["## Summary", ""]
        for line in _summary_lines(report):
            # wrapped like prose (a list item continues on indented lines)
            out += textwrap.wrap(
                _md(line), 88, initial_indent="- ", subsequent_indent="  ",
                break_long_words=False, break_on_hyphens=False,
            )  # fmt: skip
        out.append("")
    if "surprises" in wanted:
        out += ["## Surprises, ranked by blast radius", "", BLAST_RADIUS, ""]
        if not report.surprises:
            out += ["None found.", ""]
        for s in report.surprises[:MARKDOWN_SURPRISES]:
            out += _md_surprise(report, s)
        more = len(report.surprises) - MARKDOWN_SURPRISES
        if more > 0:
            out += ["", f"And {more} more: see `-o html` or `-o json`."]
        out.append("")
    if "differences" in wanted:
        out += ["## Where ingress-nginx and the other models part ways", ""]
        if not report.differences:
            out += ["No generated request is answered differently.", ""]
        else:
            out += _table(
                ["kind", "models", "requests", "for example", "why"],
                (
                    [
                        _code(d.kind),
                        " vs ".join(d.models),
                        str(d.requests),
                        _md(_example_text(d.examples[0])) if d.examples else "",
                        f"[{_md(d.meaning)}]({report.link(d.link)})",
                    ]
                    for d in report.differences
                ),
            )
            out.append("")
    if "leaving" in wanted:
        out += _md_leaving(report)
    if "inventory" in wanted:
        out += _md_inventory(report)
    if "rules" in wanted:
        out += ["## Every host and path", "", READING, ""]
        if len(report.rules) > MARKDOWN_RULES:
            out += [f"{len(report.rules)} rule paths: see `-o html` or `-o json`.", ""]
        else:
            out += ["<details><summary>Every rule's answers</summary>", ""]
            names = report.models
            out += _table(
                ["Ingress", "host", "path", "served by", "scheme", *names],
                (
                    [
                        _md(r.ingress.ref),
                        _md(r.host or "*"),
                        _code(r.path) + f" ({r.path_type})",
                        r.controller or "-",
                        scheme,
                        *(
                            _md(dict(answers)[n].text()) if n in dict(answers) else "-"
                            for n in names
                        ),
                    ]
                    for r in report.rules
                    for scheme, answers in r.answers
                ),
            )
            out += ["", "</details>", ""]
    if "problems" in wanted and report.problems:
        out += ["## Input problems", ""]
        out += [
            f"- {_md(p.where)}: {p.severity} [{p.check}] {_md(p.message)}" for p in report.problems
        ]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_leaving(report: Report) -> list[str]:
    leaving = report.leaving
    out = ["## Leaving ingress-nginx", ""]
    if not leaving.ingresses:
        return [*out, "ingress-nginx serves none of these Ingresses.", ""]
    out += [
        f"{leaving.count('ready')} ready, {leaving.count('review')} to review, "
        f"{leaving.count('work')} need work, of {len(leaving.ingresses)}. "
        f"How: <{report.link(LEAVING_LINK)}>; Gateway API: <{report.link(GATEWAY_LINK)}>.",
        "",
    ]
    out += _table(
        [
            "Ingress",
            "readiness",
            "no ALB equivalent",
            "no Gateway API equivalent",
            "requests that change",
        ],
        (
            [
                _md(m.ingress.text()),
                m.readiness,
                _md(
                    ", ".join(
                        a.annotation.rsplit("/", 1)[1]
                        for a in m.annotations
                        if not a.alb_equivalent
                    )
                    or "-"
                ),
                _md(
                    ", ".join(
                        a.annotation.rsplit("/", 1)[1]
                        for a in m.annotations
                        if not a.gateway_equivalent
                    )
                    or "-"
                ),
                str(sum(c.requests for c in m.changes)),
            ]
            for m in leaving.ingresses
        ),
    )
    out.append("")
    for m in leaving.ingresses:
        if not m.annotations and not m.changes:
            continue
        out += [f"<details><summary>{_md(m.ingress.ref)}: {m.readiness}</summary>", ""]
        out += [f"- {_md(reason)}" for reason in m.reasons]
        if m.annotations:
            out.append("")
            out += _table(
                ["annotation", "simulated", "ALB", "Gateway API v1.6"],
                (
                    [
                        _code(a.annotation.rsplit("/", 1)[1]),
                        "yes" if a.simulated else "no",
                        f"{a.alb}: {_md(a.alb_text)}",
                        f"{a.gateway}: {_md(a.gateway_text)}",
                    ]
                    for a in m.annotations
                ),
            )
        if m.changes:
            out.append("")
        for c in m.changes:
            out.append(
                f"- {c.requests} {c.verdict} on {c.target} ({_code(c.kind or 'unexplained')}): "
                f"{_md(_example_text(c.example))}"
            )
        out += ["", "</details>", ""]
    return out


def _md_inventory(report: Report) -> list[str]:
    inv = report.inventory
    out = ["## Inventory", "", "### Ingresses by class", ""]
    out += _table(
        ["class", "controller", "served by", "Ingresses"],
        (
            [
                _md(c.class_name or "(none)"),
                _md(c.controller),
                ", ".join(c.managed_by) or "none",
                _md(", ".join(c.ingresses)),
            ]
            for c in inv.classes
        ),
    )
    out.append("")
    if inv.groups:
        out += ["### IngressGroups, members in order", ""]
        out += [
            f"- {_md(g.name)} ({_md(g.load_balancer)}): "
            + _md(_some([f"{ref} (order {order})" for ref, order in g.members], 20))
            for g in inv.groups[:MARKDOWN_RULES]
        ]
        out.append("")
    out += ["### Load balancers", ""]
    out += _table(
        ["controller", "name", "kind", "scheme", "listeners", "rules", "hosts", "error"],
        (
            [
                lb.controller,
                _md(lb.name),
                lb.kind,
                lb.scheme or "-",
                ", ".join(lb.listeners) or "-",
                str(lb.rules),
                _md(", ".join(lb.hosts)),
                _md(lb.error or "-"),
            ]
            for lb in inv.load_balancers
        ),
    )
    out += ["", "### Services and endpoints", ""]
    out += _table(
        ["backend", "state", "ready endpoints", "where", "referenced by"],
        (
            [
                _md(s.backend),
                s.state,
                str(s.endpoints),
                _md(s.service.where or "-"),
                _md(", ".join(s.referenced_by)),
            ]
            for s in inv.services
        ),
    )
    out.append("")
    return out


# ------------------------------------------------------------------------------------------------
# HTML


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _a(report: Report, page: str, text: str) -> str:
    return f'<a href="{_e(report.link(page))}">{_e(text)}</a>'


def _obj(o: ObjectRef) -> str:
    what = f"{o.kind} <code>{_e(o.ref)}</code>"
    if o.field:
        what += f" <code>{_e(o.field)}</code>"
    if o.where:
        what += f' <span class="where">{_e(o.where)}</span>'
    return what


def _answer_html(answer: Answer, own: str | None = None) -> str:
    cls = {
        "route": "ok",
        "default-backend": "ok",
        "redirect": "redirect",
    }.get(answer.outcome, "bad")
    return f'<span class="o {cls}">{_e(answer.text(own))}</span>'


def _example_html(example: Example) -> str:
    answers = "; ".join(f"{_e(name)}: {_answer_html(a)}" for name, a in example.answers)
    return f"<code>{_e(example.url)}</code>: {answers}"


def _h_surprise(report: Report, s: Surprise) -> str:
    examples = "".join(f"<li>{_example_html(x)}</li>" for x in s.examples)
    objects = "".join(f"<li>{_obj(o)}</li>" for o in s.objects)
    return (
        f'<details class="finding {s.severity}" data-filter data-kind="{_e(s.kind)}">'
        f'<summary><span class="rank">{s.rank}</span> '
        f'<span class="badge {s.severity}">{_e(s.severity)}</span> '
        f'<span class="kind">{_e(s.kind)}</span> {_e(s.title)} '
        f'<span class="blast">{_e(s.blast.text())}</span></summary>'
        f'<div class="body"><p>{_e(s.message)}</p>'
        f"<p><strong>Fix:</strong> {_e(s.fix)}</p>"
        f"<p><strong>Objects:</strong></p><ul>{objects}</ul>"
        + (f"<p><strong>For example:</strong></p><ul>{examples}</ul>" if examples else "")
        + f"<p><strong>Why:</strong> {_a(report, s.link, 'what the site says about ' + s.kind)}"
        f"</p></div></details>"
    )


def _table_html(
    label: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, filtered: bool = True
) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    attr = " data-filter" if filtered else ""
    body = "".join(
        f"<tr{attr}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    return (
        f'<div class="scroll" role="region" aria-label="{_e(label)}" tabindex="0">'
        f"<table><caption>{_e(label)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _section(ident: str, title: str, body: str, *, summary: str = "", open_: bool = False) -> str:
    """A section with a heading; its body in a <details> collapsed unless `open_`."""
    opened = " open" if open_ else ""
    return (
        f'<section id="{ident}" aria-labelledby="{ident}-h"><h2 id="{ident}-h">{_e(title)}</h2>'
        f"<details data-section{opened}><summary>{_e(summary or 'Show ' + title.lower())}"
        f"</summary>{body}</details></section>"
    )


def _h_leaving(report: Report, m: IngressMove) -> str:
    rows = [
        [
            f"<code>{_e(a.annotation.rsplit('/', 1)[1])}</code>",
            f"<code>{_e(a.value)}</code>",
            "yes" if a.simulated else "no",
            f'<span class="lvl {_e(a.alb)}">{_e(a.alb)}</span> {_e(a.alb_text)}',
            f'<span class="lvl {_e(a.gateway)}">{_e(a.gateway)}</span> {_e(a.gateway_text)}',
        ]
        for a in m.annotations
    ]
    changes = "".join(
        f"<li>{c.requests} {_e(c.verdict)} on {_e(c.target)} "
        f"({_a(report, c.link, c.kind or 'unexplained')}): {_example_html(c.example)}</li>"
        for c in m.changes
    )
    reasons = "".join(f"<li>{_e(r)}</li>" for r in m.reasons)
    table = (
        _table_html(
            f"Annotations of {m.ingress.ref}",
            ["annotation", "value", "simulated", "ALB", "Gateway API v1.6"],
            rows,
            filtered=False,
        )
        if rows
        else "<p>No ingress-nginx annotation.</p>"
    )
    return (
        f'<details class="move {m.readiness}" data-filter><summary>'
        f'<span class="badge {m.readiness}">{_e(m.readiness)}</span> {_obj(m.ingress)}</summary>'
        f'<div class="body">'
        + (f"<ul>{reasons}</ul>" if reasons else "<p>Nothing to change.</p>")
        + table
        + (f"<p><strong>Requests that change:</strong></p><ul>{changes}</ul>" if changes else "")
        + "</div></details>"
    )


def _h_rules(report: Report, rules: Sequence[RuleRow]) -> str:
    """One row per rule: each model's answer to the rule's own path, per scheme when the
    answers over http and https differ."""
    names = report.models
    rows = []
    for r in rules:
        by_scheme = [(scheme, dict(answers)) for scheme, answers in r.answers]
        cells = []
        for name in names:
            seen = [(scheme, found.get(name)) for scheme, found in by_scheme]
            shown = [(scheme, a) for scheme, a in seen if a is not None]
            if not shown:
                text = "-"
            elif len({a for _, a in shown}) == 1:
                text = _answer_html(shown[0][1], r.rule)
            else:
                text = "<br>".join(f"{scheme}: {_answer_html(a, r.rule)}" for scheme, a in shown)
            if name == r.controller:
                text += " <strong>(serves it)</strong>"
            cells.append(text)
        where = f' <span class="where">{_e(r.ingress.where)}</span>' if r.ingress.where else ""
        rows.append(
            [
                f"<code>{_e(r.ingress.ref)}</code>{where}",
                _e(r.host or "*"),
                f"<code>{_e(r.path)}</code> {_e(r.path_type)}",
                *cells,
            ]
        )
    return _table_html("Every rule's own path, answered", ["Ingress", "host", "path", *names], rows)


def render_html(report: Report) -> str:
    """One self-contained page: inline style and script, no request, links to the site."""
    s = report.summary
    nav = [
        ("summary", "Summary"),
        ("surprises", f"Surprises ({len(report.surprises)})"),
        ("differences", "Differences"),
        ("leaving", "Leaving ingress-nginx"),
        ("inventory", "Inventory"),
        ("rules", f"Every host and path ({s.paths})"),
        ("problems", f"Input problems ({len(report.problems)})"),
        ("reading", "How to read it"),
    ]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        "<title>Ingress Lab report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>Ingress Lab report</h1>",
        f"<p>Ingress Lab {_e(report.version)} read {report.objects} objects. "
        f"{_a(report, REPORT_LINK, 'How to read this report')}.</p></header>",
        '<nav aria-label="Sections"><ul>'
        + "".join(f'<li><a href="#{i}">{_e(t)}</a></li>' for i, t in nav)
        + "</ul></nav>",
        "<main>",
        '<div class="tools no-print" role="search">'
        '<label for="filter">Filter findings and rows</label> '
        '<input id="filter" type="search" autocomplete="off" '
        'placeholder="a name, a host, a kind"> '
        '<button type="button" id="expand">Expand all</button> '
        '<button type="button" id="collapse">Collapse all</button> '
        '<p id="filter-status" role="status"></p></div>',
        '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><ul>'
        + "".join(f"<li>{_e(line)}</li>" for line in _summary_lines(report))
        + "</ul></section>",
    ]
    surprises = "".join(_h_surprise(report, x) for x in report.surprises) or "<p>None found.</p>"
    parts.append(
        '<section id="surprises" aria-labelledby="surprises-h">'
        '<h2 id="surprises-h">Surprises, ranked by blast radius</h2>'
        f'<p class="help">{_e(BLAST_RADIUS)}</p>{surprises}</section>'
    )
    differences = (
        _table_html(
            "Requests answered differently, by kind",
            ["kind", "models", "requests", "for example", "why"],
            (
                [
                    f"<code>{_e(d.kind)}</code>",
                    _e(" vs ".join(d.models)),
                    str(d.requests),
                    "<br>".join(_example_html(x) for x in d.examples),
                    _a(report, d.link, d.meaning),
                ]
                for d in report.differences
            ),
        )
        if report.differences
        else "<p>No generated request is answered differently.</p>"
    )
    parts.append(
        _section(
            "differences",
            "Where ingress-nginx and the other models part ways",
            differences,
            summary=f"{len(report.differences)} kinds of difference",
            open_=True,
        )
    )
    leaving = report.leaving
    if leaving.ingresses:
        moves = (
            f"<p>{leaving.count('ready')} ready, {leaving.count('review')} to review, "
            f"{leaving.count('work')} need work, of {len(leaving.ingresses)}; "
            f"{leaving.requests_changed} of {leaving.requests_compared} requests change on the "
            f"ALB. {_a(report, LEAVING_LINK, 'Move off ingress-nginx')}; "
            f"{_a(report, GATEWAY_LINK, 'where Gateway API is the better target')}.</p>"
            "<ul>"
            + "".join(f"<li>{_e(w)}</li>" for w in _READY_WORDS.values())
            + "</ul>"
            + "".join(_h_leaving(report, m) for m in leaving.ingresses)
        )
    else:
        moves = "<p>ingress-nginx serves none of these Ingresses.</p>"
    parts.append(
        '<section id="leaving" aria-labelledby="leaving-h"><h2 id="leaving-h">Leaving '
        f"ingress-nginx</h2>{moves}</section>"
    )
    parts.append(_h_inventory(report))
    parts.append(
        _section(
            "rules",
            "Every host and path",
            f'<p class="help">{_e(READING)} '
            f"{_a(report, ANSWERS_LINK, 'How each model routes')}.</p>"
            + _h_rules(report, report.rules),
            summary=f"{len(report.rules)} rule paths",
        )
    )
    problems = (
        _table_html(
            "Problems found while loading",
            ["where", "severity", "check", "message"],
            ([_e(p.where), _e(p.severity), _e(p.check), _e(p.message)] for p in report.problems),
        )
        if report.problems
        else "<p>None: the API server would accept every object.</p>"
    )
    parts.append(
        _section("problems", "Input problems", problems, summary=f"{len(report.problems)} problems")
    )
    parts.append(
        '<section id="reading" aria-labelledby="reading-h"><h2 id="reading-h">How to read it'
        f"</h2><p>{_e(READING)}</p><p>{_e(BLAST_RADIUS)}</p></section>"
    )
    parts += [
        "</main>",
        f"<footer><p>Made by <code>ingresslab report</code>. Models: "
        f"{_e(', '.join(report.models))}.</p></footer>",
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _h_inventory(report: Report) -> str:
    inv = report.inventory
    classes = _table_html(
        "Ingresses by class",
        ["class", "controller", "served by", "Ingresses"],
        (
            [
                _e(c.class_name or "(none)"),
                _e(c.controller),
                _e(", ".join(c.managed_by) or "none"),
                _e(", ".join(c.ingresses)),
            ]
            for c in inv.classes
        ),
    )
    groups = (
        _table_html(
            "IngressGroups, members in the order the controller sorts them",
            ["group", "load balancer", "members (group.order)"],
            (
                [
                    _e(g.name),
                    _e(g.load_balancer),
                    _e(", ".join(f"{ref} ({order})" for ref, order in g.members)),
                ]
                for g in inv.groups
            ),
        )
        if inv.groups
        else "<p>No IngressGroup.</p>"
    )
    lbs = _table_html(
        "Load balancers each controller builds",
        [
            "controller",
            "name",
            "kind",
            "scheme",
            "listeners",
            "rules",
            "hosts",
            "Ingresses",
            "error",
        ],
        (
            [
                _e(lb.controller),
                f"<code>{_e(lb.name)}</code>",
                _e(lb.kind),
                _e(lb.scheme or "-"),
                _e(", ".join(lb.listeners) or "-"),
                str(lb.rules),
                _e(", ".join(lb.hosts)),
                _e(", ".join(lb.ingresses)),
                _e(lb.error or "-"),
            ]
            for lb in inv.load_balancers
        ),
    )
    services = _table_html(
        "Services the Ingresses name, and their endpoints",
        ["backend", "state", "ready endpoints", "where", "referenced by", "why"],
        (
            [
                f"<code>{_e(x.backend)}</code>",
                f'<span class="state {_e(x.state)}">{_e(x.state)}</span>',
                str(x.endpoints),
                _e(x.service.where or "-"),
                _e(", ".join(x.referenced_by)),
                _e(x.reason),
            ]
            for x in inv.services
        ),
    )
    hosts = "<p>" + _e(", ".join(inv.hosts)) + "</p>"
    body = (
        f"<h3>Ingresses by class</h3>{classes}<h3>IngressGroups</h3>{groups}"
        f"<h3>Load balancers</h3>{lbs}<h3>Hosts ({len(inv.hosts)})</h3>{hosts}"
        f"<h3>Services and endpoint health</h3>{services}"
    )
    return _section(
        "inventory",
        "Inventory",
        body,
        summary=f"{len(inv.namespaces)} namespaces, {len(inv.load_balancers)} load balancers, "
        f"{len(inv.services)} backends",
    )

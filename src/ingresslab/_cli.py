"""The `ingresslab` command: a thin layer that renders the core's result values.

Exit codes: 0 when the command did its work (lint: no errors; route: every answer computed),
1 when the input is invalid, 2 for usage errors. Colours follow `--no-color` and `NO_COLOR`.
It must not decide anything about routing or validation itself.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import click

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ._k8s.load import Problem
    from ._k8s.manifests import Manifests
    from ._result import Request, Resolution
    from ._tools.replay import ReplayReport
    from ._tools.report import Report
    from ._tools.trace import Trace

# What `--help` prints, without importing the models (they load only when a command runs); a
# test checks these equal the models' own names.
CONTROLLERS = ("spec", "alb", "nginx")
GATEWAY_CONTROLLERS = ("gateway", "alb-gateway")
ARCHITECTURES = ("alb-ip", "alb-instance", "nlb-nginx")
LOG_FORMATS = ("ingress-nginx", "combined", "lines")
MIGRATION_TARGETS = ("alb", "gateway")
REPORT_FORMATS = ("markdown", "html", "json")
#: The published site, where the report's links point by default (Makefile `publish`).
SITE_URL = "https://ingresslab.github.io/ingresslab/"

__all__ = ["main"]

_FORMATS = click.Choice(["table", "json", "yaml"])


def _console(no_color: bool, *, stderr: bool = False) -> Console:
    """The one console: text printed as given (no emoji codes, no highlighting), colour only on
    a terminal, the terminal's width there and COLUMNS (default 100) elsewhere."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    plain = no_color or "NO_COLOR" in os.environ or not stream.isatty()
    width = None if stream.isatty() else _columns()
    return Console(
        stderr=stderr,
        no_color=plain,
        highlight=False,
        emoji=False,
        width=width,
        soft_wrap=False,
        force_terminal=False if plain else None,
    )


def _columns() -> int:
    """COLUMNS when it is a width, else 100."""
    try:
        return max(int(os.environ.get("COLUMNS", "100")), 1)
    except ValueError:
        return 100


# ------------------------------------------------------------------------------------------------
# Layout. Key fields (outcomes, names, addresses, URLs) are printed whole: never cut, never
# split. Prose wraps at spaces. A table that cannot fit the width that way is printed as one
# block per row instead.


@dataclass(frozen=True, slots=True)
class _Column:
    """A table column. `key`: one identifier per cell, never wrapped; `words`: identifiers
    separated by spaces (a rule, a hop's name), wrapped at the spaces only; `prose`: sentences,
    wrapped at spaces, at least `_PROSE_WIDTH` wide (a narrower column reads as a word list)."""

    header: str
    kind: Literal["key", "words", "prose"] = "key"
    justify: Literal["left", "right"] = "left"


# A SIMPLE box without edges: one space of padding either side of each column, one space
# between two columns.
_GAP = 3
_PROSE_WIDTH = 24


def _longest_word(texts: Sequence[str]) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for text in texts for word in text.split()), default=0)


def _fit(width: int, columns: Sequence[_Column], rows: Sequence[Sequence[str]]) -> list[int] | None:
    """Each column's width in a table at most `width` wide, or None when no such table holds
    every key whole and every word unbroken. Key columns take their longest cell; the others
    share the rest, the widest narrowed first (as rich collapses them) but never below their
    longest word."""
    from rich.cells import cell_len

    least: list[int] = []
    most: list[int] = []
    for i, column in enumerate(columns):
        cells = [column.header, *(row[i] for row in rows)]
        full = max(cell_len(line) for cell in cells for line in cell.splitlines() or [""])
        if column.kind == "key":
            least.append(full)
        elif column.kind == "words":
            least.append(_longest_word(cells))
        else:
            least.append(max(_longest_word(cells), min(full, _PROSE_WIDTH)))
        most.append(full)
    room = width - (_GAP * len(columns) - 1)
    if sum(least) > room:
        return None
    if sum(most) <= room:
        return most

    def capped(level: int) -> list[int]:
        return [max(lo, min(hi, level)) for lo, hi in zip(least, most, strict=True)]

    level = max(most)
    while sum(capped(level)) > room:
        level -= 1
    widths = capped(level)
    spare = room - sum(widths)
    for i, hi in enumerate(most):
        if spare and widths[i] == level < hi:
            widths[i] += 1
            spare -= 1
    return widths


def _records(
    console: Console,
    columns: Sequence[_Column],
    rows: Sequence[Sequence[str]],
    *,
    title: Callable[[Sequence[str]], str],
    fields: Sequence[int],
) -> None:
    """`rows` as a table when it fits the console, else as blocks: `title(row)` on its own
    line, then each of `fields` (a label and its value, prose unlabelled, empty cells left
    out) indented under it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    widths = _fit(console.width, columns, rows)
    if widths is not None:
        table = Table(box=box.SIMPLE, show_edge=False)
        for column, width in zip(columns, widths, strict=True):
            table.add_column(
                column.header,
                justify=column.justify,
                width=width,
                no_wrap=column.kind == "key",
                overflow="ellipsis" if column.kind == "key" else "fold",
            )
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        return
    from rich.cells import cell_len

    labelled = [i for i in fields if columns[i].kind != "prose"]
    label_width = max((cell_len(columns[i].header) for i in labelled), default=0)
    for row in rows:
        _say(console, Text(title(row), style="bold"), indent=2)
        for i in fields:
            value = row[i]
            if not value:
                continue
            if columns[i].kind == "prose":
                _say(console, f"  {value}", indent=2)
                continue
            label = f"  {columns[i].header.ljust(label_width)}  "
            if cell_len(label) + _longest_word([value]) <= console.width:
                _say(console, label + value, indent=cell_len(label))
            else:
                # the value's longest word does not fit beside the label: under it
                _say(console, label.rstrip(), indent=2)
                _say(console, f"    {value}", indent=4)
        console.line()


def _say(console: Console, text: Text | str, indent: int = 2) -> None:
    """Print `text` wrapped at spaces to the console's width, continuation lines indented by
    `indent`. A word is never split: one longer than a line stands whole on a line of its own
    (less indented if that lets it fit)."""
    from rich.cells import cell_len
    from rich.text import Text

    if isinstance(text, str):
        text = Text(text)
    width = console.width
    for paragraph in text.split("\n"):
        plain = paragraph.plain
        pieces: list[tuple[int, int]] = []
        start, end = 0, -1
        for word in re.finditer(r"\S+", plain):
            room = width if not pieces else width - indent
            if end < 0 or cell_len(plain[start : word.end()]) <= room:
                end = word.end()
                continue
            pieces.append((start, end))
            start, end = word.start(), word.end()
        pieces.append((start, len(plain) if end < 0 else end))
        for n, (a, b) in enumerate(pieces):
            line = paragraph[a:b]
            if n:
                line = Text(" " * min(indent, max(0, width - cell_len(line.plain)))) + line
            console.print(line, soft_wrap=True)


def _load(paths: Sequence[str]) -> Manifests:
    """Load the inputs and report their errors on standard error: every command's first step."""
    manifests, allowed = _manifests(paths)
    for problem in manifests.errors:
        click.echo(f"{problem.where}: error: {problem.message}", err=True)
    for note in allowed:
        click.echo(f"note: {note}", err=True)
    return manifests


def _manifests(paths: Sequence[str]) -> tuple[Manifests, list[str]]:
    """The inputs loaded; under --allow-empty, inputs with nothing to check (and directory
    entries skipped) are notes, not errors: the notes are returned too."""
    import dataclasses

    from ._k8s.load import EMPTY_CHECKS
    from ._k8s.manifests import load

    manifests = load(list(paths))
    context = click.get_current_context(silent=True)
    if context is None or not context.meta.get(_ALLOW_EMPTY):
        return manifests, []
    allowed = [p for p in manifests.problems if p.check in EMPTY_CHECKS]
    notes = [f"{p.where}: {p.message} (allowed by --allow-empty)" for p in allowed]
    kept = [p for p in manifests.problems if p.check not in EMPTY_CHECKS]
    return dataclasses.replace(manifests, problems=kept, notes=manifests.notes + notes), notes


def _finish(manifests: Manifests) -> None:
    """Every command's last step: exit 1 when the input had errors, else 0."""
    sys.exit(1 if manifests.errors else 0)


def _dump(data: Any, output: str) -> None:
    import yaml

    if output == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ingresslab")
def main() -> None:
    """Ingress Lab: how traffic from outside a Kubernetes cluster reaches a pod."""


_ALLOW_EMPTY = "ingresslab.allow_empty"


def _remember_allow_empty(context: click.Context, _: click.Parameter, value: bool) -> bool:
    context.meta[_ALLOW_EMPTY] = value
    return value


def _files(command: Callable[..., Any]) -> Callable[..., Any]:
    """-f, and --allow-empty beside it: every command that reads manifests takes both."""
    command = click.option(
        "--allow-empty",
        is_flag=True,
        expose_value=False,
        callback=_remember_allow_empty,
        help="Inputs with nothing to check are notes, not errors (exit 0): an empty file or "
        "directory, a file of only --- or null, an unreadable sub-directory or a broken "
        "symbolic link in a directory.",
    )(command)
    return click.option(
        "-f",
        "--filename",
        "paths",
        multiple=True,
        required=True,
        metavar="PATH",
        help="A manifest file, a directory (read recursively) or - for standard input. Repeatable.",
    )(command)


_no_color = click.option("--no-color", is_flag=True, help="No colours (also: NO_COLOR set).")


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "object": problem.object,
        "field": problem.field,
        "type": problem.type,
        "severity": problem.severity,
        "check": problem.check,
        "message": problem.message,
        "hint": problem.hint or None,
    }


@main.command()
@_files
@click.option("-o", "--output", type=_FORMATS, default="table", show_default=True)
@_no_color
def lint(paths: Sequence[str], output: str, no_color: bool) -> None:
    """Check manifests as the API server would (strict decoding, validation), plus cross-object
    checks, plus what the controllers that manage them refuse (an IngressGroup that does not
    reconcile, a webhook denial, a configuration nginx -t refuses). Exit 0 with no errors
    (warnings allowed), 1 with errors."""
    from rich.text import Text

    from ._engine import Engine
    from ._tools.lint import controller_problems

    manifests, allowed = _manifests(paths)
    problems = manifests.problems + controller_problems(Engine(manifests))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if output != "table":
        _dump(
            {
                "objects": manifests.checked,
                "problems": [_problem_dict(p) for p in problems],
                "summary": {"errors": errors, "warnings": warnings},
            },
            output,
        )
        for note in allowed:
            click.echo(f"note: {note}", err=True)
    else:
        # One problem per line, whatever the width (file:line:column: as compilers print,
        # which editors and grep read): long lines are left to the terminal, never cut.
        console = _console(no_color)
        for problem in problems:
            style = "bold red" if problem.severity == "error" else "yellow"
            line = Text.assemble(
                (problem.where, "bold"),
                ": ",
                (problem.severity, style),
                " ",
                (f"[{problem.check}]", "dim"),
                f" {problem.message}",
            )
            console.print(line, soft_wrap=True)
            if problem.hint:
                console.print(Text(f"    hint: {problem.hint}"), soft_wrap=True)
        for note in manifests.notes:
            console.print(Text(f"note: {note}", style="dim"), soft_wrap=True)
        console.print(f"{manifests.checked} objects checked: {errors} errors, {warnings} warnings")
    sys.exit(1 if errors else 0)


@main.command(name="route")
@_files
@click.option(
    "--controller",
    type=click.Choice([*CONTROLLERS, *GATEWAY_CONTROLLERS, "all"]),
    default="all",
    show_default=True,
    help="Which model answers. all: the Ingress models (spec, alb, nginx), and the Gateway API "
    "models (gateway, alb-gateway) when the input holds Gateways or HTTPRoutes; an input with "
    "those and no Ingress gets the Gateway API models only.",
)
@click.option("-o", "--output", type=_FORMATS, default="table", show_default=True)
@click.option("--explain", is_flag=True, help="Show every candidate considered, in order.")
@click.option(
    "--any-class",
    is_flag=True,
    help="Simulate every Ingress under each controller, whatever class it names.",
)
@click.option(
    "--no-assume-services",
    is_flag=True,
    help="Count every referenced Service as missing when the input holds none.",
)
@click.option(
    "--header",
    "headers",
    multiple=True,
    metavar="NAME:VALUE",
    help="A request header, repeatable. Host overrides the URL's host; the others are matched "
    "by the Gateway API models (HTTPRoute header matches), the Ingress models ignore them.",
)
@click.option(
    "--method",
    default="GET",
    show_default=True,
    metavar="METHOD",
    help="The request method, sent as written (methods are case-sensitive); matched by the "
    "Gateway API models.",
)
@click.option(
    "--gateway",
    metavar="NAMESPACE/NAME",
    help="Ask this Gateway only (gateway, alb-gateway); default: one answer per Gateway with a "
    "listener on the request's port.",
)
@click.option(
    "--raw-target",
    metavar="TEXT",
    help="The request target sent as is (GET TEXT HTTP/1.1) in place of the URL's path and "
    "query; the URL still gives scheme, Host and port. Escapes: \\r \\n \\t \\0 are those "
    "raw bytes, \\xHH any byte 00-7F, \\\\ a backslash; %XX is sent as written (a "
    "percent-escape nginx decodes). E.g. '/a\\tb', '/a\\r\\nb', 'http://other.example/p' "
    "(absolute form).",
)
@_no_color
@click.argument("url")
def route_command(
    paths: Sequence[str],
    controller: str,
    output: str,
    explain: bool,
    any_class: bool,
    no_assume_services: bool,
    headers: Sequence[str],
    method: str,
    gateway: str | None,
    raw_target: str | None,
    no_color: bool,
    url: str,
) -> None:
    """Which backend gets URL (like http://my.example.com/some-path?q=1), and why.

    Models: spec (the Ingress API's own rules), alb (AWS Load Balancer Controller v3.x) and
    nginx (ingress-nginx v1.15, its last release: the project was retired in March 2026, with
    no further releases or security fixes). Ingresses with no class count as the simulated
    controller's. Gateway API: gateway (Gateway API v1.6 as specified, for every Gateway) and
    alb-gateway (AWS Load Balancer Controller v3.5, Gateways whose GatewayClass names
    gateway.k8s.aws/alb); they match the method, headers and query too. When the input holds no
    Services, every referenced Service is assumed to exist with ready endpoints. The URL may
    hold percent-escapes, sent as written; bytes a URL cannot carry (control bytes, an
    absolute-form target) go in --raw-target."""
    import dataclasses

    from ._controllers import models_for
    from ._controllers.gateway.alb import AlbGatewayModel
    from ._controllers.gateway.route import GatewayModel
    from ._engine import Engine

    host = None
    lines: list[tuple[str, str]] = []
    for header in headers:
        name, sep, value = header.partition(":")
        if not sep or not _TOKEN.fullmatch(name.strip()):
            raise click.BadParameter(f"{header!r}: want NAME:VALUE", param_hint="--header")
        if name.strip().lower() == "host":
            host = _text(value.strip(), "--header")
        else:
            lines.append((name.strip(), _text(value.strip(" \t"), "--header")))
    if not _TOKEN.fullmatch(method):
        raise click.BadParameter(f"{method!r} is not a method name", param_hint="--method")
    request = dataclasses.replace(
        _request(url, host, raw_target), method=method, headers=tuple(lines)
    )
    if gateway is not None and controller not in (*GATEWAY_CONTROLLERS, "all"):
        raise click.BadParameter(
            f"--gateway asks a Gateway API model ({', '.join(GATEWAY_CONTROLLERS)}); "
            f"--controller is {controller}",
            param_hint="--gateway",
        )
    manifests = _load(paths)
    engine = Engine(
        manifests, assume_services=False if no_assume_services else None, any_class=any_class
    )
    controllers = models_for(manifests) if controller == "all" else (controller,)
    if gateway is not None and controller == "all":
        controllers = tuple(dict.fromkeys((*controllers, *GATEWAY_CONTROLLERS)))
    results = []
    try:
        for name in controllers:
            model = engine.model(name)
            if gateway is not None and isinstance(model, GatewayModel | AlbGatewayModel):
                results += model.resolve(request, explain=explain, gateway=gateway)
            else:
                results += model.resolve(request, explain=explain)
    except ValueError as error:  # a --gateway the input does not hold
        raise click.BadParameter(str(error), param_hint="--gateway") from None
    if output != "table":
        _dump([r.as_dict() for r in results], output)
    else:
        _route_table(results, explain, _console(no_color))
    _finish(manifests)


def _text(value: str, hint: str) -> str:
    """`value` as given, unless the terminal handed over bytes that are not UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise click.BadParameter("not valid UTF-8", param_hint=hint) from None
    return value


#: an HTTP token (RFC 9110 section 5.6.2): a header name, a method
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_ESCAPES = {"r": "\r", "n": "\n", "t": "\t", "0": "\0", "\\": "\\"}


def _unescape_target(text: str) -> str:
    """--raw-target's escapes: \\r \\n \\t \\0 \\\\ and \\xHH (00-7F); `%` is left alone."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        code = text[i + 1 : i + 2]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            i += 2
            continue
        digits = text[i + 2 : i + 4]
        if code == "x" and len(digits) == 2 and all(c in "0123456789abcdefABCDEF" for c in digits):
            if int(digits, 16) > 0x7F:
                raise click.BadParameter(
                    f"\\x{digits}: only 00-7F; write other characters as themselves (sent "
                    "UTF-8 encoded)",
                    param_hint="--raw-target",
                )
            out.append(chr(int(digits, 16)))
            i += 4
            continue
        raise click.BadParameter(
            f"unknown escape {text[i : i + 2]!r} at {i}: use \\r \\n \\t \\0 \\xHH or \\\\",
            param_hint="--raw-target",
        )
    return "".join(out)


def _request(url: str, host: str | None, raw_target: str | None) -> Request:
    """The request `route` and `trace` answer: the URL, a Host override, a raw target."""
    from ._result import Request

    url = _text(url, "URL")
    bad = next((ch for ch in url if ord(ch) < 0x20 or ord(ch) == 0x7F), None)
    if bad is not None:
        raise click.BadParameter(
            f"{url!r} holds the control character {bad!r}, which a URL cannot carry; send it "
            "with --raw-target (e.g. --raw-target '/a\\tb')",
            param_hint="URL",
        )
    try:
        request = Request.from_url(url, host)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="URL") from None
    if raw_target is None:
        return request
    target = _unescape_target(_text(raw_target, "--raw-target"))
    return Request.with_target(request.scheme, request.host, target, request.port)


_ROUTE_COLUMNS = (
    _Column("controller"),
    _Column("load balancer"),
    _Column("outcome"),
    _Column("backend"),
    _Column("matched rule", "words"),
)


def _route_table(results: Sequence[Resolution], explain: bool, console: Console) -> None:
    from rich.text import Text

    rows = []
    for result in results:
        matched = result.matched
        rule = (
            "-"
            if matched is None
            else (f"{matched.ingress} {matched.host or '*'} {matched.path} ({matched.path_type})")
        )
        if matched is not None and matched.rule is not None:  # an HTTPRoute's rule
            rule = f"{matched.ingress} rule {matched.rule} {rule.partition(' ')[2]}"
        backend = (
            str(result.backend)
            if result.backend
            else (str(result.status) if result.status else "-")
        )
        rows.append(
            (result.controller, result.load_balancer or "-", str(result.outcome), backend, rule)
        )
    _records(console, _ROUTE_COLUMNS, rows, title=lambda row: row[0], fields=(1, 2, 3, 4))
    for result in results:
        name = f" {result.load_balancer}" if result.load_balancer else ""
        if result.listener is not None:
            _say(console, f"{result.controller}{name}: listener {result.listener}")
        if result.location is not None:
            _say(console, f"{result.controller}{name}: location {result.location}")
        if result.upstream_path is not None:
            _say(console, f"{result.controller}{name}: upstream path {result.upstream_path}")
        if result.message:
            _say(console, f"{result.controller}{name}: {result.message}")
    if explain:
        for result in results:
            name = f" {result.load_balancer}" if result.load_balancer else ""
            _say(console, Text.assemble((f"{result.controller}{name}", "bold"), ": why"))
            for i, step in enumerate(result.explain, 1):
                number = f"  {i}. "
                _say(
                    console,
                    f"{number}{step.candidate}: {step.verdict} - {step.reason}",
                    indent=len(number),
                )


def _answer_text(answer: Resolution) -> str:
    what = str(answer.backend) if answer.backend else (str(answer.status or "") or "-")
    if answer.location:
        what += f" -> {answer.location}"
    rule = answer.matched
    via = f" via {rule.host or '*'} {rule.path} ({rule.path_type})" if rule else ""
    return f"{answer.outcome} {what}{via}"


@main.command(name="diff")
@_files
@click.option(
    "--controllers",
    default="alb,nginx",
    show_default=True,
    help="Two or more models to compare, comma-separated (spec, alb, nginx).",
)
@click.option("-o", "--output", type=_FORMATS, default="table", show_default=True)
@_no_color
def diff_command(paths: Sequence[str], controllers: str, output: str, no_color: bool) -> None:
    """Requests that the models route differently, generated from the rules themselves
    (boundaries, wildcard depths, case, trailing slashes), grouped by what each model did.

    Every Ingress is simulated under each controller, whatever class it names."""
    from ._engine import Engine
    from ._tools.diff import diff, group_differences

    chosen = tuple(c.strip() for c in controllers.split(",") if c.strip())
    unknown = [c for c in chosen if c not in CONTROLLERS]
    if len(chosen) < 2 or unknown:
        raise click.BadParameter(
            f"want two or more of {', '.join(CONTROLLERS)}", param_hint="--controllers"
        )
    manifests = _load(paths)
    groups = group_differences(diff(Engine(manifests, any_class=True), controllers=chosen))
    if output != "table":
        _dump(
            [
                {
                    "requests": [r.url for r in group.requests],
                    "answers": [a.as_dict() for a in group.answers],
                }
                for group in groups
            ],
            output,
        )
    else:
        console = _console(no_color)
        columns = [
            _Column("n", justify="right"),
            _Column("for example"),
            *(_Column(name, "words") for name in chosen),
        ]
        rows = [
            (
                str(len(group.requests)),
                group.requests[0].url,
                *(_answer_text(a) for a in group.answers),
            )
            for group in groups
        ]
        _records(
            console,
            columns,
            rows,
            title=lambda row: (
                f"{row[0]} {'request' if row[0] == '1' else 'requests'}, e.g. {row[1]}"
            ),
            fields=range(2, len(columns)),
        )
        _say(
            console,
            f"{sum(len(g.requests) for g in groups)} requests differ, in {len(groups)} groups",
        )
    _finish(manifests)


@main.command(name="trace")
@_files
@click.option(
    "--architecture",
    type=click.Choice(ARCHITECTURES),
    required=True,
    help="alb-ip: ALB to pods; alb-instance: ALB to nodePorts; nlb-nginx: NLB to ingress-nginx.",
)
@click.option(
    "--external-traffic-policy",
    type=click.Choice(["Cluster", "Local"]),
    help="For the Service instance targets reach (default: as the manifests say).",
)
@click.option(
    "--nlb-target-type",
    type=click.Choice(["instance", "ip"]),
    default="instance",
    show_default=True,
    help="nlb-nginx: how the NLB reaches the ingress-nginx pods.",
)
@click.option(
    "--proxy-protocol",
    type=click.Choice(["off", "both", "nlb-only", "nginx-only"]),
    default="off",
    show_default=True,
    help="nlb-nginx: PROXY protocol v2 on the NLB and/or in ingress-nginx.",
)
@click.option(
    "-o", "--output", type=click.Choice(["table", "json", "mermaid"]), default="table",
    show_default=True,
)  # fmt: skip
@_no_color
@click.argument("url")
def trace_command(
    paths: Sequence[str],
    architecture: str,
    external_traffic_policy: str | None,
    nlb_target_type: str,
    proxy_protocol: str,
    output: str,
    no_color: bool,
    url: str,
) -> None:
    """Follow one request hop by hop, with the source and destination each hop sees."""
    from ._engine import Engine
    from ._result import Request
    from ._tools.trace import TraceSettings, trace

    try:
        request = Request.from_url(url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="URL") from None
    manifests = _load(paths)
    settings = TraceSettings(
        external_traffic_policy=external_traffic_policy,
        nlb_target_type=nlb_target_type,
        proxy_protocol=proxy_protocol,  # type: ignore[arg-type]
    )
    result = trace(Engine(manifests, any_class=True), request, architecture, settings)
    if output == "json":
        _dump(result.as_dict(), "json")
    elif output == "mermaid":
        click.echo(result.mermaid())
    else:
        _trace_table(result, _console(no_color))
    _finish(manifests)


_TRACE_COLUMNS = (
    _Column("hop", "words"),
    _Column("source"),
    _Column("destination"),
    _Column("X-Forwarded-For"),
    _Column("what happens", "prose"),
)


def _trace_table(result: Trace, console: Console) -> None:
    """The hops as a table, or one block per hop when the table does not fit; then where the
    trace stops or what the pod sees, and the notes."""
    from rich.text import Text

    rows = [
        (hop.name, hop.source, hop.destination, hop.forwarded_for or "", hop.note)
        for hop in result.hops
    ]
    _records(console, _TRACE_COLUMNS, rows, title=lambda row: row[0], fields=(1, 2, 3, 4))
    if result.error:
        _say(console, f"stops: {result.error}")
    else:
        _say(console, f"the pod sees {result.pod_sees} as the source; the client's address in "
                      f"X-Forwarded-For: {result.client_ip_in_header}")  # fmt: skip
    for note in result.notes:
        _say(console, Text(f"note: {note}", style="dim"))


@main.group(name="export")
def export_group() -> None:
    """Write what a controller would build: an nginx.conf, or the ELBv2 API requests."""


@export_group.command(name="alb")
@_files
@click.option("-o", "--output", type=click.Choice(["json", "yaml"]), default="json",
              show_default=True)  # fmt: skip
@click.option("--cluster-name", default="", help="Used in generated names, as the controller does.")
def export_alb_command(paths: Sequence[str], output: str, cluster_name: str) -> None:
    """Per load balancer, the ELBv2 requests the AWS Load Balancer Controller would send
    (CreateTargetGroup, CreateLoadBalancer, CreateListener, CreateRule), shaped as the API takes
    them. Values only AWS knows (subnets, VPC, ARNs) are placeholders, listed per request."""
    from ._engine import Engine
    from ._tools.export_alb import export_alb

    manifests = _load(paths)
    engine = Engine(manifests, cluster_name=cluster_name)
    _dump(export_alb(engine.alb, cluster_name=cluster_name), output)
    _finish(manifests)


@export_group.command(name="nginx")
@_files
@click.option("-o", "--output-file", "output_file", type=click.Path(dir_okay=False),
              help="Write here instead of standard output.")  # fmt: skip
@click.option("--listen", default="127.0.0.1:8080", show_default=True,
              help="The address every server listens on.")  # fmt: skip
@click.option(
    "--any-class",
    is_flag=True,
    help="Simulate every Ingress under ingress-nginx, whatever class it names.",
)
def export_nginx_command(
    paths: Sequence[str], output_file: str | None, listen: str, any_class: bool
) -> None:
    """A standalone nginx.conf with the servers and locations ingress-nginx v1.15 would render
    for routing; each location answers with the backend it stands for. (ingress-nginx was
    retired in March 2026: no further releases or security fixes.)"""
    from ._engine import Engine
    from ._tools.export_nginx import render_nginx_conf

    manifests = _load(paths)
    text = render_nginx_conf(Engine(manifests, any_class=any_class).nginx, listen=listen)
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)
    _finish(manifests)


# ------------------------------------------------------------------------------------------------
# replay and migrate (moving off ingress-nginx)


def _replay_table(report: ReplayReport, console: Console) -> None:
    from rich.text import Text

    width = max((len(c) for c in (report.source, report.target)), default=0)
    for group in report.changed_groups():
        heading = Text.assemble(
            (str(group.count), "bold"),
            f" {group.verdict} ({group.kind or '-'}), e.g. {group.examples[0].url}",
        )
        _say(console, heading)
        for answer in (group.old, group.new):
            name = f"    {answer.controller.ljust(width)}  "
            _say(console, name + _answer_text(answer), indent=len(name))
    _say(
        console,
        f"{report.requests} requests replayed from {report.lines} lines: {report.same} same, "
        f"{report.changed_backend} changed backend, {report.changed_outcome} changed outcome, "
        f"{report.refused} refused",
    )
    if report.malformed:
        first = ", ".join(f"line {n} ({why})" for n, why in report.malformed_lines)
        _say(console, f"{report.malformed} malformed lines, first: {first}")
    if report.no_host or report.host_inferred:
        _say(
            console,
            f"Host: {report.no_host} lines without one (not replayed), "
            f"{report.host_inferred} inferred from the logged upstream",
        )
    agreement = report.upstream
    if agreement is not None:
        _say(
            console,
            f"the {report.source} model names the logged upstream for {agreement.agreed} of "
            f"{agreement.compared} requests ({agreement.ratio:.1%})",
        )
        for line, logged, model in agreement.disagreements:
            _say(console, f"  line {line}: log {logged}, model {model}", indent=4)


_LOG_FORMATS = click.Choice(list(LOG_FORMATS))


@main.command(name="replay")
@_files
@click.option("--from", "source", type=click.Choice(CONTROLLERS), default="nginx",
              show_default=True, help="The model the log was written under.")  # fmt: skip
@click.option("--to", "target", type=click.Choice(CONTROLLERS), default="alb",
              show_default=True, help="The model to move to.")  # fmt: skip
@click.option("--log", "log", type=click.File("r", encoding="utf-8", errors="replace"),
              default="-", show_default=True,
              help="The access log, or - for standard input.")  # fmt: skip
@click.option("--format", "log_format", type=_LOG_FORMATS, default="ingress-nginx",
              show_default=True, help="ingress-nginx's default log_format, combined + \"$host\", "
              "or HOST PATH lines.")  # fmt: skip
@click.option("-o", "--output", type=click.Choice(["table", "json"]), default="table",
              show_default=True)  # fmt: skip
@click.option("--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for a log file; 0: one per core when the file is over "
              "20 MB, else 1. The report is the same whatever the number.")  # fmt: skip
@_no_color
def replay_command(
    paths: Sequence[str],
    source: str,
    target: str,
    log: Any,
    log_format: str,
    output: str,
    jobs: int,
    no_color: bool,
) -> None:
    """Replay an access log through two models: which requests keep their backend, which
    change backend or outcome, and which would be refused, grouped by old rule -> new rule.

    Every Ingress is simulated under both models, whatever class it names."""
    from ._tools.replay import replay

    manifests = _load(paths)
    if jobs == 0:
        name = getattr(log, "name", None)
        big = isinstance(name, str) and os.path.isfile(name) and os.path.getsize(name) > 20 << 20
        jobs = (os.cpu_count() or 1) if big else 1
    report = _run_replay(
        lambda progress: replay(
            manifests, log, source=source, target=target, format=log_format,  # type: ignore[arg-type]
            progress=progress, jobs=jobs,
        )
    )  # fmt: skip
    if output == "json":
        _dump(report.as_dict(), "json")
    else:
        _replay_table(report, _console(no_color))
    _finish(manifests)


def _run_replay(run: Callable[[Callable[[int], None] | None], ReplayReport]) -> ReplayReport:
    """Rich progress on standard error when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        result: ReplayReport = run(None)
        return result
    from rich.progress import Progress, SpinnerColumn, TextColumn

    columns = (SpinnerColumn(), TextColumn("replaying: {task.completed:,} lines read"))
    with Progress(*columns, console=_console(False, stderr=True), transient=True) as bar:
        task = bar.add_task("replay", total=None)
        result = run(lambda n: bar.update(task, completed=n))
    return result


@main.command(name="migrate")
@_files
@click.option("--to", "target", type=click.Choice(MIGRATION_TARGETS), default="alb",
              show_default=True, help="alb: Ingresses for the AWS Load Balancer Controller; "
              "gateway: one Gateway and HTTPRoutes (Gateway API v1.6).")  # fmt: skip
@click.option("--group", default="ingress-nginx", show_default=True,
              help="The IngressGroup the fleet's Ingresses join (one ALB), or the name of "
              "the Gateway (namespace gateway).")  # fmt: skip
@click.option("--log", "log", type=click.File("r", encoding="utf-8", errors="replace"),
              help="Compare on this access log, not on requests made from the rules.")  # fmt: skip
@click.option("--format", "log_format", type=_LOG_FORMATS, default="ingress-nginx",
              show_default=True, help="The --log format.")  # fmt: skip
@click.option("-o", "--output", type=click.Choice(["yaml", "json"]), default="yaml",
              show_default=True)  # fmt: skip
@click.option("--report", "report_only", is_flag=True,
              help="Print the report (findings, changed requests, what each difference "
              "means) on standard output instead of the YAML.")  # fmt: skip
@_no_color
def migrate_command(
    paths: Sequence[str],
    target: str,
    group: str,
    log: Any,
    log_format: str,
    output: str,
    report_only: bool,
    no_color: bool,
) -> None:
    """Rewrite ingress-nginx Ingresses for the AWS Load Balancer Controller (--to alb) or as
    Gateway API objects (--to gateway): the YAML on standard output; every annotation's fate
    and the behaviour change (the original under NGINX against the result under ALB or the
    Gateway API model) on standard error. -o json: all on stdout."""
    from ._tools.migrate import migrate

    manifests = _load(paths)
    migration = migrate(manifests, target, group=group)
    report = (
        migration.compare()
        if log is None
        else _run_replay(
            lambda progress: migration.compare(log, format=log_format, progress=progress)
        )
    )
    if output == "json":
        _dump(
            {
                "documents": migration.documents,
                "findings": [f.as_dict() for f in migration.findings],
                "left_out": [{"ingress": i, "why": why} for i, why in migration.left_out],
                "comparison": report.as_dict(),
            },
            "json",
        )
    else:
        if not report_only:
            click.echo(migration.yaml(), nl=False)
        console = _console(no_color, stderr=not report_only)
        for finding in migration.findings:
            if finding.action == "translated":
                continue
            what = finding.annotation or "(Ingress)"
            _say(
                console, f"{finding.action}: {finding.ingress} {what}: {finding.message}", indent=4
            )
        _replay_table(report, console)
        if report_only:
            from ._tools.migrate import difference_kinds

            meanings = difference_kinds(target)
            for kind in dict.fromkeys(g.kind for g in report.changed_groups() if g.kind):
                _say(console, f"{kind}: {meanings.get(kind, '')}", indent=4)
    _finish(manifests)


# ------------------------------------------------------------------------------------------------
# report


@main.command(name="report")
@_files
@click.option("-o", "--output", type=click.Choice(REPORT_FORMATS), default="markdown",
              show_default=True, help="markdown for CI comments, html for one self-contained "
              "page to share, json for scripts.")  # fmt: skip
@click.option("--site-url", default=SITE_URL, show_default=True, metavar="URL",
              help="Where the report's links to the site's explanations start.")  # fmt: skip
def report_command(paths: Sequence[str], output: str, site_url: str) -> None:
    """One shareable report on a cluster's Ingresses, e.g. from kubectl get
    ingress,ingressclass,service,endpointslice,deployment,pod -A -o yaml: the inventory
    (classes, IngressGroups in member order, load balancers, hosts, Services and their
    endpoints), every rule answered under each model from requests at its boundaries, the
    differences grouped by kind, surprises ranked by blast radius, and what leaving
    ingress-nginx takes (ALB and Gateway API equivalents, requests that change, readiness).

    Blast radius: the teams (namespaces) a surprise affects, then its hosts, rule paths and
    generated requests; larger first. Every finding names its objects (file:line) and the fix,
    and links to the site's page on its kind. A progress bar shows on a terminal (standard
    error)."""
    from ._tools.report import render_html, render_json, render_markdown

    manifests = _load(paths)
    report = _run_report(manifests, site_url)
    render = {"html": render_html, "json": render_json, "markdown": render_markdown}[output]
    click.echo(render(report), nl=False)
    _finish(manifests)


def _run_report(manifests: Manifests, site_url: str) -> Report:
    """The report, with a Rich progress bar on standard error when it is a terminal."""
    from ._tools.report import build_report

    if not sys.stderr.isatty():
        return build_report(manifests, site_url=site_url)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=_console(False, stderr=True), transient=True) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            task = tasks.get(stage)
            if task is None:
                what = "answering requests" if stage == "answering" else "comparing with ALB"
                task = tasks[stage] = bar.add_task(what, total=total)
            bar.update(task, completed=done, total=total)

        return build_report(manifests, site_url=site_url, progress=progress)

"""`replay`: the three log formats, malformed lines, the upstream column, streaming, and the
shipped example log, whose every changed request must be a documented difference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import ingresslab
from ingresslab._tools.migrate import migrate
from ingresslab._tools.replay import DIFFERENCE_KINDS, LogEntry, Malformed, parse_log, replay

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "migration"
MANIFESTS = ingresslab.load(EXAMPLE / "ingresses.yaml")

DEFAULT_LINE = (
    '198.51.100.2 - - [12/Mar/2026:10:15:02 +0000] "GET /cart/items?x=1 HTTP/1.1" 200 5885 "-" '
    '"curl/8.5.0" 411 0.010 [cart-cart-8080] [] 10.0.3.108:8080 5885 0.009 200 '
    "1df9fd789c6539382b0537e65affb229"
)


def test_ingress_nginx_default_format_has_no_host_but_an_upstream() -> None:
    (entry,) = parse_log([DEFAULT_LINE], "ingress-nginx")
    assert entry == LogEntry(
        1, None, "/cart/items?x=1", None, 200, "cart-cart-8080", "10.0.3.108:8080"
    )


def test_ingress_nginx_format_takes_an_appended_host() -> None:
    (entry,) = parse_log([DEFAULT_LINE + " shop.example.com"], "ingress-nginx")
    assert isinstance(entry, LogEntry)
    assert entry.host == "shop.example.com"


def test_ingress_nginx_upstream_lists_stay_one_field() -> None:
    line = DEFAULT_LINE.replace(
        "10.0.3.108:8080 5885 0.009 200",
        "10.0.3.1:8080, 10.0.3.2:8080 0, 5885 0.004, 0.009 502, 200",
    )
    (entry,) = parse_log([line + " shop.example.com"], "ingress-nginx")
    assert isinstance(entry, LogEntry)
    assert (entry.upstream_addr, entry.host) == ("10.0.3.1:8080, 10.0.3.2:8080", "shop.example.com")


def test_the_host_is_inferred_from_the_upstream_and_not_counted_for_agreement() -> None:
    report = replay(MANIFESTS, [DEFAULT_LINE])
    assert (report.requests, report.host_inferred, report.no_host) == (1, 1, 0)
    assert report.upstream is not None and report.upstream.compared == 0


def test_the_default_backend_upstream_names_no_host() -> None:
    line = DEFAULT_LINE.replace("[cart-cart-8080]", "[upstream-default-backend]")
    report = replay(MANIFESTS, [line])
    assert (report.requests, report.no_host) == (0, 1)


def test_combined_format_with_host_column() -> None:
    text = (EXAMPLE / "access-combined.log").read_text().splitlines()
    entries = list(parse_log(text, "combined"))
    assert [(e.host, e.scheme, e.target) for e in entries if isinstance(e, LogEntry)] == [
        ("shop.example.com", "https", "/cart/items"),
        ("api.example.com", "https", "/healthz/ready"),
        ("en.blog.example.com", None, "/archive"),
    ]


def test_lines_format_skips_comments_and_reads_urls() -> None:
    text = (EXAMPLE / "requests.txt").read_text().splitlines()
    report = replay(MANIFESTS, text, format="lines")
    assert (report.lines, report.requests, report.malformed) == (4, 3, 0)
    urls = {g.examples[0].url for g in report.groups}
    assert "http://a.b.blog.example.com/" in urls


def test_malformed_lines_are_counted_never_fatal() -> None:
    lines = ["shop.example.com /", "garbage", "", "also garbage here", "shop.example.com nopath"]
    report = replay(MANIFESTS, lines, format="lines")
    assert report.requests == 1
    assert report.malformed == 3
    assert [n for n, _ in report.malformed_lines] == [2, 4, 5]


def test_a_binary_request_in_the_default_format_is_malformed() -> None:
    line = (
        '192.0.2.77 - - [12/Mar/2026:10:16:03 +0000] "\\x16\\x03\\x01" 400 150 "-" "-" 0 0.001 '
        "[] [] - - - - 2f4b0c1e9a7d4e3f8b6a5c4d3e2f1a0b -"
    )
    (entry,) = parse_log([line], "ingress-nginx")
    assert isinstance(entry, Malformed)


def test_a_log_whose_upstream_disagrees_with_the_model() -> None:
    agreeing = DEFAULT_LINE + " shop.example.com"
    canary = DEFAULT_LINE.replace("[cart-cart-8080]", "[cart-cart-v2-8080]") + " shop.example.com"
    report = replay(MANIFESTS, [agreeing, canary, agreeing])
    assert report.upstream is not None
    assert (report.upstream.compared, report.upstream.agreed) == (3, 2)
    assert report.upstream.disagreements == [(2, "cart-cart-v2-8080", "cart-cart-8080")]


def test_a_generator_is_consumed_lazily() -> None:
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for _ in range(1000):
            consumed += 1
            yield "https://shop.example.com /cart"

    seen: list[int] = []

    def progress(n: int) -> None:
        seen.append(consumed - n)

    report = replay(MANIFESTS, lines(), format="lines", progress=progress)
    assert report.requests == 1000
    assert seen == [0]  # at the end: every line read, none ahead


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown log format"):
        list(parse_log([], "json"))  # type: ignore[arg-type]


def test_on_the_shipped_log_every_change_is_a_documented_difference() -> None:
    migration = migrate(MANIFESTS)
    with (EXAMPLE / "access.log").open() as log:
        report = migration.compare(log, format="ingress-nginx")
    assert report.malformed == 1
    assert report.changed > 0
    kinds = {g.kind for g in report.changed_groups()}
    assert None not in kinds and "unexplained" not in kinds
    assert kinds <= set(DIFFERENCE_KINDS)
    assert report.upstream is not None and report.upstream.agreed < report.upstream.compared


def test_replaying_the_unmigrated_manifests_explains_every_change_too() -> None:
    with (EXAMPLE / "access.log").open() as log:
        report = replay(MANIFESTS, log)
    assert report.refused > 0  # no HTTPS listener without the ALB annotations
    assert "unexplained" not in {g.kind for g in report.changed_groups()}


def test_a_log_read_in_parts_gives_the_same_report(tmp_path: Path) -> None:
    """`jobs` > 1 reads a log file in parts, in worker processes; the report is the same."""
    log = tmp_path / "access.log"
    lines = (ROOT / "examples" / "migration" / "access.log").read_text().splitlines(True)
    log.write_text("".join(lines * 7) + "not a log line\n")
    manifests = ingresslab.load(ROOT / "examples" / "migration" / "ingresses.yaml")
    with log.open() as handle:
        one = replay(manifests, handle).as_dict()
    for jobs in (2, 3):
        with log.open() as handle:
            assert replay(manifests, handle, jobs=jobs).as_dict() == one, jobs
    assert one["lines"] == len(lines) * 7 + 1  # line numbers run on across the parts

"""Every point of the note the site grew from (S1-S14, listed in tests/data/source-points.yaml)
maps to a page section that runs an example or, where nothing can run, gives its sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: the note's points, one id and a one-line summary each
POINTS = ROOT / "tests" / "data" / "source-points.yaml"

#: S-number -> (page, start of the heading of the section that teaches it)
CONCEPTS: dict[str, tuple[str, str]] = {
    "S1": ("tutorials/your-first-ingress.md", "3. Route by host"),
    "S2": ("tutorials/your-first-ingress.md", "3. Route by host"),
    "S3": ("tutorials/from-pod-to-load-balancer.md", "2. ClusterIP"),
    "S4": ("explanation/service-types-and-kube-proxy.md", None),
    "S5": ("tutorials/from-pod-to-load-balancer.md", "3. NodePort and LoadBalancer"),
    "S6": ("explanation/one-request-three-ways.md", "Why they look alike"),
    "S7": ("tutorials/from-pod-to-load-balancer.md", "4. Why one load balancer"),
    "S8": ("tutorials/your-first-ingress.md", "1. Lint the Ingress as it circulates"),
    "S9": ("explanation/how-a-request-is-routed.md", "Worked requests"),
    "S10": ("explanation/one-request-three-ways.md", "Where the routing decision is made"),
    "S11": ("explanation/why-nlb-and-nginx.md", "Central routing"),
    "S12": ("explanation/why-nlb-and-nginx.md", "Source IP preservation"),
    "S13": ("explanation/one-request-three-ways.md", "Further reading"),
    "S14": ("explanation/why-nlb-and-nginx.md", None),
}  # fmt: skip

#: what makes a section concrete: a run example, a generated diagram, or named sources
_CONCRETE = re.compile(r"```py|\$ ingresslab |<!-- ingresslab-trace:|\bSources?\b")


def _nav_pages() -> set[str]:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    pages: set[str] = set()

    def walk(item: object) -> None:
        if isinstance(item, str):
            pages.add(item)
        elif isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)

    walk(config["nav"])
    return pages


def _section(text: str, heading: str | None) -> str:
    if heading is None:
        return text
    match = re.search(rf"^#+ {re.escape(heading)}.*$", text, re.M)
    assert match, f"no heading {heading!r}"
    rest = text[match.end() :]
    following = re.search(r"^## ", rest, re.M)
    return rest[: following.start()] if following else rest


def _points() -> list[dict[str, str]]:
    points: list[dict[str, str]] = yaml.safe_load(POINTS.read_text(encoding="utf-8"))["points"]
    return points


def test_the_point_list_holds_s1_to_s14_once_each_with_a_summary() -> None:
    points = _points()
    assert [point["id"] for point in points] == [f"S{i}" for i in range(1, 15)]
    for point in points:
        summary = point["summary"]
        assert isinstance(summary, str), point["id"]
        assert summary.strip(), point["id"]
        assert "\n" not in summary.strip(), point["id"]


def test_every_source_point_is_mapped() -> None:
    expected = {point["id"] for point in _points()}
    assert set(CONCEPTS) == expected


@pytest.mark.parametrize("point", sorted(CONCEPTS, key=lambda s: int(s[1:])))
def test_point_has_a_concrete_section_in_the_nav(point: str) -> None:
    page, heading = CONCEPTS[point]
    assert page in _nav_pages(), f"{page} is not in the site's navigation"
    section = _section((DOCS / page).read_text(), heading)
    assert _CONCRETE.search(section), f"{point}: {page} {heading!r} runs nothing, cites nothing"

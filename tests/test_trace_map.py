"""Architecture maps (src/ingresslab/_tools/trace_map.py) and their build-time marker
(hooks/trace_diagrams.py): boundaries nested as on AWS, the routing box where the routing
happens, every arrow labelled with the address the next hop sees, Korean labels on Korean
pages, and a marker the build cannot draw failing the build."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import ingresslab
from ingresslab._tools.trace import ARCHITECTURES, Trace, TraceSettings, trace
from ingresslab._tools.trace_map import (
    MIN_FONT_SIZE,
    render_compact,
    render_figure,
    render_steps,
    render_svg,
)

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
URL = "http://shop.example.com/api/items"
ROUTER_KIND = {"alb-ip": "load-balancer", "alb-instance": "load-balancer",
               "nlb-nginx": "ingress-controller"}  # fmt: skip
ZONE_OF_KIND = {"client": "internet", "load-balancer": "vpc"}
#: what Material leaves of a 390 px phone for the page's content (0.8 rem margins)
PHONE_CONTENT_WIDTH = 358


@pytest.fixture(scope="module")
def shop() -> ingresslab.Manifests:
    return ingresslab.load(ROOT / "examples" / "shop.yaml")


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*?</svg>", markup, re.S)[0])  # type: ignore[index]


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _find(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in _classes(e)]


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def _zone(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> str | None:
    """The innermost boundary an element is drawn in."""
    while element in parents:
        element = parents[element]
        if "tm-boundary" in _classes(element):
            return element.get("data-zone")
    return None


def _rect(group: ET.Element) -> tuple[float, float, float, float]:
    rect = group.find(f"{SVG}rect")
    assert rect is not None
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    return x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0))


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return (
        outer[0] < inner[0] and outer[1] < inner[1] and inner[2] < outer[2] and inner[3] < outer[3]
    )


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _text(element: ET.Element) -> str:
    return " ".join(" ".join(t.itertext()) for t in element.iter(f"{SVG}text"))


def _ip(address: str) -> str:
    return address.rsplit(":", 1)[0]


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_boundaries_nest_internet_vpc_cluster(
    shop: ingresslab.Manifests, architecture: str
) -> None:
    svg = _svg(render_svg(trace(shop, URL, architecture)))
    parents = _parents(svg)
    groups = {g.get("data-zone"): g for g in _find(svg, "tm-boundary")}
    assert set(groups) == {"internet", "vpc", "cluster"}
    assert _zone(groups["vpc"], parents) == "internet"
    assert _zone(groups["cluster"], parents) == "vpc"
    assert _inside(_rect(groups["vpc"]), _rect(groups["internet"]))
    assert _inside(_rect(groups["cluster"]), _rect(groups["vpc"]))


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_each_hop_is_drawn_in_its_boundary(shop: ingresslab.Manifests, architecture: str) -> None:
    traced = trace(shop, URL, architecture)
    svg = _svg(render_svg(traced))
    parents = _parents(svg)
    areas = {g.get("data-zone"): _rect(g) for g in _find(svg, "tm-boundary")}
    boxes = _find(svg, "tm-hop")
    assert [int(b.get("data-hop", -1)) for b in boxes] == list(range(len(traced.hops)))
    for box, hop in zip(boxes, traced.hops, strict=True):
        zone = ZONE_OF_KIND.get(hop.kind, "cluster")
        assert box.get("data-kind") == hop.kind
        assert _zone(box, parents) == zone, hop.name
        assert _inside(_rect(box), areas[zone]), hop.name
        # the client is outside the VPC; the load balancer is outside the cluster
        deeper = {"internet": "vpc", "vpc": "cluster"}.get(zone)
        if deeper:
            assert not _overlap(_rect(box), areas[deeper]), hop.name
    assert [b.get("data-kind") for b in boxes][:2] == ["client", "load-balancer"]
    assert [b.get("data-kind") for b in boxes][-1] == "pod"


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_the_box_that_routes_by_host_and_path_is_highlighted(
    shop: ingresslab.Manifests, architecture: str
) -> None:
    svg = _svg(render_svg(trace(shop, URL, architecture)))
    (router,) = _find(svg, "tm-hop--routing")
    assert router.get("data-kind") == ROUTER_KIND[architecture]
    assert "routes by host and path" in _text(router)
    (balancer,) = [b for b in _find(svg, "tm-hop") if b.get("data-kind") == "load-balancer"]
    if architecture == "nlb-nginx":
        assert "no host/path routing" in _text(balancer)
        assert _zone(router, _parents(svg)) == "cluster"
    else:
        assert _zone(router, _parents(svg)) == "vpc"


@pytest.mark.parametrize(
    ("architecture", "settings"),
    [
        ("alb-ip", TraceSettings()),
        ("alb-instance", TraceSettings()),
        ("alb-instance", TraceSettings(external_traffic_policy="Local")),
        ("nlb-nginx", TraceSettings()),
        ("nlb-nginx", TraceSettings(nlb_target_type="ip")),
        ("nlb-nginx", TraceSettings(nlb_target_type="ip", proxy_protocol="both")),
    ],
    ids=["alb-ip", "alb-instance", "alb-instance-local", "nlb-nginx", "nlb-ip", "nlb-ip-proxy"],
)
def test_each_arrow_carries_the_address_the_next_hop_sees(
    shop: ingresslab.Manifests, architecture: str, settings: TraceSettings
) -> None:
    traced = trace(shop, URL, architecture, settings)
    svg = _svg(render_svg(traced))
    arrows = _find(svg, "tm-arrow")
    assert [int(a.get("data-to", -1)) for a in arrows] == list(range(1, len(traced.hops)))
    for arrow, hop in zip(arrows, traced.hops[1:], strict=True):
        label = _text(arrow)
        assert f"from {_ip(hop.source)}" in label, hop.name
        assert arrow.get("data-source") == _ip(hop.source)
        if hop.forwarded_for:
            assert f"XFF {hop.forwarded_for}" in label, hop.name
        else:
            assert "XFF" not in label, hop.name
    # the last arrow says what the pod sees
    assert _text(arrows[-1]).startswith(f"from {traced.pod_sees}")


def test_the_addresses_show_where_the_source_changes(shop: ingresslab.Manifests) -> None:
    """Spot checks against the page's own printed values: ALB ip targets hide the client
    behind the ALB; kube-proxy's source NAT hides it behind the node; NGINX keeps it in XFF."""
    alb = _svg(render_svg(trace(shop, URL, "alb-ip")))
    assert _text(_find(alb, "tm-arrow")[-1]) == "from 10.0.2.5 XFF 203.0.113.7"
    instance = _svg(render_svg(trace(shop, URL, "alb-instance")))
    (proxy,) = [b for b in _find(instance, "tm-hop") if b.get("data-kind") == "kube-proxy"]
    assert "source NAT" in _text(proxy)
    assert _text(_find(instance, "tm-arrow")[-1]) == "from 10.0.1.10 XFF 203.0.113.7"
    nginx = _svg(render_svg(trace(shop, URL, "nlb-nginx")))
    (proxy,) = [b for b in _find(nginx, "tm-hop") if b.get("data-kind") == "kube-proxy"]
    assert "source kept" in _text(proxy)
    assert [_text(a) for a in _find(nginx, "tm-arrow")][:4] == ["from 203.0.113.7"] * 4


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_korean_labels(shop: ingresslab.Manifests, architecture: str) -> None:
    svg = _svg(render_svg(trace(shop, URL, architecture), "ko"))
    labels = [_text(g) for g in svg.iter() if "tm-boundary__label" in _classes(g)]
    assert labels == ["인터넷", "VPC", "EKS 클러스터"]
    titles = {_text(b).split()[0] for b in _find(svg, "tm-hop")}
    assert {"클라이언트", "파드"} <= titles
    (router,) = _find(svg, "tm-hop--routing")
    assert "호스트와 경로로 라우팅" in _text(router)
    assert all(_text(a).startswith("출발지 ") for a in _find(svg, "tm-arrow"))
    visible = _text(svg)
    for english in ("Internet", "EKS cluster", "Client", "Pod", "Node", "routes by", "from "):
        assert english not in visible
    steps = render_steps(trace(shop, URL, architecture), "ko")
    assert "클라이언트 →" in steps and "출발지 203.0.113.7" in steps


def test_unknown_language_is_refused(shop: ingresslab.Manifests) -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        render_svg(trace(shop, URL, "alb-ip"), "de")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_text_is_sized_in_svg_units_and_the_svg_keeps_its_width(
    shop: ingresslab.Manifests, architecture: str, lang: str
) -> None:
    svg = _svg(render_svg(trace(shop, URL, architecture), lang))
    sizes = [float(t.get("font-size", 0)) for t in svg.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= MIN_FONT_SIZE
    width = svg.get("viewBox", "").split()[2]
    assert svg.get("width") == width
    assert f"--tm-width:{width}px" in svg.get("style", "")


def test_map_is_accessible_and_scrolls_in_its_own_box(shop: ingresslab.Manifests) -> None:
    traced = trace(shop, URL, "nlb-nginx")
    figure = render_figure(traced, id_prefix="m")
    svg = _svg(figure)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "m-title m-desc"
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.get("id") == "m-desc"
    assert desc.text and "ingress-nginx pod routes by host and path" in desc.text
    for hop in traced.hops[1:]:
        assert hop.destination in desc.text
    assert re.search(r'<div class="trace-map__scroll" tabindex="0" role="region"', figure)
    assert '<figcaption id="m-caption">NLB and ingress-nginx' in figure


def test_stepper_has_one_line_per_hop(shop: ingresslab.Manifests) -> None:
    traced = trace(shop, URL, "alb-instance")
    steps = render_steps(traced)
    items = re.findall(r"<li data-hop=\"(\d+)\">(.*?)</li>", steps)
    assert [int(n) for n, _ in items] == list(range(1, len(traced.hops)))
    for (_, item), hop in zip(items, traced.hops[1:], strict=True):
        assert hop.destination in item and f"from {hop.source}" in item
    assert items[0][1].startswith('<span class="trace-steps__path">Client → ALB 198.51.100.')
    assert "source NAT to the node&#x27;s address 10.0.1.10" in steps


def test_a_request_that_stops_still_shows_the_cluster(shop: ingresslab.Manifests) -> None:
    traced = trace(shop, "http://nowhere.example.org/", "alb-ip")
    assert traced.error and [h.kind for h in traced.hops] == ["client", "load-balancer"]
    svg = _svg(render_svg(traced))
    assert {g.get("data-zone") for g in _find(svg, "tm-boundary")} == {"internet", "vpc", "cluster"}
    assert "stops here" in _text(_find(svg, "tm-hop")[-1])
    assert "stops here: the ALB answers itself" in render_steps(traced)


def _compact(shop: ingresslab.Manifests, lang: str) -> tuple[list[Trace], str]:
    traces = [trace(shop, URL, a) for a in ("alb-ip", "nlb-nginx")]
    return traces, render_compact(traces, lang, id_prefix="c")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compact_map_fits_a_phone_and_keeps_every_address(
    shop: ingresslab.Manifests, lang: str
) -> None:
    traces, figure = _compact(shop, lang)
    svg = _svg(figure)
    assert float(svg.get("viewBox", "").split()[2]) <= PHONE_CONTENT_WIDTH
    sizes = [float(t.get("font-size", 0)) for t in svg.iter(f"{SVG}text")]
    assert min(sizes) >= MIN_FONT_SIZE
    kinds = [b.get("data-kind") for b in _find(svg, "tm-hop")]
    # a node and its kube-proxy share one box
    assert "kube-proxy" not in kinds
    assert [b.get("data-kind") for b in _find(svg, "tm-hop--routing")] == [
        "load-balancer",
        "ingress-controller",
    ]
    sources = [a.get("data-source") for a in _find(svg, "tm-arrow")]
    expected = [_ip(hop.source) for t in traces for hop in t.hops[1:] if hop.kind != "kube-proxy"]
    assert sources == expected
    assert figure.count('<ol class="trace-steps">') == 2
    assert "<details" in figure


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "trace_diagrams", ROOT / "hooks" / "trace_diagrams.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(src_uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri))


CONFIG = {"config_file_path": str(ROOT / "mkdocs.yml")}


def test_marker_becomes_a_map_in_the_page_language() -> None:
    hook = _hook()
    marker = f"Intro\n\n<!-- ingresslab-map: examples/shop.yaml alb-ip {URL} -->\n\nMore\n"
    english = hook.on_page_markdown(marker, page=_page("x/y.md"), config=CONFIG)
    korean = hook.on_page_markdown(marker, page=_page("x/y.ko.md"), config=CONFIG)
    assert "ingresslab-map" not in english
    assert english.count('<figure class="trace-map"') == 1
    assert ">EKS cluster<" in english and ">EKS 클러스터<" in korean
    assert english.startswith("Intro\n\n\n<figure") and english.endswith("</ol>\n\n\nMore\n")


def test_marker_with_several_architectures_and_compact() -> None:
    hook = _hook()
    two = f"<!-- ingresslab-map: examples/shop.yaml alb-ip,nlb-nginx {URL} -->\n"
    one = f"<!-- ingresslab-map: examples/shop.yaml alb-ip,nlb-nginx {URL} compact -->\n"
    page = _page("index.md")
    assert hook.on_page_markdown(two, page=page, config=CONFIG).count("<figure") == 2
    compact = hook.on_page_markdown(one, page=page, config=CONFIG)
    assert compact.count("<figure") == 1 and "trace-map--compact" in compact
    # ids stay unique on a page with several maps
    both = hook.on_page_markdown(two + "\n" + one, page=page, config=CONFIG)
    ids = re.findall(r' id="([^"]+)"', both)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (f"examples/missing.yaml alb-ip {URL}", "no such file: examples/missing.yaml"),
        (f"examples/shop.yaml alb-nginx {URL}", "unknown architecture 'alb-nginx'"),
        (f"examples/shop.yaml alb-ip,nlb {URL}", "unknown architecture 'nlb'"),
        ("examples/shop.yaml alb-ip shop.example.com/api", "not an absolute URL"),
        ("examples/shop.yaml alb-ip ftp://shop.example.com/", "unsupported scheme 'ftp'"),
        ("examples/shop.yaml alb-ip http://", "names no host"),
        (f"examples/shop.yaml alb-ip {URL} tiny", "unknown option tiny"),
        ("examples/shop.yaml alb-ip", "want FILE ARCHITECTURE URL"),
    ],
)
def test_a_bad_marker_fails_with_a_clear_message(args: str, reason: str) -> None:
    hook = _hook()
    marker = f"<!-- ingresslab-map: {args} -->\n"
    with pytest.raises(PluginError) as failure:
        hook.on_page_markdown(marker, page=_page("explanation/x.md"), config=CONFIG)
    assert str(failure.value).startswith(f"explanation/x.md: <!-- ingresslab-map: {args} -->")
    assert reason in str(failure.value)


def test_the_retired_mermaid_marker_fails_and_names_the_map_marker() -> None:
    hook = _hook()
    marker = f"<!-- ingresslab-trace: examples/shop.yaml nlb-nginx {URL} -->\n"
    with pytest.raises(PluginError, match="unreadable on a phone") as failure:
        hook.on_page_markdown(marker, page=_page("x.md"), config=CONFIG)
    assert f"<!-- ingresslab-map: examples/shop.yaml nlb-nginx {URL} -->" in str(failure.value)


def _build(tmp_path: Path, marker: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "shop.yaml", tmp_path / "examples" / "shop.yaml")
    (tmp_path / "docs" / "index.md").write_text(f"# Map\n\n{marker}\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: maps\nhooks:\n  - " + str(ROOT / "hooks" / "trace_diagrams.py") + "\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_strict_build_draws_a_good_marker(tmp_path: Path) -> None:
    done = _build(tmp_path, f"<!-- ingresslab-map: examples/shop.yaml nlb-nginx {URL} -->")
    assert done.returncode == 0, done.stdout + done.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<figure class="trace-map"' in html and "ingresslab-map" not in html


def test_a_strict_build_fails_on_a_bad_marker(tmp_path: Path) -> None:
    done = _build(tmp_path, f"<!-- ingresslab-map: examples/shop.yml nlb-nginx {URL} -->")
    assert done.returncode != 0
    assert "index.md: <!-- ingresslab-map: examples/shop.yml" in done.stdout + done.stderr
    assert "no such file: examples/shop.yml" in done.stdout + done.stderr
    assert not (tmp_path / "site" / "index.html").exists()

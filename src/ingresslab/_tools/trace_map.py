"""Architecture maps: one traced request drawn as an inline SVG, for pages and phones.

A map puts the hops of a `Trace` in boxes, left to right, inside the boundaries that carry the
lesson: the client on the Internet; the load balancer inside the VPC but outside the EKS
cluster; nodes, kube-proxy and pods inside the cluster. The box that decides by host and path
is highlighted (the ALB for `alb-*`, the ingress-nginx pod for `nlb-nginx`), and each arrow
carries the source address the next hop sees, with `X-Forwarded-For` where the request has
one. Under the map, a stepper lists the same hops as text, one line each.

`render_compact` draws several architectures side by side, each top to bottom (Internet, VPC,
cluster), narrow enough for a phone without scrolling.

Text sizes are SVG units, fixed here, and box widths come from estimated text widths; the
page's stylesheet (docs/assets/stylesheets/diagrams.css) gives the colours (light and dark),
the fonts, and keeps the SVG at least its own width in CSS pixels, so no text renders smaller
than `MIN_FONT_SIZE` px: a wide map scrolls inside its own box instead of shrinking.

This module reads a `Trace` and nothing else: it knows nothing of how requests are routed,
nor of MkDocs (hooks/trace_diagrams.py puts maps on pages).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from .trace import Hop, Trace

__all__ = [
    "LABELS",
    "MIN_FONT_SIZE",
    "render_compact",
    "render_figure",
    "render_steps",
    "render_svg",
    "routing_index",
    "zone_of",
]

#: The smallest text on a map, in SVG units (= CSS px, as the stylesheet never shrinks a map).
MIN_FONT_SIZE = 11.0

_TITLE = 13.5  # box titles, bold
_ADDRESS = 11.5  # addresses, monospace
_SMALL = MIN_FONT_SIZE  # details, remarks, arrow labels
_BOUNDARY = 12.0  # "Internet", "VPC", "EKS cluster", bold

#: Fixed labels. Korean follows kubernetes.io/ko: 파드, 서비스, 노드, 인그레스, 로드 밸런서,
#: 클러스터, 컨트롤러.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "internet": "Internet",
        "vpc": "VPC",
        "cluster": "EKS cluster",
        "client": "Client",
        "node": "Node",
        "kube-proxy": "kube-proxy",
        "ingress-controller": "ingress-nginx",
        "ingress-controller-detail": "controller pod",
        "pod": "Pod",
        "load-balancer": "Load balancer",
        "routes": "routes by host and path",
        "no-routing": "no host/path routing",
        "snat": "source NAT",
        "kept": "source kept",
        "nodeport": "nodePort",
        "from": "from",
        "xff": "XFF",
        "stops": "stops here",
        "stopped": "The request stops there",
        "steps": "Hop by hop",
        "alb-ip": "ALB, target type ip",
        "alb-instance": "ALB, target type instance",
        "nlb-nginx": "NLB and ingress-nginx",
        "alb-ip-short": "ALB, ip targets",
        "alb-instance-short": "ALB, instance targets",
        "nlb-nginx-short": "NLB + ingress-nginx",
        "outside": "outside the cluster",
        "inside": "inside the cluster",
        "scroll": "map, scrolls sideways",
    },
    "ko": {
        "internet": "인터넷",
        "vpc": "VPC",
        "cluster": "EKS 클러스터",
        "client": "클라이언트",
        "node": "노드",
        "kube-proxy": "kube-proxy",
        "ingress-controller": "ingress-nginx",
        "ingress-controller-detail": "컨트롤러 파드",
        "pod": "파드",
        "load-balancer": "로드 밸런서",
        "routes": "호스트와 경로로 라우팅",
        "no-routing": "호스트·경로 라우팅 없음",
        "snat": "출발지 NAT",
        "kept": "출발지 유지",
        "nodeport": "노드 포트",
        "from": "출발지",
        "xff": "XFF",
        "stops": "여기서 멈춤",
        "stopped": "요청은 거기서 멈춥니다",
        "steps": "홉 단위로 보기",
        "alb-ip": "ALB, 대상 유형 ip",
        "alb-instance": "ALB, 대상 유형 instance",
        "nlb-nginx": "NLB와 ingress-nginx",
        "alb-ip-short": "ALB, ip 대상",
        "alb-instance-short": "ALB, instance 대상",
        "nlb-nginx-short": "NLB + ingress-nginx",
        "outside": "클러스터 밖",
        "inside": "클러스터 안",
        "scroll": "지도, 옆으로 스크롤됩니다",
    },
}

_ZONES = ("internet", "vpc", "cluster")
_ZONE_OF_KIND = {"client": "internet", "load-balancer": "vpc"}
_HOP_ZONE = re.compile(r"\(([a-z]{2}-[a-z]+-\d[a-z])\)$")


def zone_of(hop: Hop) -> str:
    """Which boundary a hop sits in: "internet", "vpc" or "cluster"."""
    return _ZONE_OF_KIND.get(hop.kind, "cluster")


def routing_index(trace: Trace) -> int | None:
    """The hop that decides by host and path: the load balancer for an ALB, the ingress-nginx
    pod behind an NLB (which only forwards connections)."""
    kind = "ingress-controller" if trace.architecture == "nlb-nginx" else "load-balancer"
    return next((i for i, hop in enumerate(trace.hops) if hop.kind == kind), None)


def _labels(lang: str) -> dict[str, str]:
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}: {', '.join(LABELS)}")
    return LABELS[lang]


def _ip(address: str) -> str:
    return address.rsplit(":", 1)[0] if address.count(":") == 1 else address


def _text_width(text: str, size: float, *, mono: bool = False, bold: bool = False) -> float:
    """A generous estimate of a text's width (the widest common fallback fonts: DejaVu Sans,
    DejaVu Sans Mono, Noto Sans CJK), so estimated boxes hold the real text."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif mono:
            width += 0.61
        elif char in " .,:;'|!":
            width += 0.33
        elif char in "-()/·":
            width += 0.4
        elif char.isupper() or char in "mw":
            width += 0.74
        else:
            width += 0.63
    return width * size * (1.1 if bold and not mono else 1.0)


def _wrap(text: str, size: float, limit: float, *, bold: bool = False) -> list[str]:
    """Words of `text` in lines no wider than `limit` (a single long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size, bold=bold) <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


@dataclass(slots=True)
class _Box:
    """One hop drawn: its place, its text lines, and what is said under it."""

    index: int  # in trace.hops
    kind: str
    zone: str
    title: str
    address: str
    detail: str
    tooltip: str
    routing: bool = False
    remarks: list[str] = field(default_factory=list)  # under the box (full) or inside (compact)
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(slots=True)
class _Arrow:
    """The way into hop `index`, with the source address that hop sees."""

    index: int
    source: str
    forwarded_for: str | None
    lines: list[str]
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"


@dataclass(slots=True)
class _Canvas:
    width: float
    height: float
    boundaries: dict[str, tuple[float, float, float, float]]  # zone -> x, y, w, h
    boxes: list[_Box]
    arrows: list[_Arrow]
    captions: list[tuple[float, float, str]] = field(default_factory=list)


def _zone_name(hop: Hop) -> str:
    match = _HOP_ZONE.search(hop.name)
    return match[1] if match else ""


def _boxes(trace: Trace, words: dict[str, str], *, compact: bool) -> list[_Box]:
    routing = routing_index(trace)
    hops = trace.hops
    boxes: list[_Box] = []
    for i, hop in enumerate(hops):
        if compact and hop.kind == "kube-proxy" and boxes and boxes[-1].kind == "node":
            # one box for the node and its kube-proxy: the same machine, the same address
            boxes[-1].remarks = ["kube-proxy:", _kube_proxy_remark(trace, i, words)]
            if trace.error and i == len(hops) - 1:
                boxes[-1].remarks.append(words["stops"])
            continue
        if hop.kind == "client":
            title, address = words["client"], _ip(hop.source)
        elif hop.kind == "load-balancer":
            title, address = hop.name.split(" ", 1)[0], hop.destination
        else:
            title, address = words.get(hop.kind, hop.kind), hop.destination
        detail = _zone_name(hop)
        if hop.kind == "ingress-controller":
            detail = words["ingress-controller-detail"]
        box = _Box(i, hop.kind, zone_of(hop), title, address, detail, hop.name,
                   routing=i == routing)  # fmt: skip
        if box.routing:
            box.remarks.append(words["routes"])
        elif hop.kind == "load-balancer" and trace.architecture == "nlb-nginx":
            box.remarks.append(words["no-routing"])
        elif hop.kind == "node":
            box.remarks.append(words["nodeport"])
        elif hop.kind == "kube-proxy":
            box.remarks.append(_kube_proxy_remark(trace, i, words))
        if trace.error and i == len(hops) - 1:
            box.remarks.append(words["stops"])
        boxes.append(box)
    return boxes


def _kube_proxy_remark(trace: Trace, index: int, words: dict[str, str]) -> str:
    """Whether kube-proxy rewrote the source: compare what it got with what it sent on."""
    after = trace.hops[index + 1] if index + 1 < len(trace.hops) else None
    if after is None:
        return words["kube-proxy"]
    same = _ip(after.source) == _ip(trace.hops[index].source)
    return words["kept"] if same else words["snat"]


def _arrow_lines(hop: Hop, words: dict[str, str]) -> list[str]:
    lines = [f"{words['from']} {_ip(hop.source)}"]
    if hop.forwarded_for:
        lines.append(f"{words['xff']} {hop.forwarded_for}")
    return lines


def _arrows(trace: Trace, boxes: list[_Box], words: dict[str, str]) -> list[_Arrow]:
    return [
        _Arrow(box.index, _ip(trace.hops[box.index].source),
               trace.hops[box.index].forwarded_for,
               _arrow_lines(trace.hops[box.index], words))
        for box in boxes[1:]
    ]  # fmt: skip


def _label_width(lines: Sequence[str]) -> float:
    return max((_text_width(line, _SMALL, mono=True) for line in lines), default=0.0)


# Horizontal map: the geometry, in SVG units.
_PAD = 14.0  # inside a boundary, around what it holds
_BAND = 25.0  # from one boundary's top to the next one's (its label's row)
_GAP = 30.0  # between two boxes in the same boundary
_CROSS = 22.0  # from a box to the boundary the next box is in
_LINE = 14.0  # one line of small text
_BOX_H = 62.0


def _layout_row(trace: Trace, words: dict[str, str]) -> _Canvas:
    boxes = _boxes(trace, words, compact=False)
    arrows = _arrows(trace, boxes, words)
    for box in boxes:
        box.w = max(
            92.0,
            _text_width(box.title, _TITLE, bold=True) + 22,
            _text_width(box.address, _ADDRESS, mono=True) + 18,
            _text_width(box.detail, _SMALL) + 18,
        )
        box.h = _BOX_H
        limit = box.w + _GAP - 8
        box.remarks = [
            line
            for remark in box.remarks
            for line in _wrap(remark, _SMALL, limit, bold=box.routing)
        ]
    depth = {zone: i for i, zone in enumerate(_ZONES)}
    starts: dict[str, float] = {"internet": 1.0}
    x = 1.0 + _PAD
    previous_label_right = -1e9
    previous_remark_right = -1e9
    for position, box in enumerate(boxes):
        if position:
            before = boxes[position - 1]
            crossed = [z for z in _ZONES if depth[before.zone] < depth[z] <= depth[box.zone]]
            gap = _GAP if not crossed else len(crossed) * (_CROSS + _PAD)
            arrow = arrows[position - 1]
            half = _label_width(arrow.lines) / 2
            # the arrow's label is centred on the gap: keep it clear of the previous label
            needed = previous_label_right + 12 + half - (before.right + gap / 2)
            gap += max(0.0, 2 * needed)
            remark_half = _remark_width(box) / 2
            needed = previous_remark_right + 12 + remark_half - (before.right + gap + box.w / 2)
            gap += max(0.0, needed)
            for offset, zone in enumerate(crossed):
                starts[zone] = before.right + gap - (len(crossed) - offset) * _PAD
            x = before.right + gap
            previous_label_right = (before.right + x) / 2 + half
        box.x = x
        previous_remark_right = box.x + box.w / 2 + _remark_width(box) / 2
    lane = 1.0 + _BAND * len(_ZONES) + 8  # the arrow labels' row, under the boundary labels
    top = lane + _LINE * 2 + 8
    remark_lines = max((len(box.remarks) for box in boxes), default=0)
    content_bottom = top + _BOX_H + (8 + _LINE * remark_lines if remark_lines else 10)
    for box in boxes:
        box.y = top
    for arrow, (before, box) in zip(arrows, itertools.pairwise(boxes), strict=True):
        arrow.y1 = arrow.y2 = top + 16
        arrow.x1, arrow.x2 = before.right + 2, box.x - 2
        arrow.label_x = (before.right + box.x) / 2
        # the last line sits just above the boxes, so a one-line label stays near its arrow
        arrow.label_y = lane + 2 * _LINE - 3 - 13 * (len(arrow.lines) - 1)
    right = max([box.right for box in boxes] + [_label_right(arrow) for arrow in arrows])
    boundaries: dict[str, tuple[float, float, float, float]] = {}
    deepest = max(depth[box.zone] for box in boxes)
    # a request that stops before the cluster still shows the cluster it never reached
    if deepest < depth["cluster"]:
        for zone in _ZONES[deepest + 1 :]:
            starts[zone] = right + _CROSS
            right = starts[zone] + _PAD
        right += 120
    inner_right = right + _PAD
    inner_bottom = content_bottom + 10
    for level, zone in reversed(list(enumerate(_ZONES))):
        y = 1.0 + _BAND * level
        boundaries[zone] = (starts[zone], y, inner_right - starts[zone], inner_bottom - y)
        inner_right += _PAD
        inner_bottom += 10
    # whole units: the svg then renders at a whole number of CSS px, exactly 1 px a unit
    width = math.ceil(inner_right - _PAD + 1)
    height = math.ceil(inner_bottom - 10 + 1)
    return _Canvas(width, height, boundaries, boxes, arrows)


def _label_right(arrow: _Arrow) -> float:
    return arrow.label_x + _label_width(arrow.lines) / 2


def _remark_width(box: _Box) -> float:
    return max((_text_width(line, _SMALL, bold=box.routing) for line in box.remarks), default=0.0)


# Compact map: architectures side by side, each top to bottom.
_C_INSET = 8.0  # between nested boundaries, left and right
_C_PAD = 8.0  # inside the cluster boundary
_C_COLUMN_GAP = 10.0
_C_ARROW_INSET = 18.0  # the arrow runs down the box's right side; its labels to its left


def _layout_columns(traces: Sequence[Trace], words: dict[str, str]) -> _Canvas:
    columns = [(trace, _boxes(trace, words, compact=True)) for trace in traces]
    arrows_of = [_arrows(trace, boxes, words) for trace, boxes in columns]
    widths = []
    for (trace, boxes), arrows in zip(columns, arrows_of, strict=True):
        for box in boxes:
            box.detail = ""  # zones and pod names live in the stepper
        width = max(
            _text_width(words[f"{trace.architecture}-short"], _SMALL, bold=True),
            *(_text_width(b.title, _TITLE, bold=True) + 16 for b in boxes),
            *(_text_width(b.address, _ADDRESS, mono=True) + 14 for b in boxes),
            *(_label_width(a.lines) + _C_ARROW_INSET + 12 for a in arrows),
            110.0,
        )
        for box in boxes:
            box.remarks = [
                line
                for remark in box.remarks
                for line in _wrap(remark, _SMALL, width - 12, bold=box.routing)
            ]
        widths.append(width)
    left = 1.0 + 2 * _C_INSET + _C_PAD
    lefts = []
    for width in widths:
        lefts.append(left)
        left += width + _C_COLUMN_GAP
    total = left - _C_COLUMN_GAP + _C_PAD + 2 * _C_INSET + 1
    caption_y = 1.0 + 18 + 18
    tops: dict[str, float] = {}
    # rows of the same boundary start together in every column
    y_by_zone: dict[str, float] = {"internet": caption_y + 8}
    bottoms: list[float] = []
    placed: list[list[_Box]] = [[] for _ in columns]
    for zone in _ZONES:
        if zone != "internet":
            start = max((b.bottom for col in placed for b in col), default=caption_y + 8) + 14
            tops[zone] = start
            y_by_zone[zone] = start + 16 + 8 + 2 * 13 + 6
        for c, (_, boxes) in enumerate(columns):
            y = y_by_zone[zone]
            for box in (b for b in boxes if b.zone == zone):
                if placed[c] and placed[c][-1].zone == zone:
                    y = placed[c][-1].bottom + 8 + 2 * 13 + 6
                box.x, box.y, box.w = lefts[c], y, widths[c]
                box.h = 40.0 + 13 * len(box.remarks)
                placed[c].append(box)
    for c, boxes in enumerate(placed):
        bottoms.append(boxes[-1].bottom if boxes else tops.get("cluster", caption_y))
        for arrow, (before, box) in zip(arrows_of[c], itertools.pairwise(boxes), strict=True):
            arrow.x1 = arrow.x2 = box.right - _C_ARROW_INSET
            arrow.y1, arrow.y2 = before.bottom + 2, box.y - 2
            arrow.label_x = arrow.x1 - 8
            arrow.label_y = box.y - 6 - 13 * (len(arrow.lines) - 1) - 3
            arrow.anchor = "end"
    tops.setdefault("vpc", caption_y + 60)
    tops.setdefault("cluster", tops["vpc"] + 60)
    bottom = max(bottoms) + 10
    boundaries: dict[str, tuple[float, float, float, float]] = {}
    for level, zone in reversed(list(enumerate(_ZONES))):
        x = 1.0 + _C_INSET * level
        y = 1.0 if zone == "internet" else tops[zone]
        boundaries[zone] = (x, y, total - 2 * x, bottom - y)
        bottom += 8
    captions = [
        (lefts[c], caption_y, words[f"{trace.architecture}-short"])
        for c, (trace, _) in enumerate(columns)
    ]
    return _Canvas(
        math.ceil(total), math.ceil(bottom - 8 + 1), boundaries,
        [b for col in placed for b in col], [a for arrows in arrows_of for a in arrows], captions,
    )  # fmt: skip


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, cls: str, size: float, anchor: str = "middle") -> str:
    return (
        f'<text class="{cls}" x="{_number(x)}" y="{_number(y)}" font-size="{_number(size)}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )


def _svg_box(box: _Box, *, compact: bool) -> str:
    classes = f"tm-hop tm-hop--{box.kind}" + (" tm-hop--routing" if box.routing else "")
    cx = box.x + box.w / 2
    parts = [
        f'<g class="{classes}" data-hop="{box.index}" data-kind="{box.kind}">',
        f"<title>{escape(box.tooltip)}</title>",
        f'<rect class="tm-hop__box" x="{_number(box.x)}" y="{_number(box.y)}" '
        f'width="{_number(box.w)}" height="{_number(box.h)}" rx="6"/>',
        _text(cx, box.y + (18 if compact else 21), box.title, "tm-hop__title", _TITLE),
        _text(cx, box.y + (33 if compact else 39), box.address, "tm-hop__address", _ADDRESS),
    ]
    if box.detail:
        parts.append(_text(cx, box.y + 54, box.detail, "tm-hop__detail", _SMALL))
    first = box.y + 47 if compact else box.bottom + 17
    remark = "tm-badge" if box.routing else "tm-remark"
    parts += [
        _text(cx, first + _LINE * n if not compact else first + 13 * n, line, remark, _SMALL)
        for n, line in enumerate(box.remarks)
    ]
    parts.append("</g>")
    return "".join(parts)


def _svg_arrow(arrow: _Arrow, marker: str) -> str:
    data = f' data-source="{escape(arrow.source)}"'
    if arrow.forwarded_for:
        data += f' data-forwarded-for="{escape(arrow.forwarded_for)}"'
    lines = "".join(
        f'<tspan x="{_number(arrow.label_x)}" dy="{0 if n == 0 else _number(13)}">'
        f"{escape(line)}</tspan>"
        for n, line in enumerate(arrow.lines)
    )
    return (
        f'<g class="tm-arrow" data-to="{arrow.index}"{data}>'
        f'<line class="tm-arrow__line" x1="{_number(arrow.x1)}" y1="{_number(arrow.y1)}" '
        f'x2="{_number(arrow.x2)}" y2="{_number(arrow.y2)}" marker-end="url(#{marker})"/>'
        f'<text class="tm-arrow__label" x="{_number(arrow.label_x)}" '
        f'y="{_number(arrow.label_y)}" font-size="{_number(_SMALL)}" '
        f'text-anchor="{arrow.anchor}">{lines}</text></g>'
    )


def _svg(canvas: _Canvas, words: dict[str, str], title: str, desc: str, id_prefix: str,
         *, compact: bool) -> str:  # fmt: skip
    marker = f"{id_prefix}-head"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trace-map__svg" role="img" '
        f'viewBox="0 0 {_number(canvas.width)} {_number(canvas.height)}" '
        f'width="{_number(canvas.width)}" height="{_number(canvas.height)}" '
        f'style="--tm-width:{_number(canvas.width)}px" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(desc)}</desc>',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path class="tm-arrow__head" '
        'd="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    closing = []
    for zone in _ZONES:
        x, y, w, h = canvas.boundaries[zone]
        out.append(
            f'<g class="tm-boundary tm-boundary--{zone}" data-zone="{zone}">'
            f'<rect class="tm-boundary__area" x="{_number(x)}" y="{_number(y)}" '
            f'width="{_number(w)}" height="{_number(h)}" rx="10"/>'
            + _text(x + 10, y + 17, words[zone], "tm-boundary__label", _BOUNDARY, "start")
        )
        if zone == "internet":
            out += [_text(cx, cy, text, "tm-caption", _SMALL, "start")
                    for cx, cy, text in canvas.captions]  # fmt: skip
        out += [_svg_box(box, compact=compact) for box in canvas.boxes if box.zone == zone]
        closing.append("</g>")
    out += closing
    out.append('<g class="tm-arrows">')
    out += [_svg_arrow(arrow, marker) for arrow in canvas.arrows]
    out.append("</g></svg>")
    return "".join(out)


def _where(hop: Hop, words: dict[str, str]) -> str:
    zone = zone_of(hop)
    if zone == "internet":
        return words["internet"]
    if zone == "vpc":
        return f"VPC, {words['outside']}"
    return words["inside"]


def _router_name(trace: Trace, words: dict[str, str]) -> str:
    index = routing_index(trace)
    if index is None:
        return words["load-balancer"]
    hop = trace.hops[index]
    if hop.kind == "ingress-controller":
        return f"{words['ingress-controller']} {words['pod'].lower()}"
    return hop.name.split(" ", 1)[0]


def _title(trace: Trace, words: dict[str, str], lang: str) -> str:
    caption = words[trace.architecture]
    if lang == "ko":
        return f"{caption}: {trace.request.url} 요청이 파드에 닿기까지"
    return f"{caption}: how {trace.request.url} reaches a pod"


def _describe(trace: Trace, words: dict[str, str], lang: str) -> str:
    """The path in words, for screen readers: every hop, where it is, who routes, what the
    pod sees."""
    boxes = _boxes(trace, words, compact=False)
    path = " → ".join(f"{b.title} {b.address} ({_where(trace.hops[b.index], words)})"
                      for b in boxes)  # fmt: skip
    router = _router_name(trace, words)
    sees = trace.pod_sees
    xff = trace.client_ip_in_header
    if lang == "ko":
        text = f"{path}. 호스트와 경로로 라우팅하는 곳: {router}."
        if sees:
            text += f" 파드에 보이는 출발지: {sees}"
            text += f", X-Forwarded-For: {xff}." if xff else "."
    else:
        text = f"{path}. The {router} routes by host and path."
        if sees:
            text += f" The pod sees the source {sees}"
            text += f" and X-Forwarded-For {xff}." if xff else "."
    if trace.error:
        text += f" {words['stopped']}: {trace.error}"
    return text


def _step(trace: Trace, index: int, words: dict[str, str], lang: str) -> str:
    """What hop `index` does, in a few words."""
    hop = trace.hops[index]
    ko = lang == "ko"
    if hop.kind == "load-balancer":
        if trace.architecture == "nlb-nginx":
            return (
                "연결을 그대로 넘김, HTTP 라우팅 없음"
                if ko
                else "forwards the connection, no HTTP routing"
            )
        rule = trace.routing.matched
        where = (
            f"rule {rule.priority}: {rule.host or '*'} {rule.path}"
            if rule
            else str(trace.routing.outcome)
        )
        if ko:
            where = where.replace("rule ", "규칙 ")
            return f"{words['routes']}({where}), {words['outside']}에서"
        return f"{words['routes']} ({where}), {words['outside']}"
    if hop.kind == "node":
        port = hop.destination.rsplit(":", 1)[-1]
        return f"서비스의 노드 포트 {port}" if ko else f"the Service's nodePort {port}"
    if hop.kind == "kube-proxy":
        snat = _kube_proxy_remark(trace, index, words) == words["snat"]
        after = trace.hops[index + 1] if index + 1 < len(trace.hops) else None
        if snat and after is not None:
            node = _ip(after.source)
            if ko:
                return f"출발지를 노드 주소로 바꿈(SNAT): {node}"
            return f"source NAT to the node's address {node}"
        return "출발지 주소 유지" if ko else "keeps the source address"
    if hop.kind == "ingress-controller":
        rule = trace.routing.matched
        where = f"server {rule.host or '_'}, location {rule.path}" if rule else ""
        lead = "NGINX가 호스트와 경로로 라우팅" if ko else "NGINX routes by host and path"
        return f"{lead} ({where})" if where else lead
    if hop.kind == "pod":
        text = "요청을 받음" if ko else "receives the request"
        if trace.routing.upstream_path is not None:
            path = trace.routing.upstream_path
            text += f", 경로는 {path}" if ko else f", as {path}"
        return text
    return hop.note


def render_steps(trace: Trace, lang: str = "en") -> str:
    """The hops as an ordered list, one line each: who sends to which address, the source
    address (and X-Forwarded-For) the receiver sees, and what the receiver does."""
    words = _labels(lang)
    boxes = {b.index: b for b in _boxes(trace, words, compact=False)}
    items = []
    for index in range(1, len(trace.hops)):
        hop = trace.hops[index]
        path = f"{boxes[index - 1].title} → {boxes[index].title} {hop.destination}"
        seen = f"{words['from']} {hop.source}"
        if hop.forwarded_for:
            seen += f", X-Forwarded-For {hop.forwarded_for}"
        items.append(
            f'<li data-hop="{index}"><span class="trace-steps__path">{escape(path)}</span> '
            f'<span class="trace-steps__seen">({escape(seen)})</span> — '
            f"{escape(_step(trace, index, words, lang))}</li>"
        )
    if trace.error:
        items.append(f'<li class="trace-steps__stop">{escape(words["stops"])}: '
                     f"{escape(trace.error)}</li>")  # fmt: skip
    return f'<ol class="trace-steps">{"".join(items)}</ol>'


def render_svg(trace: Trace, lang: str = "en", *, id_prefix: str = "trace-map") -> str:
    """One trace as a self-contained `<svg>`: hops left to right inside the Internet, VPC and
    EKS cluster boundaries; `id_prefix` keeps ids unique when a page holds several maps."""
    words = _labels(lang)
    canvas = _layout_row(trace, words)
    return _svg(canvas, words, _title(trace, words, lang), _describe(trace, words, lang),
                id_prefix, compact=False)  # fmt: skip


def _figcaption(trace: Trace, words: dict[str, str], lang: str) -> str:
    router = _router_name(trace, words)
    index = routing_index(trace)
    side = "inside" if index is not None and zone_of(trace.hops[index]) == "cluster" else "outside"
    caption = words[trace.architecture]
    sees = trace.pod_sees
    if lang == "ko":
        text = (
            f"{caption}: {trace.request.url} 요청을 홉 단위로 따라갑니다. 호스트와 경로로 "
            f"라우팅하는 곳은 {words[side]}의 {router}입니다."
        )
        if sees:
            text += f" 파드에 보이는 출발지 주소: {sees}."
    else:
        text = (
            f"{caption}: {trace.request.url}, hop by hop. The {router} routes by host and "
            f"path, {words[side]}."
        )
        if sees:
            text += f" The pod sees the source address {sees}."
    if trace.error:
        text += f" {words['stopped']}: {trace.error}"
    return text


def _figure(svg: str, caption: str, words: dict[str, str], id_prefix: str, cls: str) -> str:
    return (
        f'<figure class="trace-map{cls}" id="{id_prefix}">'
        f'<div class="trace-map__scroll" tabindex="0" role="region" '
        f'aria-label="{escape(words["scroll"])}" aria-describedby="{id_prefix}-caption">'
        f"{svg}</div>"
        f'<figcaption id="{id_prefix}-caption">{escape(caption)}</figcaption></figure>'
    )


def render_figure(trace: Trace, lang: str = "en", *, id_prefix: str = "trace-map") -> str:
    """The map in a captioned figure that scrolls sideways on a narrow screen, and the
    hop-by-hop stepper under it: what a page shows."""
    words = _labels(lang)
    svg = render_svg(trace, lang, id_prefix=id_prefix)
    caption = _figcaption(trace, words, lang)
    return _figure(svg, caption, words, id_prefix, "") + render_steps(trace, lang)


def render_compact(traces: Sequence[Trace], lang: str = "en", *,
                   id_prefix: str = "trace-map") -> str:  # fmt: skip
    """Several architectures for the same request in one narrow figure, side by side and top
    to bottom (a node and its kube-proxy share a box), with every stepper folded under it."""
    if not traces:
        raise ValueError("render_compact needs at least one trace")
    words = _labels(lang)
    canvas = _layout_columns(traces, words)
    url = traces[0].request.url
    names = ", ".join(words[t.architecture] for t in traces)
    if lang == "ko":
        title = f"{url} 요청이 파드에 닿기까지: {names}"
    else:
        title = f"How {url} reaches a pod: {names}"
    desc = " ".join(f"{words[t.architecture]}: {_describe(t, words, lang)}" for t in traces)
    svg = _svg(canvas, words, title, desc, id_prefix, compact=True)
    captions = [_figcaption(t, words, lang) for t in traces]
    steps = "".join(
        f'<p class="trace-steps__name">{escape(words[t.architecture])}</p>{render_steps(t, lang)}'
        for t in traces
    )
    details = (
        f'<details class="trace-steps__more"><summary>{escape(words["steps"])}</summary>'
        f"{steps}</details>"
    )
    return _figure(svg, " ".join(captions), words, id_prefix, " trace-map--compact") + details

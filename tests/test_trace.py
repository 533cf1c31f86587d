"""One request, hop by hop: the source address each hop sees under each architecture.

Sources: ELB user guide (x-forwarded-headers.html; NLB edit-target-group-attributes.html,
client IP preservation; target-group-cross-zone.html), kubernetes.io "Create an External Load
Balancer" and "Using Source IP" (externalTrafficPolicy), ingress-nginx controller-v1.15.1
(deploy/static/provider/aws/deploy.yaml; nginx.tmpl X-Forwarded-For; Lua balancer to endpoints).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import ingresslab
from ingresslab._cli import main
from ingresslab._tools.trace import CLIENT_IP, TraceSettings, spread, trace

SHOP = "examples/shop.yaml"
URL = "http://shop.example.com/api/items"


@pytest.fixture(scope="module")
def shop() -> ingresslab.Manifests:
    manifests = ingresslab.load(SHOP)
    assert not manifests.errors
    return manifests


def test_alb_ip_targets_reach_the_pod_directly(shop: ingresslab.Manifests) -> None:
    result = trace(shop, URL, "alb-ip")
    assert [h.kind for h in result.hops] == ["client", "load-balancer", "pod"]
    assert result.pod_sees is not None and result.pod_sees.startswith("10.0.")  # the ALB's own
    assert result.client_ip_in_header == CLIENT_IP
    assert result.hops[-1].destination.endswith(":9000")  # named targetPort `api` resolved


def test_alb_instance_targets_go_through_a_node_port_and_kube_proxy(
    shop: ingresslab.Manifests,
) -> None:
    result = trace(shop, URL, "alb-instance")
    assert [h.kind for h in result.hops] == ["client", "load-balancer", "node", "kube-proxy",
                                             "pod"]  # fmt: skip
    node = result.hops[2]
    assert node.destination.endswith(":32603") or node.destination.rsplit(":", 1)[1].isdigit()
    # Cluster policy: source NAT, the pod sees the node's address
    assert result.pod_sees == node.destination.rsplit(":", 1)[0]


def test_local_policy_keeps_the_source_address_and_stays_on_the_node(
    shop: ingresslab.Manifests,
) -> None:
    result = trace(shop, URL, "alb-instance", TraceSettings(external_traffic_policy="Local"))
    node, pod = result.hops[2], result.hops[-1]
    assert result.pod_sees == node.source.rsplit(":", 1)[0]  # no source NAT
    assert node.name.split(" (")[1] == pod.name.split(" (")[1]  # same zone: the same node


def test_nlb_nginx_keeps_the_client_ip_for_nginx_with_the_aws_manifest_defaults(
    shop: ingresslab.Manifests,
) -> None:
    result = trace(shop, URL, "nlb-nginx")
    kinds = [h.kind for h in result.hops]
    assert kinds == ["client", "load-balancer", "node", "kube-proxy", "ingress-controller", "pod"]
    controller = result.hops[4]
    assert controller.source.startswith(CLIENT_IP)  # instance targets + Local: no NAT
    assert result.client_ip_in_header == CLIENT_IP
    assert result.pod_sees == controller.destination.rsplit(":", 1)[0]  # nginx proxies itself


def test_nlb_ip_targets_hide_the_client_unless_proxy_protocol_carries_it(
    shop: ingresslab.Manifests,
) -> None:
    hidden = trace(shop, URL, "nlb-nginx", TraceSettings(nlb_target_type="ip"))
    assert hidden.client_ip_in_header != CLIENT_IP
    carried = trace(shop, URL, "nlb-nginx",
                    TraceSettings(nlb_target_type="ip", proxy_protocol="both"))  # fmt: skip
    assert carried.client_ip_in_header == CLIENT_IP


@pytest.mark.parametrize("side", ["nlb-only", "nginx-only"])
def test_proxy_protocol_on_one_side_only_breaks_every_request(
    shop: ingresslab.Manifests, side: str
) -> None:
    result = trace(shop, URL, "nlb-nginx", TraceSettings(proxy_protocol=side))  # type: ignore[arg-type]
    assert result.error is not None and "PROXY" in result.error
    assert result.pod_sees is None


def test_instance_targets_need_a_node_port() -> None:
    """Declared ClusterIP Services cannot take instance targets; assumed Services fit the
    question (NodePort, said in the notes)."""
    shop = Path(SHOP).read_text().replace("type: NodePort", "type: ClusterIP")
    result = trace(ingresslab.loads(shop), "http://shop.example.com/", "alb-instance")
    assert result.error is not None and result.error.startswith("TargetGroup port is empty")
    manifests = ingresslab.load("examples/some-ingress.yaml")  # no Services: assumed
    result = trace(manifests, "http://my.example.com/some-path", "alb-instance")
    assert result.error is None and any(hop.kind == "node" for hop in result.hops)
    assert any("assumed to exist of type NodePort" in note for note in result.notes)


def test_round_robin_spreads_evenly_over_pods(shop: ingresslab.Manifests) -> None:
    counts = spread(shop, "http://shop.example.com/", "alb-ip", 300)
    assert sorted(counts.values()) == [100, 100, 100]


def test_local_policy_spreads_per_node_not_per_pod() -> None:
    text = Path(SHOP).read_text().replace("replicas: 3", "replicas: 4")
    manifests = ingresslab.loads(text)
    counts = spread(manifests, "http://shop.example.com/", "alb-instance", 900,
                    TraceSettings(external_traffic_policy="Local"))  # fmt: skip
    # four pods on three nodes: each node gets a third; the two pods sharing a node split it
    low, high, *alone = sorted(counts.values())
    assert alone == [300, 300]
    assert low + high == 300


def test_traces_are_deterministic(shop: ingresslab.Manifests) -> None:
    assert trace(shop, URL, "nlb-nginx") == trace(shop, URL, "nlb-nginx")


def test_mermaid_has_one_arrow_per_hop(shop: ingresslab.Manifests) -> None:
    result = trace(shop, URL, "alb-instance")
    text = result.mermaid()
    assert text.startswith("sequenceDiagram")
    assert text.count("->>") == len(result.hops) - 1
    assert ";" not in text and "#" not in text


def test_trace_cli_outputs() -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["trace", "-f", SHOP, "--architecture", "alb-ip", URL])
    assert table.exit_code == 0, table.output
    assert "the pod sees" in table.output
    mermaid = runner.invoke(main, ["trace", "-f", SHOP, "--architecture", "nlb-nginx",
                                   "-o", "mermaid", URL])  # fmt: skip
    assert mermaid.output.startswith("sequenceDiagram")
    usage = runner.invoke(main, ["trace", "-f", SHOP, "--architecture", "gce", URL])
    assert usage.exit_code == 2


REWRITE = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rw
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
  - host: r.example.com
    http:
      paths:
      - path: /api(/|$)(.*)
        pathType: ImplementationSpecific
        backend: {service: {name: api, port: {number: 80}}}
"""


def test_the_pod_hop_shows_the_path_a_rewrite_sends() -> None:
    """rewrite-target (template.go buildProxyPass, controller-v1.15.1): the pod receives the
    rewritten path, shown on its hop; the routing answer carries it as upstream_path."""
    result = trace(ingresslab.loads(REWRITE), "http://r.example.com/api/v1?q=1", "nlb-nginx")
    assert result.routing.upstream_path == "/v1?q=1"
    assert result.hops[-1].kind == "pod"
    assert "the request arrives as /v1?q=1 (rewritten from /api/v1?q=1)" in result.hops[-1].note
    plain = trace(ingresslab.loads(REWRITE.replace("/$2", "/api(/|$)(.*)")),
                  "http://r.example.com/api/v1", "nlb-nginx")  # fmt: skip
    assert "rewritten" not in plain.hops[-1].note


def test_trace_cli_shows_the_upstream_path(tmp_path: Path) -> None:
    path = tmp_path / "rw.yaml"
    path.write_text(REWRITE)
    args = ["trace", "-f", str(path), "--architecture", "nlb-nginx", "-o", "json"]
    result = CliRunner().invoke(main, [*args, "http://r.example.com/api/x"])
    assert result.exit_code == 0, result.output
    assert '"upstream_path": "/x"' in result.output
    assert "the request arrives as /x" in result.output

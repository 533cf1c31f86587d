"""The Service layer: allocations, which load balancer a Service gets, endpoints.

Sources: Kubernetes Service docs (kubernetes.io/docs/concepts/services-networking/service/:
type LoadBalancer builds on NodePort and ClusterIP; nodePort from 30000-32767), the AWS Load
Balancer Controller's Service docs (guide/service/nlb.md, annotations.md, v3.5.0), and EKS's
service CIDR rule (10.100.0.0/16, or 172.20.0.0/16 when the VPC uses 10.0.0.0/8).
"""

from __future__ import annotations

import ipaddress

import pytest
import yaml

import ingresslab
from ingresslab._services import NODE_PORT_RANGE, SERVICE_CIDR, Cluster


def _cluster(*paths: str) -> Cluster:
    manifests = ingresslab.load(*paths)
    assert not manifests.errors, manifests.errors
    return Cluster.from_manifests(manifests)


def test_a_load_balancer_service_also_has_a_node_port_and_a_cluster_ip() -> None:
    """S5: type LoadBalancer allocates a nodePort and a ClusterIP as well."""
    hello = _cluster("examples/loadbalancer-service.yaml").service("default", "hello")
    assert hello is not None
    (port,) = hello.ports
    assert ipaddress.ip_address(hello.cluster_ip or "") in SERVICE_CIDR
    assert port.node_port is not None
    assert NODE_PORT_RANGE[0] <= port.node_port <= NODE_PORT_RANGE[1]


def test_allocations_are_the_same_every_time() -> None:
    first = _cluster("examples/shop.yaml").services
    second = _cluster("examples/shop.yaml").services
    assert [(s.cluster_ip, s.ports) for s in first] == [(s.cluster_ip, s.ports) for s in second]


def test_cluster_ip_services_get_no_node_port() -> None:
    manifests = ingresslab.loads(
        "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n"
        "spec: {selector: {app: a}, ports: [{port: 80}]}\n"
    )
    (view,) = Cluster.from_manifests(manifests).services
    assert (view.type, view.ports[0].node_port, view.ports[0].target_port) == (
        "ClusterIP",
        None,
        80,
    )


def test_given_cluster_ip_and_node_port_are_kept() -> None:
    manifests = ingresslab.loads(
        "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {type: NodePort, "
        "clusterIP: 172.20.0.50, selector: {app: a}, ports: [{port: 80, nodePort: 30080}]}\n"
    )
    (view,) = Cluster.from_manifests(manifests).services
    assert (view.cluster_ip, view.ports[0].node_port) == ("172.20.0.50", 30080)


def test_headless_service_has_no_cluster_ip() -> None:
    manifests = ingresslab.loads(
        "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n"
        "spec: {clusterIP: None, selector: {app: a}, ports: [{port: 80}]}\n"
    )
    (view,) = Cluster.from_manifests(manifests).services
    assert view.cluster_ip is None


@pytest.mark.parametrize(
    ("annotations", "load_balancer_class", "expected"),
    [
        ({}, None, ("clb", "in-tree cloud provider", "instance")),
        ({"service.beta.kubernetes.io/aws-load-balancer-type": "nlb"}, None,
         ("nlb", "in-tree cloud provider", "instance")),
        ({"service.beta.kubernetes.io/aws-load-balancer-type": "external"}, None,
         ("nlb", "aws-load-balancer-controller", "instance")),
        ({"service.beta.kubernetes.io/aws-load-balancer-type": "external",
          "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip"}, None,
         ("nlb", "aws-load-balancer-controller", "ip")),
        ({}, "service.k8s.aws/nlb", ("nlb", "aws-load-balancer-controller", "instance")),
    ],
)  # fmt: skip
def test_which_load_balancer_a_service_gets_on_eks(
    annotations: dict[str, str], load_balancer_class: str | None, expected: tuple[str, str, str]
) -> None:
    spec: dict[str, object] = {
        "type": "LoadBalancer", "selector": {"app": "a"}, "ports": [{"port": 80}]
    }  # fmt: skip
    if load_balancer_class:
        spec["loadBalancerClass"] = load_balancer_class
    service = {"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": "a", "annotations": annotations}, "spec": spec}  # fmt: skip
    manifests = ingresslab.loads(yaml.safe_dump(service))
    assert not manifests.errors, manifests.errors
    (view,) = Cluster.from_manifests(manifests).services
    assert view.load_balancer is not None
    lb = view.load_balancer
    assert (lb.kind, lb.provisioner, lb.target_type) == expected


def test_endpoints_are_ready_selected_pods_with_the_named_target_port_resolved() -> None:
    cluster = _cluster("examples/shop.yaml")
    api = cluster.service("shop", "api")
    assert api is not None
    endpoints = cluster.endpoints(api, api.ports[0])
    assert [e.port for e in endpoints] == [9000, 9000]
    assert all(e.pod.labels["app"] == "api" for e in endpoints)


def test_deployment_replicas_spread_over_the_nodes_in_turn() -> None:
    cluster = _cluster("examples/shop.yaml")
    web = [p for p in cluster.pods if p.labels.get("app") == "web"]
    assert len(web) == 3
    assert len({p.node for p in web}) == 3


def test_referenced_services_are_assumed_when_the_input_has_none() -> None:
    cluster = _cluster("examples/some-ingress.yaml")
    assert [s.name for s in cluster.services] == ["service-a", "service-b", "service-c",
                                                  "service-d"]  # fmt: skip
    assert all(s.generated for s in cluster.services)
    assert any("assumed" in note for note in cluster.notes)


_DUMP = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f7
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u1}]
spec:
  replicas: 2
  selector: {matchLabels: {app: web, pod-template-hash: 5d8f7}}
  template:
    metadata: {labels: {app: web, pod-template-hash: 5d8f7}}
    spec: {containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-5d8f7-a
  namespace: shop
  labels: {app: web, pod-template-hash: 5d8f7}
spec: {nodeName: n1, containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]}
status:
  podIP: 10.0.1.20
  conditions: [{type: Ready, status: "False"}]
"""


def test_a_dump_with_a_workload_and_its_pods_makes_up_no_pods() -> None:
    """`kubectl get deployment,replicaset,pod` holds the same Pods three ways: only the real
    Pod counts, with its readiness."""
    cluster = Cluster.from_manifests(ingresslab.loads(_DUMP))
    assert [(p.name, p.ready, p.generated) for p in cluster.pods] == [("web-5d8f7-a", False, False)]
    assert any("their own Pods" in note for note in cluster.notes)


def test_a_deployment_without_its_pods_still_gets_made_up_ones() -> None:
    only_workloads = _DUMP.split("---\napiVersion: v1\nkind: Pod")[0]
    cluster = Cluster.from_manifests(ingresslab.loads(only_workloads))
    assert [p.owner for p in cluster.pods] == ["Deployment shop/web"] * 2

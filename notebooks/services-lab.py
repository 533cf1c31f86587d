# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: Service types
#
# About 15 minutes. A Service lets clients reach an application without knowing the addresses
# of its pods (S3). It comes in three types that build on each other: ClusterIP, NodePort and
# LoadBalancer (S4). In this lab you expose one Deployment with each type, see what the API
# server would allocate, find the pods behind each Service, and ask which load balancer a
# LoadBalancer Service gets on EKS. Run the cells from top to bottom; the last section has
# exercises that the notebook checks.
#
# Everything is computed by Ingress Lab's model of the Service layer: no cluster is needed.
# Addresses and ports the API server would pick at random are picked by a seeded generator
# here, so the numbers are the same on every run.

# %% [markdown]
# ## One Deployment, three Services
#
# The manifests are a string, so you can edit them. `service` writes one Service of a given
# type in front of the `hello` Deployment; `ingresslab.loads` reads them all, and
# `Cluster.from_manifests` builds the cluster they describe: nodes, pods, and the Services as
# the API server would store them.

# %%
import ingresslab
from ingresslab import Cluster

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 2
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
        - name: hello
          image: public.ecr.aws/nginx/nginx:1.27
          ports: [{name: http, containerPort: 80}]
"""


def service(name: str, service_type: str, annotations: str = "", ports: str = "") -> str:
    """One Service selecting the hello pods; `ports` replaces the single port 80."""
    ports = ports or "[{name: http, port: 80, targetPort: http}]"
    return f"""
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
  annotations: {{{annotations}}}
spec:
  type: {service_type}
  selector: {{app: hello}}
  ports: {ports}
"""


text = (
    DEPLOYMENT
    + service("hello-clusterip", "ClusterIP")
    + service("hello-nodeport", "NodePort")
    + service("hello-lb", "LoadBalancer")
)
manifests = ingresslab.loads(text, "services.yaml")
print("errors:", manifests.errors)
cluster = Cluster.from_manifests(manifests)
print("\n".join(f"{pod.name}  {pod.ip}  on {pod.node}" for pod in cluster.pods))

# %% [markdown]
# Each pod has its own IP address, from its node's subnet (on EKS, the Amazon VPC CNI gives
# pods VPC addresses). A new pod gets a new address: clients should not depend on them.

# %% [markdown]
# ## What each type gets
#
# - **ClusterIP**: one stable virtual address, reachable only inside the cluster. kube-proxy
#   on every node sends traffic for it to one of the Service's pods.
# - **NodePort**: the same, plus a port from 30000-32767 opened on *every* node.
# - **LoadBalancer**: the same again, plus a load balancer outside the cluster that sends
#   traffic to those node ports (or straight to the pods).
#
# So a LoadBalancer Service also has a nodePort and a ClusterIP (S5). Look at the columns:

# %%
rows = []
for view in cluster.services:
    node_port = str(view.ports[0].node_port or "-")
    balancer = view.load_balancer.kind if view.load_balancer else "-"
    rows.append(
        f"{view.name:16} {view.type:13} clusterIP {view.cluster_ip:15} "
        f"nodePort {node_port:6} load balancer {balancer}"
    )
print("\n".join(rows))

# %% [markdown]
# ## Endpoints: the pods behind a Service
#
# A Service's *endpoints* are the ready pods whose labels match its selector, each with the
# Service's `targetPort` resolved. Here `targetPort: http` is a *name*: each endpoint's port is
# the container port called `http`, which is 80. All three Services select the same pods, so
# they have the same endpoints.

# %%
rows = []
for view in cluster.services:
    endpoints = cluster.endpoints(view, view.ports[0])
    rows.append(f"{view.name:16} -> {[endpoint.address for endpoint in endpoints]}")
print("\n".join(rows))

# %% [markdown]
# Edit the manifests and watch the endpoints follow. With three replicas there are three
# endpoints; with a selector that matches no pod there are none, and a request to the Service
# has nowhere to go.

# %%
scaled = ingresslab.loads(text.replace("replicas: 2", "replicas: 3"), "services.yaml")
scaled_cluster = Cluster.from_manifests(scaled)
lonely = ingresslab.loads(
    DEPLOYMENT + service("lonely", "ClusterIP").replace("{app: hello}", "{app: helo}")
)
lonely_cluster = Cluster.from_manifests(lonely)
lonely_view = lonely_cluster.service("default", "lonely")
assert lonely_view is not None
hello_lb = scaled_cluster.service("default", "hello-lb")
assert hello_lb is not None
print("3 replicas:", len(scaled_cluster.endpoints(hello_lb, hello_lb.ports[0])), "endpoints")
print("selector app=helo:", lonely_cluster.endpoints(lonely_view, lonely_view.ports[0]))

# %% [markdown]
# ## Which load balancer does a LoadBalancer Service get on EKS?
#
# It depends on who answers the Service:
#
# - the **AWS Load Balancer Controller** takes Services with
#   `spec.loadBalancerClass: service.k8s.aws/nlb`, or with the annotation
#   `service.beta.kubernetes.io/aws-load-balancer-type: external`, and builds a Network Load
#   Balancer (NLB), with `instance` targets (node ports) unless
#   `service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip` asks for pod IPs;
# - otherwise the legacy **in-tree cloud provider** answers: an NLB for
#   `aws-load-balancer-type: nlb`, else a Classic Load Balancer.
#
# (Since version 2.5, the controller's webhook also sets `loadBalancerClass` on new
# LoadBalancer Services by default, so on clusters where it runs, a Service without
# annotations ends up with an NLB from the controller too. The model answers for a Service as
# written.)

# %%
TYPE = "service.beta.kubernetes.io/aws-load-balancer-type"
TARGET = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type"
variants = {
    "no-annotations": "",
    "in-tree-nlb": f"{TYPE}: nlb",
    "controller-nlb": f"{TYPE}: external",
    "controller-nlb-ip": f"{TYPE}: external, {TARGET}: ip",
}
answers = Cluster.from_manifests(
    ingresslab.loads(
        DEPLOYMENT + "".join(service(n, "LoadBalancer", a) for n, a in variants.items())
    )
)
rows = []
for view in answers.services:
    lb = view.load_balancer
    assert lb is not None
    rows.append(f"{view.name:18} {lb.kind} ({lb.target_type} targets) by the {lb.provisioner}")
print("\n".join(rows))

# %% [markdown]
# Each answer carries its reason, with the annotation that decided it:

# %%
lb = answers.services[0].load_balancer
assert lb is not None
print(lb.reason)

# %% [markdown]
# ## Why not one LoadBalancer Service per endpoint?
#
# Each LoadBalancer Service gets a load balancer of its own, with its own DNS name and its own
# bill, and an NLB cannot route by host or path: it forwards TCP connections. With many APIs,
# one load balancer each is hard to manage (S7). An Ingress puts one load balancer in front of
# many Services and routes by host and path: the four Services behind the home-page Ingress
# share one ALB.

# %%
home = ingresslab.load("../examples/some-ingress.yaml")
(alb,) = ingresslab.Engine(home).alb.load_balancers
services = sorted({group.backend.service for group in alb.target_groups})
print(f"1 ALB ({alb.name}) for {len(services)} Services: {services}")

# %% [markdown]
# ## Exercises
#
# Each exercise sets a variable and the cell after it checks your answer against the model.
# The answers are filled in so that the notebook runs from top to bottom: change one, run the
# check, and see it fail.
#
# **Exercise 1.** Give `hello-lb` a second port, `{name: https, port: 443, targetPort: http}`.
# How many node ports does the Service get? Set `node_ports` to the number.

# %%
node_ports = 2

# %%
two_ports = service(
    "hello-lb",
    "LoadBalancer",
    ports="[{name: http, port: 80, targetPort: http}, {name: https, port: 443, targetPort: http}]",
)
view = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + two_ports)).services[0]
allocated = [port.node_port for port in view.ports if port.node_port is not None]
assert node_ports == len(allocated), f"look at {view.ports}"
print("correct: one nodePort per Service port:", allocated)

# %% [markdown]
# **Exercise 2.** A LoadBalancer Service has only the annotation
# `service.beta.kubernetes.io/aws-load-balancer-type: nlb`. Which kind of load balancer does it
# get (`"nlb"` or `"clb"`), and who provisions it (`"aws-load-balancer-controller"` or
# `"in-tree cloud provider"`)?

# %%
kind = "nlb"
provisioner = "in-tree cloud provider"

# %%
in_tree = answers.service("default", "in-tree-nlb")
assert in_tree is not None and in_tree.load_balancer is not None
assert (kind, provisioner) == (in_tree.load_balancer.kind, in_tree.load_balancer.provisioner)
print("correct:", in_tree.load_balancer.reason)

# %% [markdown]
# **Exercise 3.** Scale the Deployment to 5 replicas. How many endpoints does `hello-clusterip`
# have, and on how many different nodes do they run?

# %%
endpoint_count = 5
node_count = 3

# %%
five = Cluster.from_manifests(
    ingresslab.loads(DEPLOYMENT.replace("replicas: 2", "replicas: 5") + service("h", "ClusterIP"))
)
h = five.services[0]
five_endpoints = five.endpoints(h, h.ports[0])
assert endpoint_count == len(five_endpoints)
assert node_count == len({endpoint.pod.node for endpoint in five_endpoints})
print("correct: pods are spread over the three nodes in turn")

# %% [markdown]
# **Exercise 4.** The container port is named `http`. A Service says `targetPort: web`
# instead. How many endpoints does it have?

# %%
web_endpoints = 0

# %%
wrong_name = service("wrong", "ClusterIP", ports="[{name: http, port: 80, targetPort: web}]")
wrong_cluster = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + wrong_name))
wrong = wrong_cluster.services[0]
assert web_endpoints == len(wrong_cluster.endpoints(wrong, wrong.ports[0]))
print("correct: a named targetPort must match a container port's name, or the pod is skipped")

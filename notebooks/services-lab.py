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
# # Lab: ClusterIP, NodePort and LoadBalancer
#
# About 15 minutes. A Service lets clients reach an application without knowing the addresses
# of its pods. It comes in three types that build on each other: ClusterIP, NodePort and
# LoadBalancer (Kubernetes docs,
# [Service](https://kubernetes.io/docs/concepts/services-networking/service/)). In this lab
# you expose one Deployment with each type, see what the API server would allocate, find the
# pods behind each Service, and ask which load balancer a LoadBalancer Service gets on EKS. Run
# the cells from top to bottom; the last section has exercises that the notebook checks.
#
# Everything is computed by Ingress Lab's model of the Service layer: no cluster is needed.
# Addresses and ports the API server would pick at random are picked by a seeded generator
# here, so the numbers are the same on every run.

# %% [markdown]
# ## One Deployment, three Services
#
# The manifests are strings, so you can edit them: one Deployment, `hello`, and one Service of
# each type in front of it. `ingresslab.loads` reads them, and `Cluster.from_manifests` builds
# the cluster they describe: nodes, pods, and the Services as the API server would store them.

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
SERVICES = """
apiVersion: v1
kind: Service
metadata: {name: hello-clusterip}
spec: {type: ClusterIP, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: hello-nodeport}
spec: {type: NodePort, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata: {name: hello-lb}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
"""

manifests = ingresslab.loads(DEPLOYMENT + "---" + SERVICES, "services.yaml")
print("errors:", manifests.errors)
cluster = Cluster.from_manifests(manifests)
print(ingresslab.table(cluster.pods, "name", "ip", "node"))

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
# So a LoadBalancer Service also has a nodePort and a ClusterIP. Look at the columns:

# %%
print(
    ingresslab.table(
        cluster.services,
        "name",
        "type",
        "cluster_ip",
        ("node_port", lambda view: view.ports[0].node_port),
        "load_balancer.kind",
    )
)

# %% [markdown]
# ## Endpoints: the pods behind a Service
#
# A Service's *endpoints* are the ready pods whose labels match its selector, each with the
# Service's `targetPort` resolved. Here `targetPort: http` is a *name*: each endpoint's port is
# the container port called `http`, which is 80. All three Services select the same pods, so
# they have the same endpoints.


# %%
def endpoints(cluster: Cluster, name: str) -> list[str]:
    """The addresses behind the first port of the Service `name`."""
    view = cluster.service("default", name)
    assert view is not None, name
    return [endpoint.address for endpoint in cluster.endpoints(view, view.ports[0])]


print(
    ingresslab.table(cluster.services, "name", ("endpoints", lambda v: endpoints(cluster, v.name)))
)

# %% [markdown]
# Edit the manifests and watch the endpoints follow. With three replicas there are three
# endpoints; with a selector that matches no pod (`app: helo`) there are none, and a request to
# the Service has nowhere to go.

# %%
THREE_REPLICAS = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 3
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
        - name: hello
          image: public.ecr.aws/nginx/nginx:1.27
          ports: [{name: http, containerPort: 80}]
"""
LONELY = """
apiVersion: v1
kind: Service
metadata: {name: lonely}
spec: {selector: {app: helo}, ports: [{port: 80, targetPort: http}]}
"""
scaled = Cluster.from_manifests(ingresslab.loads(THREE_REPLICAS + "---" + SERVICES))
lonely = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + LONELY))
print("3 replicas:", len(endpoints(scaled, "hello-lb")), "endpoints")
print("selector app=helo:", endpoints(lonely, "lonely"))

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
# Since version 2.5, the controller's webhook also sets `loadBalancerClass` on new
# LoadBalancer Services by default, so on clusters where it runs, a Service without
# annotations ends up with an NLB from the controller too
# ([installation guide](https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/installation/)),
# and that NLB is `internal` unless
# `service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing` says otherwise
# ([Network Load Balancer](https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/)).
# The model answers for a Service as written.

# %%
VARIANTS = """
apiVersion: v1
kind: Service
metadata: {name: no-annotations}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata:
  name: in-tree-nlb
  annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata:
  name: controller-nlb
  annotations: {service.beta.kubernetes.io/aws-load-balancer-type: external}
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: v1
kind: Service
metadata:
  name: controller-nlb-ip
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
spec: {type: LoadBalancer, selector: {app: hello}, ports: [{port: 80, targetPort: http}]}
"""
answers = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + VARIANTS))
print(
    ingresslab.table(
        answers.services,
        "name",
        "load_balancer.kind",
        "load_balancer.target_type",
        "load_balancer.provisioner",
    )
)

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
# bill, and an NLB never routes by host or path: it forwards connections (TCP or UDP, and it
# can end TLS) without reading the HTTP request (Elastic Load Balancing,
# [Listeners for your Network Load Balancers](https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html)).
# With many APIs, one load balancer each is hard to manage (AWS Containers blog,
# ["Exposing Kubernetes Applications, Part 1"](https://aws.amazon.com/blogs/containers/exposing-kubernetes-applications-part-1-service-and-ingress-resources/)).
# An Ingress puts one load balancer in front of many Services and routes by host and path: the
# four Services behind
# [the site's example Ingress](../../tutorials/your-first-ingress/#the-example-ingress) share
# one ALB.

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
TWO_PORTS = """
apiVersion: v1
kind: Service
metadata: {name: hello-lb}
spec:
  type: LoadBalancer
  selector: {app: hello}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: https, port: 443, targetPort: http}
"""
view = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + TWO_PORTS)).services[0]
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
FIVE_REPLICAS = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 5
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
        - name: hello
          image: public.ecr.aws/nginx/nginx:1.27
          ports: [{name: http, containerPort: 80}]
"""
five = Cluster.from_manifests(ingresslab.loads(FIVE_REPLICAS + "---" + SERVICES))
h = five.service("default", "hello-clusterip")
assert h is not None
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
WRONG_NAME = """
apiVersion: v1
kind: Service
metadata: {name: wrong}
spec: {selector: {app: hello}, ports: [{port: 80, targetPort: web}]}
"""
wrong_cluster = Cluster.from_manifests(ingresslab.loads(DEPLOYMENT + "---" + WRONG_NAME))
assert web_endpoints == len(endpoints(wrong_cluster, "wrong"))
print("correct: a named targetPort must match a container port's name, or the pod is skipped")

# %% [markdown]
# ## Where next
#
# This lab practises [From a Pod to a load balancer](../../tutorials/from-pod-to-load-balancer/).
# [Service types and kube-proxy](../../explanation/service-types-and-kube-proxy/) explains
# what happens on the nodes: how kube-proxy picks an endpoint, and what
# `externalTrafficPolicy` changes.

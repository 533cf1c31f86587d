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
# # Lab: trace a request hop by hop
#
# About 15 minutes. You follow one request, `http://shop.example.com/api/items`, from a client
# to a pod under the three ways EKS commonly serves an Ingress, and watch one thing at every
# hop: *where is the client's IP address?* It matters for logs, rate limits and allow lists,
# and source address preservation is one of the reasons the AWS Open Source blog gave for NLB +
# NGINX in 2019
# (["Using a Network Load Balancer with the NGINX Ingress Controller on Amazon EKS"](https://aws.amazon.com/blogs/opensource/network-load-balancer-nginx-ingress-controller-eks/)).
#
# - `alb-ip`: an ALB (AWS Load Balancer Controller, `target-type: ip`) sends to pod IPs;
# - `alb-instance`: the ALB sends to a nodePort, and kube-proxy forwards to a pod;
# - `nlb-nginx`: an NLB forwards TCP to ingress-nginx pods, and NGINX routes to a pod.
#
# The manifests are `examples/shop.yaml`: a `web` and an `api` Deployment, a NodePort Service
# each, and one Ingress. The client is `203.0.113.7`; every other address is made up by the
# model, the same on every run. The exercises at the end are checked by the notebook.

# %%
import ingresslab
from ingresslab import TraceSettings, trace

shop = ingresslab.load("../examples/shop.yaml")
URL = "http://shop.example.com/api/items"
CLIENT = "203.0.113.7"
print("errors:", shop.errors)

# %% [markdown]
# ## A helper: the client's address at each hop
#
# `trace` returns the hops in order. For each one after the client, `client_ip_view` shows the
# address the hop sees as the source of its connection, and whether the client's address
# reached it: as that source, only in the `X-Forwarded-For` header, or not at all.


# %%
def source(hop: ingresslab.Hop) -> str:
    """The address the hop sees as the source of its connection (without the port)."""
    return hop.source.rsplit(":", 1)[0]


def client_ip(hop: ingresslab.Hop) -> str:
    if source(hop) == CLIENT:
        return "the source"
    if hop.forwarded_for == CLIENT:
        return "in X-Forwarded-For"
    if hop.forwarded_for:
        return f"lost: X-Forwarded-For says {hop.forwarded_for}"
    return "not seen"


def client_ip_view(result: ingresslab.Trace) -> None:
    print(ingresslab.table(result.hops[1:], "kind", ("sees", source), ("client IP", client_ip)))
    if result.error:
        print("error:", result.error)


# %% [markdown]
# ## 1. ALB with ip targets
#
# The ALB ends the client's connection, matches its listener rules outside the cluster, and
# opens a new connection to a pod IP from its own private address. The client's address
# travels in `X-Forwarded-For`, which the ALB adds.

# %%
alb_ip = trace(shop, URL, "alb-ip")
client_ip_view(alb_ip)

# %% [markdown]
# ## 2. ALB with instance targets, and externalTrafficPolicy
#
# With `instance` targets the ALB sends to the Service's nodePort on a node. With the default
# `externalTrafficPolicy: Cluster`, kube-proxy may forward to a pod on any node, and rewrites
# the source to the node's own address (source NAT), even when the pod it picks runs on that
# same node: the pod sees the node (Kubernetes docs,
# [Using Source IP](https://kubernetes.io/docs/tutorials/services/source-ip/)).

# %%
alb_instance = trace(shop, URL, "alb-instance")
client_ip_view(alb_instance)

# %% [markdown]
# With `externalTrafficPolicy: Local`, kube-proxy only forwards to pods on the same node and
# keeps the source address; nodes without such a pod fail the load balancer's health check
# (kubernetes.io, "Create an External Load Balancer"). Now the pod sees the ALB, not the node.
# For the ALB it makes no difference to `X-Forwarded-For`: the header was set before.

# %%
local = TraceSettings(external_traffic_policy="Local")
client_ip_view(trace(shop, URL, "alb-instance", local))

# %% [markdown]
# ## 3. NLB + ingress-nginx
#
# Here the NLB listens on TCP: it does not end the connection, it forwards it. (An NLB can also
# end TLS or carry UDP, but it never routes by host or path.) As ingress-nginx's own AWS
# manifest sets it up (an NLB with `instance` targets, `externalTrafficPolicy: Local` on the
# controller's Service), the client's address survives up to NGINX as the connection's source,
# and NGINX writes it into `X-Forwarded-For`. (ingress-nginx was retired in March 2026: the
# model describes its last release, v1.15.1.)

# %%
nlb_nginx = trace(shop, URL, "nlb-nginx")
client_ip_view(nlb_nginx)

# %% [markdown]
# This is the source address preservation the 2019 AWS blog counts among the NLB's advantages.
# It holds only as long as nothing on the way rewrites the source. Set the controller
# Service's `externalTrafficPolicy` to `Cluster` and kube-proxy's source NAT gives NGINX the
# node's address, which NGINX then reports as the client:

# %%
cluster_policy = TraceSettings(external_traffic_policy="Cluster")
client_ip_view(trace(shop, URL, "nlb-nginx", cluster_policy))

# %% [markdown]
# ## 4. NLB with ip targets, and PROXY protocol
#
# With `ip` targets the NLB sends straight to the ingress-nginx pods, and for TCP `ip` targets
# AWS turns client IP preservation *off* by default: NGINX sees the NLB's private address.

# %%
ip_targets = TraceSettings(nlb_target_type="ip")
client_ip_view(trace(shop, URL, "nlb-nginx", ip_targets))

# %% [markdown]
# PROXY protocol v2 fixes that: the NLB puts the client's address in a header in front of the
# connection's data. Both ends must agree: the NLB target group attribute *and* ingress-nginx's
# `use-proxy-protocol: "true"`. On one side only, every request breaks.

# %%
PROXY = ("off", "both", "nlb-only", "nginx-only")
results = [
    trace(shop, URL, "nlb-nginx", TraceSettings(nlb_target_type="ip", proxy_protocol=proxy))
    for proxy in PROXY
]
print(
    ingresslab.table(
        zip(PROXY, results, strict=True),
        ("PROXY protocol", lambda row: row[0]),
        ("X-Forwarded-For", lambda row: row[1].client_ip_in_header),
        ("error", lambda row: row[1].error),
    )
)

# %% [markdown]
# ## The three side by side
#
# The hops, what the pod sees, and what reaches it in `X-Forwarded-For`, under each
# architecture as the manifests and the defaults set it up:

# %%
print(
    ingresslab.table(
        (alb_ip, alb_instance, nlb_nginx),
        "architecture",
        "pod_sees",
        "client_ip_in_header",
        ("hops", lambda result: " -> ".join(hop.kind for hop in result.hops[1:])),
    )
)

# %% [markdown]
# The site draws each of these paths as a diagram from the same model, on the explanation
# page [The three ways in, hop by hop](../../explanation/one-request-three-ways/).

# %% [markdown]
# ## Exercises
#
# Each exercise sets a variable, pre-filled with the right answer so that the notebook runs
# from top to bottom; the cell after it checks it against the model. Change an answer and run
# the check to see it fail.
#
# **Exercise 1.** How many hops after the client does the request take under `alb-instance`
# with the default `externalTrafficPolicy`? Set `instance_hops`.

# %%
instance_hops = 4

# %%
assert instance_hops == len(alb_instance.hops) - 1, [hop.kind for hop in alb_instance.hops]
print("correct:", " -> ".join(hop.kind for hop in alb_instance.hops))

# %% [markdown]
# **Exercise 2.** Under `alb-instance` with `externalTrafficPolicy: Cluster`, whose address
# does the pod see as the source of its connection: `"client"`, `"load-balancer"` or
# `"node"`? Set `pod_sees`.

# %%
pod_sees = "node"

# %%
node_ips = {node.ip for node in ingresslab.Cluster.from_manifests(shop).nodes}
if alb_instance.pod_sees == CLIENT:
    role = "client"
elif alb_instance.pod_sees in node_ips:
    role = "node"
else:
    role = "load-balancer"
assert pod_sees == role, f"the pod sees {alb_instance.pod_sees}"
print("correct: kube-proxy's source NAT replaces the source with the node's address")

# %% [markdown]
# **Exercise 3.** Under `nlb-nginx` with `ip` targets and PROXY protocol off, does the pod's
# `X-Forwarded-For` carry the client's real address? Set `client_ip_kept` to `True` or
# `False`.

# %%
client_ip_kept = False

# %%
no_proxy = trace(shop, URL, "nlb-nginx", TraceSettings(nlb_target_type="ip"))
assert client_ip_kept == (no_proxy.client_ip_in_header == CLIENT)
print("correct: X-Forwarded-For is", no_proxy.client_ip_in_header, "(the NLB's address)")

# %% [markdown]
# **Exercise 4.** Under `nlb-nginx` with the default `instance` targets, which
# `external_traffic_policy` for the controller's Service (`"Cluster"` or `"Local"`) lets NGINX
# put the client's real address into `X-Forwarded-For`? Set `keeps_client_ip`.

# %%
keeps_client_ip = "Local"

# %%
kept = {
    policy: trace(
        shop, URL, "nlb-nginx", TraceSettings(external_traffic_policy=policy)
    ).client_ip_in_header
    == CLIENT
    for policy in ("Cluster", "Local")
}
assert kept[keeps_client_ip], kept
print("correct:", kept)

# %% [markdown]
# ## Where next
#
# This lab practises [The three ways in, hop by hop](../../explanation/one-request-three-ways/).
# To keep the client's address in your own setup, see
# [Keep the client IP](../../how-to/keep-the-client-ip/).

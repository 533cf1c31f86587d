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
# # Lab: one request, three ways in
#
# About 15 minutes. You follow one request, `http://shop.example.com/api/items`, from a client
# to a pod under the three ways EKS commonly serves an Ingress, and watch one thing at every
# hop: *where is the client's IP address?* It matters for logs, rate limits and allow lists,
# and it is one of the reasons the note this site grew from gives for NLB + NGINX (S12: source
# address preservation).
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
# `trace` returns the hops in order. For each one, `client_ip_view` shows the address the hop
# sees as the source of its connection, and whether the client's address reached it: as that
# source, only in the `X-Forwarded-For` header, or not at all.


# %%
def client_ip_view(result: ingresslab.Trace) -> None:
    rows = []
    for hop in result.hops[1:]:
        source = hop.source.rsplit(":", 1)[0]
        if source == CLIENT:
            where = "client IP is the source"
        elif hop.forwarded_for == CLIENT:
            where = "client IP in X-Forwarded-For"
        elif hop.forwarded_for:
            where = f"X-Forwarded-For says {hop.forwarded_for}: client IP lost"
        else:
            where = "client IP not seen"
        rows.append(f"{hop.kind:18} sees {source:12} {where}")
    if result.error:
        rows.append(f"error: {result.error}")
    print("\n".join(rows))


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
# the source to the node's own address (source NAT): the pod sees the node.

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
# The NLB does not end the connection: it forwards TCP. As ingress-nginx's own AWS manifest
# sets it up (an NLB with `instance` targets, `externalTrafficPolicy: Local` on the
# controller's Service), the client's address survives up to NGINX as the connection's source,
# and NGINX writes it into `X-Forwarded-For`. (ingress-nginx was retired in March 2026: the
# model describes its last release, v1.15.1.)

# %%
nlb_nginx = trace(shop, URL, "nlb-nginx")
client_ip_view(nlb_nginx)

# %% [markdown]
# This is the source address preservation the 2019 AWS blog counts among the NLB's advantages
# (S12). It holds only as long as nothing on the way rewrites the source. Set the controller
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
rows = []
for proxy in ("off", "both", "nlb-only", "nginx-only"):
    settings = TraceSettings(nlb_target_type="ip", proxy_protocol=proxy)
    result = trace(shop, URL, "nlb-nginx", settings)
    outcome = result.error or f"X-Forwarded-For {result.client_ip_in_header}"
    rows.append(f"{proxy:10} {outcome}")
print("\n".join(rows))

# %% [markdown]
# ## The three side by side
#
# The hops, what the pod sees, and what reaches it in `X-Forwarded-For`, under each
# architecture as the manifests and the defaults set it up:

# %%
rows = []
for result in (alb_ip, alb_instance, nlb_nginx):
    hops = " -> ".join(hop.kind for hop in result.hops)
    rows.append(f"{result.architecture:12} pod sees {result.pod_sees:10} {hops}")
print("\n".join(rows))

# %% [markdown]
# The site draws each of these paths as a diagram from the same model, on the explanation
# page "One request, three ways in".

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

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
# # Lab: HTTPRoute precedence, request by request
#
# Gateway API says which rule takes a request when several match, in one order across every
# route attached to a listener: the most precise hostname, then an `Exact` path, the longest
# `PathPrefix`, a method, the most headers, the most query parameters, then the oldest route
# and the first rule. In this lab you keep HTTPRoutes in strings, edit them, and after each
# edit ask the Gateway API model where a few requests go.
#
# The exercises at the end are checked by the notebook.

# %% [markdown]
# ## A helper: where each request goes
#
# Every route in this lab attaches to one Gateway, `web`, with one HTTP listener that takes
# every host. `answers` loads the Gateway and your routes from strings, refuses them if the API
# server would (a typo in an edit shows up here, with its line), and prints one row per
# request: the request (its host only when it is not `shop.example.com`), what the Gateway
# answers (a backend, a redirect or an outcome) and the route and rule that decided it.
# `request` builds a request for `shop.example.com` with a method and headers.

# %%
import ingresslab
from ingresslab import Request, answer_text

GATEWAY = """
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web}
spec:
  gatewayClassName: example
  listeners: [{name: http, port: 80, protocol: HTTP}]
"""


def request(path: str, method: str = "GET", *headers: str) -> Request:
    return Request.from_url(f"http://shop.example.com{path}", method=method, headers=headers)


def shown(answer: ingresslab.Resolution) -> str:
    sent = answer.request
    host = "" if sent.host == "shop.example.com" else sent.host
    headers = [f"{name}: {value}" for name, value in sent.headers]
    return " ".join([sent.method, host + sent.target, *headers])


def rule(answer: ingresslab.Resolution) -> str | None:
    if answer.matched is None:
        return None
    return f"{answer.matched.route} rule {answer.matched.rule}"


def answers(routes: str, requests: list[Request]) -> None:
    manifests = ingresslab.loads(GATEWAY + "---" + routes, "lab.yaml")
    assert not manifests.errors, [f"line {p.line}: {p.message}" for p in manifests.errors]
    engine = ingresslab.Engine(manifests)
    results = [engine.answer(r, "gateway") for r in requests]
    print(ingresslab.table(results, ("request", shown), ("answer", answer_text), ("rule", rule)))


# %% [markdown]
# ## Start: the catch-all written first
#
# One route for `shop.example.com`: `/` to `web`, then `/api` to `api`. Under an ALB built
# from an Ingress, a catch-all written first would take every request; under Gateway API the
# longer prefix wins wherever it is written.

# %%
START = """
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, creationTimestamp: "2026-03-02T09:00:00Z"}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs: [{name: web, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: api, port: 80}]
"""
answers(START, [request("/"), request("/api"), request("/api/orders"), request("/apix")])

# %% [markdown]
# `/apix` goes to `web`: `PathPrefix` matches whole path elements, so `/api` does not cover
# `/apix`.
#
# ## Edit 1: an Exact path
#
# Add a rule with an `Exact` path, `/api/health`, at the end. An `Exact` match outranks every
# prefix, but only for that very path.

# %%
EXACT = (
    START
    + """
    - matches: [{path: {type: Exact, value: /api/health}}]
      backendRefs: [{name: health, port: 80}]
"""
)
answers(EXACT, [request("/api/health"), request("/api/health/"), request("/api/health/db")])

# %% [markdown]
# ## Edit 2: a method and a header
#
# Two more rules on the prefix `/api`: one for `POST` requests, one for requests with the
# header `X-Version: v2`. Both rank above the plain `/api` rule, and the method ranks above
# the header. Header names are compared without regard to case.

# %%
CONDITIONS = (
    START
    + """
    - matches: [{path: {type: PathPrefix, value: /api}, method: POST}]
      backendRefs: [{name: orders, port: 80}]
    - matches:
        - path: {type: PathPrefix, value: /api}
          headers: [{name: X-Version, value: v2}]
      backendRefs: [{name: api-v2, port: 80}]
"""
)
answers(
    CONDITIONS,
    [
        request("/api/orders"),
        request("/api/orders", "POST"),
        request("/api/orders", "GET", "x-version: v2"),
        request("/api/orders", "POST", "X-Version: v2"),
    ],
)

# %% [markdown]
# ## Edit 3: another team's route for the same host
#
# A second HTTPRoute, `shop-next`, also for `shop.example.com`, with the same `PathPrefix /api`
# as `shop`, and a longer one of its own. The rules of both routes compete in one order. For
# the same match, the older route wins: `shop` was created first.

# %%
NEXT = """
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop-next, creationTimestamp: "2026-05-11T09:00:00Z"}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: api-next, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /api/cart}}]
      backendRefs: [{name: cart, port: 80}]
"""
answers(START + NEXT, [request("/api/orders"), request("/api/cart/items")])

# %% [markdown]
# Make `shop-next` the older route, and it takes `/api` from `shop`:

# %%
OLDER_NEXT = NEXT.replace("2026-05-11", "2026-01-11")
answers(START + OLDER_NEXT, [request("/api/orders"), request("/api/cart/items")])

# %% [markdown]
# ## Edit 4: a wildcard hostname
#
# A route for `*.example.com` with an `Exact /api/orders` rule. An `Exact` path outranks any
# prefix, but only among routes whose hostnames match equally well: on `shop.example.com` the
# route that names the host exactly comes first. On any other host under `example.com`, the
# wildcard route is the only one.

# %%
WILDCARD = """
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: legacy}
spec:
  parentRefs: [{name: web}]
  hostnames: ["*.example.com"]
  rules:
    - matches: [{path: {type: Exact, value: /api/orders}}]
      backendRefs: [{name: legacy-orders, port: 80}]
"""
answers(
    START + WILDCARD,
    [request("/api/orders"), Request.from_url("http://m.example.com/api/orders")],
)

# %% [markdown]
# ## Edit 5: a redirect and a rewrite
#
# A `RequestRedirect` filter answers for the backend; a `URLRewrite` filter changes the path
# the backend receives (shown after `as`).

# %%
MOVES = (
    START
    + """
    - matches: [{path: {type: PathPrefix, value: /old-api}}]
      filters:
        - type: RequestRedirect
          requestRedirect:
            path: {type: ReplacePrefixMatch, replacePrefixMatch: /api}
            statusCode: 301
    - matches: [{path: {type: PathPrefix, value: /v1}}]
      filters:
        - type: URLRewrite
          urlRewrite:
            path: {type: ReplacePrefixMatch, replacePrefixMatch: /api/v1}
      backendRefs: [{name: api, port: 80}]
"""
)
answers(MOVES, [request("/old-api/orders?page=2"), request("/v1/orders")])

# %% [markdown]
# ## Edit 6: a backend in another namespace
#
# A rule whose backend is in the namespace `analytics`. No ReferenceGrant there allows it, so
# the reference is invalid, and Gateway API answers every request the rule matches with a
# 500 (`invalid-backend`), whatever the other rules do.

# %%
REPORTS = (
    START
    + """
    - matches: [{path: {type: PathPrefix, value: /reports}}]
      backendRefs: [{name: reports, namespace: analytics, port: 80}]
"""
)
answers(REPORTS, [request("/reports/2026"), request("/api/orders")])

# %% [markdown]
# To see every rule the model tried for one request, in precedence order, ask for the
# explanation: `ingresslab.Engine(manifests).answer(request, "gateway", explain=True).explain`.
#
# ## Exercises
#
# Each exercise sets a variable, pre-filled with the right answer so that the notebook runs
# from top to bottom; the cell after it checks it against the model. Change an answer and run
# the check to see it fail.
#
# **Exercise 1.** Under `CONDITIONS`, which Service gets `POST /api/orders` with the header
# `X-Version: v2`? Set `service_1`.

# %%
service_1 = "orders"


# %%
def gateway_answer(routes: str, req: Request) -> ingresslab.Resolution:
    return ingresslab.Engine(ingresslab.loads(GATEWAY + "---" + routes)).answer(req, "gateway")


result = gateway_answer(CONDITIONS, request("/api/orders", "POST", "X-Version: v2"))
assert result.backend is not None and service_1 == result.backend.service, result.backend
print("correct: a method match ranks above a header match")

# %% [markdown]
# **Exercise 2.** Under `START + NEXT`, which HTTPRoute takes `GET /api/orders`? Set `route_2`
# to its `namespace/name`.

# %%
route_2 = "default/shop"

# %%
result = gateway_answer(START + NEXT, request("/api/orders"))
assert result.matched is not None and route_2 == result.matched.route, result.matched
print("correct: for the same match, the older route wins")

# %% [markdown]
# **Exercise 3.** Add a rule to `START` that sends `/api/v2` and everything below it to the
# Service `api-v2`, and write it as the *first* rule of the route. Every other path must still
# go where it went. Put your route in `my_route`.

# %%
my_route = """
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /api/v2}}]
      backendRefs: [{name: api-v2, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /}}]
      backendRefs: [{name: web, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /api}}]
      backendRefs: [{name: api, port: 80}]
"""

# %%
mine = ingresslab.loads(GATEWAY + "---" + my_route, "my_route.yaml")
assert not mine.errors, [f"line {p.line}: {p.message}" for p in mine.errors]
(route,) = mine.http_routes
first = route.rules[0].matches[0].path
assert (first.type, first.value) == ("PathPrefix", "/api/v2"), "write /api/v2 as the first rule"
expected = {"/api/v2/items": "api-v2", "/api/v2": "api-v2", "/api/v20": "api", "/": "web"}
for path, wanted in expected.items():
    got = gateway_answer(my_route, request(path)).backend
    assert got is not None and got.service == wanted, f"{path}: {got}"
print("correct: the longest prefix wins, wherever it is written")

# %% [markdown]
# **Exercise 4.** Under `REPORTS`, which status does `GET /reports/2026` get? Set `status_4`.

# %%
status_4 = 500

# %%
result = gateway_answer(REPORTS, request("/reports/2026"))
assert status_4 == result.status, result.status
print("correct: the reference is not allowed (RefNotPermitted), so the rule answers 500")

# %% [markdown]
# ## Where next
#
# This lab is on the reading path "Gateway API, the successor". Next on it is
# [Choose a way in (2026)](../../how-to/choose-a-way-in-2026/), which weighs the ALB (from
# Ingresses or from Gateways), an in-cluster Gateway implementation behind an NLB, and EKS Auto
# Mode against each other. [Why Gateway API](../../explanation/why-gateway-api/) explains the
# objects you edited here, and
# [Leave ingress-nginx for Gateway API](../../how-to/leave-ingress-nginx-for-gateway-api/)
# turns an ingress-nginx fleet's Ingresses into such routes.

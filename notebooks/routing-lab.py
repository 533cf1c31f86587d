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
# # Lab: edit an Ingress, watch the answers change
#
# About 15 minutes. The same Ingress can send the same request to different Services,
# depending on the controller that reads it. In this lab you keep an Ingress in a string, edit
# it, and after each edit ask three models where a few requests go:
#
# - **spec**: the Ingress API's own rules;
# - **alb**: the AWS Load Balancer Controller, which turns every path into an ALB listener rule
#   with a *priority*; the ALB takes the first rule that matches, in priority order;
# - **nginx**: ingress-nginx, which merges every Ingress into one nginx configuration and,
#   within a host, takes the *longest* matching path. (ingress-nginx was retired in March 2026:
#   no further releases or security fixes; the model describes its last release, v1.15.1.)
#
# The exercises at the end are checked by the notebook.

# %% [markdown]
# ## Two helpers: every model's answer, and the ALB's rules
#
# `answers` loads the manifests from a string, refuses them if the API server would (a typo in
# your edit shows up here, with its line), and asks `ingresslab.compare` for a few requests:
# one row per request, the backend each model picks (or the status it answers with), and
# whether they agree. `alb_rules` prints the listener rules the controller would create, in
# priority order, with their path patterns.

# %%
import ingresslab

PATHS = ["/", "/api", "/api/orders", "/apix"]


def answers(text: str, paths: list[str] = PATHS, host: str = "shop.example.com") -> None:
    manifests = ingresslab.loads(text, "lab.yaml")
    assert not manifests.errors, [f"{p.where} {p.message}" for p in manifests.errors]
    print(ingresslab.compare(manifests, [f"http://{host}{path}" for path in paths]))


def path_patterns(rule: ingresslab.AlbRule) -> list[str]:
    return [value for c in rule.conditions if c.field == "path-pattern" for value in c.values]


def alb_rules(text: str) -> None:
    (alb,) = ingresslab.Engine(ingresslab.loads(text)).alb.load_balancers
    rules = alb.listeners[0].rules
    print(ingresslab.table(rules, "priority", "ingress", ("path-pattern", path_patterns), "source"))


# %% [markdown]
# ## Start: one rule, two paths
#
# A shop: `/api` goes to `api`, everything else to `web`. All three models agree.

# %%
ONE_RULE = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(ONE_RULE)

# %% [markdown]
# `/apix` goes to `web`: `Prefix` matches whole path elements, so `/api` does not cover
# `/apix`.
#
# The paths are written `/` first, yet the ALB gives `/api` the lower priority number, so it
# is tried first. Since controller v2.4.3 the AWS Load Balancer Controller sorts the paths
# *inside one rule*: `Exact` first, then `Prefix` longest first, then `ImplementationSpecific`
# in the order written.

# %%
alb_rules(ONE_RULE)

# %% [markdown]
# ## Edit 1: split the paths into two rules
#
# Same host, same paths, but each path in its own rule, `/` first. This is a common shape when
# rules are generated or copied together from several snippets.

# %%
TWO_RULES = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(TWO_RULES)
alb_rules(TWO_RULES)

# %% [markdown]
# Now the ALB sends `/api` and `/api/orders` to `web`. The controller sorts paths only within
# one rule; across rules (and across Ingresses) the priorities follow the order written. The
# rule for `/` gets priority 1, its pattern `/*` matches every path, and the ALB stops at the
# first match. NGINX merges both rules into one `server shop.example.com` and picks the longest
# matching location, `/api`, wherever it was written; so does the spec.

# %% [markdown]
# ## Edit 2: make /api Exact
#
# Go back to one rule and change the `pathType` of `/api` to `Exact`. Watch `/api/orders`:
# an `Exact` path matches only itself.

# %%
EXACT = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
          - path: /api
            pathType: Exact
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(EXACT)

# %% [markdown]
# ## Edit 3: a rule without a host, first
#
# An `admin.example.com` rule, after a catch-all rule that has no host. In the spec model and
# in NGINX a precise host wins over a rule without host, wherever it is written. In the ALB,
# the rule without host gets priority 1 and matches every host.

# %%
HOSTLESS_FIRST = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: portal}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: public, port: {number: 80}}}
    - host: admin.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: admin, port: {number: 80}}}
"""
answers(HOSTLESS_FIRST, ["/", "/users"], host="admin.example.com")

# %% [markdown]
# ## Edit 4: several Ingresses on one ALB
#
# Many teams write one Ingress each. ingress-nginx merges every Ingress of its class into one
# configuration by itself. The AWS Load Balancer Controller puts Ingresses on one ALB when they
# name the same `alb.ingress.kubernetes.io/group.name` (an IngressGroup), and orders their
# rules by the annotation `alb.ingress.kubernetes.io/group.order` (default 0), then by
# namespace and name. Here `a-web` sorts before `b-api`:

# %%
A_WEB = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a-web
  annotations: {alb.ingress.kubernetes.io/group.name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
"""
B_API = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b-api
  annotations: {alb.ingress.kubernetes.io/group.name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(A_WEB + "---" + B_API)

# %% [markdown]
# A lower `group.order` puts an Ingress's rules first. Give `b-api` order `-1`:

# %%
B_API_FIRST = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b-api
  annotations:
    alb.ingress.kubernetes.io/group.name: shop
    alb.ingress.kubernetes.io/group.order: "-1"
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
"""
answers(A_WEB + "---" + B_API_FIRST)
alb_rules(A_WEB + "---" + B_API_FIRST)

# %% [markdown]
# To see every rule each model tried for one request, ask for the explanation:
# `ingresslab.route(manifests, url, controller="alb", explain=True).explain`, or on the command
# line `ingresslab route -f FILE --explain URL`.
#
# ## Exercises
#
# Each exercise sets a variable, pre-filled with the right answer so that the notebook runs
# from top to bottom; the cell after it checks it against the models. Change an answer and run
# the check to see it fail.
#
# **Exercise 1.** Under `TWO_RULES`, which Service does the ALB send
# `http://shop.example.com/api/v2/items` to? Set `alb_service`.

# %%
alb_service = "web"

# %%
result = ingresslab.route(
    ingresslab.loads(TWO_RULES), "http://shop.example.com/api/v2/items", controller="alb"
)
assert result.backend is not None and alb_service == result.backend.service
assert result.matched is not None
print(f"correct: rule {result.matched.priority} ({result.matched.path}) matches first")

# %% [markdown]
# **Exercise 2.** Under `TWO_RULES`, which priority does the ALB give the rule for `/api`?
# Set `api_priority`.

# %%
api_priority = 2

# %%
(alb,) = ingresslab.Engine(ingresslab.loads(TWO_RULES)).alb.load_balancers
priorities = {rule.path: rule.priority for rule in alb.listeners[0].rules}
assert api_priority == priorities["/api"], priorities
print("correct: rules are numbered in the order spec.rules lists them")

# %% [markdown]
# **Exercise 3.** Edit `TWO_RULES` so that every model sends `/api/orders` to `api` and `/`
# to `web`, *keeping two rules* (one path each). Put your version in `my_ingress`.

# %%
my_ingress = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
"""

# %%
mine = ingresslab.loads(my_ingress, "my_ingress.yaml")
assert not mine.errors, [p.message for p in mine.errors]
assert len(mine.ingresses) == 1 and len(mine.ingresses[0].rules) == 2, "keep two rules"
for path, wanted in [("/api/orders", "api"), ("/", "web")]:
    got = ingresslab.route_all(mine, f"http://shop.example.com{path}")
    services = {a.controller: a.backend.service if a.backend else a.status for a in got}
    assert set(services.values()) == {wanted}, f"{path}: {services}"
print("correct: under the ALB, write the more specific rule first")

# %% [markdown]
# **Exercise 4.** Under `HOSTLESS_FIRST`, which Service does NGINX send
# `http://ADMIN.example.com/` to? (Hosts are compared in lower case.) Set `nginx_service`.

# %%
nginx_service = "admin"

# %%
result = ingresslab.route(
    ingresslab.loads(HOSTLESS_FIRST), "http://ADMIN.example.com/", controller="nginx"
)
assert result.backend is not None and nginx_service == result.backend.service
print("correct: server", result.matched.host if result.matched else None)

# %% [markdown]
# ## Where next
#
# Next on the reading path "I have manifests": [Check my cluster](../../how-to/check-my-cluster/),
# one report of everything these labs asked, for a whole cluster's dump. To see why the models
# part ways, rule by rule, read
# [ALB and NGINX: the difference catalogue](../../explanation/alb-vs-nginx-differences/).

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
# # Lab: move a shared NGINX fleet to an ALB
#
# kubernetes/ingress-nginx was retired in March 2026. In this lab you take five teams'
# Ingresses from one ingress-nginx fleet, rewrite them for the AWS Load Balancer Controller,
# and replay a day's access log through the old and the new setup to see which requests would
# behave differently. Run the cells from top to bottom; the last section has exercises, and
# each one checks your answer.
#
# ## Load the fleet and its log
#
# The manifests and the log live in `examples/migration/`, one directory up from this notebook.

# %%
import ingresslab
from ingresslab import DIFFERENCE_KINDS, migrate, replay

manifests = ingresslab.load("../examples/migration/ingresses.yaml")
print(sorted(ingress.ref for ingress in manifests.ingresses))

# %% [markdown]
# The log is in ingress-nginx's default format with `$host` appended (the default format does
# not log the Host). Each line also says where the request really went: the upstream column.

# %%
with open("../examples/migration/access.log") as log:
    print(log.readline())

# %% [markdown]
# ## How good is the model on this traffic?
#
# Before trusting any prediction, replay the log through the NGINX model alone and compare its
# answer with the logged upstream. `replay` reads the file lazily, one line at a time.

# %%
with open("../examples/migration/access.log") as log:
    before = replay(manifests, log, source="nginx", target="alb")
agreement = before.upstream
print(f"{agreement.agreed} of {agreement.compared} agree; malformed lines: {before.malformed}")
for line, logged, model in agreement.disagreements:
    print(f"line {line}: the log says {logged}, the model says {model}")

# %% [markdown]
# The two misses are the cart team's header canary: real nginx sent those requests to
# `cart-v2`, and the model leaves canary Ingresses out. The malformed line is a TLS handshake
# sent to the plain-HTTP port; it is counted, never fatal.
#
# The same replay also compared the Ingresses, unchanged, under the ALB model. Without ALB
# annotations there is no HTTPS listener, so most requests are refused:

# %%
print(ingresslab.table([before], "same", "changed_backend", "changed_outcome", "refused"))

# %% [markdown]
# ## Rewrite for the ALB
#
# `migrate` puts the fleet into one IngressGroup (one ALB, as they shared one NLB), adds the
# listeners and the HTTPS redirect, and accounts for every `nginx.ingress.kubernetes.io/*`
# annotation: translated, warned about, or irrelevant.

# %%
migration = migrate(manifests)
annotated = [finding for finding in migration.findings if finding.annotation]
print(
    ingresslab.table(
        annotated,
        "action",
        "ingress",
        ("annotation", lambda finding: finding.annotation.rpartition("/")[2]),
    )
)

# %% [markdown]
# ## Replay the log: old setup under NGINX, new setup under ALB

# %%
with open("../examples/migration/access.log") as log:
    after = migration.compare(log, format="ingress-nginx")
print(ingresslab.table([after], "same", "changed_backend", "changed_outcome", "refused"))
print(
    ingresslab.table(
        after.changed_groups(),
        "count",
        "kind",
        ("first request", lambda group: group.examples[0].url),
    )
)

# %% [markdown]
# Every group is named by a documented difference. Look at one in detail: each model's
# deciding reason is kept for the first request of the group.

# %%
group = after.changed_groups()[0]
print(DIFFERENCE_KINDS[group.kind])
print("nginx:", group.old_reason)
print("alb:  ", group.new_reason)

# %% [markdown]
# ## Exercises
#
# Each exercise ends with an `assert` that checks your answer. Replace the `...` and run it.
#
# **1.** Under ingress-nginx, `/healthz/ready` on `api.example.com` reached the `health`
# Service although its path is `Exact /healthz`. Which difference explains it? Set `answer_1`
# to its name (a key of `DIFFERENCE_KINDS`).

# %%
answer_1 = "regex-mode"  # your answer
ready = next(g for g in after.changed_groups() if "/healthz/ready" in g.examples[0].url)
assert answer_1 == ready.kind, f"not {answer_1!r}: read ready.old_reason"
print("correct:", DIFFERENCE_KINDS[answer_1])

# %% [markdown]
# **2.** How many requests of the log change backend or outcome after the migration?
# Compute it from `after` rather than typing a number.

# %%
answer_2 = after.changed_backend + after.changed_outcome + after.refused  # your answer
assert answer_2 == after.changed
print(answer_2, "of", after.requests)

# %% [markdown]
# **3.** The blog has no TLS, yet after the migration its plain-HTTP requests are redirected.
# Which Ingress annotation causes that on the ALB? Give the full key.

# %%
answer_3 = "alb.ingress.kubernetes.io/ssl-redirect"  # your answer
storefront = next(d for d in migration.documents if d["metadata"]["name"] == "storefront")
assert answer_3 in storefront["metadata"]["annotations"]
assert any(g.kind == "alb-ssl-redirect-group-wide" for g in after.changed_groups())
print("the ALB's ssl-redirect covers the whole IngressGroup")

# %% [markdown]
# **4.** `migrate` gave the host-less `platform/fallback` Ingress `group.order: "1000"`.
# Remove it and replay: which difference appears for `https://shop.example.com/`?

# %%
answer_4 = "rule-order"  # your answer
documents = [dict(d, metadata=dict(d["metadata"])) for d in migration.documents]
fallback = next(d for d in documents if d["metadata"]["name"] == "fallback")
fallback["metadata"]["annotations"] = {
    k: v for k, v in fallback["metadata"]["annotations"].items() if not k.endswith("group.order")
}
migration.documents = documents
shuffled = migration.compare(["https://shop.example.com /"], format="lines")
(changed,) = shuffled.changed_groups()
assert answer_4 == changed.kind
print(changed.old.backend, "->", changed.new.backend)

# %% [markdown]
# ## Where next
#
# This lab ends the reading path "I'm leaving ingress-nginx": the move itself, step by step on
# your own log, is [Move off ingress-nginx](../../how-to/move-off-ingress-nginx/). The other
# paths start at [From a Pod to a load balancer](../../tutorials/from-pod-to-load-balancer/)
# (the path that teaches it from the start) and at
# [Lint manifests before you apply them](../../how-to/lint-before-you-apply/) ("I have
# manifests").

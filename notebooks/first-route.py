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
# # Route your first URL
#
# In this tutorial you load
# [the site's example Ingress](../../tutorials/your-first-ingress/#the-example-ingress) and ask
# Ingress Lab which Service receives a request. Run the cells from top to bottom; each one
# prints what the routing core answers.
#
# ## Load the Ingress
#
# `ingresslab.load` reads every manifest in a YAML file. This notebook lives in `notebooks/`,
# so the example is one directory up.

# %%
import ingresslab

manifests = ingresslab.load("../examples/some-ingress.yaml")
print([ingress.name for ingress in manifests.ingresses], manifests.errors)

# %% [markdown]
# Loading never raises: whatever is wrong with the manifests is collected in
# `manifests.problems`, and `manifests.errors` lists the ones the API server would reject.
# This file has one Ingress and no errors.

# %% [markdown]
# ## Route a URL
#
# The Ingress has a rule for the host `my.example.com` with a `Prefix` path `/some-path`, so
# this request should reach `service-a` on port 80.

# %%
result = ingresslab.route(manifests, "http://my.example.com/some-path")
print(result.outcome, result.backend)

# %% [markdown]
# ## Try other hosts
#
# The second rule is for the wildcard host `*.example.com`, which matches exactly one DNS label
# in front of `example.com`. The third rule has no host at all, so it takes requests for any
# host the other rules do not name. `ingresslab.table` lines the answers up, one row each.

# %%
urls = ["http://shop.example.com/some-path", "http://other.org/some-path"]
results = [ingresslab.route(manifests, url) for url in urls]
print(ingresslab.table(results, "request.host", "outcome", "backend"))

# %% [markdown]
# ## Where next
#
# This notebook practises [Your first Ingress](../../tutorials/your-first-ingress/), which
# reads the same Ingress rule by rule and shows what each model does with its hosts, paths and
# pathTypes.

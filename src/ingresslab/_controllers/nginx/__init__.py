"""ingress-nginx: the configuration it builds (`build`), how nginx routes with it (`route`)."""

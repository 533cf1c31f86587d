"""The AWS Load Balancer Controller's ALB: what it builds (`build`), how that routes (`route`)."""

"""`python -m ingresslab`: the `ingresslab` command."""

from ._cli import main

main()

"""Gateway API (HTTPRoute) as its specification defines it: `build` attaches, `route` routes."""

"""`ingresslab export nginx`: the NGINX model's servers and locations as a runnable nginx.conf.

The output stands for what ingress-nginx v1.15.1 renders from `rootfs/etc/nginx/template/
nginx.tmpl (controller-v1.15.1)` for routing: one `server` per host with the same `server_name`
(a wildcard host is the one-label regex of `buildServerName`), `listen ... default_server` on
server `_`, the same `location` modifiers, quoted paths (v1.15 quotes every one, PR #14501) and
order, the host-wide regex mode, and the http-level settings that change how a request is
routed (`port_in_redirect off`, `server_name_in_redirect off`, header buffer sizes; nginx's own
`merge_slashes on` and `absolute_redirect on` are left alone, as the template leaves them).
Every location keeps `proxy_pass http://upstream_balancer;`, because that is what turns on
nginx's automatic 301 from `/foo` to a `location "/foo/"` (`auto_redirect`,
ngx_http_proxy_module.c), so nginx sends that 301 by itself.

Deviations from nginx.tmpl, each so that the file runs without the controller:

* A location answers for its backend with `return 200 "<namespace>/<service>:<port>\\n"` (and,
  with `marker`, a header `X-Ingresslab-Backend`) instead of letting the Lua balancer proxy to
  the Service's endpoints: there are no endpoints here. `return` runs in the rewrite phase, so
  `proxy_pass` never runs; it stays for `auto_redirect`. `upstream upstream_balancer` keeps the
  template's placeholder `server 0.0.0.1;`.
* The controller's default backend (`upstream-default-backend`, served by the template's
  catch-all server on port 8181 with `location / { return 404; }`) is `return 404;` in place.
* The Lua ssl-redirect (`rewrite_by_lua_file ngx_rewrite.lua` -> `lua_ingress.rewrite`,
  `rootfs/etc/nginx/lua/lua_ingress.lua`) is written as nginx directives with the same
  decision: `force-ssl-redirect` redirects every plain-HTTP request; `ssl-redirect` (default
  true) redirects when a certificate is configured for `$host` (`certificate.lua`
  `get_pem_cert_uid`: the host, else `*.` + the host minus its first label). The controller
  publishes a certificate for every server that has one (`configureCertificates`, nginx.go),
  and server `_` always has the default one (`createServers`, controller.go), so `_` is in
  that map too. Paths under `no-tls-redirect-locations` (`/.well-known/acme-challenge`) never
  redirect. The answer is `return 308 https://<Host header up to its first ':'><request URI>`
  with one trailing `/` of the request URI (query included) removed unless
  `preserve-trailing-slash`. The Lua code runs at the end of the rewrite phase; here the same
  `return` runs in it, so the order against nginx's own 301 (find-config phase, earlier) holds.
* Only the plain-HTTP listener is rendered (no `listen 443 ssl`, no certificates, no HTTP/2):
  the redirect decision needs only to know that a certificate exists.
* `rewrite-target` is written as a comment: its `rewrite ... break;` would stop the `return`
  that stands for the backend, and it changes only the URI sent upstream, not the routing.
  With `upstream` (an address, e.g. a test's echo server) such a location runs the rewrite
  for real and proxies to that address, so the backend sees the request line nginx builds:
  `rewrite "(?i)<path>" <target>;`, the ssl-redirect, `break;`, `proxy_pass`. The rewrite
  without a flag followed by `break;` leaves the request as `rewrite ... break;` does
  (ngx_http_script_break_code, nginx 1.27.1) and lets the ssl-redirect run after it, as the
  Lua one runs after ngx_http_rewrite_module's directives.
* Logging, Lua, timeouts, proxy headers, the status server on 127.0.0.1:10246 and the
  catch-all server on 8181 are left out; `access_log off`. pid, error log and temp paths go
  under `prefix` when given (absolute), else relative to nginx's `-p` prefix, so an
  unprivileged user can run the file.
* Server `_` has the template's two fixed locations (`location /healthz { return 200; }` and
  `location /nginx_status`), as the NGINX model lists them. `/nginx_status` allows only
  the pod's own loopback (`nginx-status-ipv4-whitelist` 127.0.0.1); a client outside the pod
  never is that, so it is rendered as `deny all` (403), since a test client here is on loopback.

This module knows the model's `Server`/`Location` values and nginx's config syntax; it knows
nothing about YAML, the CLI or how the model decides.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from .._controllers.nginx.build import Location, Server
from .._controllers.nginx.route import NginxModel

__all__ = ["BACKEND_HEADER", "UPSTREAM_HEADER", "nginx_check", "render_nginx_conf"]

#: The response header naming the backend a location stands for (`namespace/service:port`).
BACKEND_HEADER = "X-Ingresslab-Backend"
#: The response header an `upstream` echo server answers with: the request target it got.
UPSTREAM_HEADER = "X-Ingresslab-Upstream"
# config.go defaults (internal/ingress/controller/config/config.go, controller-v1.15.1).
_NO_TLS_REDIRECT = ("/.well-known/acme-challenge",)
_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def _quote(text: str) -> str:
    """An nginx quoted string: `\\` and `"` escaped, as sanitizeQuotedRegex does."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(text: str) -> str:
    return "# " + " ".join(text.split())


def _bucket_size(names: list[str]) -> int:
    """A power of two that holds the longest name (nginxHashBucketSize, nginx.go)."""
    longest = max((len(n) for n in names), default=0) + 16
    size = 64
    while size < longest:
        size *= 2
    return size


def _certificate_map(servers: tuple[Server, ...]) -> list[str]:
    """`$host` -> 1 when certificate.lua finds a certificate for it (get_pem_cert_uid)."""
    hosts = sorted({s.hostname for s in servers if s.tls or s.is_default})
    lines = ["    map $host $ingresslab_certificate {", "        default 0;"]
    for host in hosts:
        lines.append(f"        {_quote(host)} 1;")
    for host in hosts:
        if host.startswith("*."):
            # "^[^\.]+\." replaced by "*." finds this entry for any one first label
            lines.append(f"        {_quote('~^[^.]+' + re.escape(host[1:]) + '$')} 1;")
    lines.append("    }")
    return lines


def _redirect(loc: Location) -> list[str]:
    """The Lua ssl-redirect of one location (lua_ingress.lua redirect_to_https)."""
    if any(loc.path.startswith(p) for p in _NO_TLS_REDIRECT):
        return []
    uri = "$request_uri" if loc.preserve_trailing_slash else "$ingresslab_redirect_uri"
    answer = f"return 308 https://$ingresslab_redirect_host{uri};"
    if loc.force_ssl_redirect:
        return [answer]
    if loc.ssl_redirect:
        return [f"if ($ingresslab_certificate) {{ {answer} }}"]
    return []


def _rewrites(loc: Location) -> bool:
    """buildProxyPass writes a rewrite for a rewrite-target other than the path (template.go)."""
    return bool(loc.rewrite_target) and loc.rewrite_target != loc.path


def _location(loc: Location, marker: bool, upstream: str | None = None) -> list[str]:
    what = f"Ingress {loc.ingress}, {loc.declared_type} {loc.ingress_path}"
    if loc.exact_copy:
        what += " (the exact copy of a split Prefix path)"
    elif loc.source == "controller":
        what = "the controller's default backend (upstream-default-backend)"
    elif loc.source != "rule":
        what = f"spec.defaultBackend of Ingress {loc.ingress} ({loc.source})"
    if loc.source == "health":
        return [f"        location {loc.path} {{", "            return 200;", "        }"]
    if loc.source == "status":
        return [
            f"        location {loc.path} {{",
            "            " + _comment("allow 127.0.0.1 (the pod itself); nobody else"),
            "            deny all;",
            "            stub_status on;",
            "        }",
        ]
    body = [_comment(what)]
    if upstream is not None and _rewrites(loc):
        body.append(f"rewrite {_quote('(?i)' + loc.path)} {loc.rewrite_target};")
        body += _redirect(loc)
        if loc.backend is None:
            body.append("return 404;")
        body.append("break;")
        if marker and loc.backend is not None:
            body.append(f"add_header {BACKEND_HEADER} {_quote(str(loc.backend))} always;")
        body.append("proxy_pass http://upstream_balancer;")
        return [f"        {loc.directive} {{", *(f"            {b}" for b in body), "        }"]
    if _rewrites(loc):  # needsRewrite (location.go)
        body.append(_comment(f'rewrite "(?i){loc.path}" {loc.rewrite_target} break;'))
    body += _redirect(loc)
    if loc.backend is None:
        body.append("return 404;")
    else:
        name = str(loc.backend)
        if marker:
            body.append(f"add_header {BACKEND_HEADER} {_quote(name)} always;")
        body.append(f'return 200 {_quote(name)[:-1]}\\n";')
    body.append("proxy_pass http://upstream_balancer;")
    return [f"        {loc.directive} {{", *(f"            {b}" for b in body), "        }"]


def _server(server: Server, listen: str, marker: bool, upstream: str | None) -> list[str]:
    lines = [
        f"    ## start server {server.hostname}",
        "    server {",
        f"        {server.directive}",
        f"        listen {listen}{' default_server' if server.is_default else ''};",
    ]
    if server.enforce_regex:
        lines.append(
            "        " + _comment("use-regex or rewrite-target on a location: every location ~*")
        )
    for loc in server.locations:
        lines += _location(loc, marker, upstream)
    lines += ["    }", f"    ## end server {server.hostname}"]
    return lines


def render_nginx_conf(
    model: NginxModel,
    *,
    listen: str = "127.0.0.1:8080",
    marker: bool = True,
    prefix: str | None = None,
    upstream: str | None = None,
) -> str:
    """A standalone nginx.conf routing as the model's servers and locations do.

    `listen` is the address of the plain-HTTP listener; `marker` adds the backend header to
    each answer; `prefix` puts pid, error log and temp paths under that directory (absolute),
    otherwise they are relative to nginx's `-p` prefix; `upstream` (`host:port`) makes
    locations with a rewrite-target rewrite and proxy there (see the module's notes). Run it
    with `nginx -p DIR -c nginx.conf -g 'daemon off;'`.
    """
    base = "" if prefix is None else prefix.rstrip("/") + "/"
    error_log = "stderr" if prefix is None else _quote(base + "error.log")
    names = [n for s in model.servers for n in s.names]
    hosts = [s.hostname for s in model.servers]
    lines = [
        "# ingress-nginx v1.15.1 routing, exported by Ingress Lab (not the full nginx.tmpl).",
        f"pid {_quote(base + 'nginx.pid')};",
        f"error_log {error_log} warn;",
        "worker_processes 1;",
        "events {",
        "    worker_connections 1024;",
        "}",
        "http {",
        "    access_log off;",
        *(f"    {t}_temp_path {_quote(base + t + '_temp')};" for t in _TEMP_PATHS),
        "    server_tokens off;",
        "    default_type text/html;",
        "    server_name_in_redirect off;",
        "    port_in_redirect off;",
        "    client_header_buffer_size 1k;",
        "    large_client_header_buffers 4 8k;",
        "    underscores_in_headers off;",
        "    ignore_invalid_headers on;",
        "    keepalive_timeout 75s;",
        "    keepalive_requests 1000;",
        "    server_names_hash_max_size 1024;",
        f"    server_names_hash_bucket_size {_bucket_size(names)};",
        f"    map_hash_bucket_size {_bucket_size(hosts)};",
        "",
        "    "
        + _comment(
            "lua_ingress.lua redirect_host(): $best_http_host ($http_host, else $host) up to "
            "its first ':'"
        ),
        "    map $http_host $ingresslab_redirect_host {",
        '        "~^(?<h>[^:]+)" $h;',
        "        default $host;",
        "    }",
        "    " + _comment("lua_ingress.lua: one trailing '/' of the request URI is dropped"),
        "    map $request_uri $ingresslab_redirect_uri {",
        '        "~^(?<u>.*)/$" $u;',
        "        default $request_uri;",
        "    }",
        *_certificate_map(model.servers),
        "",
        "    upstream upstream_balancer {",
        "        server 0.0.0.1; # placeholder, as in nginx.tmpl"
        if upstream is None
        else f"        server {upstream}; # where rewritten locations proxy",
        "    }",
        "",
    ]
    for server in model.servers:
        lines += _server(server, listen, marker, upstream)
        lines.append("")
    lines.append("}")
    return "\n".join(lines) + "\n"


def nginx_check(conf_text: str, nginx_binary: str) -> tuple[bool, str]:
    """`nginx -t` on `conf_text` in a private prefix: (accepted, nginx's output)."""
    with tempfile.TemporaryDirectory(prefix="ingresslab-nginx-t-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(conf_text, encoding="utf-8")
        proc = subprocess.run(
            [nginx_binary, "-t", "-p", tmp + "/", "-c", str(conf)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()

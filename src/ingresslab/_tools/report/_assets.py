"""The HTML report's inline style and script: nothing is loaded from anywhere.

Light and dark follow the reader's system (`prefers-color-scheme`); every colour pair meets
WCAG AA contrast. Printing opens every collapsed section and hides the tools. The script only
filters, expands and collapses; the page reads fine without it.
"""

from __future__ import annotations

__all__ = ["SCRIPT", "STYLE"]

STYLE = """
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; --panel: #f4f5f7;
  --link: #0a4fb8; --code: #eef0f3;
  --error-bg: #a4231b; --error-fg: #ffffff;
  --warning-bg: #6e4700; --warning-fg: #ffffff;
  --info-bg: #2f4e7a; --info-fg: #ffffff;
  --ok: #1d6b2f; --bad: #a4231b; --redirect: #6e4700;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15181c; --fg: #e8e8e8; --muted: #bdbdbd; --line: #4a4f57; --panel: #1f242a;
    --link: #9cc2ff; --code: #262c33;
    --error-bg: #ffb4ab; --error-fg: #410002;
    --warning-bg: #f3c66b; --warning-fg: #2a1a00;
    --info-bg: #b8cdf2; --info-fg: #0b1d36;
    --ok: #8fd6a0; --bad: #ffb4ab; --redirect: #f3c66b;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 78rem; padding: 0 1rem 2rem; background: var(--bg);
  color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
a { color: var(--link); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.92em; background: var(--code); padding: 0 0.2em; border-radius: 3px;
  overflow-wrap: anywhere; }
header { padding: 1rem 0 0.5rem; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 0.25rem; font-size: 1.6rem; }
h2 { margin: 1.6rem 0 0.5rem; font-size: 1.3rem; }
h3 { margin: 1rem 0 0.4rem; font-size: 1.05rem; }
nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; padding: 0;
  margin: 0.75rem 0; }
.tools { position: sticky; top: 0; z-index: 1; background: var(--bg); padding: 0.5rem 0;
  border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 0.5rem;
  align-items: center; }
.tools input { font: inherit; padding: 0.25rem 0.5rem; min-width: 16rem; color: var(--fg);
  background: var(--bg); border: 1px solid var(--muted); border-radius: 4px; }
.tools button { font: inherit; padding: 0.25rem 0.6rem; color: var(--fg);
  background: var(--panel); border: 1px solid var(--muted); border-radius: 4px;
  cursor: pointer; }
.tools p { margin: 0; color: var(--muted); }
details { border: 1px solid var(--line); border-radius: 6px; margin: 0.4rem 0;
  background: var(--panel); }
details > summary { cursor: pointer; padding: 0.4rem 0.6rem; }
details > .body, details > .scroll, details > p, details > h3, details > ul { margin-left: 0.6rem;
  margin-right: 0.6rem; }
details .body { padding-bottom: 0.4rem; }
.rank { display: inline-block; min-width: 1.8em; font-weight: 600; }
.badge { display: inline-block; padding: 0 0.4em; border-radius: 3px; font-size: 0.85em;
  font-weight: 600; }
.badge.error, .badge.work { background: var(--error-bg); color: var(--error-fg); }
.badge.warning, .badge.review { background: var(--warning-bg); color: var(--warning-fg); }
.badge.info, .badge.ready { background: var(--info-bg); color: var(--info-fg); }
.kind { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
.blast, .where, .help { color: var(--muted); }
.blast::before { content: "— "; }
.o.ok { color: var(--ok); }
.o.bad { color: var(--bad); }
.o.redirect { color: var(--redirect); }
.scroll { overflow-x: auto; margin: 0.4rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid var(--line); padding: 0.25rem 0.45rem; text-align: left;
  vertical-align: top; }
th { background: var(--panel); }
footer { margin-top: 2rem; color: var(--muted); border-top: 1px solid var(--line); }
@media print {
  body { max-width: none; font-size: 11px; }
  .no-print, nav { display: none; }
  details { border: 0; break-inside: auto; }
  details::details-content { content-visibility: visible; display: block; }
  details > summary { font-weight: 600; list-style: none; }
  .scroll { overflow: visible; }
  tr, .finding { break-inside: avoid; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var status = document.getElementById("filter-status");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("details[data-section]"));
  var texts = null;
  var timer = 0;
  function apply() {
    var query = box.value.trim().toLowerCase();
    if (texts === null) {
      texts = items.map(function (item) { return item.textContent.toLowerCase(); });
    }
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var hit = query === "" || texts[i].indexOf(query) !== -1;
      items[i].hidden = !hit;
      if (hit) { shown += 1; }
    }
    if (query !== "") {
      sections.forEach(function (section) {
        section.open = section.querySelector("[data-filter]:not([hidden])") !== null;
      });
      status.textContent = shown + " of " + items.length + " match";
    } else {
      status.textContent = "";
    }
  }
  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(apply, 120);
  });
  function setAll(open) {
    document.querySelectorAll("details").forEach(function (d) { d.open = open; });
  }
  document.getElementById("expand").addEventListener("click", function () { setAll(true); });
  document.getElementById("collapse").addEventListener("click", function () { setAll(false); });
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
})();
"""

// Material for MkDocs renders diagrams with a global `mermaid`, and fetches one from a CDN when
// there is none. This small stand-in is that global: it loads the vendored mermaid (3 MB) only
// when a page actually has a diagram, so other pages stay light and nothing leaves the site.
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : "";
  var url = here.replace(/[^/]*$/, "") + "../vendor/mermaid/mermaid.min.js";
  var config = {};
  var loading = null;
  var stub = {
    initialize: function (options) {
      config = options || {};
    },
    render: function (id, text) {
      return load().then(function (real) {
        return real.render(id, text);
      });
    },
  };
  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = url;
        tag.onload = function () {
          var real = window.mermaid;
          window.mermaid = stub; // Material keeps calling the stand-in
          real.initialize(config);
          resolve(real);
        };
        tag.onerror = function () {
          reject(new Error("could not load " + url));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }
  window.mermaid = stub;
})();

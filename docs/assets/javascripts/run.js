// Run buttons for the site's Python examples: Python runs in the reader's browser, with Pyodide
// (CPython compiled to WebAssembly) served by the site itself (CONTRIBUTING.md, "Python in the
// browser").
//
// Every example hooks/example_output.py tagged `example-N` gets a Run button: its code becomes
// editable, Run (or Ctrl/Cmd+Enter in the code) runs its code parts in order in one new
// namespace and shows what each part printed in the result block under it, Reset puts the
// example back as it was. Nothing but this file loads before the first Run.
//
// API, on window.ingresslab, for this file and for any later page script:
//
//   ingresslab.python() -> Promise of the Pyodide interpreter, ready: the project's wheel (built
//       from src/ by hooks/pyodide_assets.py) and PyYAML installed, examples/ unpacked in the
//       working directory. Loaded on the first call, then shared by every caller for the rest of
//       the page session (instant navigation keeps it across pages when site_url is set).
//       Rejects if the files cannot be loaded; the next call tries again.
//   ingresslab.run(code, {stdout, stderr}) -> Promise of {ok, error}: runs one program in a new
//       namespace, working directory as above; stdout and stderr are optional callbacks that
//       receive text as it is written; error is null or "ExceptionType: message", and the
//       traceback went to stderr.
//   ingresslab.runParts(parts, {output}) -> Promise of {ok, error, part}: the same for a program
//       in several parts sharing one namespace, run in order until one raises (part is its
//       index); output(part, "stdout" | "stderr", text).
//   ingresslab.enhance(root) -> adds Run buttons to the examples under root (run for each page).
(function () {
  "use strict";
  if (window.ingresslab && window.ingresslab.enhance) {
    return; // loaded twice (instant navigation does not re-run it; a plain reload does)
  }
  var script = document.currentScript ? document.currentScript.src : location.href;
  // Written by hooks/pyodide_assets.py at build time; the runtime is vendored by `make vendor`.
  var MANIFEST = new URL("../run/manifest.json", script).href;
  var PYODIDE = new URL("../vendor/pyodide/", script).href;
  var HOME = "/home/pyodide/ingresslab";
  var EXAMPLE = /(?:^|\s)example-(\d+)(?:\s|$)/;
  var runtime = { loading: null, runner: null };

  var LABELS = {
    en: {
      run: "Run",
      reset: "Reset",
      runTitle: "Run this example in your browser (Ctrl+Enter)",
      resetTitle: "Put the example back as it was",
      editor: function (n) { return "Python example " + n + ", editable"; },
      loading: "Loading Python (first Run only)…",
      running: "Running…",
      done: function (ms) { return "Ran in " + ms + " ms"; },
      failed: function (error) { return "Stopped: " + error; },
      unavailable: function (error) { return "Python could not be loaded: " + error; },
    },
    ko: {
      run: "실행",
      reset: "되돌리기",
      runTitle: "이 예제를 브라우저에서 실행합니다 (Ctrl+Enter)",
      resetTitle: "예제를 처음 상태로 되돌립니다",
      editor: function (n) { return "Python 예제 " + n + ", 편집 가능"; },
      loading: "Python을 불러오는 중입니다(처음 실행할 때만)…",
      running: "실행 중…",
      done: function (ms) { return ms + " ms 만에 실행했습니다"; },
      failed: function (error) { return "중단됨: " + error; },
      unavailable: function (error) { return "Python을 불러오지 못했습니다: " + error; },
    },
  };

  function labels() {
    var korean = /(^|\/)ko\//.test(location.pathname) ||
      (document.documentElement.lang || "").indexOf("ko") === 0;
    return korean ? LABELS.ko : LABELS.en;
  }

  // --- The interpreter ------------------------------------------------------------------

  function fetchOk(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + url);
      }
      return response;
    });
  }

  function boot() {
    // The interpreter starts while the manifest, the wheels, examples/ and the runner download.
    var interpreter = import(PYODIDE + "pyodide.mjs").then(function (module) {
      // indexURL always: Pyodide's CDN default is only for Node, but never rely on it.
      return module.loadPyodide({ indexURL: PYODIDE });
    });
    var files = fetchOk(MANIFEST, { cache: "no-cache" })
      .then(function (response) { return response.json(); })
      .then(function (manifest) {
        function at(path) { return new URL(path, MANIFEST).href; }
        function bytes(path) {
          return fetchOk(at(path)).then(function (r) { return r.arrayBuffer(); });
        }
        return Promise.all([
          Promise.all(manifest.wheels.map(bytes)),
          bytes(manifest.examples),
          fetchOk(at(manifest.runner)).then(function (r) { return r.text(); }),
        ]);
      });
    return Promise.all([interpreter, files]).then(function (ready) {
      var py = ready[0];
      var loaded = ready[1];
      var site = py.runPython("import site; site.getsitepackages()[0]");
      loaded[0].forEach(function (wheel) {
        py.unpackArchive(wheel, "wheel", { extractDir: site });
      });
      py.FS.mkdirTree(HOME);
      py.unpackArchive(loaded[1], "zip", { extractDir: HOME });
      py.FS.writeFile(site + "/ingresslab_run_example.py", loaded[2]);
      py.runPython("import importlib; importlib.invalidate_caches()");
      runtime.runner = py.pyimport("ingresslab_run_example");
      runtime.runner.setup(HOME);
      return py;
    });
  }

  function python() {
    if (!runtime.loading) {
      runtime.loading = boot().catch(function (error) {
        runtime.loading = null;
        throw error;
      });
    }
    return runtime.loading;
  }

  function runParts(parts, options) {
    var output = (options && options.output) || function () {};
    return python().then(function (py) {
      var code = py.toPy(parts.map(String));
      try {
        var failure = runtime.runner.run(code, function (part, stream, text) {
          output(part, stream, text);
        });
        if (failure === undefined || failure === null) {
          return { ok: true, error: null, part: null };
        }
        var pair = failure.toJs();
        failure.destroy();
        return { ok: false, error: pair[1], part: pair[0] };
      } finally {
        code.destroy();
      }
    });
  }

  function run(code, options) {
    options = options || {};
    return runParts([code], {
      output: function (part, stream, text) {
        var write = stream === "stderr" ? options.stderr : options.stdout;
        if (write) {
          write(text);
        }
      },
    }).then(function (result) {
      return { ok: result.ok, error: result.error };
    });
  }

  // --- Run buttons ------------------------------------------------------------------------

  var plaintextOnly = (function () {
    var probe = document.createElement("div");
    probe.setAttribute("contenteditable", "plaintext-only");
    return probe.contentEditable === "plaintext-only";
  })();

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function codeOf(block) {
    return block.querySelector("pre > code");
  }

  // The parts of each example under root, in page order: {number, parts: [{block, kind}]}.
  function examplesIn(root) {
    var found = {};
    var order = [];
    root.querySelectorAll("div.highlight[class*='example-']").forEach(function (block) {
      var match = EXAMPLE.exec(block.className);
      if (!match || !codeOf(block)) {
        return;
      }
      var number = match[1];
      if (!found[number]) {
        found[number] = { number: number, parts: [] };
        order.push(found[number]);
      }
      found[number].parts.push({
        block: block,
        kind: block.classList.contains("example-output") ? "result" : "code",
      });
    });
    return order;
  }

  function enhance(root) {
    root = root || document;
    var text = labels();
    examplesIn(root).forEach(function (example) {
      var first = example.parts[0].block;
      if (first.hasAttribute("data-run")) {
        return;
      }
      first.setAttribute("data-run", "");
      new RunnableExample(example, text);
    });
  }

  function RunnableExample(example, text) {
    var self = this;
    this.text = text;
    this.running = false;
    this.codes = [];
    this.results = [];
    this.created = [];
    // Each code part, with the result block right after it (if any).
    example.parts.forEach(function (part, index) {
      var code = codeOf(part.block);
      if (part.kind === "code") {
        var next = example.parts[index + 1];
        self.codes.push({
          block: part.block,
          code: code,
          original: code.innerHTML,
          result: next && next.kind === "result" ? next.block : null,
        });
      } else {
        self.results.push({ block: part.block, original: code.innerHTML });
        code.parentNode.setAttribute("aria-live", "polite");
      }
    });
    this.codes.forEach(function (part) {
      self.editable(part.code, example.number);
    });

    this.bar = element("div", { class: "run-bar" });
    this.runButton = element("button", {
      type: "button",
      class: "run-button",
      title: text.runTitle,
      "aria-keyshortcuts": "Control+Enter Meta+Enter",
    }, text.run);
    this.resetButton = element(
      "button",
      { type: "button", class: "run-reset", title: text.resetTitle, hidden: "" },
      text.reset
    );
    this.status = element("span", { class: "run-status", role: "status" });
    this.bar.appendChild(this.runButton);
    this.bar.appendChild(this.resetButton);
    this.bar.appendChild(this.status);
    var last = example.parts[example.parts.length - 1].block;
    last.parentNode.insertBefore(this.bar, last.nextSibling);

    this.runButton.addEventListener("click", function () { self.run(); });
    this.resetButton.addEventListener("click", function () { self.reset(); });
  }

  RunnableExample.prototype.editable = function (code, number) {
    var self = this;
    code.setAttribute("contenteditable", plaintextOnly ? "plaintext-only" : "true");
    code.setAttribute("spellcheck", "false");
    code.setAttribute("autocapitalize", "off");
    code.setAttribute("autocorrect", "off");
    code.setAttribute("role", "textbox");
    code.setAttribute("aria-multiline", "true");
    code.setAttribute("aria-label", this.text.editor(number));
    code.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        self.run();
      } else if (event.key === "Enter" && !plaintextOnly && !event.shiftKey && !event.altKey) {
        event.preventDefault(); // keep a plain newline, not a new <div>
        document.execCommand("insertText", false, "\n");
      }
    });
    if (!plaintextOnly) {
      code.addEventListener("paste", function (event) {
        event.preventDefault();
        document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
      });
    }
    code.addEventListener("input", function () {
      self.resetButton.hidden = false;
    });
  };

  // What the reader is told, and the state tests and later scripts can read from the bar:
  // data-state is "loading", "running", "done", "failed" (the example raised) or "unavailable".
  RunnableExample.prototype.say = function (message, state) {
    this.status.textContent = message;
    if (state) {
      this.bar.setAttribute("data-state", state);
    } else {
      this.bar.removeAttribute("data-state");
    }
  };

  RunnableExample.prototype.run = function () {
    var self = this;
    if (this.running) {
      return Promise.resolve();
    }
    this.running = true;
    this.bar.setAttribute("aria-busy", "true");
    this.resetButton.hidden = false;
    if (runtime.runner) {
      this.say(this.text.running, "running");
    } else {
      this.say(this.text.loading, "loading");
    }
    var sources = this.codes.map(function (part) { return part.code.textContent; });
    var outputs = this.codes.map(function () { return []; });
    var started = 0;
    return python()
      .then(function () {
        self.say(self.text.running, "running");
        // Let the status paint before the run holds the page.
        return new Promise(function (resolve) { setTimeout(resolve, 20); });
      })
      .then(function () {
        started = performance.now();
        return runParts(sources, {
          output: function (part, stream, text) { outputs[part].push([stream, text]); },
        });
      })
      .then(function (result) {
        var ms = Math.max(1, Math.round(performance.now() - started));
        self.show(outputs, result.ok ? self.codes.length : result.part + 1);
        if (result.ok) {
          self.say(self.text.done(ms), "done");
        } else {
          self.say(self.text.failed(result.error), "failed");
        }
      }, function (error) {
        var message = error && error.message ? error.message : String(error);
        self.say(self.text.unavailable(message), "unavailable");
      })
      .then(function () {
        self.running = false;
        self.bar.removeAttribute("aria-busy");
      });
  };

  // Each part's output into the result block after it (created if there is none); parts after
  // the one that raised did not run, so their result blocks are emptied.
  RunnableExample.prototype.show = function (outputs, ran) {
    var self = this;
    this.codes.forEach(function (part, index) {
      var chunks = index < ran ? outputs[index] : [];
      var target = part.result || part.made;
      if (!target && chunks.length) {
        target = self.outputBlock();
        part.block.parentNode.insertBefore(target, part.block.nextSibling);
        part.made = target;
      }
      if (!target) {
        return;
      }
      var code = codeOf(target);
      code.textContent = "";
      chunks.forEach(function (chunk) {
        if (chunk[0] === "stderr") {
          code.appendChild(element("span", { class: "run-stderr" }, chunk[1]));
        } else {
          code.appendChild(document.createTextNode(chunk[1]));
        }
      });
      target.hidden = chunks.length === 0;
    });
  };

  RunnableExample.prototype.outputBlock = function () {
    var block = element("div", { class: "example-output run-output highlight" });
    var pre = element("pre", { "aria-live": "polite" });
    pre.appendChild(element("code"));
    block.appendChild(pre);
    this.created.push(block);
    return block;
  };

  RunnableExample.prototype.reset = function () {
    this.codes.forEach(function (part) {
      part.code.innerHTML = part.original;
      part.made = null;
    });
    this.results.forEach(function (part) {
      codeOf(part.block).innerHTML = part.original;
      part.block.hidden = false;
    });
    this.created.forEach(function (block) { block.remove(); });
    this.created = [];
    this.say("");
    this.resetButton.hidden = true;
    this.runButton.focus();
  };

  window.ingresslab = Object.assign(window.ingresslab || {}, {
    python: python,
    run: run,
    runParts: runParts,
    enhance: enhance,
  });

  // Material's instant navigation swaps the page without reloading scripts: enhance each page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { enhance(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();

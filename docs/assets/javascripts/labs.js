// The labs on the site: a notebook page (notebooks/*.py, rendered by mkdocs-jupyter) runs its
// code cells in the reader's browser, in order, in one namespace per page, as a Jupyter kernel
// would.
//
// Built on run.js's API (window.ingresslab.python() and .run()): this file loads its own
// Python half, docs/assets/playground/labs.py, into the same interpreter, and makes one
// `Session` per page, whose working directory is notebooks/ beside examples/ (as under
// `make test`). Every code cell becomes editable and gets Run (or Ctrl/Cmd+Enter in it; Shift+
// Enter runs it and moves to the next cell). Running a cell first runs the cells above it that
// have not run yet, or were edited since ("Run all above"). An exercise check is a cell with an
// `assert` after an exercise's text (a paragraph that starts with a bold "Exercise N." or
// "연습 N.", or with a bold "N." under an "Exercises" / "연습 문제" heading), or a cell
// tagged `check` in the notebook; it shows a clear pass or fail. Run all, and Restart (a new
// namespace), sit at the top of the notebook. hooks/playground_labs.py adds this script to
// notebook pages only.
//
// What tests and later scripts can read: .lab-toolbar[data-state] and each .lab-bar[data-state]
// are "loading", "running", "done", "failed" or "unavailable"; an exercise's check cell has
// data-lab-exercise N, and its .lab-verdict data-verdict "pass" or "fail" and data-exercise N.
(function () {
  "use strict";
  if (window.ingresslabLabs) {
    window.ingresslabLabs.start(document); // instant navigation to another notebook page
    return;
  }
  var script = document.currentScript ? document.currentScript.src : location.href;
  var SOURCE = new URL("../playground/labs.py", script).href;
  var MODULE = "ingresslab_labs";
  var SITE_DIR = "/home/pyodide/ingresslab-site";
  var EXERCISE = /^(?:Exercise|연습)\s+(\d+)\.$/;
  var NUMBERED = /^(\d+)\.$/;
  var EXERCISES = /^\s*(?:Exercises|연습 문제)\s*¶?\s*$/;
  var ASSERT = /^\s*assert\b/m;

  var LABELS = {
    en: {
      run: "Run",
      runTitle: "Run this cell, after the cells above it that have not run (Ctrl+Enter)",
      runAll: "Run all",
      runAllTitle: "Run every cell, from the top",
      restart: "Restart",
      restartTitle: "Forget every variable, as a restarted kernel does",
      reset: "Reset",
      resetTitle: "Put the cell's code back as it was",
      editor: function (n) { return "Code cell " + n + ", editable"; },
      toolbar: "Run this notebook in your browser",
      loading: "Loading Python (the first time only)…",
      running: function (n) { return "Running cell " + n + "…"; },
      done: function (ms) { return "Ran in " + ms + " ms"; },
      allDone: function (n) { return n + (n === 1 ? " cell ran" : " cells ran"); },
      restarted: "Restarted: no cell has run",
      failed: function (error) { return "Stopped: " + error; },
      unavailable: function (error) { return "Python could not be loaded: " + error; },
      pass: function (n) { return "✓ Exercise " + n + ": correct"; },
      fail: function (n, error) { return "✗ Exercise " + n + ": not yet. " + error; },
    },
    ko: {
      run: "실행",
      runTitle: "위쪽의 아직 실행하지 않은 셀을 먼저 실행한 뒤 이 셀을 실행합니다 (Ctrl+Enter)",
      runAll: "모두 실행",
      runAllTitle: "처음부터 모든 셀을 실행합니다",
      restart: "다시 시작",
      restartTitle: "커널을 다시 시작한 것처럼 모든 변수를 지웁니다",
      reset: "되돌리기",
      resetTitle: "셀의 코드를 처음 상태로 되돌립니다",
      editor: function (n) { return "코드 셀 " + n + ", 편집 가능"; },
      toolbar: "이 노트북을 브라우저에서 실행",
      loading: "Python을 불러오는 중입니다(처음 한 번만)…",
      running: function (n) { return n + "번 셀 실행 중…"; },
      done: function (ms) { return ms + " ms 만에 실행했습니다"; },
      allDone: function (n) { return "셀 " + n + "개를 실행했습니다"; },
      restarted: "다시 시작했습니다: 실행한 셀이 없습니다",
      failed: function (error) { return "중단됨: " + error; },
      unavailable: function (error) { return "Python을 불러오지 못했습니다: " + error; },
      pass: function (n) { return "✓ 연습 " + n + ": 정답입니다"; },
      fail: function (n, error) { return "✗ 연습 " + n + ": 아직 아닙니다. " + error; },
    },
  };

  function labels() {
    var korean = /(^|\/)ko\//.test(location.pathname) ||
      (document.documentElement.lang || "").indexOf("ko") === 0;
    return korean ? LABELS.ko : LABELS.en;
  }

  function message(error) {
    return error && error.message ? error.message : String(error);
  }

  // --- Python -----------------------------------------------------------------------------

  var python = { loading: null, module: null, home: null };

  function loadPython() {
    if (python.loading) {
      return python.loading;
    }
    var api = window.ingresslab;
    if (!api || !api.python || !api.run) {
      return Promise.reject(new Error("run.js is not loaded"));
    }
    var home = "";
    python.loading = Promise.all([
      api.python(),
      fetch(SOURCE, { cache: "no-cache" }).then(function (response) {
        if (!response.ok) {
          throw new Error(response.status + " " + SOURCE);
        }
        return response.text();
      }),
    ]).then(function (ready) {
      var py = ready[0];
      py.FS.mkdirTree(SITE_DIR);
      py.FS.writeFile(SITE_DIR + "/" + MODULE + ".py", ready[1]);
      py.runPython(
        "import importlib, sys\n" +
        "if " + JSON.stringify(SITE_DIR) + " not in sys.path:\n" +
        "    sys.path.insert(0, " + JSON.stringify(SITE_DIR) + ")\n" +
        "sys.modules.pop(" + JSON.stringify(MODULE) + ", None)\n" +
        "importlib.invalidate_caches()\n"
      );
      python.module = py.pyimport(MODULE);
      // The directory run.js unpacked examples/ in is the working directory of its runs.
      return api.run("import os\nprint(os.getcwd(), end='')", {
        stdout: function (text) { home += text; },
      });
    }).then(function () {
      python.home = home;
      return python;
    }).catch(function (error) {
      python.loading = null;
      throw error;
    });
    return python.loading;
  }

  // --- The page -------------------------------------------------------------------------------

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
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  // The innermost cells, in page order (mkdocs-jupyter wraps each cell in a copy of itself).
  function cellsOf(wrapper) {
    return Array.prototype.filter.call(wrapper.querySelectorAll(".jp-Cell"), function (cell) {
      return !cell.querySelector(".jp-Cell");
    });
  }

  function Lab(wrapper) {
    var self = this;
    this.wrapper = wrapper;
    this.text = labels();
    this.cells = [];
    this.session = null;
    this.busy = null;
    var exercise = null;
    var section = false; // under an "Exercises" heading
    cellsOf(wrapper).forEach(function (node) {
      if (node.classList.contains("jp-MarkdownCell")) {
        node.querySelectorAll("h2, p > strong:first-child").forEach(function (mark) {
          var words = mark.textContent.trim();
          if (mark.tagName === "H2") {
            section = EXERCISES.test(words);
            return;
          }
          var found = EXERCISE.exec(words) || (section && NUMBERED.exec(words));
          if (found && mark.parentNode.firstChild === mark) {
            exercise = found[1];
          }
        });
        return;
      }
      var pre = node.querySelector(".jp-InputArea .highlight-ipynb pre, .jp-InputArea pre");
      if (!node.classList.contains("jp-CodeCell") || !pre) {
        return;
      }
      var cell = {
        index: self.cells.length,
        node: node,
        pre: pre,
        original: pre.innerHTML,
        ran: false,
        exercise: null,
        output: null,
        verdict: null,
        prompt: node.querySelector(".jp-InputPrompt"),
        outputs: node.querySelector(".jp-Cell-outputWrapper"),
      };
      var source = pre.textContent;
      if (node.classList.contains("celltag_check") || (exercise && ASSERT.test(source))) {
        cell.exercise = exercise || String(self.cells.length + 1);
        node.setAttribute("data-lab-exercise", cell.exercise);
        exercise = null;
      }
      self.cells.push(cell);
    });
    if (!this.cells.length) {
      return;
    }
    this.toolbar();
    this.cells.forEach(function (cell) { self.enhance(cell); });
  }

  Lab.prototype.toolbar = function () {
    var self = this;
    var text = this.text;
    var bar = element("div", {
      class: "lab-bar lab-toolbar", role: "group", "aria-label": text.toolbar,
    });
    this.runAllButton = element("button", {
      type: "button", class: "lab-run-all", title: text.runAllTitle,
    }, text.runAll);
    this.restartButton = element("button", {
      type: "button", class: "lab-restart lab-secondary", title: text.restartTitle,
    }, text.restart);
    this.status = element("span", { class: "lab-status", role: "status" });
    bar.appendChild(this.runAllButton);
    bar.appendChild(this.restartButton);
    bar.appendChild(this.status);
    this.bar = bar;
    var first = this.cells[0].node;
    // Under the download line when there is one, else just before the first code cell.
    var download = this.wrapper.querySelector("[data-lab-download]");
    if (download) {
      download.parentNode.insertBefore(bar, download.nextSibling);
    } else {
      first.parentNode.insertBefore(bar, first);
    }
    this.runAllButton.addEventListener("click", function () { self.runAll(); });
    this.restartButton.addEventListener("click", function () { self.restart(); });
  };

  Lab.prototype.enhance = function (cell) {
    var self = this;
    var text = this.text;
    var pre = cell.pre;
    pre.setAttribute("contenteditable", plaintextOnly ? "plaintext-only" : "true");
    pre.setAttribute("spellcheck", "false");
    pre.setAttribute("autocapitalize", "off");
    pre.setAttribute("autocorrect", "off");
    pre.setAttribute("role", "textbox");
    pre.setAttribute("aria-multiline", "true");
    pre.setAttribute("aria-label", text.editor(cell.index + 1));
    pre.setAttribute("aria-keyshortcuts", "Control+Enter Meta+Enter Shift+Enter");
    var editor = pre.closest(".jp-InputArea-editor") || pre.parentNode;
    editor.classList.add("lab-editing");
    pre.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") {
        return;
      }
      if (event.ctrlKey || event.metaKey || event.shiftKey) {
        event.preventDefault();
        var next = event.shiftKey && self.cells[cell.index + 1];
        self.runTo(cell.index).then(function () {
          if (next) {
            next.pre.focus();
          }
        });
      } else if (!plaintextOnly && !event.altKey) {
        event.preventDefault(); // keep a plain newline, not a new <div>
        document.execCommand("insertText", false, "\n");
      }
    });
    if (!plaintextOnly) {
      pre.addEventListener("paste", function (event) {
        event.preventDefault();
        document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
      });
    }
    pre.addEventListener("input", function () {
      cell.ran = false; // edited: run again before any cell below
      cell.reset.hidden = false;
      var copy = cell.node.querySelector(".clipboard-copy-txt");
      if (copy) {
        copy.textContent = pre.textContent.replace(/\n$/, "");
      }
    });

    var bar = element("div", { class: "lab-bar" });
    cell.run = element("button", {
      type: "button", class: "lab-run", title: text.runTitle,
      "aria-keyshortcuts": "Control+Enter Meta+Enter",
    }, text.run);
    cell.reset = element("button", {
      type: "button", class: "lab-reset lab-secondary", title: text.resetTitle, hidden: "",
    }, text.reset);
    cell.status = element("span", { class: "lab-status", role: "status" });
    bar.appendChild(cell.run);
    bar.appendChild(cell.reset);
    bar.appendChild(cell.status);
    cell.bar = bar;
    var input = cell.node.querySelector(".jp-Cell-inputWrapper") || pre;
    input.parentNode.insertBefore(bar, input.nextSibling);
    cell.run.addEventListener("click", function () { self.runTo(cell.index); });
    cell.reset.addEventListener("click", function () {
      pre.innerHTML = cell.original;
      cell.ran = false;
      cell.reset.hidden = true;
      var copy = cell.node.querySelector(".clipboard-copy-txt");
      if (copy) {
        copy.textContent = pre.textContent.replace(/\n$/, "");
      }
      cell.run.focus();
    });
  };

  Lab.prototype.say = function (bar, status, words, state) {
    status.textContent = words;
    if (state) {
      bar.setAttribute("data-state", state);
    } else {
      bar.removeAttribute("data-state");
    }
  };

  // One session per page, made on the first Run.
  Lab.prototype.ready = function () {
    var self = this;
    return loadPython().then(function (loaded) {
      if (!self.session) {
        self.session = loaded.module.Session(loaded.home + "/notebooks");
      }
      return self.session;
    });
  };

  // Runs one after the other: a click while cells run waits for them.
  Lab.prototype.queue = function (work) {
    var self = this;
    var previous = this.busy || Promise.resolve();
    var next = previous.then(work, work);
    this.busy = next.then(function () {
      if (self.busy === next) {
        self.busy = null;
      }
    }, function () {});
    return next;
  };

  // Run the cells above `index` that have not run (or were edited), then cell `index`.
  Lab.prototype.runTo = function (index) {
    var self = this;
    return this.queue(function () {
      var wanted = self.cells.slice(0, index + 1).filter(function (cell) {
        return cell.index === index || !cell.ran;
      });
      return self.runCells(wanted);
    });
  };

  Lab.prototype.runAll = function () {
    var self = this;
    return this.queue(function () { return self.runCells(self.cells.slice()); });
  };

  Lab.prototype.restart = function () {
    var self = this;
    return this.queue(function () {
      if (self.session) {
        self.session.reset();
      }
      self.cells.forEach(function (cell) {
        cell.ran = false;
        if (cell.output) {
          cell.output.remove();
          cell.output = null;
        }
        if (cell.verdict) {
          cell.verdict.remove();
          cell.verdict = null;
        }
        if (cell.outputs) {
          cell.outputs.hidden = false;
        }
        if (cell.prompt) {
          cell.prompt.textContent = "In [ ]:";
        }
        self.say(cell.bar, cell.status, "", null);
      });
      self.say(self.bar, self.status, self.text.restarted, "done");
    });
  };

  // Cells in order; a failing exercise check does not stop the ones after it (its verdict
  // says fail), any other error does.
  Lab.prototype.runCells = function (cells) {
    var self = this;
    var text = this.text;
    var last = cells[cells.length - 1];
    cells.forEach(function (cell) {
      self.say(cell.bar, cell.status, python.module ? text.running(cell.index + 1) : text.loading,
        python.module ? "running" : "loading");
    });
    this.say(this.bar, this.status, python.module ? text.running(cells[0].index + 1) : text.loading,
      python.module ? "running" : "loading");
    var ran = 0;
    var stopped = null;
    return this.ready().then(function (session) {
      var chain = Promise.resolve();
      cells.forEach(function (cell) {
        chain = chain.then(function () {
          if (stopped) {
            self.say(cell.bar, cell.status, "", null);
            return;
          }
          self.say(self.bar, self.status, text.running(cell.index + 1), "running");
          // Let the status paint before the cell holds the page.
          return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () {
            var result = self.runOne(session, cell);
            ran += 1;
            if (!result.ok && !cell.exercise) {
              stopped = result.error;
            }
          });
        });
      });
      return chain;
    }).then(function () {
      if (stopped) {
        self.say(self.bar, self.status, text.failed(stopped), "failed");
      } else {
        self.say(self.bar, self.status, text.allDone(ran), "done");
      }
      return last;
    }, function (error) {
      cells.forEach(function (cell) {
        self.say(cell.bar, cell.status, "", null);
      });
      self.say(self.bar, self.status, text.unavailable(message(error)), "unavailable");
      if (last) {
        self.say(last.bar, last.status, text.unavailable(message(error)), "unavailable");
      }
    });
  };

  Lab.prototype.runOne = function (session, cell) {
    var text = this.text;
    var chunks = [];
    var started = performance.now();
    var source = cell.pre.textContent;
    var proxy = session.run(source, function (stream, value) { chunks.push([stream, value]); });
    var result = proxy.toJs({ dict_converter: Object.fromEntries });
    proxy.destroy();
    var ms = Math.max(1, Math.round(performance.now() - started));
    cell.ran = result.ok || !!cell.exercise;
    if (cell.prompt) {
      cell.prompt.textContent = "In [" + result.count + "]:";
    }
    this.show(cell, chunks);
    if (cell.exercise) {
      this.verdict(cell, result);
    }
    if (result.ok) {
      this.say(cell.bar, cell.status, text.done(ms), "done");
    } else {
      this.say(cell.bar, cell.status, text.failed(result.error), "failed");
    }
    return result;
  };

  Lab.prototype.show = function (cell, chunks) {
    if (cell.outputs) {
      cell.outputs.hidden = true; // what the build ran is replaced by what the reader ran
    }
    if (!cell.output) {
      cell.output = element("div", {
        class: "lab-output jp-OutputArea-output", "aria-live": "polite",
      });
      cell.bar.parentNode.insertBefore(cell.output, cell.bar.nextSibling);
    }
    cell.output.textContent = "";
    if (!chunks.length) {
      cell.output.hidden = true;
      return;
    }
    cell.output.hidden = false;
    var pre = element("pre", { tabindex: "0" });
    chunks.forEach(function (chunk) {
      if (chunk[0] === "stderr") {
        pre.appendChild(element("span", { class: "lab-stderr" }, chunk[1]));
      } else {
        pre.appendChild(document.createTextNode(chunk[1]));
      }
    });
    cell.output.appendChild(pre);
  };

  Lab.prototype.verdict = function (cell, result) {
    var text = this.text;
    if (!cell.verdict) {
      cell.verdict = element("div", { class: "lab-verdict", role: "status" });
      var after = cell.output || cell.bar;
      after.parentNode.insertBefore(cell.verdict, after.nextSibling);
    }
    var pass = result.ok;
    cell.verdict.className = "lab-verdict lab-verdict--" + (pass ? "pass" : "fail");
    cell.verdict.setAttribute("data-verdict", pass ? "pass" : "fail");
    cell.verdict.setAttribute("data-exercise", cell.exercise);
    cell.verdict.textContent = pass ? text.pass(cell.exercise)
      : text.fail(cell.exercise, result.error);
  };

  function start(root) {
    (root || document).querySelectorAll("article .jupyter-wrapper").forEach(function (wrapper) {
      if (!wrapper.hasAttribute("data-lab")) {
        wrapper.setAttribute("data-lab", "");
        wrapper.lab = new Lab(wrapper);
      }
    });
  }

  window.ingresslabLabs = { start: start };

  // Loaded by the page that needs it, on a first visit or by instant navigation (which runs
  // the scripts of the new page's content): start now, and on every later page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { start(document); });
  }
})();

// The routing playground (docs/playground.md): edit a manifest and a request, and see every
// model's answer, the lint problems and the hop-by-hop map, computed in the reader's browser.
//
// Built on run.js's API (window.ingresslab.python() and .run()): this file loads its own
// Python half, docs/assets/playground/playground.py, into the same interpreter as the module
// `ingresslab_playground`, and asks it for everything as JSON. hooks/playground_labs.py puts
// the list of examples and the starting manifest in the page ([data-playground], as JSON), and
// this script on the playground page only.
//
// The state (manifest, URL, method, headers, architecture, "every Ingress under each
// controller", the example picked) lives in the address after `#`: JSON, deflate-raw
// compressed when the browser has CompressionStream, then base64url (`#s=z…`; `#s=j…` when
// uncompressed), so that a copied link opens the same playground.
//
// What tests and later scripts can read: .pg[data-state] is "loading", "running", "done" or
// "unavailable"; each answer carries data-controller and data-outcome.
(function () {
  "use strict";
  if (window.ingresslabPlayground) {
    window.ingresslabPlayground.start(document); // instant navigation back to the page
    return;
  }
  var script = document.currentScript ? document.currentScript.src : location.href;
  var SOURCE = new URL("../playground/playground.py", script).href;
  var MODULE = "ingresslab_playground";
  var SITE_DIR = "/home/pyodide/ingresslab-site";
  var FRAGMENT = "s=";
  var DEBOUNCE_MS = 350;

  var LABELS = {
    en: {
      example: "Example",
      edited: "(your manifest)",
      url: "URL",
      method: "Method",
      headers: "Headers",
      headersHint: "One per line, Name: value. A Host line sets the Host header.",
      architecture: "Architecture",
      anyClass: "Every Ingress under each controller",
      run: "Run",
      runTitle: "Ask the models again (Ctrl+Enter)",
      copy: "Copy link",
      copied: "Link copied",
      copyFailed: "Select the link and copy it",
      link: "Link to this state",
      manifest: "Manifest (YAML)",
      answers: "Answers",
      problems: "Problems",
      trace: "Hop by hop",
      noProblems: function (objects) {
        return "No problems: " + objects + (objects === 1 ? " object" : " objects") +
          " checked.";
      },
      where: function (line, column) { return "line " + line + ", column " + column; },
      hint: "hint: ",
      loading: "Loading Python (the first time only)…",
      running: "Asking the models…",
      done: function (ms) { return "Answered in " + ms + " ms"; },
      unavailable: function (error) { return "Python could not be loaded: " + error; },
      failed: function (error) { return "The playground failed: " + error; },
      requestError: function (error) { return "The request cannot be sent: " + error; },
      decided: function (n) { return "How it decided (" + n + (n === 1 ? " step)" : " steps)"); },
      loadBalancer: "load balancer",
      matched: "matched",
      status: "status",
      priority: "priority",
      upstream: "the backend receives",
      noAnswer: "no answer",
      notes: {
        "method-unsupported": "This version of the models takes no method: it was ignored.",
        "headers-unsupported": "This version of the models takes no headers: they were ignored.",
      },
      errors: function (n) {
        return n + (n === 1 ? " error" : " errors") +
          ": the answers are for the objects the API server would accept.";
      },
      traceError: "stops here: ",
      models: {
        spec: "Ingress spec",
        alb: "ALB",
        nginx: "ingress-nginx",
        gateway: "Gateway API",
      },
      modelDetail: {
        spec: "the Ingress API's own rules",
        alb: "AWS Load Balancer Controller",
        nginx: "retired in March 2026",
        gateway: "HTTPRoute rules",
      },
      architectures: {
        "alb-ip": "ALB, target type ip",
        "alb-instance": "ALB, target type instance",
        "nlb-nginx": "NLB and ingress-nginx",
      },
    },
    ko: {
      example: "예제",
      edited: "(직접 고친 매니페스트)",
      url: "URL",
      method: "메서드",
      headers: "헤더",
      headersHint: "한 줄에 하나씩, Name: value 형식. Host 줄은 Host 헤더를 정합니다.",
      architecture: "아키텍처",
      anyClass: "모든 인그레스를 각 컨트롤러에서",
      run: "실행",
      runTitle: "모델에 다시 묻습니다 (Ctrl+Enter)",
      copy: "링크 복사",
      copied: "링크를 복사했습니다",
      copyFailed: "링크를 선택해서 복사하세요",
      link: "이 상태의 링크",
      manifest: "매니페스트(YAML)",
      answers: "응답",
      problems: "문제",
      trace: "홉 단위로 보기",
      noProblems: function (objects) { return "문제 없음: 객체 " + objects + "개를 검사했습니다."; },
      where: function (line, column) { return "줄 " + line + ", 열 " + column; },
      hint: "힌트: ",
      loading: "Python을 불러오는 중입니다(처음 한 번만)…",
      running: "모델에 묻는 중…",
      done: function (ms) { return ms + " ms 만에 답했습니다"; },
      unavailable: function (error) { return "Python을 불러오지 못했습니다: " + error; },
      failed: function (error) { return "플레이그라운드가 실패했습니다: " + error; },
      requestError: function (error) { return "요청을 보낼 수 없습니다: " + error; },
      decided: function (n) { return "어떻게 정했나(" + n + "단계)"; },
      loadBalancer: "로드 밸런서",
      matched: "매치된 규칙",
      status: "상태 코드",
      priority: "우선순위",
      upstream: "백엔드가 받는 경로",
      noAnswer: "응답 없음",
      notes: {
        "method-unsupported": "이 버전의 모델은 메서드를 받지 않아 무시했습니다.",
        "headers-unsupported": "이 버전의 모델은 헤더를 받지 않아 무시했습니다.",
      },
      errors: function (n) {
        return "오류 " + n + "개: 응답은 API 서버가 받아들일 객체만으로 계산했습니다.";
      },
      traceError: "여기서 멈춤: ",
      models: {
        spec: "인그레스 스펙",
        alb: "ALB",
        nginx: "ingress-nginx",
        gateway: "Gateway API",
      },
      modelDetail: {
        spec: "인그레스 API 자체의 규칙",
        alb: "AWS Load Balancer Controller",
        nginx: "2026년 3월 지원 종료",
        gateway: "HTTPRoute 규칙",
      },
      architectures: {
        "alb-ip": "ALB, 대상 유형 ip",
        "alb-instance": "ALB, 대상 유형 instance",
        "nlb-nginx": "NLB와 ingress-nginx",
      },
    },
  };
  var METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  var ARCHITECTURES = ["alb-ip", "alb-instance", "nlb-nginx"];

  function language() {
    var korean = /(^|\/)ko\//.test(location.pathname) ||
      (document.documentElement.lang || "").indexOf("ko") === 0;
    return korean ? "ko" : "en";
  }

  // --- Python ---------------------------------------------------------------------------

  var python = { loading: null, module: null, home: null, py: null };

  function fetchText(url) {
    return fetch(url, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + url);
      }
      return response.text();
    });
  }

  // This file's Python half as a module of the shared interpreter, and the directory that
  // holds examples/ (the working directory ingresslab.run() uses).
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
      fetchText(SOURCE),
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
      python.py = py;
      python.module = py.pyimport(MODULE);
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

  // --- The state in the address -------------------------------------------------------------

  function toBase64url(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(text) {
    var normal = text.replace(/-/g, "+").replace(/_/g, "/");
    while (normal.length % 4) {
      normal += "=";
    }
    var binary = atob(normal);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function through(bytes, stream) {
    var piped = new Blob([bytes]).stream().pipeThrough(stream);
    return new Response(piped).arrayBuffer().then(function (buffer) {
      return new Uint8Array(buffer);
    });
  }

  function encodeState(state) {
    var bytes = new TextEncoder().encode(JSON.stringify(state));
    if (typeof CompressionStream === "function") {
      return through(bytes, new CompressionStream("deflate-raw"))
        .then(function (packed) { return "z" + toBase64url(packed); })
        .catch(function () { return "j" + toBase64url(bytes); });
    }
    return Promise.resolve("j" + toBase64url(bytes));
  }

  function decodeState(text) {
    var kind = text.charAt(0);
    var bytes;
    try {
      bytes = fromBase64url(text.slice(1));
    } catch (error) {
      return Promise.resolve(null);
    }
    var unpacked;
    if (kind === "z" && typeof DecompressionStream === "function") {
      unpacked = through(bytes, new DecompressionStream("deflate-raw"));
    } else if (kind === "j") {
      unpacked = Promise.resolve(bytes);
    } else {
      return Promise.resolve(null);
    }
    return unpacked.then(function (plain) {
      var state = JSON.parse(new TextDecoder().decode(plain));
      return state && typeof state === "object" ? state : null;
    }).catch(function () { return null; });
  }

  function fragmentState() {
    var hash = location.hash.slice(1);
    if (hash.indexOf(FRAGMENT) !== 0) {
      return Promise.resolve(null);
    }
    return decodeState(hash.slice(FRAGMENT.length));
  }

  // --- The page ---------------------------------------------------------------------------

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

  function field(label, control, extra) {
    var wrapper = element("label", { class: "pg-field " + (extra || "") });
    wrapper.appendChild(element("span", { class: "pg-field__label" }, label));
    wrapper.appendChild(control);
    return wrapper;
  }

  function Playground(root) {
    var self = this;
    this.root = root;
    this.lang = language();
    this.text = LABELS[this.lang];
    var data = root.getAttribute("data-playground");
    this.data = data ? JSON.parse(data) : { examples: [], manifest: "", url: "" };
    this.timer = null;
    this.generation = 0;
    this.encoded = "";
    this.build();
    fragmentState().then(function (state) {
      self.apply(state || {
        manifest: self.data.manifest,
        url: self.data.url,
        method: "GET",
        headers: "",
        architecture: ARCHITECTURES[0],
        any_class: true,
        example: self.data.example,
      });
      self.analyse();
    });
  }

  Playground.prototype.build = function () {
    var self = this;
    var text = this.text;
    var box = element("div", { class: "pg", "data-state": "loading" });
    this.box = box;

    var controls = element("div", { class: "pg-controls" });
    this.example = element("select", { class: "pg-example" });
    this.example.appendChild(element("option", { value: "" }, text.edited));
    this.data.examples.forEach(function (name) {
      self.example.appendChild(element("option", { value: name }, name.replace(/^examples\//, "")));
    });
    controls.appendChild(field(text.example, this.example, "pg-field--example"));

    this.url = element("input", {
      class: "pg-url", type: "text", inputmode: "url", spellcheck: "false",
      autocapitalize: "off", autocomplete: "off",
    });
    controls.appendChild(field(text.url, this.url, "pg-field--url"));

    this.method = element("select", { class: "pg-method" });
    METHODS.forEach(function (name) {
      self.method.appendChild(element("option", { value: name }, name));
    });
    controls.appendChild(field(text.method, this.method, "pg-field--method"));

    this.architecture = element("select", { class: "pg-architecture" });
    ARCHITECTURES.forEach(function (name) {
      self.architecture.appendChild(element("option", { value: name }, text.architectures[name]));
    });
    controls.appendChild(field(text.architecture, this.architecture, "pg-field--architecture"));

    this.headers = element("textarea", {
      class: "pg-headers", rows: "2", spellcheck: "false", autocapitalize: "off",
      placeholder: "X-Team: blue", "aria-describedby": "pg-headers-hint",
    });
    var headers = field(text.headers, this.headers, "pg-field--headers");
    headers.appendChild(element("span", { class: "pg-field__hint", id: "pg-headers-hint" },
      text.headersHint));
    controls.appendChild(headers);

    var check = element("label", { class: "pg-check" });
    this.anyClass = element("input", { type: "checkbox", class: "pg-any-class" });
    check.appendChild(this.anyClass);
    check.appendChild(document.createTextNode(" " + text.anyClass + " (--any-class)"));
    controls.appendChild(check);

    var actions = element("div", { class: "pg-actions" });
    this.runButton = element("button", {
      type: "button", class: "md-button md-button--primary pg-run", title: text.runTitle,
      "aria-keyshortcuts": "Control+Enter Meta+Enter",
    }, text.run);
    this.copyButton = element("button", { type: "button", class: "md-button pg-copy" }, text.copy);
    this.status = element("span", { class: "pg-status", role: "status" });
    actions.appendChild(this.runButton);
    actions.appendChild(this.copyButton);
    actions.appendChild(this.status);
    controls.appendChild(actions);
    this.link = element("input", { class: "pg-link", type: "text", readonly: "" });
    controls.appendChild(field(text.link, this.link, "pg-field--link"));
    box.appendChild(controls);

    var editor = element("div", { class: "pg-editor" });
    editor.appendChild(element("label", { class: "pg-editor__label", for: "pg-manifest" },
      text.manifest));
    var frame = element("div", { class: "pg-editor__frame" });
    this.gutter = element("div", { class: "pg-gutter", "aria-hidden": "true" });
    var area = element("div", { class: "pg-editor__area" });
    this.backdrop = element("div", { class: "pg-backdrop", "aria-hidden": "true" });
    this.manifest = element("textarea", {
      id: "pg-manifest", class: "pg-manifest", wrap: "off", spellcheck: "false",
      autocapitalize: "off", autocomplete: "off", "aria-describedby": "pg-problems-list",
      "aria-keyshortcuts": "Control+Enter Meta+Enter",
    });
    area.appendChild(this.backdrop);
    area.appendChild(this.manifest);
    frame.appendChild(this.gutter);
    frame.appendChild(area);
    editor.appendChild(frame);
    box.appendChild(editor);

    function section(id, title, body) {
      var part = element("section", { class: "pg-section", "aria-labelledby": id });
      part.appendChild(element("h2", { id: id }, title));
      part.appendChild(body);
      box.appendChild(part);
      return body;
    }
    this.answers = section("pg-answers", text.answers, element("div", {
      class: "pg-answers", "aria-live": "polite",
    }));
    this.notes = element("div", { class: "pg-notes" });
    this.answers.parentNode.appendChild(this.notes);
    this.problems = section("pg-problems", text.problems, element("ul", {
      class: "pg-problems", id: "pg-problems-list",
    }));
    this.trace = section("pg-trace", text.trace, element("div", { class: "pg-trace" }));

    this.root.appendChild(box);

    // Every change asks again, a moment after the typing stops; Ctrl/Cmd+Enter and Run at once.
    [this.url, this.headers, this.manifest].forEach(function (input) {
      input.addEventListener("input", function () { self.changed(input); });
    });
    [this.method, this.architecture, this.anyClass].forEach(function (input) {
      input.addEventListener("change", function () { self.analyse(); });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        self.analyse();
      }
    });
    this.example.addEventListener("change", function () { self.pick(self.example.value); });
    this.runButton.addEventListener("click", function () { self.analyse(); });
    this.copyButton.addEventListener("click", function () { self.copy(); });
    this.manifest.addEventListener("scroll", function () { self.scrolled(); });
    this.problems.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-line]") : null;
      if (target) {
        self.goTo(+target.getAttribute("data-line"), +target.getAttribute("data-column"));
      }
    });
  };

  Playground.prototype.state = function () {
    return {
      manifest: this.manifest.value,
      url: this.url.value,
      method: this.method.value,
      headers: this.headers.value,
      architecture: this.architecture.value,
      any_class: this.anyClass.checked,
      example: this.example.value,
    };
  };

  Playground.prototype.apply = function (state) {
    this.manifest.value = typeof state.manifest === "string" ? state.manifest : "";
    this.url.value = typeof state.url === "string" ? state.url : "";
    var method = String(state.method || "GET").toUpperCase();
    if (METHODS.indexOf(method) < 0) {
      this.method.appendChild(element("option", { value: method }, method));
    }
    this.method.value = method;
    this.headers.value = typeof state.headers === "string" ? state.headers : "";
    this.architecture.value = ARCHITECTURES.indexOf(state.architecture) >= 0
      ? state.architecture : ARCHITECTURES[0];
    this.anyClass.checked = state.any_class !== false;
    this.example.value = this.data.examples.indexOf(state.example) >= 0 ? state.example : "";
    this.lines([]);
  };

  Playground.prototype.changed = function (input) {
    var self = this;
    if (input === this.manifest) {
      this.example.value = "";
      this.lines(this.marks || []);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.analyse(); }, DEBOUNCE_MS);
  };

  Playground.prototype.say = function (message, state) {
    this.status.textContent = message;
    this.box.setAttribute("data-state", state);
  };

  Playground.prototype.pick = function (name) {
    var self = this;
    if (!name) {
      return;
    }
    this.say(python.module ? this.text.running : this.text.loading, "loading");
    loadPython().then(function (ready) {
      var text = ready.py.FS.readFile(ready.home + "/" + name, { encoding: "utf8" });
      self.manifest.value = text;
      self.example.value = name;
      var suggested = ready.module.first_url(text);
      if (suggested) {
        self.url.value = suggested;
      }
      self.manifest.scrollTop = 0;
      self.analyse();
    }, function (error) {
      self.say(self.text.unavailable(error && error.message ? error.message : error),
        "unavailable");
    });
  };

  Playground.prototype.analyse = function () {
    var self = this;
    clearTimeout(this.timer);
    var generation = ++this.generation;
    var state = this.state();
    this.say(python.module ? this.text.running : this.text.loading,
      python.module ? "running" : "loading");
    this.remember(state);
    loadPython().then(function (ready) {
      if (generation !== self.generation) {
        return; // a newer question is on its way
      }
      // Let the status paint before the models hold the page.
      return new Promise(function (resolve) { setTimeout(resolve, 10); }).then(function () {
        if (generation !== self.generation) {
          return;
        }
        var started = performance.now();
        var result;
        try {
          result = JSON.parse(ready.module.analyse(JSON.stringify(state), self.lang));
        } catch (error) {
          self.say(self.text.failed(error && error.message ? error.message : error), "done");
          return;
        }
        self.render(result);
        var ms = Math.max(1, Math.round(performance.now() - started));
        self.say(self.text.done(ms), "done");
      });
    }, function (error) {
      self.say(self.text.unavailable(error && error.message ? error.message : error),
        "unavailable");
    });
  };

  Playground.prototype.remember = function (state) {
    var self = this;
    encodeState(state).then(function (encoded) {
      self.encoded = encoded;
      var url = new URL(location.href);
      url.hash = FRAGMENT + encoded;
      if (url.href !== location.href) {
        history.replaceState(history.state, "", url.href);
      }
      self.link.value = url.href;
    });
  };

  Playground.prototype.copy = function () {
    var self = this;
    var link = this.link.value || location.href;
    function fallback() {
      self.link.focus();
      self.link.select();
      self.status.textContent = self.text.copyFailed;
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(link).then(function () {
        self.status.textContent = self.text.copied;
      }, fallback);
    } else {
      fallback();
    }
  };

  // --- Rendering ------------------------------------------------------------------------------

  Playground.prototype.render = function (result) {
    this.renderAnswers(result);
    this.renderProblems(result);
    this.renderTrace(result);
  };

  function line(parent, cls, label, value) {
    var p = element("p", { class: cls });
    if (label) {
      p.appendChild(element("span", { class: "pg-answer__label" }, label + ": "));
    }
    if (value !== undefined && value !== null) {
      p.appendChild(element("code", {}, String(value)));
    }
    parent.appendChild(p);
    return p;
  }

  Playground.prototype.renderAnswer = function (card, answer) {
    var text = this.text;
    var one = element("div", { class: "pg-answer__one", "data-outcome": answer.outcome });
    if (answer.load_balancer) {
      line(one, "pg-answer__lb", text.loadBalancer, answer.load_balancer);
    }
    var main = element("p", { class: "pg-answer__result" });
    if (answer.backend_text) {
      main.appendChild(element("code", { class: "pg-answer__backend" }, answer.backend_text));
    } else if (answer.status) {
      main.appendChild(element("span", { class: "pg-answer__status" }, String(answer.status)));
    } else {
      main.appendChild(element("span", { class: "pg-answer__none" }, text.noAnswer));
    }
    main.appendChild(document.createTextNode(" "));
    main.appendChild(element("span", { class: "pg-outcome pg-outcome--" + answer.outcome },
      answer.outcome));
    one.appendChild(main);
    if (answer.backend_text && answer.status) {
      line(one, "pg-answer__code", text.status, answer.status);
    }
    if (answer.matched) {
      var m = answer.matched;
      var rule = (m.host || "*") + " " + m.path + " (" + m.pathType + ")";
      if (m.route) {
        rule = m.route + " rules[" + m.rule + "].matches[" + m.match + "]: " + rule;
      } else if (m.ingress) {
        rule = m.ingress + ": " + rule;
      }
      if (m.priority !== null && m.priority !== undefined) {
        rule += ", " + text.priority + " " + m.priority;
      }
      line(one, "pg-answer__matched", text.matched, rule);
    }
    if (answer.location) {
      line(one, "pg-answer__location", "Location", answer.location);
    }
    if (answer.upstream_path) {
      line(one, "pg-answer__upstream", text.upstream, answer.upstream_path);
    }
    if (answer.message) {
      one.appendChild(element("p", { class: "pg-answer__message" }, answer.message));
    }
    if (answer.explain && answer.explain.length) {
      var details = element("details", { class: "pg-answer__trail" });
      details.appendChild(element("summary", {}, text.decided(answer.explain.length)));
      var list = element("ol", { class: "pg-steps" });
      answer.explain.forEach(function (step) {
        var verdict = step.verdict.replace(/[^a-z]+/g, "-");
        var item = element("li", { class: "pg-step pg-step--" + verdict });
        item.appendChild(element("span", { class: "pg-step__verdict" }, step.verdict));
        item.appendChild(document.createTextNode(" "));
        item.appendChild(element("span", { class: "pg-step__candidate" },
          step.candidate + (step.priority !== null && step.priority !== undefined
            ? " (" + text.priority + " " + step.priority + ")" : "")));
        item.appendChild(element("span", { class: "pg-step__reason" }, step.reason));
        list.appendChild(item);
      });
      details.appendChild(list);
      one.appendChild(details);
    }
    card.appendChild(one);
  };

  Playground.prototype.renderAnswers = function (result) {
    var self = this;
    var text = this.text;
    // Keep open trails open across answers, per model.
    var open = {};
    this.answers.querySelectorAll(".pg-answer").forEach(function (card) {
      open[card.getAttribute("data-controller")] = !!card.querySelector("details[open]");
    });
    this.answers.textContent = "";
    this.notes.textContent = "";
    if (result.request_error) {
      this.answers.appendChild(element("p", { class: "pg-request-error", role: "alert" },
        text.requestError(result.request_error)));
    }
    (result.answers || []).forEach(function (model) {
      var name = model.controller;
      var card = element("article", {
        class: "pg-answer", "data-controller": name,
        "data-outcome": model.answers.length ? model.answers[0].outcome : "none",
      });
      var title = element("h3", { class: "pg-answer__title" }, text.models[name] || name);
      card.appendChild(title);
      if (text.modelDetail[name]) {
        card.appendChild(element("p", { class: "pg-answer__detail" }, text.modelDetail[name]));
      }
      if (model.error) {
        card.appendChild(element("p", { class: "pg-answer__message" }, model.error));
      }
      model.answers.forEach(function (answer) { self.renderAnswer(card, answer); });
      if (open[name]) {
        card.querySelectorAll("details").forEach(function (d) { d.open = true; });
      }
      self.answers.appendChild(card);
    });
    var notes = (result.notes || []).map(function (note) { return text.notes[note] || note; });
    if (result.errors) {
      notes.unshift(text.errors(result.errors));
    }
    if (result.internal_error) {
      notes.push(result.internal_error);
    }
    notes.forEach(function (note) {
      self.notes.appendChild(element("p", { class: "pg-note" }, note));
    });
  };

  Playground.prototype.renderProblems = function (result) {
    var self = this;
    var text = this.text;
    var problems = result.problems || [];
    this.problems.textContent = "";
    if (!problems.length) {
      this.problems.appendChild(element("li", { class: "pg-problem pg-problem--none" },
        text.noProblems(result.objects)));
    }
    problems.forEach(function (problem) {
      var item = element("li", { class: "pg-problem pg-problem--" + problem.severity });
      var button = element("button", {
        type: "button", class: "pg-problem__where",
        "data-line": String(problem.line), "data-column": String(problem.column),
      }, text.where(problem.line, problem.column));
      item.appendChild(button);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", { class: "pg-problem__severity" }, problem.severity));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("code", { class: "pg-problem__check" }, problem.check));
      item.appendChild(element("span", { class: "pg-problem__message" }, " " + problem.message));
      if (problem.hint) {
        item.appendChild(element("span", { class: "pg-problem__hint" }, text.hint + problem.hint));
      }
      self.problems.appendChild(item);
    });
    this.marks = problems;
    this.lines(problems);
  };

  Playground.prototype.renderTrace = function (result) {
    this.trace.textContent = "";
    var traced = result.trace;
    if (!traced) {
      return;
    }
    if (traced.html) {
      // Drawn by the package's own renderer, which escapes every text it is given.
      this.trace.innerHTML = traced.html;
    } else if (traced.error) {
      this.trace.appendChild(element("p", { class: "pg-note" }, this.text.traceError + traced.error));
    }
  };

  // --- The editor: line numbers, marked lines -------------------------------------------------

  Playground.prototype.lines = function (problems) {
    var count = this.manifest.value.split("\n").length;
    var marks = {};
    (problems || []).forEach(function (problem) {
      var was = marks[problem.line];
      if (was !== "error") {
        marks[problem.line] = problem.severity === "error" ? "error" : "warning";
      }
    });
    var numbers = document.createDocumentFragment();
    var rows = document.createDocumentFragment();
    for (var n = 1; n <= count; n++) {
      var mark = marks[n];
      var number = element("div", { class: "pg-gutter__line" + (mark ? " pg-mark--" + mark : "") },
        String(n));
      if (mark) {
        number.setAttribute("data-mark", mark);
      }
      numbers.appendChild(number);
      rows.appendChild(element("div", { class: "pg-backdrop__line" + (mark ? " pg-mark--" + mark : "") }));
    }
    this.gutter.textContent = "";
    this.gutter.appendChild(numbers);
    this.backdrop.textContent = "";
    this.backdrop.appendChild(rows);
    this.scrolled();
  };

  Playground.prototype.scrolled = function () {
    var top = this.manifest.scrollTop;
    this.gutter.style.transform = "translateY(" + -top + "px)";
    this.backdrop.style.transform = "translateY(" + -top + "px)";
  };

  Playground.prototype.goTo = function (lineNumber, column) {
    var lines = this.manifest.value.split("\n");
    var offset = 0;
    for (var i = 0; i < Math.min(lineNumber - 1, lines.length); i++) {
      offset += lines[i].length + 1;
    }
    var within = Math.max(0, Math.min((column || 1) - 1,
      (lines[lineNumber - 1] || "").length));
    this.manifest.focus();
    this.manifest.setSelectionRange(offset + within, offset + within);
    var height = parseFloat(getComputedStyle(this.manifest).lineHeight) || 20;
    var wanted = (lineNumber - 1) * height;
    if (wanted < this.manifest.scrollTop || wanted > this.manifest.scrollTop +
        this.manifest.clientHeight - 2 * height) {
      this.manifest.scrollTop = Math.max(0, wanted - this.manifest.clientHeight / 3);
    }
    this.scrolled();
  };

  function start(root) {
    (root || document).querySelectorAll("[data-playground]").forEach(function (node) {
      if (!node.hasAttribute("data-started")) {
        node.setAttribute("data-started", "");
        node.playground = new Playground(node);
      }
    });
  }

  window.ingresslabPlayground = { start: start, encodeState: encodeState, decodeState: decodeState };

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

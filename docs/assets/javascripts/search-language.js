// mkdocs-static-i18n builds one search index for both languages, so a search from a Korean page
// also lists English pages, often first. List the results in the reader's language first: pages
// under /ko/ when reading a Korean page, the others when reading an English one.
(function () {
  "use strict";
  var KOREAN = /(^|\/)ko\//;
  function readingKorean() {
    return KOREAN.test(location.pathname);
  }
  function ownLanguage(item, korean) {
    var link = item.querySelector("a");
    var path = link ? new URL(link.getAttribute("href"), location.href).pathname : "";
    return KOREAN.test(path) === korean;
  }
  function reorder(list) {
    var korean = readingKorean();
    var items = Array.prototype.slice.call(list.children);
    var seenOther = false;
    var sorted = true;
    items.forEach(function (item) {
      if (!ownLanguage(item, korean)) {
        seenOther = true;
      } else if (seenOther) {
        sorted = false;
      }
    });
    if (sorted) {
      return; // also ends the observer's echo of our own moves
    }
    items
      .filter(function (item) { return ownLanguage(item, korean); })
      .concat(items.filter(function (item) { return !ownLanguage(item, korean); }))
      .forEach(function (item) { list.appendChild(item); });
  }
  new MutationObserver(function () {
    var list = document.querySelector(".md-search-result__list");
    if (list) {
      reorder(list);
    }
  }).observe(document.body, { childList: true, subtree: true });
})();

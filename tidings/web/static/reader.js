// Keyboard shortcuts for the reader: j/k move between items, o (or Enter) opens one, / searches.
// Plain script, no framework: the pages work fully without it.
"use strict";

(function () {
  const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);
  let current = -1;

  function items() {
    return Array.from(document.querySelectorAll("[data-nav-item]"));
  }

  function select(index) {
    const all = items();
    if (all.length === 0) return;
    const next = Math.max(0, Math.min(index, all.length - 1));
    if (current >= 0 && all[current]) all[current].classList.remove("is-current");
    current = next;
    const item = all[current];
    item.classList.add("is-current");
    const link = item.querySelector("[data-nav-open]") || item.querySelector("a[href]");
    if (link) link.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function open() {
    const item = items()[current];
    if (!item) return;
    const link = item.querySelector("[data-nav-open]") || item.querySelector("a[href]");
    if (link) link.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (TYPING.has(target.tagName) || target.isContentEditable)) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.key === "j") { select(current + 1); event.preventDefault(); }
    else if (event.key === "k") { select(current - 1); event.preventDefault(); }
    else if (event.key === "o") { open(); event.preventDefault(); }
    else if (event.key === "/") {
      const search = document.getElementById("search-q") || document.getElementById("site-search");
      if (search) { search.focus(); search.select(); event.preventDefault(); }
    }
  });
})();

/* Result and document pages: clicking a finding (or an extracted value) scrolls to and
   highlights the places it points at: table cells, text spans, rows or whole blocks. */
(function () {
  "use strict";

  function showTab(name) {
    document.querySelectorAll(".tab").forEach(function (t) {
      var on = t.getAttribute("data-tab") === name;
      t.classList.toggle("active", on);
      t.setAttribute("aria-selected", on ? "true" : "false");
    });
    document.querySelectorAll(".tabpanel").forEach(function (p) {
      p.hidden = p.id !== "tab-" + name;
    });
  }

  function clearHighlights() {
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll(".finding.selected").forEach(function (el) { el.classList.remove("selected"); });
  }

  /* Elements of the source view (result page) that a location points at. */
  function sourceTargets(loc) {
    var out = [];
    if (loc.block === undefined || loc.block === null) {
      if (loc.line !== undefined) {
        var byLine = document.querySelector('#source [data-line="' + loc.line + '"]');
        if (byLine) { out.push(byLine); }
      }
      return out;
    }
    var block = document.getElementById("b" + loc.block);
    if (!block) { return out; }
    if (loc.row !== undefined && loc.row !== null) {
      var id = "b" + loc.block + "-r" + loc.row + (loc.col !== undefined && loc.col !== null ? "-c" + loc.col : "");
      var cell = document.getElementById(id);
      if (cell) { out.push(cell); }
      return out;
    }
    if (loc.start !== undefined && loc.start !== null) {
      var end = loc.end !== undefined && loc.end !== null ? loc.end : loc.start + 1;
      block.querySelectorAll("span[data-s]").forEach(function (s) {
        var a = parseInt(s.getAttribute("data-s"), 10), b = parseInt(s.getAttribute("data-e"), 10);
        if (a >= loc.start && b <= end) { out.push(s); }
      });
      if (out.length) { return out; }
    }
    out.push(block);
    return out;
  }

  /* Elements of the extracted tables (document page, or result page tables tab). */
  function tableTargets(loc) {
    if (loc.block === undefined || loc.row === undefined) { return []; }
    var sel = '[data-b="' + loc.block + '"][data-r="' + loc.row + '"]' +
      (loc.col !== undefined && loc.col !== null ? '[data-c="' + loc.col + '"]' : "");
    return Array.prototype.slice.call(document.querySelectorAll("td" + sel));
  }

  function highlight(locs) {
    var hasSource = !!document.getElementById("source");
    var targets = [];
    if (hasSource) {
      showTab("source");
      locs.forEach(function (l) { targets = targets.concat(sourceTargets(l)); });
    } else {
      locs.forEach(function (l) { targets = targets.concat(tableTargets(l)); });
    }
    targets.forEach(function (el) {
      el.classList.remove("hl");
      void el.offsetWidth; /* restart the flash animation */
      el.classList.add("hl");
    });
    if (targets.length) {
      targets[0].scrollIntoView({ behavior: "smooth", block: "center", inline: "nearest" });
    }
    return targets.length;
  }

  function parseLocs(el, attr) {
    try { return JSON.parse(el.getAttribute(attr) || "[]"); } catch (e) { return []; }
  }

  function selectFinding(li) {
    clearHighlights();
    li.classList.add("selected");
    var n = highlight(parseLocs(li, "data-locs"));
    li.setAttribute("data-found", String(n));
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) { return; }
    var tab = target.closest(".tab");
    if (tab) { showTab(tab.getAttribute("data-tab")); return; }
    var li = target.closest(".finding");
    if (li) { selectFinding(li); return; }
    var jump = target.closest("td.jump");
    if (jump && document.getElementById("source")) {
      clearHighlights();
      highlight([JSON.parse(jump.getAttribute("data-loc"))]);
    }
  });

  document.addEventListener("keydown", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (target && target.classList.contains("finding") && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      selectFinding(target);
    }
  });
})();

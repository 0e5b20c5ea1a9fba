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
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    document.querySelectorAll(".place.current").forEach(function (el) { el.classList.remove("current"); });
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

  /* Highlight every place of ``locs``; scroll to the one at ``focus`` (default the first). */
  function highlight(locs, focus) {
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
    var first = null;
    if (focus !== undefined && focus !== null && locs[focus]) {
      var own = hasSource ? sourceTargets(locs[focus]) : tableTargets(locs[focus]);
      first = own.length ? own[0] : null;
      if (first) { first.classList.add("focus"); }
    }
    first = first || targets[0];
    if (first) {
      first.scrollIntoView({ behavior: "smooth", block: "center", inline: "nearest" });
    }
    return targets.length;
  }

  function parseLocs(el, attr) {
    try { return JSON.parse(el.getAttribute(attr) || "[]"); } catch (e) { return []; }
  }

  /* Select a finding. ``place`` is the index of one of its locations; without it, clicking the
     same finding again moves on to its next place, so that every place can be reached. */
  function selectFinding(li, place) {
    var locs = parseLocs(li, "data-locs");
    var links = li.querySelectorAll(".place");
    if (place === undefined) {
      var idx = [];
      links.forEach(function (a) { idx.push(parseInt(a.getAttribute("data-i"), 10)); });
      if (!idx.length) { idx = [0]; }
      var was = li.classList.contains("selected") ? parseInt(li.getAttribute("data-place") || "-1", 10) : -1;
      var pos = idx.indexOf(was);
      place = idx[(pos + 1) % idx.length];
    }
    clearHighlights();
    li.classList.add("selected");
    li.setAttribute("data-place", String(place));
    links.forEach(function (a) {
      a.classList.toggle("current", parseInt(a.getAttribute("data-i"), 10) === place);
    });
    var n = highlight(locs, place);
    li.setAttribute("data-found", String(n));
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) { return; }
    var tab = target.closest(".tab");
    if (tab) { showTab(tab.getAttribute("data-tab")); return; }
    var li = target.closest(".finding");
    var link = target.closest(".place");
    if (li && link) {
      ev.preventDefault();
      selectFinding(li, parseInt(link.getAttribute("data-i"), 10));
      return;
    }
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

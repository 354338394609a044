// Audit page behaviour. Reads only the DOM and the JSON block; makes no request.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var pane = document.getElementById("source-pane");
  var card = document.getElementById("hovercard");
  var factsCol = document.getElementById("facts-col");
  var marks = Array.prototype.slice.call(document.querySelectorAll("#source mark.c"));
  var byFact = new Map();
  var byCite = new Map();
  function push(map, key, el) {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(el);
  }
  // One pass over the marks, so selecting a sentence is a map lookup even on a long filing.
  marks.forEach(function (m) {
    m.dataset.facts.split(" ").forEach(function (id) { push(byFact, id, m); });
    m.dataset.cites.split(" ").forEach(function (key) { push(byCite, key, m); });
  });
  var active = [];
  function clear() {
    active.forEach(function (el) { el.classList.remove("hl", "current"); });
    active = [];
  }
  function mark(el, cls) {
    el.classList.add(cls);
    active.push(el);
  }
  // Scroll only the pane that holds el (not the window), putting el a third of the way down.
  function reveal(container, el) {
    var delta = el.getBoundingClientRect().top - container.getBoundingClientRect().top;
    container.scrollTop += delta - container.clientHeight / 3;
  }
  function select(spans, factIds, areas, trigger) {
    clear();
    if (trigger) mark(trigger, "current");
    var unique = Array.from(new Set(spans));
    unique.sort(function (a, b) { return a.dataset.start - b.dataset.start; });
    unique.forEach(function (m) { mark(m, "hl"); });
    var cards = [];
    factIds.forEach(function (id) {
      var el = document.getElementById("fact-" + id);
      if (el) { mark(el, "hl"); cards.push(el); }
    });
    areas.forEach(function (a) {
      var el = document.getElementById("nd-" + a);
      if (el) { mark(el, "hl"); cards.push(el); }
    });
    if (unique.length) reveal(pane, unique[0]);
    if (cards.length && trigger && !factsCol.contains(trigger)) reveal(factsCol, cards[0]);
  }
  function words(s) { return s ? s.split(" ").filter(Boolean) : []; }
  function spansOf(ids) {
    var out = [];
    ids.forEach(function (id) { out = out.concat(byFact.get(id) || []); });
    return out;
  }

  document.querySelectorAll(".sent").forEach(function (s) {
    var ids = words(s.dataset.facts);
    var areas = words(s.dataset.nd);
    var go = function () { select(spansOf(ids), ids, areas, s); };
    s.addEventListener("click", go);
    s.addEventListener("focus", go);
    s.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); }
    });
  });
  // A value of the business-model record: the facts it rests on and their spans.
  document.querySelectorAll("button.rv").forEach(function (b) {
    b.addEventListener("click", function () {
      var ids = words(b.dataset.facts);
      select(spansOf(ids), ids, [], b);
    });
  });
  document.querySelectorAll(".fact").forEach(function (f) {
    var id = f.dataset.fact;
    f.addEventListener("focus", function () { select(spansOf([id]), [id], [], f); });
  });
  document.querySelectorAll("button.cite").forEach(function (b) {
    b.addEventListener("click", function (e) {
      e.stopPropagation();
      var id = b.dataset.cite.split(":")[0];
      select(byCite.get(b.dataset.cite) || [], [id], [], b);
    });
  });

  // Hover card: which facts a highlighted span belongs to (built with text nodes, never HTML).
  var idle = card.textContent;
  pane.addEventListener("mouseover", function (e) {
    var m = e.target.closest ? e.target.closest("mark.c") : null;
    if (!m) return;
    card.textContent = "";
    words(m.dataset.facts).forEach(function (id) {
      var f = data.facts[id];
      if (!f) return;
      var line = document.createElement("div");
      line.className = "hc-fact";
      var tag = document.createElement("strong");
      tag.textContent = id + " (" + f.area + "): ";
      line.appendChild(tag);
      line.appendChild(document.createTextNode(f.statement));
      card.appendChild(line);
    });
  });
  pane.addEventListener("mouseleave", function () { card.textContent = idle; });
})();

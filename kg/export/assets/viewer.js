/* kg's graph viewer: Cytoscape.js over the data embedded in the page.
   Search, filters by kind, theme and date, details of a clicked entity or
   relation with its source releases. Loads nothing from the network. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var releases = data.releases || {};
  var big = (data.elements.nodes.length + data.elements.edges.length) > 4000;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: data.elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.02,
    maxZoom: 8,
    pixelRatio: big ? 1 : "auto",
    hideEdgesOnViewport: big,
    textureOnViewport: big,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "label": "data(label)", "width": "data(size)", "height": "data(size)",
        "font-size": 9, "color": "#1f2328", "text-valign": "bottom", "text-margin-y": 2,
        "text-wrap": "ellipsis", "text-max-width": 140, "min-zoomed-font-size": big ? 10 : 5,
        "border-width": 0.5, "border-color": "#333333", "border-opacity": 0.4 } },
      { selector: "edge", style: {
        "width": 1, "line-color": "#9aa4ae", "target-arrow-color": "#9aa4ae", "target-arrow-shape": "triangle",
        "arrow-scale": 0.6, "curve-style": big ? "haystack" : "bezier", "label": "data(relation)", "font-size": 6,
        "color": "#59636e", "text-rotation": "autorotate", "min-zoomed-font-size": 8 } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ".faded", style: { "opacity": 0.15 } },
      { selector: ".match", style: { "border-width": 3, "border-color": "#0969da" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#cf222e", "line-color": "#cf222e",
                                        "target-arrow-color": "#cf222e" } }
    ]
  });

  // Kinds: a checkbox per kind present, with its colour and count.
  var kindBox = document.getElementById("kinds");
  var kindCounts = {};
  cy.nodes().forEach(function (n) { kindCounts[n.data("kind")] = (kindCounts[n.data("kind")] || 0) + 1; });
  data.kinds.forEach(function (k) {
    if (!kindCounts[k.name]) return;
    var label = el("label");
    var box = el("input", { type: "checkbox", value: k.name, "data-kind": k.name });
    box.checked = true;
    box.addEventListener("change", apply);
    var swatch = el("span", { "class": "swatch" });
    swatch.style.background = k.color;
    label.appendChild(box); label.appendChild(swatch);
    label.appendChild(document.createTextNode(k.name + " (" + kindCounts[k.name] + ")"));
    kindBox.appendChild(label);
  });

  // Themes and dates come from the releases.
  var themeSelect = document.getElementById("theme");
  Object.keys(data.themes).sort(function (a, b) { return data.themes[a].localeCompare(data.themes[b]); })
    .forEach(function (t) { themeSelect.appendChild(el("option", { value: t }, data.themes[t])); });
  var dates = Object.keys(releases).map(function (r) { return releases[r].date; }).filter(Boolean).sort();
  var since = document.getElementById("since"), until = document.getElementById("until");
  if (dates.length) {
    since.min = until.min = dates[0]; since.max = until.max = dates[dates.length - 1];
  }
  [themeSelect, since, until].forEach(function (input) { input.addEventListener("change", apply); });

  var labels = document.getElementById("labels");
  var seen = {};
  cy.nodes().forEach(function (n) {
    var l = n.data("label");
    if (!seen[l]) { seen[l] = true; labels.appendChild(el("option", { value: l })); }
  });

  function activeReleases() {
    var theme = themeSelect.value, from = since.value, to = until.value;
    if (!theme && !from && !to) return null;  // no release filter
    var active = {};
    Object.keys(releases).forEach(function (id) {
      var r = releases[id];
      if (theme && (r.themes || []).indexOf(theme) < 0) return;
      if ((from || to) && !r.date) return;
      if (from && r.date < from) return;
      if (to && r.date > to) return;
      active[id] = true;
    });
    return active;
  }

  function anyActive(list, active) {
    if (!active) return true;
    for (var i = 0; i < (list || []).length; i++) if (active[list[i]]) return true;
    return false;
  }

  function apply() {
    var kinds = {};
    kindBox.querySelectorAll("input").forEach(function (b) { if (b.checked) kinds[b.value] = true; });
    var active = activeReleases();
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var show = kinds[n.data("kind")] && anyActive(n.data("releases"), active);
        n.toggleClass("hidden", !show);
      });
      cy.edges().forEach(function (e) {
        var show = !e.source().hasClass("hidden") && !e.target().hasClass("hidden") && anyActive(e.data("releases"), active);
        e.toggleClass("hidden", !show);
      });
    });
    status();
  }

  function status() {
    var nodes = cy.nodes().not(".hidden").length, edges = cy.edges().not(".hidden").length;
    document.getElementById("status").textContent =
      nodes + " of " + cy.nodes().length + " entities, " + edges + " of " + cy.edges().length + " relations";
  }

  function search() {
    var q = document.getElementById("search").value.trim().toLowerCase();
    cy.batch(function () {
      cy.elements().removeClass("faded match");
      if (!q) return;
      var hits = cy.nodes().filter(function (n) { return String(n.data("label")).toLowerCase().indexOf(q) >= 0; });
      cy.elements().not(hits).not(hits.connectedEdges()).addClass("faded");
      hits.addClass("match");
    });
  }
  var searchBox = document.getElementById("search");
  searchBox.addEventListener("input", search);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var hits = cy.nodes(".match").not(".hidden");
    if (hits.length) { cy.animate({ fit: { eles: hits.closedNeighborhood(), padding: 60 } }, { duration: 300 }); show(hits[0]); }
  });

  document.getElementById("reset").addEventListener("click", function () {
    kindBox.querySelectorAll("input").forEach(function (b) { b.checked = true; });
    themeSelect.value = ""; since.value = ""; until.value = ""; searchBox.value = "";
    search(); apply(); cy.fit(undefined, 30);
  });
  document.getElementById("fit").addEventListener("click", function () { cy.fit(cy.elements().not(".hidden"), 30); });

  function releaseList(ids) {
    var list = el("ol");
    (ids || []).forEach(function (id) {
      var r = releases[id] || {};
      var item = el("li", { "data-release": id });
      item.appendChild(el("strong", {}, r.headline || id));
      item.appendChild(el("div", { "class": "muted" }, (r.date || "no date") + " - " + id));
      if (r.url) {
        var a = el("a", { href: r.url, target: "_blank", rel: "noopener noreferrer" }, r.url);
        item.appendChild(a);
      }
      list.appendChild(item);
    });
    return list;
  }

  function show(element) {
    var box = document.getElementById("details");
    box.textContent = "";
    var d = element.data();
    var facts = el("dl");
    function fact(name, value) {
      if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
      facts.appendChild(el("dt", {}, name));
      facts.appendChild(el("dd", {}, Array.isArray(value) ? value.join("; ") : value));
    }
    if (element.isNode()) {
      box.appendChild(el("h2", {}, d.label));
      fact("kind", d.kind + (d.subtype ? " (" + d.subtype + ")" : ""));
      fact("IRI", d.iri || d.id);
      fact("Wikidata", d.wikidata);
      fact("job title", d.job_title);
      fact("degree", d.degree);
      fact("first seen", d.first_seen);
      fact("last seen", d.last_seen);
    } else {
      box.appendChild(el("h2", { id: "edge-title" }, element.source().data("label") + " \u2192 " + d.relation + " \u2192 " +
                         element.target().data("label")));
      fact("relation", d.relation);
      fact("predicate", d.predicate);
      fact("first seen", d.first_seen);
      fact("last seen", d.last_seen);
    }
    box.appendChild(facts);
    var n = (d.releases || []).length;
    box.appendChild(el("h2", {}, n ? "Source releases (" + n + ")" : "No source release in this selection"));
    box.appendChild(releaseList(d.releases));
  }
  cy.on("tap", "node, edge", function (ev) { show(ev.target); });

  status();
  cy.ready(function () {
    window.kgViewer = { cy: cy, show: show, apply: apply };
    window.kgReady = true;
  });
})();

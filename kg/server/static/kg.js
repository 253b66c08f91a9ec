// The SPARQL workbench: YASGUI (served from /static/vendor, no CDN) on this
// server's /sparql, and the saved queries one click away: each opens in a new
// tab and runs.
(function () {
  var host = document.getElementById("yasgui");
  if (!host || typeof Yasgui === "undefined") return;
  // Only completions that need no outside service (no Linked Open Vocabularies look-ups).
  var completers = ["variables", "prefixes"];
  Yasgui.Yasqe.defaults.autocompleters = completers;
  var endpoint = new URL("/sparql", window.location.href).toString();
  var yasgui = new Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: "kg-yasgui",
    yasqe: { autocompleters: completers },
  });
  var queries = JSON.parse(document.getElementById("kg-queries").textContent);
  function open(name) {
    var q = queries.find(function (x) { return x.name === name; });
    if (!q) return;
    var text = q.text;
    var required = q.params.filter(function (p) { return !p.optional; });
    if (required.length) {
      text += "\n# Bind the parameters, e.g.:\n# VALUES (" + required.map(function (p) { return "?" + p.name; }).join(" ") + ") { (...) }\n";
    }
    var tab = yasgui.addTab(true, { name: q.title, requestConfig: { endpoint: endpoint, method: "POST" } });
    tab.setQuery(text);
    tab.query();
  }
  document.querySelectorAll("a.saved-query").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      open(a.dataset.name);
    });
  });
  window.kg = { yasgui: yasgui, open: open };
})();

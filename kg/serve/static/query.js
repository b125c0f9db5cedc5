// kg query page: YASGUI (bundled in /static/yasgui, see its README) against this server's /sparql,
// with the saved queries of sparql/ opening as tabs. Nothing is fetched from another host: prefix
// autocompletion reads this server's prefixes instead of prefix.cc, the class and property
// completers (which ask lov.linkeddata.es) are switched off, and a link cannot point the page at
// another endpoint. /query#name opens a saved query; /query?query=… opens and runs a query.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("query-config").textContent);
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const endpoint = new URL(config.endpoint, location.href).href;
  const wanted = decodeURIComponent(location.hash.slice(1)); // YASGUI clears the hash when it starts

  const yasqe = Yasgui.Yasqe.defaults;
  const local = yasqe.autocompleters.filter((name) => name === "prefixes" || name === "variables");
  yasqe.autocompleters.splice(0, yasqe.autocompleters.length, ...local);
  yasqe.prefixCcApi = new URL(config.prefixes, location.href).href;
  yasqe.value = config.defaultQuery;
  yasqe.requestConfig.endpoint = endpoint;
  Yasgui.defaults.endpointCatalogueOptions.getData = () => [{ endpoint: endpoint }];

  // IRIs this server mints link to its own pages (/entity/…), wherever it runs, as on every other page
  const table = Yasgui.Yasr.plugins.table;
  const iriLink = table.prototype.getUriLinkFromBinding;
  table.prototype.getUriLinkFromBinding = function (binding, prefixes) {
    const html = iriLink.call(this, binding, prefixes);
    if (!binding.value.startsWith(config.base)) return html;
    const local = "/" + binding.value.slice(config.base.length);
    return html.replace("href='" + binding.value + "'", "href='" + local + "'");
  };

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    persistenceId: null, // no localStorage: saved queries come from the server
    copyEndpointOnNewTab: false,
    tabName: "Query",
    populateFromUrl: (tab) => {
      tab.requestConfig.endpoint = endpoint; // ?endpoint= in a link is ignored
      tab.requestConfig.args = []; // other parameters (?run, ?format) are not passed on
      return tab;
    },
  });

  function open(example) {
    yasgui.addTab(
      true,
      { name: example.title, yasqe: { value: example.query }, requestConfig: { endpoint: endpoint } },
      { avoidDuplicateTabs: true },
    );
  }
  document.querySelectorAll("a.example").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const example = examples.find((e) => e.name === link.dataset.name);
      if (example) open(example);
    });
  });
  const initial = examples.find((e) => e.name === wanted);
  if (initial) open(initial);
})();

// kg query page: a small YASGUI-style editor (no external assets): saved queries, keyword
// highlighting, Ctrl+Enter to run, results as a table (JSON) or raw text for other formats.
(function () {
  "use strict";
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const textarea = document.getElementById("query");
  const highlight = document.getElementById("highlight");
  const form = document.getElementById("query-form");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const formatSelect = document.getElementById("accept");
  const MEDIA = {
    json: "application/sparql-results+json", xml: "application/sparql-results+xml", csv: "text/csv",
    tsv: "text/tab-separated-values", turtle: "text/turtle", jsonld: "application/ld+json",
    ntriples: "application/n-triples",
  };
  const KEYWORDS = /\b(SELECT|CONSTRUCT|DESCRIBE|ASK|WHERE|PREFIX|BASE|OPTIONAL|FILTER|UNION|GRAPH|GROUP BY|ORDER BY|LIMIT|OFFSET|DISTINCT|VALUES|BIND|MINUS|NOT EXISTS|EXISTS|AS|COUNT|HAVING|DESC|ASC)\b/gi;

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  }
  function paint() {
    highlight.innerHTML = escapeHtml(textarea.value).replace(KEYWORDS, '<span class="kw">$1</span>') + "\n";
    highlight.scrollTop = textarea.scrollTop;
  }
  textarea.addEventListener("input", paint);
  textarea.addEventListener("scroll", () => { highlight.scrollTop = textarea.scrollTop; });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run(); }
    if (event.key === "Tab") {
      event.preventDefault();
      const s = textarea.selectionStart;
      textarea.setRangeText("  ", s, textarea.selectionEnd, "end");
      paint();
    }
  });
  document.querySelectorAll("a.example").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const ex = examples.find((e) => e.name === link.dataset.name);
      if (ex) { textarea.value = ex.query; paint(); history.replaceState(null, "", "#" + ex.name); }
    });
  });

  function cell(term) {
    if (!term) return "";
    if (term.type === "uri") {
      if (!/^https?:\/\//.test(term.value)) return escapeHtml(term.value);  // no javascript: links
      return '<a href="' + escapeHtml(linkFor(term.value)) + '">' + escapeHtml(term.value) + "</a>";
    }
    let out = escapeHtml(term.value);
    if (term["xml:lang"]) out += ' <small>@' + escapeHtml(term["xml:lang"]) + "</small>";
    return out;
  }
  function linkFor(iri) {
    const m = iri.match(/^https?:\/\/[^/]+\/((article|entity|quotation|claim|statement|activity|graph)\/.*)$/);
    return m && window.KG_BASE && iri.startsWith(window.KG_BASE) ? "/" + m[1] : iri;
  }
  function table(data) {
    if ("boolean" in data) return "<p class=\"boolean\">" + data.boolean + "</p>";
    const vars = data.head.vars;
    const rows = data.results.bindings.map((b) => "<tr>" + vars.map((v) => "<td>" + cell(b[v]) + "</td>").join("") + "</tr>");
    return '<table class="results"><thead><tr>' + vars.map((v) => "<th>" + escapeHtml(v) + "</th>").join("") +
      "</tr></thead><tbody>" + rows.join("") + "</tbody></table>";
  }
  async function run() {
    const fmt = formatSelect.value;
    status.className = ""; status.textContent = "running…";
    const started = performance.now();
    try {
      const response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: MEDIA[fmt] + ", */*;q=0.1" },
        body: new URLSearchParams({ query: textarea.value }),
      });
      const text = await response.text();
      const ms = Math.round(performance.now() - started);
      if (!response.ok) {
        status.className = "error"; status.textContent = response.status + " " + response.statusText + " (" + ms + " ms)";
        results.innerHTML = '<pre class="raw error">' + escapeHtml(text) + "</pre>";
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      const count = response.headers.get("X-KG-Result-Count");
      const cut = response.headers.get("X-KG-Truncated");
      status.textContent = (count !== null ? count + " results" : "done") + (cut ? " (" + cut + ")" : "") + " in " + ms + " ms";
      results.innerHTML = type.startsWith("application/sparql-results+json") ? table(JSON.parse(text))
        : '<pre class="raw">' + escapeHtml(text) + "</pre>";
    } catch (error) {
      status.className = "error"; status.textContent = "request failed: " + error;
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  // /query#example-name loads a saved query; /query?query=…[&format=…][&run] fills (and runs) one
  const params = new URLSearchParams(location.search);
  const initial = examples.find((e) => "#" + e.name === location.hash);
  if (initial) textarea.value = initial.query;
  if (params.get("query")) textarea.value = params.get("query");
  if (params.get("format") && MEDIA[params.get("format")]) formatSelect.value = params.get("format");
  paint();
  if (params.has("run")) run();
})();

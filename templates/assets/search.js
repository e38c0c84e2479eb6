// Start Pagefind's search UI on the search page. Pagefind picks the index that matches <html lang>,
// so each language searches only its own pages. Each hit is headed by what it is (article, topic…) and,
// for an entry, its date; the input gets a real label; the query is kept in the address and in the
// language switcher's link, so that a search can be shared, reloaded or carried to the other language.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]; });
  }

  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    baseUrl: box.dataset.base,
    showImages: false,
    showSubResults: true,
    translations: { placeholder: box.dataset.placeholder },
    processResult: function (result) {
      var kicker = [result.meta.kind, result.meta.date].filter(Boolean).map(escapeHtml).join(" · ");
      delete result.meta.kind;
      delete result.meta.date;
      if (!kicker) return result;
      result.excerpt = "<span class=\"search-kicker\">" + kicker + "</span> " + result.excerpt;
      // Pagefind shows a hit's own excerpt only when its first section is the top of the page: make it so,
      // or a hit found in a later section would lose its kicker.
      var url = result.meta.url || result.url;
      var sections = result.sub_results || [];
      if (sections.length && sections[0].url !== url) {
        sections.unshift({ title: result.meta.title, url: url, excerpt: "", locations: [], weighted_locations: [] });
      }
      return result;
    }
  });

  var input = box.querySelector("input");
  if (!input) return;
  input.id = "search-input";
  var label = document.createElement("label");
  label.htmlFor = input.id;
  label.className = "search-label";
  label.textContent = box.dataset.label;
  input.parentNode.insertBefore(label, input);

  var switches = Array.prototype.slice.call(document.querySelectorAll(".lang-switch a"));
  var targets = switches.map(function (link) { return link.getAttribute("href"); });
  function keepQuery() {
    var query = input.value.trim();
    var suffix = query ? "?q=" + encodeURIComponent(query) : "";
    switches.forEach(function (link, index) { link.setAttribute("href", targets[index] + suffix); });
    history.replaceState(null, "", window.location.pathname + suffix);
  }
  input.addEventListener("input", keepQuery);

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    ui.triggerSearch(query);
    keepQuery();
  }
});

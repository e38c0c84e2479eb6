// Search the briefing with Pagefind's index (its JavaScript API, no third-party code besides the bundle the
// build writes), in the site's own form and results list. Each hit is headed by what it is (article, topic…)
// and, for an entry, its date. Two things Pagefind alone gets wrong are put right here:
// - spelling: a query is also searched in its other spelling (center/centre, organize/organise), and the
//   hits merged, so "data center" finds what "data centre" finds;
// - Chinese: the index cuts Chinese text into words one way and the browser cuts the query another, so a
//   query such as 绿电 would match every page with 绿 and every word that starts with 电. A run of Chinese
//   characters is matched as a phrase instead: the pages are gathered broadly, then kept only when their
//   text holds the phrase exactly.
// The query is kept in the address and in the language switcher's link, so that a search can be shared,
// reloaded or carried to the other language.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box) return;
  var text = box.dataset;
  var spellings = JSON.parse(text.spellings || "{}");
  var british = {};
  Object.keys(spellings).forEach(function (us) { british[spellings[us]] = us; });
  var PAGE = 10;
  var MAX_CHECKED = 300;
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }
  function escapeHtml(value) {
    return value.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]; });
  }

  var form = element("form", "search-form");
  form.setAttribute("role", "search");
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var label = element("label", "search-label", text.label);
  label.htmlFor = "search-input";
  var input = element("input", "search-input");
  input.id = "search-input";
  input.type = "search";
  input.autocomplete = "off";
  form.appendChild(label);
  form.appendChild(input);
  var status = element("p", "search-status");
  status.setAttribute("role", "status");
  var list = element("ol", "search-results");
  var more = element("button", "search-more", text.more);
  more.type = "button";
  more.hidden = true;
  box.appendChild(form);
  box.appendChild(status);
  box.appendChild(list);
  box.appendChild(more);

  // --- spelling ---------------------------------------------------------------------------------------------
  function toBritish(word) {
    var lower = word.toLowerCase();
    if (spellings[lower]) return spellings[lower];
    if (/s$/.test(lower) && spellings[lower.slice(0, -1)]) return spellings[lower.slice(0, -1)] + "s";
    var rule = /^(\w{3,})(iz|yz)(e|es|ed|ing|ation|ations|er|ers)$/.exec(lower);
    return rule ? rule[1] + rule[2].charAt(0) + "s" + rule[3] : lower;
  }
  function toAmerican(word) {
    var lower = word.toLowerCase();
    if (british[lower]) return british[lower];
    if (/s$/.test(lower) && british[lower.slice(0, -1)]) return british[lower.slice(0, -1)] + "s";
    return lower;
  }
  function spellingsOf(query) {
    var words = query.split(/\s+/);
    var seen = {};
    return [query, words.map(toBritish).join(" "), words.map(toAmerican).join(" ")].filter(function (form) {
      var key = form.toLowerCase();
      return seen[key] ? false : (seen[key] = true);
    });
  }

  // --- searching ---------------------------------------------------------------------------------------------
  // A large site's pages are indexed in several bundles per language: the first lists the others in
  // shards.json, and Pagefind merges them in, so that one search covers them all.
  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      var bundle = text.bundle.replace(/\/?$/, "/");
      var options = { baseUrl: text.base, excerptLength: 30 };
      var others = fetch(bundle + "shards.json").then(function (response) {
        return response.ok ? response.json() : { merge: [] };
      }).then(function (shards) {
        return shards.merge.map(function (path) { return new URL(path, new URL(bundle, location.href)).pathname; });
      });
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options(options).then(function () { return others; }).then(function (paths) {
          return Promise.all(paths.map(function (path) { return module.mergeIndex(path, options); }));
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // Every hit of every search, once, with its best score.
  function merged(searches) {
    var byId = {};
    searches.forEach(function (search) {
      (search ? search.results : []).forEach(function (result) {
        if (!byId[result.id] || byId[result.id].score < result.score) byId[result.id] = result;
      });
    });
    return Object.keys(byId).map(function (id) { return byId[id]; })
      .sort(function (a, b) { return b.score - a.score; });
  }

  function phrasesOf(query) {
    return (query.match(HAN) || []).filter(function (run) { return run.length > 1; });
  }

  // A page's text with the phrase found and marked: the excerpt of a Chinese hit.
  function phraseExcerpt(content, phrases) {
    var flat = content.replace(/\s+/g, " ");
    var at = flat.indexOf(phrases[0]);
    var start = Math.max(0, at - 30);
    var piece = flat.slice(start, at + 90);
    var html = escapeHtml(piece);
    phrases.forEach(function (phrase) {
      html = html.split(escapeHtml(phrase)).join("<mark>" + escapeHtml(phrase) + "</mark>");
    });
    return (start > 0 ? "…" : "") + html + (at + 90 < flat.length ? "…" : "");
  }

  var current = 0;
  function run(query) {
    var ticket = ++current;
    list.innerHTML = "";
    more.hidden = true;
    if (!query) { status.textContent = ""; return; }
    status.textContent = text.searching;
    var phrases = phrasesOf(query);
    loadPagefind().then(function (pf) {
      var terms = spellingsOf(query);
      // For a Chinese phrase, also every page with a word that starts as the phrase does: the broad net.
      phrases.forEach(function (phrase) { terms.push(phrase.charAt(0)); });
      return Promise.all(terms.map(function (term) { return pf.search(term); }));
    }).then(function (searches) {
      if (ticket !== current) return null;
      var hits = merged(searches);
      if (!phrases.length) return { hits: hits, loaded: [] };
      var others = query.replace(HAN, " ").toLowerCase().split(/\s+/).filter(Boolean);
      return Promise.all(hits.slice(0, MAX_CHECKED).map(function (hit) { return hit.data(); })).then(function (pages) {
        var kept = pages.filter(function (page) {
          var flat = page.content.replace(/\s+/g, "");
          var lower = page.content.toLowerCase();
          return phrases.every(function (phrase) { return flat.indexOf(phrase) >= 0; }) &&
            others.every(function (word) { return lower.indexOf(word) >= 0; });
        });
        kept.forEach(function (page) { page.excerpt = phraseExcerpt(page.content, phrases); });
        return { hits: kept, loaded: kept };
      });
    }).then(function (found) {
      if (!found || ticket !== current) return;
      var count = found.hits.length;
      found.status = (count === 0 ? text.none : count === 1 ? text.one : text.results)
        .replace("%(count)s", String(count)).replace("%(query)s", query);
      show(found, 0, ticket);
    });
  }

  // The next batch of hits; the count is said once the first batch is on the page.
  function show(found, from, ticket) {
    var batch = found.hits.slice(from, from + PAGE);
    var ready = found.loaded.length ? Promise.resolve(batch) :
      Promise.all(batch.map(function (hit) { return hit.data(); }));
    ready.then(function (pages) {
      if (ticket !== current) return;
      pages.forEach(function (page) { list.appendChild(item(page)); });
      status.textContent = found.status;
      more.hidden = from + PAGE >= found.hits.length;
      more.onclick = function () { show(found, from + PAGE, ticket); };
    });
  }

  function item(page) {
    var li = element("li", "search-result");
    var kicker = [page.meta.kind, page.meta.date].filter(Boolean).join(" · ");
    if (kicker) li.appendChild(element("p", "search-kicker", kicker));
    var heading = element("p", "search-result__title");
    var link = element("a", "search-result__link", page.meta.title || page.url);
    link.href = page.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var excerpt = element("p", "search-result__excerpt");
    excerpt.innerHTML = page.excerpt;  // Pagefind's excerpt, or ours: escaped text with <mark>
    li.appendChild(excerpt);
    return li;
  }

  // --- the address and the language switcher -----------------------------------------------------------------
  var switches = Array.prototype.slice.call(document.querySelectorAll(".lang-switch a"));
  var targets = switches.map(function (link) { return link.getAttribute("href"); });
  function keepQuery(query) {
    var suffix = query ? "?q=" + encodeURIComponent(query) : "";
    switches.forEach(function (link, index) { link.setAttribute("href", targets[index] + suffix); });
    history.replaceState(null, "", window.location.pathname + suffix);
  }
  var timer = null;
  input.addEventListener("input", function () {
    var query = input.value.trim().replace(/\s+/g, " ");
    keepQuery(query);
    clearTimeout(timer);
    timer = setTimeout(function () { run(query); }, 200);
  });

  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  if (query) {
    input.value = query;
    keepQuery(query);
    run(query);
  }
});

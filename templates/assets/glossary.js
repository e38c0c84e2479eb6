// The glossary's filter: show only the terms whose Chinese, pinyin or English contains what the reader types,
// and only the letters that still have a term. Without JavaScript the field is hidden (style.css) and the
// letter bar still leads to every term.
(function () {
  var box = document.querySelector("[data-term-filter]");
  if (!box) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[data-term-status]");
  var terms = Array.prototype.slice.call(document.querySelectorAll(".glossary > div"));
  var letters = Array.prototype.slice.call(document.querySelectorAll(".glossary-letter"));
  var links = Array.prototype.slice.call(document.querySelectorAll(".letter-bar a"));

  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    terms.forEach(function (term) {
      var text = (term.querySelector("dt").textContent + " " + term.dataset.pinyin).toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      term.hidden = !match;
      if (match) shown += 1;
    });
    letters.forEach(function (section, index) {
      var empty = !section.querySelector(".glossary > div:not([hidden])");
      section.hidden = empty;
      links[index].parentNode.hidden = empty;
    });
    status.textContent = words.length ? status.dataset.template.replace("%(count)s", String(shown)) : "";
  }

  input.addEventListener("input", filter);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    filter();
  }
})();

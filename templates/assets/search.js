// Start Pagefind's search UI on the search page. Pagefind picks the index that matches <html lang>,
// so each language searches only its own pages.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    baseUrl: box.dataset.base,
    showImages: false,
    showSubResults: true,
    translations: { placeholder: box.dataset.placeholder }
  });
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q");
  var input = box.querySelector("input");
  if (query && input) {
    input.value = query;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
});

// Progressive enhancement of the timeline page: the topic links become filter buttons.
// Without JavaScript the page lists every event and links to each topic's own timeline.
// Each link is swapped in place for a button of the same size, so nothing on the page moves.
(function () {
  var nav = document.querySelector("[data-timeline-filter]");
  if (!nav) return;
  var events = Array.prototype.slice.call(document.querySelectorAll(".year .timeline > li"));
  var years = Array.prototype.slice.call(document.querySelectorAll(".year"));
  var status = document.querySelector("[data-timeline-status]");
  var list = nav.querySelector("ul");
  var buttons = [];

  function show(topic) {
    var shown = 0;
    events.forEach(function (event) {
      var match = !topic || (" " + event.dataset.topics + " ").indexOf(" " + topic + " ") !== -1;
      event.hidden = !match;
      if (match) shown += 1;
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector(".timeline > li:not([hidden])");
    });
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.topic === topic));
    });
    if (status) status.textContent = status.dataset.template.replace("%(count)s", String(shown));
  }

  Array.prototype.forEach.call(list.querySelectorAll("a[data-topic]"), function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.dataset.topic = link.dataset.topic;
    button.textContent = link.textContent;
    button.addEventListener("click", function () { show(button.dataset.topic); });
    link.parentNode.replaceChild(button, link);
    buttons.push(button);
  });
  // A group of toggle buttons, no longer a list of links to other pages.
  var group = document.createElement("div");
  group.className = "topic-filter";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", nav.dataset.label);
  nav.parentNode.replaceChild(group, nav);
  group.appendChild(list);
  show("");
})();

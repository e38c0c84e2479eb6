// Progressive enhancement of the timeline page: topic filter buttons.
// Without JavaScript the page lists every event and links to each topic's own timeline.
(function () {
  var nav = document.querySelector("[data-timeline-filter]");
  if (!nav) return;
  var events = Array.prototype.slice.call(document.querySelectorAll(".timeline .event"));
  var years = Array.prototype.slice.call(document.querySelectorAll(".year"));
  var status = document.querySelector("[data-timeline-status]");
  var group = document.createElement("div");
  group.className = "filter-buttons";
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", nav.dataset.label);

  function show(topic) {
    var shown = 0;
    events.forEach(function (event) {
      var match = !topic || (" " + event.dataset.topics + " ").indexOf(" " + topic + " ") !== -1;
      event.hidden = !match;
      if (match) shown += 1;
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector(".event:not([hidden])");
    });
    Array.prototype.forEach.call(group.children, function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.topic === (topic || "")));
    });
    if (status) status.textContent = status.dataset.template.replace("%(count)s", String(shown));
  }

  function addButton(topic, label) {
    var button = document.createElement("button");
    button.type = "button";
    button.dataset.topic = topic;
    button.textContent = label;
    button.addEventListener("click", function () { show(topic); });
    group.appendChild(button);
  }

  addButton("", nav.dataset.all);
  Array.prototype.forEach.call(nav.querySelectorAll("a[data-topic]"), function (link) {
    addButton(link.dataset.topic, link.textContent);
  });
  nav.parentNode.insertBefore(group, nav);
  nav.hidden = true;
  show("");
})();

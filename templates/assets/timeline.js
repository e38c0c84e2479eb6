// Progressive enhancement of the timeline page: the topic links become toggle buttons, any number of them
// pressed at once (an event shows when it is on any pressed topic), and the choice is kept in the address
// (?topic=energy&topic=computing) so that it survives a reload and can be shared. The year links above the
// list lead only to years that still show an event. Without JavaScript the page lists every event and
// links to each topic's own timeline. Each link is swapped in place for a button of the same size, so
// nothing on the page moves.
(function () {
  var nav = document.querySelector("[data-timeline-filter]");
  if (!nav) return;
  var events = Array.prototype.slice.call(document.querySelectorAll(".year .timeline > li"));
  var years = Array.prototype.slice.call(document.querySelectorAll(".year"));
  var yearLinks = Array.prototype.slice.call(document.querySelectorAll(".year-jump li"));
  var status = document.querySelector("[data-timeline-status]");
  var list = nav.querySelector("ul");
  var buttons = [];
  var known = {};

  function show(chosen) {
    var shown = 0;
    events.forEach(function (event) {
      var topics = event.dataset.topics.split(" ");
      var match = !chosen.length || chosen.some(function (topic) { return topics.indexOf(topic) !== -1; });
      event.hidden = !match;
      if (match) shown += 1;
    });
    years.forEach(function (year, index) {
      year.hidden = !year.querySelector(".timeline > li:not([hidden])");
      if (yearLinks[index]) yearLinks[index].hidden = year.hidden;
    });
    buttons.forEach(function (button) {
      var topic = button.dataset.topic;
      button.setAttribute("aria-pressed", String(topic ? chosen.indexOf(topic) !== -1 : !chosen.length));
    });
    if (status) status.textContent = status.dataset.template.replace("%(count)s", String(shown));
  }

  function chosenTopics() {
    return buttons.filter(function (button) {
      return button.dataset.topic && button.getAttribute("aria-pressed") === "true";
    }).map(function (button) { return button.dataset.topic; });
  }

  function remember(chosen) {
    var query = chosen.map(function (topic) { return "topic=" + encodeURIComponent(topic); }).join("&");
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  Array.prototype.forEach.call(list.querySelectorAll("a[data-topic]"), function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.dataset.topic = link.dataset.topic;
    button.textContent = link.textContent;
    known[link.dataset.topic] = true;
    button.addEventListener("click", function () {
      var chosen = chosenTopics();
      var topic = button.dataset.topic;
      if (!topic) chosen = [];
      else if (chosen.indexOf(topic) !== -1) chosen.splice(chosen.indexOf(topic), 1);
      else chosen.push(topic);
      show(chosen);
      remember(chosen);
    });
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
  show(new URLSearchParams(window.location.search).getAll("topic").filter(function (topic) { return known[topic]; }));
})();

/* Reference data refresh: start it with fetch, then poll its progress record until done.
   Plain fetch + setTimeout, no framework. Without JavaScript the form posts and the page reloads. */
(function () {
  var box = document.getElementById("refresh-progress");
  var form = document.getElementById("refresh-form");
  if (!box || !form) { return; }
  var button = form.querySelector("button[type=submit]");
  var bar = box.querySelector("[data-testid=progress-bar]");
  var state = box.querySelector("[data-testid=progress-state]");
  var count = box.querySelector("[data-testid=progress-count]");
  var message = box.querySelector("[data-testid=progress-message]");
  var STATES = {queued: "info", running: "info", done: "ok", failed: "bad"};

  function ago(iso) { return iso ? "Just now" : "Never"; }

  function updateRows(objects) {
    (objects || []).forEach(function (o) {
      var row = document.querySelector('tr[data-object="' + o.object + '"]');
      if (!row) { return; }
      row.querySelector("[data-col=active]").textContent = o.active;
      row.querySelector("[data-col=inactive]").textContent = o.inactive;
      if (o.last_refresh_at) { row.querySelector("[data-col=refreshed]").textContent = ago(o.last_refresh_at); }
      row.querySelector("[data-col=status]").innerHTML = o.last_error
        ? '<span class="badge bad">Error</span>' : '<span class="badge ok">Up to date</span>';
    });
  }

  function show(p) {
    box.hidden = false;
    state.textContent = p.state_label;
    state.className = "badge " + (STATES[p.state] || "");
    count.textContent = p.total ? (p.state === "done" ? p.total : p.done) + " of " + p.total : "";
    message.textContent = p.message;
    if (p.finished) { bar.style.transition = "none"; }
    bar.style.width = p.percent + "%";
    bar.parentNode.className = "progress" + (p.state === "done" ? " done" : p.state === "failed" ? " failed" : "");
    if (p.finished) { button.disabled = false; updateRows(p.objects); }
  }

  function poll(url) {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (p) { show(p); if (!p.finished) { setTimeout(function () { poll(url); }, 700); } })
      .catch(function () { setTimeout(function () { poll(url); }, 3000); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (p) { show(p); box.dataset.progressUrl = p.progress_url; poll(p.progress_url); })
      .catch(function () { form.submit(); });
  });

  if (box.dataset.progressUrl) { poll(box.dataset.progressUrl); }
})();

/* A report run: poll its progress record until it is finished, then reload to show the report.
   Plain fetch + setTimeout, no framework; without JavaScript a manual reload shows the same. */
(function () {
  var box = document.getElementById("run-progress");
  if (!box) { return; }
  var bar = box.querySelector("[data-testid=progress-bar]");
  var step = box.querySelector("[data-testid=progress-step]");
  var message = box.querySelector("[data-testid=progress-message]");
  var state = box.querySelector("[data-testid=run-state]");
  function poll() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (p) {
        bar.style.width = p.percent + "%";
        step.textContent = p.step + (p.total ? " (" + p.done + " of " + p.total + ")" : "");
        message.textContent = p.message;
        state.textContent = p.state_label;
        if (p.finished) { window.location.reload(); } else { setTimeout(poll, 600); }
      })
      .catch(function () { setTimeout(poll, 2500); });
  }
  poll();
})();

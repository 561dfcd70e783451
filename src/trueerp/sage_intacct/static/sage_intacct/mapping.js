/* Mapping tables: "select all" ticks every suggestion of its table. No build step, no framework. */
(function () {
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll('input[name=codes][form="' + box.dataset.selectAll + '"]').forEach(function (cb) { cb.checked = box.checked; });
    });
  });
  // "Custom attribute" only matters when a dimension is fed by a custom attribute.
  document.querySelectorAll("[data-testid=dimension-config]").forEach(function (form) {
    var source = form.querySelector("select[name=source]");
    var attribute = form.querySelector("select[name=attribute_code]");
    if (!source || !attribute) { return; }
    var field = attribute.closest(".field");
    function sync() { field.style.display = source.value === "custom" ? "" : "none"; }
    source.addEventListener("change", sync);
    sync();
  });
})();

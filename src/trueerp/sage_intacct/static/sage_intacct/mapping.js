/* Mapping tables: "select all" ticks every suggestion of its table. No build step, no framework. */
(function () {
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll('input[name=codes][form="' + box.dataset.selectAll + '"]').forEach(function (cb) { cb.checked = box.checked; });
    });
  });
})();

// Registration form: dependent region selects through htmx (the form works without this).
//
// A select with data-region-child asks /wilayah/?parent=<its value> for the next
// level's <option>s (hx-get on the element). Here we only (1) send its value as
// "parent", (2) empty the levels further down when a higher level changes, and
// (3) hide the no-JavaScript "Lanjut" buttons. No eval, no inline code: CSP-safe.
(function () {
  "use strict";

  function resetSelect(selector) {
    var select = document.querySelector(selector);
    if (!select) return;
    while (select.options.length > 1) select.remove(1);
    select.selectedIndex = 0;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    if (!source.matches || !source.matches("select[data-region-child]")) return;
    if (!source.value) {
      // "— Pilih … —" again: nothing below it to offer.
      event.preventDefault();
      resetSelect(source.getAttribute("data-region-child"));
      return;
    }
    var parameters = event.detail.parameters;
    if (source.name) delete parameters[source.name];
    parameters.parent = source.value;
  });

  document.addEventListener("change", function (event) {
    var source = event.target;
    if (!source.matches || !source.matches("select[data-region-reset]")) return;
    resetSelect(source.getAttribute("data-region-reset"));
  });

  function hideNoJsControls() {
    document.querySelectorAll("[data-nojs]").forEach(function (element) {
      element.classList.add("d-none");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", hideNoJsControls);
  } else {
    hideNoJsControls();
  }
})();

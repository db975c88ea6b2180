// Province → city → district picker: each choice loads the next level from /api/regions.
(function () {
  "use strict";

  function reset(select) {
    select.length = 1;
    select.value = "";
    select.disabled = true;
  }

  function fill(select, regions) {
    regions.forEach(function (region) {
      select.add(new Option(region.name, region.code));
    });
    select.disabled = regions.length === 0;
  }

  function bind(picker) {
    var selects = Array.prototype.slice.call(picker.querySelectorAll("select"));
    var api = picker.getAttribute("data-api");
    picker.querySelectorAll("noscript").forEach(function (n) { n.remove(); });
    selects.forEach(function (select, level) {
      select.addEventListener("change", function () {
        var below = selects.slice(level + 1);
        below.forEach(reset);
        if (!select.value || !below.length) return;
        fetch(api + "?parent=" + encodeURIComponent(select.value), {
          headers: { Accept: "application/json" },
          credentials: "same-origin"
        })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(function (regions) {
            fill(below[0], regions);
            if (regions.length) below[0].focus();
          });
      });
    });
    // A choice made before this script ran (slow page, quick hand) still loads the next level.
    selects.forEach(function (select, level) {
      var next = selects[level + 1];
      if (select.value && next && next.options.length <= 1) {
        select.dispatchEvent(new Event("change"));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-region-picker]").forEach(bind);
  });
})();

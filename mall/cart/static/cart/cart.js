/* 沪上商城 cart: htmx requests carry the CSRF token from its cookie (cached pages hold none),
   the product page's buy form sends the SKU its picker shows, and a refused cart request (4xx
   with HX-Retarget) shows its message instead of being dropped. */
(function () {
  "use strict";

  function cookie(name) {
    const match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* The SKU chosen in the picker goes into the form; without a full choice, ask for one. */
  function chooseSku(form) {
    const picker = document.querySelector("[data-sku-picker]");
    const select = form.querySelector("[data-cart-sku]");
    if (!picker || !select) return true;
    const id = picker.dataset.skuId;
    const notice = form.querySelector("#cart-notice");
    if (!id) {
      if (notice) notice.innerHTML = '<p class="notice notice--error" role="alert"></p>';
      if (notice) notice.firstChild.textContent = form.dataset.choose;
      return false;
    }
    select.value = id;
    return true;
  }

  document.addEventListener("htmx:configRequest", (event) => {
    const detail = event.detail;
    if (detail.verb !== "get") {
      const token = cookie("csrftoken");
      if (token) detail.headers["X-CSRFToken"] = token;
    }
    const form = detail.elt.closest && detail.elt.closest("[data-cart-form]");
    if (!form) return;
    if (!chooseSku(form)) event.preventDefault();
    else detail.parameters.sku = form.querySelector("[data-cart-sku]").value;
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-cart-form]") && !chooseSku(form)) event.preventDefault();
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const xhr = event.detail.xhr;
    if (xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function hideSkuSelectWherePickerChooses() {
    if (!document.querySelector("[data-sku-picker]")) return;
    document.querySelectorAll("[data-cart-sku-row]").forEach((row) => { row.hidden = true; });
  }

  if (document.readyState !== "loading") hideSkuSelectWherePickerChooses();
  else document.addEventListener("DOMContentLoaded", hideSkuSelectWherePickerChooses);
})();

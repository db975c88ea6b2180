/* 沪上商城 — countdowns to the end of a 限时 price: <time data-promo-end="ISO"> (storefront
   jinja2/storefront/_countdown.html). The server writes the remaining time as text, so a page read
   without scripts still says how long is left; here it ticks every second from the end instant,
   worded by the element's data-format / data-days / data-done. At zero it says 已结束, and a
   moment later the prices are fetched again, once per end: on the product page (data-reload)
   the whole page, so the price, the SKU picker's prices and the cart form come back as the server
   prices them now; in a listing the listing (#listing, as its filters fetch it with htmx). */
(function () {
  "use strict";

  const pad = (n) => String(n).padStart(2, "0");
  const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);

  function remaining(node, seconds) {
    const days = Math.floor(seconds / 86400);
    const rest = seconds % 86400;
    const clock = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
    const time = days ? fill(node.dataset.days, { days: days, time: clock }) : clock;
    return fill(node.dataset.format, { time: time });
  }

  /* Once per page and end: should the server still show the ended price (its clock behind
     ours), the countdown stays at 已结束 instead of fetching again and again. */
  function once(node, fetch) {
    const key = `promo-refreshed:${location.pathname}${location.search}:${node.dataset.promoEnd}`;
    try {
      if (sessionStorage.getItem(key)) return;
      sessionStorage.setItem(key, "1");
    } catch (error) {
      return; // no storage: no refresh rather than risk a loop
    }
    window.setTimeout(fetch, 1000 + Math.random() * 2000);
  }

  function refreshPrices(node) {
    if (node.hasAttribute("data-reload")) {
      once(node, () => location.reload());
    } else if (node.closest("#listing") && window.htmx) {
      const swap = { target: "#listing", select: "#listing", swap: "outerHTML" };
      once(node, () => window.htmx.ajax("GET", location.href, swap));
    }
  }

  function tick() {
    const now = Date.now();
    document.querySelectorAll("[data-promo-end]:not(.is-ended)").forEach((node) => {
      const left = Math.ceil((Date.parse(node.dataset.promoEnd) - now) / 1000);
      if (left > 0) {
        node.textContent = remaining(node, left);
        return;
      }
      node.textContent = node.dataset.done;
      node.classList.add("is-ended");
      refreshPrices(node);
    });
  }

  function start() {
    tick();
    window.setInterval(tick, 1000); // listings swapped in by htmx are picked up on the next tick
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

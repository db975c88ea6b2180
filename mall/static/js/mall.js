/* 沪上商城 — the little JavaScript the pages need. Everything works without it; this adds the
   carousel's dots and autoplay, gallery thumbnails, the SKU picker and wide-screen filters. */
(function () {
  "use strict";

  const wide = window.matchMedia("(min-width: 768px)");

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  /* A horizontal scroll-snap track: which slide is showing, and scroll to slide n. */
  function slider(track) {
    const slides = () => Array.from(track.children);
    return {
      index() {
        return Math.round(track.scrollLeft / Math.max(1, track.clientWidth));
      },
      go(n) {
        const count = slides().length;
        track.scrollTo({ left: ((n + count) % count) * track.clientWidth, behavior: "smooth" });
      },
      count: () => slides().length,
    };
  }

  function initCarousel(root) {
    const track = root.querySelector("[data-carousel-track]");
    const dots = Array.from(root.querySelectorAll("[data-carousel-dots] button"));
    if (!track || dots.length < 2) return;
    const s = slider(track);
    const mark = () => dots.forEach((d, i) => d.classList.toggle("is-active", i === s.index()));
    dots.forEach((dot, i) => dot.addEventListener("click", () => s.go(i)));
    track.addEventListener("scroll", () => window.requestAnimationFrame(mark), { passive: true });
    let timer = null;
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const start = () => { if (!reduce) timer = window.setInterval(() => s.go(s.index() + 1), 5000); };
    const stop = () => window.clearInterval(timer);
    root.addEventListener("pointerenter", stop);
    root.addEventListener("pointerleave", start);
    root.addEventListener("touchstart", stop, { passive: true });
    start();
  }

  function initGallery(root) {
    const track = root.querySelector("[data-gallery-track]");
    const thumbs = Array.from(root.querySelectorAll("[data-gallery-thumb]"));
    const counter = root.querySelector("[data-gallery-index]");
    if (!track) return;
    const s = slider(track);
    const mark = () => {
      const i = s.index();
      thumbs.forEach((t, n) => t.classList.toggle("is-active", n === i));
      if (counter) counter.textContent = String(i + 1);
    };
    thumbs.forEach((thumb) => {
      const go = (event) => { event.preventDefault(); s.go(Number(thumb.dataset.galleryThumb)); };
      thumb.addEventListener("click", go);
      thumb.addEventListener("mouseenter", () => { if (wide.matches) s.go(Number(thumb.dataset.galleryThumb)); });
    });
    track.addEventListener("scroll", () => window.requestAnimationFrame(mark), { passive: true });
  }

  /* SKU picker: buttons per spec value; a full choice shows that SKU's price and stock, and
     values that would lead to no SKU in stock are disabled. */
  function initSkuPicker(root) {
    const dataNode = document.getElementById("sku-data");
    if (!dataNode) return;
    const data = JSON.parse(dataNode.textContent);
    const specCount = data.specs.length;
    const chosen = new Array(specCount).fill(null);
    const buttons = Array.from(root.querySelectorAll(".sku-option"));
    const price = document.querySelector("[data-sku-price]");
    const market = document.querySelector("[data-sku-market]");
    const stock = root.querySelector("[data-sku-stock]");
    const hint = root.querySelector("[data-sku-hint]");
    const fill = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);

    const matches = (sku, selection) => selection.every((v, i) => v === null || sku.values[i] === v);
    const available = (spec, value) => {
      const selection = chosen.slice();
      selection[spec] = value;
      return data.skus.some((sku) => sku.stock > 0 && matches(sku, selection));
    };

    function render() {
      buttons.forEach((button) => {
        const spec = Number(button.dataset.spec);
        const value = button.dataset.value;
        button.setAttribute("aria-pressed", String(chosen[spec] === value));
        button.disabled = !available(spec, value);
      });
      const complete = chosen.every((v) => v !== null);
      const sku = complete ? data.skus.find((s) => matches(s, chosen)) : null;
      if (sku) {
        price.textContent = sku.price;
        market.textContent = sku.market_price;
        stock.textContent = sku.stock > 0 ? fill(data.labels.stock, { count: sku.stock }) : data.labels.sold_out;
        stock.classList.toggle("is-out", sku.stock <= 0);
        hint.textContent = fill(data.labels.chosen, { values: chosen.join(" / ") });
        root.dataset.skuId = String(sku.id);
      } else {
        price.textContent = price.dataset.range;
        market.textContent = market.dataset.range;
        const missing = data.specs.filter((_, i) => chosen[i] === null).map((s) => s.name);
        hint.textContent = missing.length ? fill(data.labels.choose, { names: missing.join(" / ") }) : "";
        delete root.dataset.skuId;
      }
    }

    buttons.forEach((button) => {
      button.addEventListener("click", () => {
        const spec = Number(button.dataset.spec);
        chosen[spec] = chosen[spec] === button.dataset.value ? null : button.dataset.value;
        render();
      });
    });
    data.specs.forEach((spec, i) => { if (spec.values.length === 1) chosen[i] = spec.values[0]; });
    render();
  }

  /* The category index's rail marks the section in view. */
  function initScrollSpy(rail) {
    const links = Array.from(rail.querySelectorAll("a[href^='#']"));
    const mark = (id) => links.forEach((a) => a.classList.toggle("is-active", a.hash === "#" + id));
    const observer = new IntersectionObserver((entries) => {
      entries.forEach((entry) => { if (entry.isIntersecting) mark(entry.target.id); });
    }, { rootMargin: "-20% 0px -70% 0px" });
    links.forEach((a) => {
      const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (target) observer.observe(target);
    });
  }

  function openFiltersOnWideScreens(scope) {
    if (!wide.matches) return;
    scope.querySelectorAll("details[data-open-wide]").forEach((d) => { d.open = true; });
  }

  /* After htmx has pushed a new URL, switching language should come back to that URL. */
  function keepLanguageSwitchOnThisPage(event) {
    const form = event.target;
    if (form.matches(".lang-switch") && form.elements.next) {
      form.elements.next.value = window.location.pathname + window.location.search;
    }
  }

  document.addEventListener("submit", keepLanguageSwitchOnThisPage);

  onReady(() => {
    document.querySelectorAll("[data-carousel]").forEach(initCarousel);
    document.querySelectorAll("[data-gallery]").forEach(initGallery);
    document.querySelectorAll("[data-sku-picker]").forEach(initSkuPicker);
    document.querySelectorAll("[data-scrollspy]").forEach(initScrollSpy);
    openFiltersOnWideScreens(document);
    document.body.addEventListener("htmx:afterSettle", () => openFiltersOnWideScreens(document));
  });
})();

// Counts down to each <time data-countdown="ISO"> once a second (天 时:分:秒).
(function () {
  var nodes = document.querySelectorAll("[data-countdown]");
  if (!nodes.length) return;
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function tick() {
    var now = Date.now();
    nodes.forEach(function (node) {
      var left = Math.max(0, Math.floor((Date.parse(node.dataset.countdown) - now) / 1000));
      var days = Math.floor(left / 86400), rest = left % 86400;
      var clock = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor(rest % 3600 / 60)) + ":" + pad(rest % 60);
      node.textContent = (days ? days + "天 " : "") + clock;
    });
  }
  tick();
  setInterval(tick, 1000);
})();

/* The "获取验证码" button: post the number (with the form's CSRF token) to the send endpoint,
   show the answer and count down until a new code may be requested. Without this script the
   button submits the form to the same endpoint and the page comes back with the answer. */
(function () {
  "use strict";

  function countdown(button, seconds) {
    const label = button.dataset.againText;
    let left = seconds;
    const tick = () => {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = button.dataset.waitText.replace("{n}", String(left));
      left -= 1;
      window.setTimeout(tick, 1000);
    };
    tick();
  }

  function show(status, message, ok) {
    if (!status) return;
    status.textContent = message;
    status.classList.toggle("is-error", !ok);
    status.hidden = !message;
  }

  async function send(button) {
    const form = button.form;
    const status = document.querySelector("[data-send-status]");
    button.disabled = true;
    try {
      const response = await fetch(button.formAction, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      show(status, data.message, data.ok);
      if (data.retry_after > 0) {
        countdown(button, data.retry_after);
      } else {
        button.disabled = false;
      }
      if (data.ok) form.querySelector("input[name=code]")?.focus();
    } catch (error) {
      show(status, button.dataset.errorText, false);
      button.disabled = false;
    }
  }

  function init() {
    const button = document.querySelector("[data-send-code]");
    if (!button) return;
    button.addEventListener("click", (event) => {
      event.preventDefault();
      send(button);
    });
    const pending = Number(button.dataset.countdown || 0);
    if (pending > 0) countdown(button, pending);
  }

  if (document.readyState !== "loading") init();
  else document.addEventListener("DOMContentLoaded", init);
})();

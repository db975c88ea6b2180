"""A shopper over HTTP, as a browser with its cookies: sign in, then add the basket to the cart
→ POST /api/checkout → the sandbox cashier's 支付成功 (→ the return page). Whether and when the
payment became paid is read afterwards (bench/checkout_probe.py). Standard library only;
loopback addresses only."""

import http.cookiejar
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from bench.wrk import LOOPBACK_HOSTS

REQUEST_TIMEOUT_SECONDS = 30


class FlowError(RuntimeError):
    """A step answered something else than the flow expects; the message names the step."""


@dataclass
class ClientResult:
    checkouts: list[tuple[str, float]] = field(default_factory=list)  # (payment no, started)
    errors: list[str] = field(default_factory=list)
    requests: int = 0


def payment_no_of(pay_url: str) -> str:
    """The sandbox cashier's URL ends with …/sandbox/<payment no>/."""
    parts = [part for part in urllib.parse.urlsplit(pay_url).path.split("/") if part]
    if len(parts) < 2 or parts[-2] != "sandbox":
        raise FlowError("checkout: the answer names no sandbox cashier")
    return parts[-1]


class Shopper:
    def __init__(self, base_url: str):
        if urllib.parse.urlsplit(base_url).hostname not in LOOPBACK_HOSTS:
            raise ValueError(f"refusing a non-loopback address: {base_url}")
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.requests = 0

    def send(
        self, step: str, method: str, path: str, *, expect: int, json_body: Any = None,
        form: dict[str, str] | None = None, headers: dict[str, str] | None = None,
    ) -> bytes:  # fmt: skip
        """The answer's body; FlowError unless the status (after redirects) is `expect`."""
        headers = {"X-CSRFToken": self.csrf_token(), **(headers or {})}
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            urllib.parse.urljoin(self.base_url, path), data=data, headers=headers, method=method
        )
        self.requests += 1
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT_SECONDS) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError as error:
            raise FlowError(f"{step}: {type(error).__name__}") from error
        if status != expect:
            raise FlowError(f"{step}: HTTP {status}")
        return body

    def csrf_token(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def sign_in(self, mobile: str, password: str) -> None:
        self.send("login page", "GET", "/account/login/?tab=password", expect=200)
        form = {"method": "password", "mobile": mobile, "password": password,
                "csrfmiddlewaretoken": self.csrf_token()}  # fmt: skip
        self.send("login", "POST", "/account/login/", form=form, expect=200)
        if not any(cookie.name == "sessionid" for cookie in self.cookies):
            raise FlowError("login: no session")

    def checkout(self, basket: list[int], address_id: int) -> str:
        """Add the basket, check out, press 支付成功; the payment's number. The return page
        answers at once; the payment becomes paid when its notification has been verified."""
        for sku_id in basket:
            body = {"sku_id": sku_id, "quantity": 1}
            self.send("add to cart", "POST", "/api/cart/lines", json_body=body, expect=200)
        answer = self.send(
            "checkout", "POST", "/api/checkout", json_body={"address_id": address_id},
            headers={"Idempotency-Key": uuid.uuid4().hex}, expect=201,
        )  # fmt: skip
        pay_url = json.loads(answer)["pay_url"]
        form = {"decision": "success", "csrfmiddlewaretoken": self.csrf_token()}
        self.send("sandbox pay", "POST", pay_url, form=form, expect=200)  # → the return page
        return payment_no_of(pay_url)

    def payment_status(self, payment_no: str) -> str:
        answer = self.send("payment status", "GET", f"/api/payments/{payment_no}", expect=200)
        return json.loads(answer)["status"]


@dataclass
class Window:
    """The timed window, on the wall clock (time.time()), which payments' paid_at share."""

    start: float = 0.0
    end: float = 0.0


def run_clients(
    base_url: str, buyers: list[dict], password: str, basket: list[int], seconds: float
) -> tuple[list[Shopper], list[ClientResult], Window]:
    """One shopper per buyer signs in and does one untimed checkout; then, together, they
    check out back to back for `seconds`, each noting (payment no, wall-clock start)."""
    shoppers = [Shopper(base_url) for _ in buyers]
    results = [ClientResult() for _ in buyers]
    window = Window()

    def open_window() -> None:
        window.start = time.time()
        window.end = window.start + seconds

    ready = threading.Barrier(len(buyers) + 1, action=open_window)

    def shop(n: int) -> None:
        shopper, result, buyer = shoppers[n], results[n], buyers[n]
        try:
            shopper.sign_in(buyer["mobile"], password)
            shopper.checkout(basket, buyer["address_id"])  # warm-up
        except FlowError as error:
            result.errors.append(f"warm-up {error}")
        ready.wait()
        shopper.requests = 0
        while (started := time.time()) < window.end:
            try:
                result.checkouts.append((shopper.checkout(basket, buyer["address_id"]), started))
            except FlowError as error:
                result.errors.append(str(error))
        result.requests = shopper.requests

    threads = [threading.Thread(target=shop, args=(n,), daemon=True) for n in range(len(buyers))]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join()
    return shoppers, results, window

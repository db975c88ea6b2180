"""A shopper over HTTP, as a browser with its cookies: sign in, then add the basket to the cart
→ POST /api/checkout → the sandbox cashier's 支付成功 → poll the payment until it is paid.
Standard library only; loopback addresses only."""

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

PAID_TIMEOUT_SECONDS = 30
POLL_SECONDS = 0.05
REQUEST_TIMEOUT_SECONDS = 30


class FlowError(RuntimeError):
    """A step answered something else than the flow expects; the message names the step."""


@dataclass
class ClientResult:
    latencies_ms: list[float] = field(default_factory=list)  # paid checkouts inside the window
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

    def checkout(self, basket: list[int], address_id: int) -> None:
        """One paid checkout: returns once the mall reports the payment paid."""
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
        self.wait_until_paid(payment_no_of(pay_url))

    def wait_until_paid(self, payment_no: str) -> None:
        deadline = time.monotonic() + PAID_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            answer = self.send("payment status", "GET", f"/api/payments/{payment_no}", expect=200)
            if json.loads(answer)["status"] == "paid":
                return
            time.sleep(POLL_SECONDS)
        raise FlowError(f"paid: not within {PAID_TIMEOUT_SECONDS} s")


def run_clients(
    base_url: str, buyers: list[dict], password: str, basket: list[int], clients: int,
    seconds: float,
) -> list[ClientResult]:  # fmt: skip
    """`clients` shoppers sign in and do one untimed checkout each; then, together, checkouts
    back to back for `seconds`. Only checkouts paid inside that window count."""
    results = [ClientResult() for _ in range(clients)]
    window: dict[str, float] = {}
    ready = threading.Barrier(
        clients + 1, action=lambda: window.update(end=time.monotonic() + seconds)
    )

    def shop(n: int) -> None:
        result, buyer = results[n], buyers[n]
        shopper = Shopper(base_url)
        try:
            shopper.sign_in(buyer["mobile"], password)
            shopper.checkout(basket, buyer["address_id"])  # warm-up
        except FlowError as error:
            result.errors.append(f"warm-up {error}")
        ready.wait()
        shopper.requests = 0
        while (started := time.monotonic()) < window["end"]:
            try:
                shopper.checkout(basket, buyer["address_id"])
            except FlowError as error:
                result.errors.append(str(error))
                continue
            finished = time.monotonic()
            if finished <= window["end"]:
                result.latencies_ms.append((finished - started) * 1000)
        result.requests = shopper.requests

    threads = [threading.Thread(target=shop, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    for thread in threads:
        thread.join()
    return results

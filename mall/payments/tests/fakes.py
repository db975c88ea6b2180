"""Stand-ins for the gateways' servers, reached through the injectable HTTP transport. They
check the mall's request signatures and answer with responses signed by the gateway's key,
so the mall's real verification code runs on both sides."""

import json
import secrets
import time
import urllib.parse
from collections.abc import Callable, Mapping

from cryptography.hazmat.primitives.asymmetric import rsa

from mall.payments import crypto
from mall.payments.gateways.signing import canonical
from mall.payments.transport import HttpResult

Handler = Callable[[str, str, Mapping[str, str], bytes], HttpResult]
_current: list[Handler] = []


def transport(method: str, url: str, headers: Mapping[str, str], body: bytes) -> HttpResult:
    if not _current:
        raise OSError("no gateway server in this test")
    return _current[-1](method, url, headers, body)


def install(handler: Handler) -> None:
    _current.clear()
    _current.append(handler)


def uninstall() -> None:
    _current.clear()


class AlipayServer:
    """Answers alipay.trade.* calls: `answers[method]` is the response node to sign."""

    def __init__(self, alipay_key: rsa.RSAPrivateKey, merchant_public: rsa.RSAPublicKey) -> None:
        self.alipay_key = alipay_key
        self.merchant_public = merchant_public
        self.answers: dict[str, dict] = {}
        self.calls: list[dict[str, str]] = []

    def __call__(self, method: str, url: str, headers: Mapping[str, str], body: bytes):
        params = dict(urllib.parse.parse_qsl(body.decode()))
        assert crypto.verify(
            self.merchant_public, canonical(params, exclude=frozenset({"sign"})), params["sign"]
        ), "the mall's request signature does not verify"
        self.calls.append(params)
        name = params["method"].replace(".", "_") + "_response"
        node = json.dumps(self.answers[params["method"]], ensure_ascii=False)
        text = f'{{"{name}":{node},"sign":"{crypto.sign(self.alipay_key, node)}"}}'
        return HttpResult(200, text.encode())


class WechatServer:
    """Answers API v3 calls by path prefix: `answers[(method, prefix)] = (status, json)`."""

    def __init__(
        self, platform_key: rsa.RSAPrivateKey, serial: str, merchant_public: rsa.RSAPublicKey
    ) -> None:
        self.platform_key = platform_key
        self.serial = serial
        self.merchant_public = merchant_public
        self.answers: dict[tuple[str, str], tuple[int, dict]] = {}
        self.calls: list[tuple[str, str, dict]] = []

    def __call__(self, method: str, url: str, headers: Mapping[str, str], body: bytes):
        path = url.split("://", 1)[1].split("/", 1)[1]
        self._check_authorization(method, "/" + path, headers["Authorization"], body)
        self.calls.append((method, "/" + path, json.loads(body) if body else {}))
        for (verb, prefix), (status, answer) in self.answers.items():
            if verb == method and ("/" + path).startswith(prefix):
                payload = json.dumps(answer).encode()
                return HttpResult(status, payload, signed_headers(self, payload))
        return HttpResult(404, b'{"code":"RESOURCE_NOT_EXISTS","message":"not found"}')

    def _check_authorization(self, method: str, path: str, header: str, body: bytes) -> None:
        scheme, _space, rest = header.partition(" ")
        assert scheme == "WECHATPAY2-SHA256-RSA2048"
        fields = dict(part.split("=", 1) for part in rest.split(","))
        fields = {name: value.strip('"') for name, value in fields.items()}
        message = (
            f"{method}\n{path}\n{fields['timestamp']}\n{fields['nonce_str']}\n{body.decode()}\n"
        )
        assert crypto.verify(self.merchant_public, message, fields["signature"])


def signed_headers(
    server: WechatServer, body: bytes, *, timestamp: int | None = None
) -> dict[str, str]:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    nonce = secrets.token_hex(16)
    message = f"{stamp}\n{nonce}\n{body.decode()}\n"
    return {
        "wechatpay-timestamp": stamp,
        "wechatpay-nonce": nonce,
        "wechatpay-signature": crypto.sign(server.platform_key, message),
        "wechatpay-serial": server.serial,
    }

"""The gateways' HTTP calls go through one small callable, so tests (and a proxy setup) can
answer instead of the network: `transport(method, url, headers, body) -> HttpResult`."""

import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from mall.payments import conf


@dataclass(frozen=True)
class HttpResult:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


Transport = Callable[[str, str, Mapping[str, str], bytes], HttpResult]


def urllib_transport(method: str, url: str, headers: Mapping[str, str], body: bytes) -> HttpResult:
    request = urllib.request.Request(url, data=body or None, headers=dict(headers), method=method)
    try:
        with urllib.request.urlopen(request, timeout=conf.http_timeout()) as response:
            return HttpResult(response.status, response.read(), _lower(response.headers))
    except urllib.error.HTTPError as error:  # 4xx/5xx still carry the gateway's answer
        return HttpResult(error.code, error.read(), _lower(error.headers))


def current() -> Transport:
    return import_string(conf.http_transport())


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}

"""The carriers a seller can ship with and the shape of their tracking numbers (运单号)."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_NOISE = re.compile(r"[\s\-]")
_S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


@dataclass(frozen=True)
class Carrier:
    code: str
    name: Promise
    pattern: re.Pattern[str]
    example: str


def _s10_check_digit_ok(number: str) -> bool:
    """UPU S10 numbers (EMS international style, EA123456789CN) carry a mod-11 check digit."""
    match = _S10.match(number)
    if match is None:
        return True  # not an S10 number: the pattern alone decides
    serial, check = match.groups()
    remainder = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    expected = {10: 0, 11: 5}.get(remainder, remainder)
    return int(check) == expected


CARRIERS: dict[str, Carrier] = {
    carrier.code: carrier
    for carrier in (
        Carrier("SF", _("顺丰速运"), re.compile(r"^(SF\d{13}|\d{12})$"), "SF1234567890123"),
        Carrier("ZTO", _("中通快递"), re.compile(r"^(\d{12}|\d{14,15})$"), "78123456789012"),
        Carrier("STO", _("申通快递"), re.compile(r"^\d{12,13}$"), "7712345678901"),
        Carrier("YTO", _("圆通速递"), re.compile(r"^YT\d{13}$"), "YT1234567890123"),
        Carrier("YUNDA", _("韵达快递"), re.compile(r"^(\d{13}|\d{15})$"), "4312345678901"),
        Carrier("JD", _("京东物流"), re.compile(r"^JD(\d{13}|V[A-Z]\d{11})$"), "JDVA12345678901"),
        Carrier(
            "EMS",
            _("邮政EMS"),
            re.compile(r"^(\d{13}|[A-Z]{2}\d{9}[A-Z]{2})$"),
            "1123456789012",
        ),
    )
}
CARRIER_CHOICES = [(carrier.code, carrier.name) for carrier in CARRIERS.values()]


def validate_tracking_number(carrier_code: str, number: str) -> str:
    """The tracking number without spaces or dashes, upper case; ValidationError if it cannot be
    one of this carrier's."""
    carrier = CARRIERS.get(carrier_code)
    if carrier is None:
        raise ValidationError(gettext("不支持的快递公司"), code="unknown_carrier")
    normalised = _NOISE.sub("", number or "").upper()
    if not normalised:
        raise ValidationError(gettext("请填写运单号"), code="required")
    if not carrier.pattern.match(normalised) or not _s10_check_digit_ok(normalised):
        message = gettext("%(carrier)s运单号格式不正确，例如 %(example)s") % {
            "carrier": carrier.name,
            "example": carrier.example,
        }
        raise ValidationError(message, code="invalid_tracking_number")
    return normalised

"""统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-character
alphabet without I, O, Z, S and V; the last one is a check character over the first 17."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CREDIT_CODE_LENGTH = 18
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_credit_code(raw: str) -> str:
    """What people type: spaces and lower case are forgiven."""
    return "".join(raw.split()).upper()


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[-total % 31]


def validate_credit_code(value: str) -> None:
    """ValidationError with a message that says what is wrong with the code."""
    if len(value) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，当前为 %(count)d 位") % {"count": len(value)},
            code="length",
        )
    bad = sorted({char for char in value if char not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码不能包含“%(chars)s”（只用数字和除 I、O、Z、S、V 外的大写字母）")
            % {"chars": "".join(bad)},
            code="chars",
        )
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError(
            _("统一社会信用代码校验位不正确，请对照营业执照仔细核对"), code="checksum"
        )

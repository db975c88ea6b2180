import pytest
from django.core.exceptions import ValidationError

from mall.shipping.carriers import CARRIERS, validate_tracking_number

GOOD = {
    "SF": [("SF1234567890123", "SF1234567890123"), ("sf 1234 5678 90123", "SF1234567890123")],
    "ZTO": [("781234567890", "781234567890"), ("78123456789012", "78123456789012")],
    "STO": [("7712345678901", "7712345678901"), ("7712-3456-7890", "771234567890")],
    "YTO": [("YT1234567890123", "YT1234567890123"), ("yt1234567890123", "YT1234567890123")],
    "YUNDA": [("4312345678901", "4312345678901"), ("312345678901234", "312345678901234")],
    "JD": [("JD0012345678901", "JD0012345678901"), ("jdva12345678901", "JDVA12345678901")],
    "EMS": [("1123456789012", "1123456789012"), ("ea123456785cn", "EA123456785CN")],
}
BAD = {
    "SF": ["SF123456789012", "YT1234567890123", "12345678901"],
    "ZTO": ["7812345678901", "ZT1234567890", "12345678901234567"],
    "STO": ["12345678901", "ST12345678901", "77123456789012"],
    "YTO": ["1234567890123", "YT123456789012", "YT12345678901234"],
    "YUNDA": ["43123456789012", "123456789012", "YD4312345678901"],
    "JD": ["JD12345678901", "0012345678901", "JDVA1234567890X"],
    "EMS": ["EA123456789CN", "E123456785CN", "112345678901"],
}


def test_every_carrier_of_the_issue_is_there():
    assert set(CARRIERS) == {"SF", "ZTO", "STO", "YTO", "YUNDA", "JD", "EMS"}
    assert {str(c.name) for c in CARRIERS.values()} >= {"顺丰速运", "邮政EMS", "京东物流"}


@pytest.mark.parametrize(
    ("carrier", "raw", "normalised"),
    [(carrier, raw, normalised) for carrier, cases in GOOD.items() for raw, normalised in cases],
)
def test_good_numbers_come_back_normalised(carrier, raw, normalised):
    assert validate_tracking_number(carrier, raw) == normalised


@pytest.mark.parametrize(
    ("carrier", "raw"), [(carrier, raw) for carrier, cases in BAD.items() for raw in cases]
)
def test_bad_numbers_are_refused_in_chinese(carrier, raw):
    with pytest.raises(ValidationError) as error:
        validate_tracking_number(carrier, raw)
    assert error.value.messages == [
        f"{CARRIERS[carrier].name}运单号格式不正确，例如 {CARRIERS[carrier].example}"
    ]


def test_examples_are_valid_numbers():
    for carrier in CARRIERS.values():
        assert validate_tracking_number(carrier.code, carrier.example) == carrier.example


def test_empty_number_and_unknown_carrier():
    with pytest.raises(ValidationError, match="请填写运单号"):
        validate_tracking_number("SF", "  ")
    with pytest.raises(ValidationError, match="不支持的快递公司"):
        validate_tracking_number("DHL", "1234567890")


def test_carriers_api_lists_them_in_chinese(client):
    carriers = client.get("/api/shipping/carriers").json()
    assert {"code": "SF", "name": "顺丰速运", "example": "SF1234567890123"} in carriers
    assert len(carriers) == len(CARRIERS)

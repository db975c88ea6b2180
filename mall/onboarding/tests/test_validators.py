import pytest
from django.core.exceptions import ValidationError

from mall.onboarding.validators import (
    credit_code_check_char,
    normalize_credit_code,
    validate_credit_code,
)

# Codes of real companies as printed on their licences, and ones computed here for the tests.
VALID = [
    "91350100M000100Y43",  # the GB 32100-2015 example
    "91440300708461136T",
    "9144030071526726XG",
    "91110000802100433B",
    "91310000132149237G",
    "91310000" + "00000001X" + credit_code_check_char("9131000000000001X"),
    "12100000" + "40000060" + "0" + credit_code_check_char("12100000400000600"),
    "Y1310115" + "MA1K4ABC" + "D" + credit_code_check_char("Y1310115MA1K4ABCD"),
]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "problem", "says"),
    [
        ("", "length", "18 位"),
        ("91350100M000100Y4", "length", "当前为 17 位"),
        ("91350100M000100Y433", "length", "当前为 19 位"),
        ("91350100I000100Y43", "chars", "I"),
        ("91350100O000100Y43", "chars", "O"),
        ("91350100Z000100Y43", "chars", "Z"),
        ("91350100S000100Y43", "chars", "S"),
        ("91350100V000100Y43", "chars", "V"),
        ("91350100m000100Y43", "chars", "m"),
        ("9135010-M000100Y43", "chars", "-"),
        ("91350100M000100Y44", "checksum", "校验位"),
        ("91440300708461136A", "checksum", "校验位"),
        ("91440300708461163T", "checksum", "校验位"),  # two digits swapped
    ],
)
def test_invalid_codes_say_what_is_wrong(code, problem, says):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == problem
    assert says in caught.value.messages[0]


def test_spaces_and_lower_case_are_forgiven_before_checking():
    code = normalize_credit_code(" 9144 0300 7084 6113 6t ")
    assert code == "91440300708461136T"
    validate_credit_code(code)


def test_check_char_zero_when_sum_is_a_multiple_of_31():
    assert credit_code_check_char("0" * 17) == "0"

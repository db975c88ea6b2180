from django.utils import translation
from django.utils.translation import gettext as _

from mall.core.i18n import once_per_language

built: list[str] = []


@once_per_language
def words() -> tuple[str, str]:
    built.append(translation.get_language())
    return _("已售罄"), _("新品")


def test_words_are_built_once_in_each_language_asked_for():
    with translation.override("zh-hans"):
        assert words("en") == ("Sold out", "New")
        assert words("zh-hans") == ("已售罄", "新品")
        assert words("en") == ("Sold out", "New")
        assert translation.get_language() == "zh-hans"  # the active language is left alone
    assert built == ["en", "zh-hans"]

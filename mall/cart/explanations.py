"""Pricing explanations (codes and numbers from mall.pricing) worded for shoppers."""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from mall.core import promo_text
from mall.core.money import format_fen
from mall.pricing import Explanation

FREIGHT_REASONS = {
    "no_template": lambda: _("包邮"),
    "no_items": lambda: _("无需运费"),
    "free_over_amount": lambda: _("满额包邮"),
    "free_over_count": lambda: _("满件包邮"),
    "excluded_region": lambda: _("不配送到该地区"),
    "no_rule": lambda: _("该地区不在配送范围内"),
}


def describe(explanation: Explanation, shop_names: Mapping[int, str]) -> str:
    """One line such as “沪上数码：商品 3 件，共 ¥59.70”; the promotion layers' codes are
    worded by promo_text, and a code nobody words yet shows as it is, so nothing is hidden."""
    params = explanation.params
    shop = shop_names.get(params.get("shop_id"), "")
    prefix = f"{shop}：" if shop else ""
    if explanation.code == "goods":
        text = _("商品 %(quantity)s 件，共 %(amount)s") % {
            "quantity": params["quantity"],
            "amount": format_fen(params["amount"]),
        }
    elif explanation.code in {"freight", "undeliverable"}:
        text = _freight_text(params)
    else:
        text = promo_text.explanation_text(explanation) or explanation.code
    return prefix + text


def _freight_text(params: Mapping) -> str:
    reason = FREIGHT_REASONS.get(params["reason"])
    if reason is not None:
        return _("运费 %(fee)s（%(reason)s）") % {
            "fee": format_fen(params["fee"]),
            "reason": reason(),
        }
    return _("运费 %(fee)s") % {"fee": format_fen(params["fee"])}

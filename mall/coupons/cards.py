"""How a coupon reads on a card: its value (the shared wording in core.promo_text), when it
can be used, where, until when and whose it is. Used by the shopper's and the seller's pages."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from mall.core.money import format_fen
from mall.core.promo_text import coupon_value_text, joined
from mall.coupons.models import CouponTemplate, UserCoupon

DATE = "%Y.%m.%d"


@dataclass(frozen=True)
class CouponCard:
    name: str
    value: str  # “满100减20”, “8折 最高减¥50”, “包邮”
    condition: str  # “满¥199.00可用” / “无门槛”
    scope: str
    validity: str
    owner: str  # the shop's name, or 平台券


def template_card(template: CouponTemplate) -> CouponCard:
    return _card(template, _template_validity(template))


def wallet_card(coupon: UserCoupon) -> CouponCard:
    return _card(coupon.template, _dates(coupon.valid_from, coupon.valid_until))


def _card(template: CouponTemplate, validity: str) -> CouponCard:
    return CouponCard(
        name=template.name,
        value=coupon_value_text(template.as_coupon()),
        condition=_condition(template),
        scope=_scope(template),
        validity=validity,
        owner=template.shop.name if template.shop_id else _("平台券"),
    )


def _condition(template: CouponTemplate) -> str:
    if template.threshold:
        return _("满%(amount)s可用") % {"amount": format_fen(template.threshold)}
    return _("无门槛")


def _scope(template: CouponTemplate) -> str:
    parts = []
    if template.scope_product_ids or template.scope_sku_ids:
        parts.append(_("指定商品可用"))
    elif template.scope_category_ids:
        parts.append(_("指定类目可用"))
    elif template.scope_brand_ids:
        parts.append(_("指定品牌可用"))
    elif template.scope_tags:
        parts.append(_("指定活动商品可用"))
    elif template.scope_shop_ids and not template.shop_id:
        parts.append(_("指定店铺可用"))
    else:
        parts.append(_("本店通用") if template.shop_id else _("全场通用"))
    if template.scope_excluded_product_ids:
        parts.append(_("部分商品除外"))
    return joined(parts)


def _template_validity(template: CouponTemplate) -> str:
    if template.valid_days:
        return _("领取后 %(days)d 天内有效") % {"days": template.valid_days}
    return _dates(template.valid_from, template.valid_until)


def _dates(start: datetime | None, end: datetime | None) -> str:
    if end is None:
        return _("长期有效")
    until = timezone.localtime(end).strftime(DATE + " %H:%M")
    if start is None:
        return _("有效期至 %(until)s") % {"until": until}
    return f"{timezone.localtime(start).strftime(DATE)} – {until}"

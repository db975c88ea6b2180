"""Promotion wording in Django templates: `{% load promo %}{{ adjustment|adjustment_text }}`.
The words themselves live in mall.core.promo_text."""

from django import template

from mall.core import promo_text

register = template.Library()

register.filter("adjustment_text", promo_text.adjustment_text)
register.filter("hint_text", promo_text.hint_text)
register.filter("coupon_value_text", promo_text.coupon_value_text)
register.filter("coupon_reason_text", promo_text.coupon_reason_text)
register.filter("tag_label", promo_text.tag_label)

"""Promotions worded for people: the engine's codes and numbers (mall.pricing) as Chinese text.

Everyone words promotions through these functions. An unknown code (a later engine's) falls
back to a neutral text rather than failing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _

from mall.core.i18n import once_per_language
from mall.core.money import format_fen
from mall.pricing import Adjustment, CouponOption, Explanation, Hint, Problem
from mall.pricing.rules import (
    BASIS_POINTS,
    Basis,
    CatalogueKind,
    CatalogueRule,
    Coupon,
    CouponKind,
    OrderKind,
    OrderRule,
    Rule,
    Schedule,
)
from mall.pricing.schedule import window_label

Params = Mapping[str, int | str | None]


def weekday_names() -> tuple[str, ...]:
    """Monday … Sunday as a window's days are written (“六、日”; “Sat, Sun”)."""
    return (_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日"))


def joined(parts) -> str:
    """Clauses in one line: “满300减50，会员专享” / “…, members only”."""
    return _("，").join(parts)


def listed(items) -> str:
    """A short enumeration: “六、日” / “Sat, Sun”."""
    return _("、").join(items)


def zhe(discount_bp: int | None) -> str:
    """2000 basis points off → '8折'; 1500 → '8.5折'; 1234 → '8.766折'."""
    return _("%(zhe)s折") % {"zhe": _tenths_kept(discount_bp)}


def _tenths_kept(discount_bp: int | None) -> str:
    """The price kept in tenths, the number of a 折: 2000 basis points off → '8'."""
    return _plain(Decimal(BASIS_POINTS - int(discount_bp or 0)) / 1000)


def yuan(fen: int | None) -> str:
    """Short yuan for thresholds: 10000 → '100', 9950 → '99.5'."""
    return _plain(Decimal(int(fen or 0)) / 100)


def short_fen(fen: int | None) -> str:
    """¥ and short yuan: 5000 → '¥50', 4990 → '¥49.9'."""
    return f"¥{yuan(fen)}"


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- per-line adjustments and listing badges ----------------------------------------------


def adjustment_text(adjustment: Adjustment) -> str:
    """“限时折扣 8折 · 20:00–21:00”, “满200减30 分摊 ¥4.12”, “会员价 ¥80.00” …"""
    params = adjustment.params
    share = _("分摊 %(amount)s") % {"amount": format_fen(adjustment.amount)}
    code = adjustment.code
    if code == "group_price":
        return _("渠道价 %(price)s（%(quantity)s 件起）") % {
            "price": format_fen(params.get("unit_price")),
            "quantity": params.get("min_quantity"),
        }
    if code == "member_price":
        return _("会员价 %(price)s") % {"price": format_fen(params.get("unit_price"))}
    if code in CATALOGUE_BADGES:
        return _catalogue_text(code, params)
    if code in ("reduction", "order_discount"):
        return f"{_tier_text(code, params)} {share}"
    if code == "nth_item":
        return _("第%(nth)s件%(zhe)s") % {
            "nth": params.get("nth"),
            "zhe": zhe(params.get("discount_bp")),
        }
    if code == "coupon":
        return _("优惠券「%(name)s」 %(share)s") % {"name": params.get("name", ""), "share": share}
    return _("优惠 %(amount)s") % {"amount": format_fen(adjustment.amount)}


def _catalogue_text(code: str, params: Params) -> str:
    kind = params.get("kind")
    if kind == CatalogueKind.SPECIAL or code == "special":
        what = _("特价 %(price)s") % {"price": format_fen(params.get("unit_price"))}
    elif kind == CatalogueKind.AMOUNT or code == "amount_off":
        what = _("立减 %(amount)s") % {"amount": format_fen(params.get("amount"))}
    else:
        what = _("折扣 %(zhe)s") % {"zhe": zhe(params.get("discount_bp"))}
    if code != "time_slot":
        return what
    text = _("限时%(what)s") % {"what": what}
    return f"{text} · {params['window']}" if params.get("window") else text


@dataclass(frozen=True, slots=True)
class BadgeWords:
    """The messages a badge is made of, in one language."""

    special: str  # 特价
    amount_off: str  # 立减%(amount)s
    zhe: str  # %(zhe)s折
    time_slot: str  # 限时 %(what)s
    other: str  # 促销: a code this version does not know


@once_per_language
def badge_words() -> BadgeWords:
    """Looked up once per language: listings show a badge on every promoted card."""
    return BadgeWords(
        special=_("特价"),
        amount_off=_("立减%(amount)s"),
        zhe=_("%(zhe)s折"),
        time_slot=_("限时 %(what)s"),
        other=_("促销"),
    )


def badge_text(code: str | None, params: Params, language: str | None = None) -> str:
    """A listing's badge from a CataloguePrice's code and params: “限时 8折”, “特价”; in
    `language`, by default the active one."""
    words = badge_words(language or translation.get_language())
    if code not in CATALOGUE_BADGES:
        return words.other if code else ""
    kind = params.get("kind")
    if code == "special" or kind == CatalogueKind.SPECIAL:
        what = words.special
    elif code == "amount_off" or kind == CatalogueKind.AMOUNT:
        what = words.amount_off % {"amount": format_fen(params.get("amount"))}
    else:
        what = words.zhe % {"zhe": _tenths_kept(params.get("discount_bp"))}
    return words.time_slot % {"what": what} if code == "time_slot" else what


CATALOGUE_BADGES = ("time_slot", "discount", "amount_off", "special")

TAGS = {
    "time_slot": lambda: _("限时"),
    "special": lambda: _("特价"),
    "discount": lambda: _("折扣"),
    "reduction": lambda: _("满减"),
    "order_discount": lambda: _("满折"),
    "gift": lambda: _("买赠"),
    "nth_item": lambda: _("多件优惠"),
    "free_shipping": lambda: _("包邮"),
    "member_price": lambda: _("会员价"),
}


def tag_label(tag: str) -> str:
    """“限时”, “满减”, “会员价”, “包邮”, “买赠” …"""
    label = TAGS.get(tag)
    return label() if label else _("促销")


@lru_cache(maxsize=256)
def tag_labels(language: str, tags: tuple[str, ...]) -> tuple[str, ...]:
    """The labels of a product's tags in `language`, each once (two codes may share a label).
    Looked up once per process for each set of codes: a listing shows two or three tags on most
    of its cards, and shops combine the few codes in few ways."""
    with translation.override(language):
        return tuple(dict.fromkeys(tag_label(tag) for tag in tags))


# --- hints, explanations, problems --------------------------------------------------------


def _missing(params: Params) -> str:
    if params.get("basis") == Basis.QUANTITY:
        return _("%(count)s 件") % {"count": params.get("missing")}
    return format_fen(params.get("missing"))


def hint_text(hint: Hint) -> str:
    """“再买 ¥12.00 可享满100减20”, “再买 1 件可获赠品”."""
    params = hint.params
    if hint.code == "reduction_gap":
        reward = _tier_text("reduction", params)
    elif hint.code == "discount_gap":
        reward = _tier_text("order_discount", params)
    elif hint.code == "gift_gap":
        return _("再买 %(missing)s 可获赠品") % {"missing": _missing(params)}
    else:
        return _("再买一些可享更多优惠")
    return _("再买 %(missing)s 可享%(reward)s") % {"missing": _missing(params), "reward": reward}


def _tier_text(code: str, params: Params) -> str:
    """'满100减20', '每满100减10', '满3件减¥5.00', '满300打9折'."""
    quantity = params.get("basis") == Basis.QUANTITY
    reach = _tier_reach(params)
    if code == "order_discount":
        return _("满%(reach)s打%(zhe)s") % {"reach": reach, "zhe": zhe(params.get("value"))}
    value = format_fen(params.get("value")) if quantity else yuan(params.get("value"))
    if params.get("repeat"):
        return _("每满%(reach)s减%(value)s") % {"reach": reach, "value": value}
    return _("满%(reach)s减%(value)s") % {"reach": reach, "value": value}


def explanation_text(explanation: Explanation) -> str | None:
    """The promotion explanations of a breakdown (one per rule used, free shipping, a gift
    out of stock); None for the codes the cart words itself (goods, freight)."""
    params = explanation.params
    if explanation.code in ("goods", "freight", "undeliverable"):
        return None
    if explanation.code == "free_shipping":
        return _("已免运费 %(fee)s") % {"fee": format_fen(params.get("fee"))}
    if explanation.code == "gift_out_of_stock":
        return _("「%(name)s」的赠品已送完") % {"name": params.get("name", "")}
    if explanation.code == "gift":
        return _("「%(name)s」赠品已加入") % {"name": params.get("name", "")}
    name = params.get("name") or tag_label(explanation.code)
    return _("%(name)s 优惠 %(amount)s") % {
        "name": name,
        "amount": format_fen(params.get("amount")),
    }


COUPON_REASONS = {
    "scope": lambda: _("不在适用范围"),
    "not_started": lambda: _("未到使用时间"),
    "expired": lambda: _("已过期"),
    "not_stackable": lambda: _("不可与其他优惠券同时使用"),
    "not_found": lambda: _("不是您的优惠券"),
}


def coupon_reason_text(option: CouponOption) -> str:
    """Why a coupon cannot be used here: “还差 ¥12.00 可用”, “已过期” … ('' when usable)."""
    return _reason_text(option.reason, option.missing)


def _reason_text(reason: str | None, missing: int = 0) -> str:
    if reason is None:
        return ""
    if reason == "threshold":
        return _("还差 %(missing)s 可用") % {"missing": format_fen(missing)}
    text = COUPON_REASONS.get(reason)
    return text() if text else _("不可用")


def problem_text(problem: Problem) -> str:
    """What stops the cart being bought as it is: “至少购买 6 件”, “优惠券不可用：已过期”."""
    params = problem.params
    if problem.code == "min_quantity":
        return _("至少购买 %(quantity)s 件") % {"quantity": params.get("quantity")}
    if problem.code == "coupon_unusable":
        return _("优惠券不可用：%(reason)s") % {"reason": _reason_text(str(params.get("reason")))}
    return _("订单暂时无法提交，请刷新后重试")


# --- coupons and rules as a whole ---------------------------------------------------------


def coupon_value_text(coupon: Coupon) -> str:
    """“满100减20”, “¥20 无门槛”, “8折 最高减¥50”, “包邮”."""
    threshold = _("满%(reach)s") % {"reach": yuan(coupon.threshold)} if coupon.threshold else ""
    if coupon.kind == CouponKind.FREE_SHIPPING:
        return threshold + _("包邮")
    if coupon.kind == CouponKind.PERCENT:
        text = threshold + zhe(coupon.discount_bp)
        if coupon.cap is not None:
            text += " " + _("最高减%(cap)s") % {"cap": short_fen(coupon.cap)}
        return text
    if coupon.threshold:
        return _("满%(reach)s减%(value)s") % {
            "reach": yuan(coupon.threshold),
            "value": yuan(coupon.amount),
        }
    return _("%(amount)s 无门槛") % {"amount": short_fen(coupon.amount)}


def rule_summary(rule: Rule) -> str:
    """One line for any rule: “每天 20:00–21:00 8折”, “满300减50（跨店）”, “满99包邮”."""
    if isinstance(rule, CatalogueRule):
        text = _catalogue_summary(rule)
        when = schedule_text(rule.schedule)
        return f"{when} {text}" if when else text
    if isinstance(rule, OrderRule):
        text = _order_summary(rule)
        return (
            text + _("（跨店）")
            if rule.shop_id is None and rule.kind != OrderKind.NTH_ITEM
            else text
        )
    if rule.threshold:
        params = {"basis": rule.basis, "threshold": rule.threshold}
        reach = _tier_reach(params)
        return _("满%(reach)s包邮") % {"reach": reach}
    return _("包邮")


def _catalogue_summary(rule: CatalogueRule) -> str:
    if rule.kind == CatalogueKind.SPECIAL:
        return _("特价")
    if rule.kind == CatalogueKind.AMOUNT:
        return _("立减%(amount)s") % {"amount": format_fen(rule.amount)}
    return zhe(rule.discount_bp)


def _tier_reach(params: Params) -> str:
    if params.get("basis") == Basis.QUANTITY:
        return _("%(count)s件") % {"count": params.get("threshold")}
    return yuan(params.get("threshold"))


def _tier_params(rule: OrderRule, threshold: int, value: int = 0) -> Params:
    return {"basis": rule.basis, "threshold": threshold, "value": value, "repeat": int(rule.repeat)}


def _order_summary(rule: OrderRule) -> str:
    tiers = sorted(rule.tiers, key=lambda tier: tier.threshold)
    if rule.kind == OrderKind.NTH_ITEM:
        return _("第%(nth)s件%(zhe)s") % {"nth": rule.nth, "zhe": zhe(rule.discount_bp)}
    if rule.kind == OrderKind.GIFT:
        reach = _tier_reach(_tier_params(rule, tiers[0].threshold if tiers else 0))
        return _("满%(reach)s送赠品") % {"reach": reach}
    code = "reduction" if rule.kind == OrderKind.REDUCTION else "order_discount"
    parts = [_tier_text(code, _tier_params(rule, tier.threshold, tier.value)) for tier in tiers]
    text = joined(parts)
    if rule.repeat and rule.repeat_cap is not None:
        text += _("，最多减%(cap)s") % {"cap": format_fen(rule.repeat_cap)}
    return text


def schedule_text(schedule: Schedule) -> str:
    """'每天 20:00–21:00', '每周六、日 10:00–22:00' ('' without windows)."""
    parts = []
    for window in schedule.windows:
        if window.weekdays:
            names = weekday_names()
            days = listed(names[day] for day in sorted(window.weekdays))
            parts.append(
                _("每周%(days)s %(window)s") % {"days": days, "window": window_label(window)}
            )
        else:
            parts.append(_("每天 %(window)s") % {"window": window_label(window)})
    return joined(parts)

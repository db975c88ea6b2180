"""Why a promotion cannot be honoured, said where it is created (admin, seller form, service).

Each check raises Django's ValidationError with messages by field, so forms show them beside
the field; the service runs every check again on the whole rule (rows together)."""

import itertools
from collections import Counter
from collections.abc import Iterable
from datetime import time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mall.catalog.models import Product, Sku
from mall.core.money import format_fen
from mall.pricing.rules import BASIS_POINTS, Basis
from mall.promotions.models import CUSTOMER_GROUPS

Errors = dict[str, list[str]]


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def check_promotion(promotion) -> None:
    """Every single-row rule of a promotion (the rows beside it: `check_rows`)."""
    errors: Errors = {}
    _check_schedule(promotion, errors)
    _check_budget(promotion, errors)
    _check_discount(promotion, errors)
    _check_tiers(promotion, errors)
    _check_gift(promotion, errors)
    _check_audience(promotion, errors)
    _check_shipping(promotion, errors)
    if promotion.shop_id:
        _check_own_shop(promotion, errors)
    if errors:
        raise ValidationError(errors)


def _check_schedule(p, errors: Errors) -> None:
    if p.starts_at and p.ends_at and p.ends_at <= p.starts_at:
        _add(errors, "ends_at", _("结束时间必须晚于开始时间"))


def _check_budget(p, errors: Errors) -> None:
    if p.budget is None:
        return
    if p.budget <= 0:
        _add(errors, "budget", _("预算必须大于 0；不限预算请留空"))
    elif p.budget < p.spent:
        _add(
            errors, "budget",
            _("预算不能低于已使用的 %(spent)s") % {"spent": format_fen(p.spent)},
        )  # fmt: skip


def _check_discount(p, errors: Errors) -> None:
    Kind = type(p).Kind
    if p.kind in (Kind.PERCENT, Kind.NTH_ITEM):
        message = _bp_problem(p.discount_bp)
        if message:
            _add(errors, "discount_bp", message)
    if p.kind == Kind.NTH_ITEM and p.nth < 2:
        _add(errors, "nth", _("第N件优惠至少从第 2 件起"))
    if p.amount < 0:
        _add(errors, "amount", _("立减金额不能为负数"))
    elif p.kind == Kind.AMOUNT and p.amount == 0:
        _add(errors, "amount", _("请填写立减金额"))


def _bp_problem(bp: int) -> str | None:
    if bp < 0:
        return _("折扣不能为负数")
    if bp == 0:
        return _("请填写折扣")
    if bp >= BASIS_POINTS:
        return _("折扣不能达到或超过 100%")
    return None


def _check_tiers(p, errors: Errors) -> None:
    Kind = type(p).Kind
    if p.kind not in type(p).TIERED_KINDS:
        return
    tiers = p.tiers
    if not tiers or not all(_is_pair(tier) for tier in tiers):
        _add(errors, "tiers", _("请填写阶梯，如 [[10000, 2000]]（满100元减20元）"))
        return
    thresholds = [t for t, _v in tiers]
    values = [v for _t, v in tiers]
    if any(t <= 0 for t in thresholds):
        _add(errors, "tiers", _("门槛必须大于 0"))
    if any(b <= a for a, b in itertools.pairwise(thresholds)):
        _add(errors, "tiers", _("阶梯门槛必须逐级递增"))
    if p.kind != Kind.GIFT and any(b <= a for a, b in itertools.pairwise(values)):
        _add(errors, "tiers", _("阶梯优惠必须逐级递增"))
    if p.kind == Kind.REDUCTION:
        _check_reductions(p, tiers, errors)
    if p.kind == Kind.DISCOUNT:
        for value in values:
            message = _bp_problem(value)
            if message:
                _add(errors, "tiers", message)
                break
    if p.repeat and p.kind != Kind.REDUCTION:
        _add(errors, "repeat", _("只有满减可以“每满”叠加"))
    if p.repeat_cap is not None and p.repeat_cap <= 0:
        _add(errors, "repeat_cap", _("封顶金额必须大于 0"))


def _is_pair(tier) -> bool:
    return (
        isinstance(tier, list | tuple)
        and len(tier) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in tier)
    )


def _check_reductions(p, tiers, errors: Errors) -> None:
    for threshold, value in tiers:
        if value <= 0:
            _add(errors, "tiers", _("减免金额必须大于 0"))
        elif p.basis == Basis.AMOUNT and value > threshold:
            _add(
                errors, "tiers",
                _("满%(threshold)s减%(value)s：减免金额不能超过门槛")
                % {"threshold": format_fen(threshold), "value": format_fen(value)},
            )  # fmt: skip


def _check_gift(p, errors: Errors) -> None:
    if p.kind != type(p).Kind.GIFT:
        return
    if p.gift_sku_id is None:
        _add(errors, "gift_sku", _("请选择赠品"))
        return
    if p.gift_quantity < 1:
        _add(errors, "gift_quantity", _("赠品数量至少 1 件"))
        return
    stock = Sku.objects.filter(pk=p.gift_sku_id).values_list("stock", flat=True).first() or 0
    if stock <= 0:
        _add(errors, "gift_sku", _("赠品没有库存，请先补货或换一个赠品"))
    elif p.gift_quantity > stock:
        _add(
            errors, "gift_quantity",
            _("赠品库存只有 %(stock)s 件，不够每单赠送 %(quantity)s 件")
            % {"stock": stock, "quantity": p.gift_quantity},
        )  # fmt: skip


def _check_audience(p, errors: Errors) -> None:
    groups = p.audience_groups
    if not isinstance(groups, list) or not set(groups) <= set(CUSTOMER_GROUPS):
        _add(
            errors, "audience_groups",
            _("客户类型只能是：%(groups)s") % {"groups": "、".join(CUSTOMER_GROUPS)},
        )  # fmt: skip
    tags = p.audience_tags
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        _add(errors, "audience_tags", _('请填写标签列表，如 ["vip"]'))


def _check_shipping(p, errors: Errors) -> None:
    prefixes = p.region_prefixes
    if not isinstance(prefixes, list) or not all(
        isinstance(code, str) and code.isdigit() for code in prefixes
    ):
        _add(errors, "region_prefixes", _('请填写地区编码列表，如 ["31"]'))
    if p.threshold < 0:
        _add(errors, "threshold", _("门槛不能为负数"))


def _check_own_shop(p, errors: Errors) -> None:
    """A shop's rule names only its own shop, products and SKUs (categories and brands are
    the mall's, shared by every shop)."""
    if set(p.scope_shop_ids) - {p.shop_id}:
        _add(errors, "scope_shop_ids", _("店铺活动只能用于本店"))
    product_ids = set(p.scope_product_ids) | set(p.scope_excluded_product_ids)
    foreign = foreign_ids(Product, product_ids, p.shop_id)
    if foreign:
        _add(errors, "scope_product_ids", _foreign_message(foreign))
    foreign = foreign_ids(Sku, set(p.scope_sku_ids) | {p.gift_sku_id} - {None}, p.shop_id)
    if foreign:
        _add(errors, "scope_sku_ids", _foreign_message(foreign))


def foreign_ids(model, ids: Iterable[int], shop_id: int) -> list[int]:
    """The ids among `ids` that are not rows of `model` in this shop (unknown ids included)."""
    ids = set(ids)
    if not ids:
        return []
    own = set(model.objects.filter(pk__in=ids, shop_id=shop_id).values_list("pk", flat=True))
    return sorted(ids - own)


def _foreign_message(ids: list[int]) -> str:
    return _("只能选择本店的商品：编号 %(ids)s 不属于本店") % {"ids": "、".join(map(str, ids))}


def check_window(window) -> None:
    errors: Errors = {}
    start, end = window.start, window.end
    if start is not None and end is not None and end <= start and end != time(0):
        _add(errors, "end", _("时段的结束时间必须晚于开始时间（跨零点请拆成两段）"))
    days = window.weekdays
    if not isinstance(days, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days
    ):
        _add(errors, "weekdays", _("星期请填 0（周一）到 6（周日），如 [5, 6]"))
    if errors:
        raise ValidationError(errors)


def check_special_price(special) -> None:
    if special.unit_price is None or special.sku_id is None:
        return
    if special.unit_price < 0:
        raise ValidationError({"unit_price": _("特价不能为负数")})
    sku = Sku.objects.filter(pk=special.sku_id).only("price", "shop_id").first()
    if sku is None:
        return
    if special.unit_price >= sku.price:
        raise ValidationError(
            {"unit_price": _("特价必须低于原价 %(price)s") % {"price": format_fen(sku.price)}}
        )


def check_rows(promotion, *, special_sku_ids: list[int], shares: list[tuple[int | None, int]]):
    """What only the rows together say (see `check_special_rows`, `check_shares`)."""
    messages = []
    for check, rows in ((check_special_rows, special_sku_ids), (check_shares, shares)):
        try:
            check(promotion, rows)
        except ValidationError as exc:
            messages.extend(exc.messages)
    if messages:
        raise ValidationError(messages)


def check_special_rows(promotion, sku_ids: list[int]) -> None:
    """A 特价 names SKUs, each once, and a shop's own SKUs when a shop runs it."""
    messages = []
    if promotion.kind == type(promotion).Kind.SPECIAL and not sku_ids:
        messages.append(_("特价活动至少要设置一个 SKU 的特价"))
    if len(set(sku_ids)) != len(sku_ids):
        messages.append(_("同一个 SKU 只能设置一个特价"))
    if promotion.shop_id:
        foreign = foreign_ids(Sku, sku_ids, promotion.shop_id)
        if foreign:
            messages.append(_foreign_message(foreign))
    if messages:
        raise ValidationError(messages)


def check_shares(promotion, shares: list[tuple[int | None, int]]) -> None:
    """Joint shares (when there are any) name each party once and add up to 100 %."""
    if not shares:
        return
    messages = []
    parties = Counter(shop_id for shop_id, _bp in shares)
    if any(count > 1 for count in parties.values()):
        messages.append(_("同一出资方只能出现一次"))
    if any(bp <= 0 for _shop, bp in shares):
        messages.append(_("出资比例必须大于 0"))
    total = sum(bp for _shop, bp in shares)
    if total != BASIS_POINTS:
        messages.append(
            _("联合出资比例合计须为 100%%（现为 %(total)s%%）") % {"total": f"{total / 100:g}"}
        )
    if messages:
        raise ValidationError(messages)

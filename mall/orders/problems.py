"""Why a priced cart cannot be ordered as it is (pricing Problems), worded for the buyer."""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from mall.catalog.models import Sku
from mall.pricing.breakdown import Problem

COUPON_REASONS = {
    "threshold": lambda: _("未达到使用门槛"),
    "scope": lambda: _("不适用于所选商品"),
    "not_started": lambda: _("还未到使用时间"),
    "expired": lambda: _("已过期"),
    "not_stackable": lambda: _("不能与其他优惠券同时使用"),
    "one_per_shop": lambda: _("每个店铺只能使用一张店铺券"),
    "one_platform": lambda: _("每笔订单只能使用一张平台券"),
    "unknown": lambda: _("不在你的可用优惠券中"),
}


def problem_text(problem: Problem, skus: Mapping[int, Sku]) -> str:
    params = problem.params
    if problem.code == "min_quantity":
        sku = skus.get(params.get("sku_id"))
        return _("“%(name)s”至少需购买 %(quantity)s 件（起订量）") % {
            "name": sku.product.name if sku else "",
            "quantity": params.get("quantity"),
        }
    if problem.code == "coupon_unusable":
        reason = COUPON_REASONS.get(str(params.get("reason")), COUPON_REASONS["unknown"])
        return _("所选优惠券不可用：%(reason)s") % {"reason": reason()}
    return _("订单暂时无法提交，请刷新后重试")

"""Why a priced cart cannot be ordered as it is, worded for the buyer with the product named."""

from collections.abc import Mapping

from mall.catalog.models import Sku
from mall.core import promo_text
from mall.pricing.breakdown import Problem


def problem_text(problem: Problem, skus: Mapping[int, Sku]) -> str:
    """“清扬男士去屑洗发水”：至少购买 6 件 — the product first when the problem is one line's."""
    text = promo_text.problem_text(problem)
    sku = skus.get(problem.params.get("sku_id"))
    return f"“{sku.product.name}”：{text}" if sku else text

"""Builders for the seller product page tests: members of a role, and the editor's POST data."""

import itertools

from django.test import Client

from mall.catalog.models import Category
from mall.catalog.seller_forms import combo_prefix
from mall.merchants.models import Shop, ShopMember
from mall.merchants.tests.factories import ShopMemberFactory

Role = ShopMember.Role


def seller_client(shop: Shop, role: str = Role.OWNER) -> Client:
    client = Client()
    client.force_login(ShopMemberFactory(shop=shop, role=role).user)
    return client


def formset(prefix: str, rows: list[dict[str, str]], total: int = 3) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(max(total, len(rows))),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def sku_row(combo: tuple[str, ...], **values: str) -> dict[str, str]:
    prefix = combo_prefix(combo)
    row = {"price": "59.90", "market_price": "", "stock": "10", "weight_grams": "300",
           "barcode": "", "merchant_code": "", "is_active": "on"} | values  # fmt: skip
    return {
        f"{prefix}-present": "1",
        **{f"{prefix}-{k}": v for k, v in row.items() if v is not None},
    }


def product_data(
    leaf: Category,
    specs: list[tuple[str, str]] = (("颜色", "红色、蓝色"), ("尺码", "M、L")),
    sku_values: dict[tuple[str, ...], dict[str, str]] | None = None,
    params: list[tuple[str, str]] = (("产地", "上海"),),
    **info: str,
) -> dict[str, str]:
    """A complete, valid POST of the editor: one SKU row per combination of `specs`."""
    data = {"name": "纯棉圆领T恤", "subtitle": "夏季新款", "category": str(leaf.pk),
            "brand": "", "merchant_code": "TS-1", "description": "<p>好穿</p>"} | info  # fmt: skip
    data |= formset("param", [{"name": n, "value": v} for n, v in params])
    data |= formset("spec", [{"name": n, "values": v} for n, v in specs])
    values = [[part for part in v.replace("、", ",").split(",") if part] for _n, v in specs]
    for combo in itertools.product(*values):
        data |= sku_row(combo, **(sku_values or {}).get(combo, {}))
    return data

"""The product page's SKU picker: what its script needs (`sku_picker_data`, as JSON) and the
markup drawn once per spec value and per SKU (the value buttons, the buy form's options), built
here in one string each as the product card is (storefront.cards): in the template, every value
went through markupsafe's escape into new Markup, and every attribute through Jinja's getattr."""

from datetime import datetime

from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from mall.catalog.models import Product
from mall.core.money import format_fen
from mall.storefront import promo


def sku_picker_data(product: Product, now: datetime) -> dict:
    """What the SKU picker script needs: spec names and values, each SKU's price as shown
    (its promotion price while the product's promotion runs) with the one struck-through price,
    and its stock."""
    running = promo.promotion_running(product, now)
    skus = []
    for sku in product.active_skus:
        shown = promo.sku_price(sku.price, sku.promo_price, running)
        struck = promo.struck_price(sku.price, shown, sku.market_price)
        skus.append(
            {
                "id": sku.pk,
                "values": sku.spec_values,
                "price": format_fen(shown),
                "market_price": format_fen(struck) if struck else "",
                "stock": sku.stock,
            }
        )
    return {
        "specs": [{"name": spec.name, "values": spec.values} for spec in product.spec_list],
        "skus": skus,
        "labels": {
            "stock": _("库存 %(count)s 件"),
            "sold_out": _("已售罄"),
            "choose": _("请选择 %(names)s"),
            "chosen": _("已选：%(values)s"),
        },
    }


def spec_buttons(values: list[str], spec_index: int) -> Markup:
    """A spec's value buttons (颜色: 红色, 蓝色 …), which js/mall.js makes the SKU picker."""
    return Markup(
        "".join(
            f'<button type="button" class="sku-option" data-spec="{spec_index:d}"'
            f' data-value="{value}" aria-pressed="false">{value}</button>'
            for value in map(escape, values)
        )
    )


def sku_options(skus: list[dict], product_name: str) -> Markup:
    """The buy form's options, one per SKU of `sku_picker_data`: its spec values (or the
    product's name) and price; a sold-out SKU's is disabled."""
    name = escape(product_name)
    return Markup(
        "".join(
            f'<option value="{sku["id"]:d}"{" disabled" if sku["stock"] <= 0 else ""}>'
            f"{escape(' / '.join(sku['values'])) or name} · {escape(sku['price'])}</option>"
            for sku in skus
        )
    )

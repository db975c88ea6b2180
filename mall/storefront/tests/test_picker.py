"""The SKU picker's markup (storefront.picker): value buttons and the buy form's options."""

from mall.storefront.picker import sku_options, spec_buttons


def test_spec_buttons_carry_their_spec_and_escaped_value():
    html = spec_buttons(["红色", '<b>"蓝"</b>'], 1)
    assert html == (
        '<button type="button" class="sku-option" data-spec="1" data-value="红色"'
        ' aria-pressed="false">红色</button>'
        '<button type="button" class="sku-option" data-spec="1"'
        ' data-value="&lt;b&gt;&#34;蓝&#34;&lt;/b&gt;" aria-pressed="false">'
        "&lt;b&gt;&#34;蓝&#34;&lt;/b&gt;</button>"
    )


def test_options_name_each_sku_by_its_values_or_else_the_product_and_disable_sold_out():
    skus = [
        {"id": 7, "values": ["红色", "M"], "price": "¥59.00", "stock": 5},
        {"id": 8, "values": [], "price": "¥69.00", "stock": 0},
    ]
    assert sku_options(skus, "T恤 <新>") == (
        '<option value="7">红色 / M · ¥59.00</option>'
        '<option value="8" disabled>T恤 &lt;新&gt; · ¥69.00</option>'
    )

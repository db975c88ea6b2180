"""The shopper's membership page and the seller's price-list pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mall.catalog.tests.factories import ProductFactory
from mall.customers.tests.factories import ShopperFactory
from mall.membership import services
from mall.membership.models import CustomerProfile, GroupPrice, MemberPrice, MinimumOrderQuantity
from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm, roles_with
from mall.merchants.tests.factories import ShopMemberFactory

pytestmark = pytest.mark.django_db
Role = ShopMember.Role


# --- /account/membership/ -----------------------------------------------------------------------
def test_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("membership:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customers:login"))


def test_the_page_shows_level_progress_perks_and_group(client, levels, groups):
    levels[2].perks = "会员价更低\n每月两张运费券"
    levels[2].save()
    user = ShopperFactory()
    CustomerProfile.objects.create(user=user, member_rank=1, cumulative_spend=300_000,
                                   paid_orders=3, group=groups["agent"])  # fmt: skip
    client.force_login(user)
    page = client.get(reverse("membership:mine")).content.decode()
    assert "银卡会员" in page and "累计消费 ¥3,000.00 · 3 笔订单" in page
    assert 'value="50"' in page  # the progress bar, halfway from ¥1,000 to ¥5,000
    assert "再消费 ¥2,000.00 即可升级为金卡会员" in page
    assert "<li>每月两张运费券</li>" in page
    assert "客户身份：<strong>代理商</strong>" in page


def test_a_new_shopper_sees_the_first_step(client, levels):
    client.force_login(ShopperFactory())
    page = client.get(reverse("membership:mine")).content.decode()
    assert "普通会员" in page and "再消费 ¥1,000.00 即可升级为银卡会员" in page
    assert "客户身份" not in page


# --- /seller/price-lists/ -----------------------------------------------------------------------
def edit_url(sku) -> str:
    return reverse("membership:seller_edit", kwargs={"sku_id": sku.pk})


def form_data(rows=(), minimums=None, member=None) -> dict:
    """The edit form as a browser posts it: ladder rows, then the fields per group and level."""
    data = {"ladder-TOTAL_FORMS": str(len(rows) + 1), "ladder-INITIAL_FORMS": "0"}
    for n, (group, quantity, price) in enumerate(rows):
        data |= {f"ladder-{n}-group": group, f"ladder-{n}-min_quantity": str(quantity),
                 f"ladder-{n}-unit_price": price}  # fmt: skip
    blank = len(rows)
    data |= {f"ladder-{blank}-group": "", f"ladder-{blank}-min_quantity": "",
             f"ladder-{blank}-unit_price": ""}  # fmt: skip
    data |= {f"moq_{code}": str(quantity) for code, quantity in (minimums or {}).items()}
    data |= {f"rank_{rank}": price for rank, price in (member or {}).items()}
    return data


def test_the_list_shows_the_shops_skus_with_their_prices(client, owner, sku, groups, levels):
    services.set_group_ladder(owner, sku, groups["agent"], [(10, 9_000), (100, 8_000)])
    services.set_minimum(owner, sku, groups["wholesaler"], 20)
    services.set_member_prices(owner, sku, [(2, 9_500)])
    foreign = ProductFactory(name="别家的商品")
    client.force_login(owner.user)
    page = client.get(reverse("membership:seller_list")).content.decode()
    assert sku.product.name in page and "别家的商品" not in page
    assert "代理商：≥10 件 ¥90.00 · ≥100 件 ¥80.00" in page
    assert "批发商起订量：20 件" in page
    assert "金卡会员 ¥95.00" in page
    assert edit_url(sku) in page and edit_url(foreign.skus.get()) not in page
    assert "会员与渠道价" in page  # the navigation item


def test_the_edit_page_saves_ladders_minimums_and_member_prices(client, owner, sku, groups,
                                                                levels):  # fmt: skip
    client.force_login(owner.user)
    assert client.get(edit_url(sku)).status_code == 200
    data = form_data(rows=[("agent", 10, "90"), ("agent", 100, "80.50"), ("dealer", 5, "95")],
                     minimums={"dealer": 5}, member={1: "98", 3: "93"})  # fmt: skip
    response = client.post(edit_url(sku), data)
    assert response.status_code == 302
    ladder = GroupPrice.objects.filter(sku=sku).order_by("group_id", "min_quantity")
    assert list(ladder.values_list("group__code", "min_quantity", "unit_price")) == [
        ("agent", 10, 9_000), ("agent", 100, 8_050), ("dealer", 5, 9_500),
    ]  # fmt: skip
    assert MinimumOrderQuantity.objects.get(sku=sku).quantity == 5
    assert list(MemberPrice.objects.values_list("min_rank", "unit_price")) == [
        (1, 9_800),
        (3, 9_300),
    ]
    page = client.get(edit_url(sku)).content.decode()  # shown back for editing
    assert 'value="80.50"' in page and 'value="93.00"' in page


def test_a_bad_form_is_shown_again_with_the_reason_and_nothing_saved(client, owner, sku, groups,
                                                                     levels):  # fmt: skip
    client.force_login(owner.user)
    data = form_data(rows=[("agent", 10, "80"), ("agent", 100, "85")], member={1: "120"})
    response = client.post(edit_url(sku), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "代理商：100 件起的单价 ¥85.00 不能高于 10 件起的 ¥80.00" in page
    assert "银卡会员价 ¥120.00 不低于售价 ¥100.00，没有意义" in page
    assert not GroupPrice.objects.exists() and not MemberPrice.objects.exists()


def test_another_shops_sku_is_not_found(client, owner, groups, levels):
    foreign = ProductFactory(skus=[([], 10_000, 5)]).skus.get()
    client.force_login(owner.user)
    assert client.get(edit_url(foreign)).status_code == 404
    response = client.post(edit_url(foreign), form_data(rows=[("agent", 10, "90")]))
    assert response.status_code == 404
    assert not GroupPrice.objects.exists()


@pytest.mark.parametrize("role", sorted(set(Role.values) - roles_with(Perm.EDIT_PRICES)))
def test_a_role_without_edit_prices_finds_nothing(client, sku, groups, levels, role):
    member = ShopMemberFactory(shop=sku.shop, role=role)
    client.force_login(member.user)
    assert client.get(reverse("membership:seller_list")).status_code == 404
    assert client.get(edit_url(sku)).status_code == 404
    assert client.post(edit_url(sku), form_data(rows=[("agent", 10, "90")])).status_code == 404
    assert not GroupPrice.objects.exists()


def test_shoppers_find_nothing_and_visitors_log_in(client, sku):
    response = client.get(reverse("membership:seller_list"))
    assert response.status_code == 302
    client.force_login(ShopperFactory())
    assert client.get(reverse("membership:seller_list")).status_code == 404
    assert client.get(edit_url(sku)).status_code == 404


def test_the_list_costs_the_same_queries_for_one_product_or_many(client, owner, sku, groups,
                                                                 levels):  # fmt: skip
    services.set_group_ladder(owner, sku, groups["agent"], [(10, 9_000)])
    client.force_login(owner.user)
    url = reverse("membership:seller_list")
    client.get(url)  # warm the session and the navigation
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        more = ProductFactory(shop=sku.shop, skus=[(["红"], 5_000, 1), (["蓝"], 6_000, 1)],
                              skus__spec_names=["颜色"]).skus.first()  # fmt: skip
        services.set_group_ladder(owner, more, groups["dealer"], [(5, 4_000)])
        services.set_member_prices(owner, more, [(1, 4_500)])
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(re.findall(r'href="/seller/price-lists/\d+/"', page)) == 9
    assert len(many) == len(one)


def test_the_list_can_show_only_priced_products(client, owner, sku, groups, levels):
    plain = ProductFactory(shop=sku.shop, name="未定价的商品")
    member_priced = ProductFactory(shop=sku.shop, name="只有会员价的商品").skus.get()
    services.set_minimum(owner, sku, groups["dealer"], 3)
    services.set_member_prices(owner, member_priced, [(1, 9_000)])
    client.force_login(owner.user)
    page = client.get(reverse("membership:seller_list"), {"priced": "1"}).content.decode()
    assert sku.product.name in page and "只有会员价的商品" in page
    assert plain.name not in page
    assert plain.name in client.get(reverse("membership:seller_list")).content.decode()

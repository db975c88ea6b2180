"""The isolation matrix of the back office: every /seller/ route, every role, two shops.

Each row of ROUTES says how to name one shop's object in the route's URL, which permission each
method needs (mall/merchants/permissions.py) and what a POST that would succeed looks like. For
every row and every role of shop X:

- shop Y's object is a 404 for GET and POST, and nothing of shop Y changes;
- a page without an object id shows nothing of shop Y;
- the route's own-shop object is a 404 when the role lacks the permission, and a real answer
  (200, 302 or a re-shown form) when it has it, so the matrix cannot pass vacuously.

Anonymous visitors are sent to log in and shoppers without a shop get 404 everywhere. A new
seller route that is not in ROUTES fails `test_every_seller_route_is_in_the_matrix`.

Learning-centre articles are not owned by a shop: the operator publishes them for every merchant,
so their row checks the permission only (and an unpublished article is a 404 for everyone).
There is no merchant-facing API: every /api/ endpoint is the shopper's or public.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from mall.backoffice.models import ShopProfile
from mall.catalog.models import ImportJob, Product, Sku
from mall.catalog.tests.factories import ProductFactory, category_path
from mall.catalog.tests.import_helpers import csv_bytes, row
from mall.catalog.tests.seller_helpers import product_data
from mall.celery import app as celery_app
from mall.coupons.models import CouponTemplate
from mall.customers.models import Address
from mall.customers.tests.factories import ShopperFactory
from mall.learning.tests.factories import ArticleFactory
from mall.membership.models import GroupPrice, MemberPrice
from mall.merchants.models import Shop, ShopMember
from mall.merchants.permissions import Perm, allows
from mall.merchants.tests.factories import ShopFactory, ShopMemberFactory
from mall.orders.checkout import CheckoutItem, CheckoutRequest, place_orders
from mall.orders.models import Order, OrderLine, Shipment
from mall.orders.tests.checkout_setup import SHANGHAI, pay
from mall.promotions.models import Promotion
from mall.promotions.tests.factories import PromotionFactory
from mall.shipping.models import FreightTemplate
from mall.shipping.tests.factories import make_template

pytestmark = pytest.mark.django_db

Role = ShopMember.Role
ROLES = tuple(Role.values)


# --- two shops with one of everything ------------------------------------------------------------
@dataclass
class Side:
    """One shop, a member of every role and one object of every kind a seller route names."""

    shop: Shop
    members: dict[str, ShopMember]
    clerk: ShopMember  # the staff member the owner's staff routes act on
    product: Product
    sku: Sku
    order: Order  # paid, two lines, nothing shipped: it may be shipped, refunded or cancelled
    template: FreightTemplate
    job: ImportJob
    promotion: Promotion
    coupon: CouponTemplate

    @property
    def markers(self) -> list[str]:
        """Text that only this shop's pages may show."""
        return [self.shop.name, self.product.name, self.order.no, self.template.name,
                self.clerk.user.mobile, self.promotion.name, self.coupon.name]  # fmt: skip


@dataclass
class World:
    x: Side
    y: Side
    article: object
    leaf: object


def _side(label: str, order: Order) -> Side:
    shop = order.shop
    members = {role: ShopMemberFactory(shop=shop, role=role) for role in ROLES}
    clerk = ShopMemberFactory(shop=shop, role=Role.SHIPPING)
    product = Product.objects.get(shop=shop)
    template = make_template(shop, name=f"{label}店独有模板")
    job = ImportJob.objects.create(file_name=f"{label}.csv", shop=shop, shop_only=True)
    promotion = PromotionFactory(shop=shop, name=f"{label}店独有活动")
    coupon = CouponTemplate.objects.create(
        name=f"{label}店独有优惠券", shop=shop, kind="amount", amount=1000, threshold=9900,
        valid_days=7,
    )  # fmt: skip
    sku = product.skus.first()
    return Side(shop, members, clerk, product, sku, order, template, job, promotion, coupon)


def _two_skus(label: str) -> list[Sku]:
    shop = ShopFactory(name=f"{label}店-独有名称")
    product = ProductFactory(
        shop=shop, name=f"{label}店独有商品",
        skus=[(["红色"], 2500, 10), (["蓝色"], 3500, 10)], skus__spec_names=["颜色"],
    )  # fmt: skip
    return list(product.skus.order_by("position"))


@pytest.fixture
def world() -> World:
    """Shops 甲 (X) and 乙 (Y), each with a paid order of two lines from one checkout."""
    buyer = ShopperFactory()
    address = Address.objects.create(
        user=buyer, consignee="张三", mobile="13912345678", region_code=SHANGHAI,
        detail="南京东路 1 号", is_default=True,
    )  # fmt: skip
    skus = _two_skus("甲") + _two_skus("乙")
    items = tuple(CheckoutItem(sku.pk, 1) for sku in skus)
    orders = place_orders(user=buyer, request=CheckoutRequest(address.pk, items), key="isolation")
    pay(orders[0].payment_id)
    x_order, y_order = sorted(Order.objects.filter(pk__in=[o.pk for o in orders]), key=_shop_id)
    x, y = _side("甲", x_order), _side("乙", y_order)
    return World(x, y, ArticleFactory(), category_path("服装", "男装", "T恤"))


def _shop_id(order: Order) -> int:
    return order.shop_id


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def snapshot(shop: Shop) -> dict[str, list]:
    """Everything of the shop a seller route could change."""
    lines = OrderLine.objects.filter(order__shop=shop).order_by("pk")
    return {
        "shop": list(Shop.objects.filter(pk=shop.pk).values()),
        "profile": list(ShopProfile.objects.filter(shop=shop).values()),
        "members": list(ShopMember.objects.filter(shop=shop).order_by("pk").values()),
        "orders": list(Order.objects.filter(shop=shop).order_by("pk").values()),
        "lines": list(lines.values()),
        "shipments": list(Shipment.objects.filter(order__shop=shop).values_list("pk")),
        "products": list(Product.objects.filter(shop=shop).order_by("pk").values()),
        "skus": list(Sku.objects.filter(shop=shop).order_by("pk").values()),
        "templates": list(FreightTemplate.objects.filter(shop=shop).order_by("pk").values()),
        "jobs": list(ImportJob.objects.filter(shop=shop).order_by("pk").values()),
        "promotions": list(Promotion.objects.filter(shop=shop).order_by("pk").values()),
        "coupons": list(CouponTemplate.objects.filter(shop=shop).order_by("pk").values()),
        "group_prices": list(GroupPrice.objects.filter(sku__shop=shop).order_by("pk").values()),
        "member_prices": list(MemberPrice.objects.filter(sku__shop=shop).order_by("pk").values()),
    }


# --- the matrix ----------------------------------------------------------------------------------
Kwargs = Callable[[Side, World], dict]
Data = Callable[[Side, World], dict]


def _nothing(side: Side, world: World) -> dict:
    return {}


@dataclass(frozen=True)
class Route:
    """`target` names one shop's object in the URL (None: the page has no object id); `get` and
    `post` are the permission each method needs (None: the method is not accepted)."""

    target: Kwargs | None = None
    get: Perm | None = None
    post: Perm | None = None
    data: Data = _nothing
    shop_owned: bool = True

    @property
    def methods(self) -> dict[str, Perm]:
        return {m: p for m, p in (("GET", self.get), ("POST", self.post)) if p is not None}


def order_no(side: Side, world: World) -> dict:
    return {"no": side.order.no}


def order_line(side: Side, world: World) -> dict:
    return {"no": side.order.no, "line_id": side.order.lines.order_by("pk").first().pk}


def product_id(side: Side, world: World) -> dict:
    return {"product_id": side.product.pk}


def template_id(side: Side, world: World) -> dict:
    return {"template_id": side.template.pk}


def job_id(side: Side, world: World) -> dict:
    return {"job_id": side.job.pk}


def clerk_id(side: Side, world: World) -> dict:
    return {"member_id": side.clerk.pk}


def ship_all(side: Side, world: World) -> dict:
    lines = {f"line_{line.pk}": line.quantity for line in side.order.lines.all()}
    return {"carrier": "SF", "tracking_no": "SF1234567890123", **lines}


def stock_count(side: Side, world: World) -> dict:
    return {"sku": side.sku.pk, "mode": "set", "quantity": 3, "reason": "stocktake", "note": ""}


def new_product(side: Side, world: World) -> dict:
    return product_data(world.leaf)


def freight(side: Side, world: World) -> dict:
    return {
        "name": "新运费模板", "basis": "piece", "first_units": "1", "first_fee": "8",
        "extra_units": "1", "extra_fee": "2", "free_over_amount": "", "free_over_count": "",
        "excluded_regions": "", "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0",
    }  # fmt: skip


def shop_profile(side: Side, world: World) -> dict:
    return {"intro": "改过的简介", "service_hours": "每天 09:00–21:00",
            "service_phone": "021-6321 0000", "announcement": "改过的公告"}  # fmt: skip


def invite(side: Side, world: World) -> dict:
    return {"mobile": "13700000001", "role": Role.SERVICE}


def cancel_reason(side: Side, world: World) -> dict:
    return {"reason": "缺货"}


def new_role(side: Side, world: World) -> dict:
    return {"role": Role.OPERATIONS}


def article(side: Side, world: World) -> dict:
    return {"pk": world.article.pk}


def shelf_move(side: Side, world: World) -> dict:
    return {"product_id": side.product.pk, "move": "off_shelf"}


def promotion_id(side: Side, world: World) -> dict:
    return {"pk": side.promotion.pk}


def promotion_pause(side: Side, world: World) -> dict:
    return {"pk": side.promotion.pk, "action": "pause"}


def new_promotion(side: Side, world: World) -> dict:
    return {"name": "满100减20", "kind": "reduction", "basis": "amount", "tiers": "100-20",
            "gift_quantity": "1", "nth": "2", "min_member_rank": "0"}  # fmt: skip


def coupon_move(side: Side, world: World) -> dict:
    return {"template_id": side.coupon.pk, "move": "pause"}


def new_coupon(side: Side, world: World) -> dict:
    return {"name": "新店铺券", "kind": "amount", "amount": "10", "threshold": "99",
            "valid_days": "7", "total_quantity": "", "per_user_limit": "1",
            "scope_category_ids": "[]", "scope_product_ids": "[]",
            "scope_excluded_product_ids": "[]"}  # fmt: skip


def sku_id(side: Side, world: World) -> dict:
    return {"sku_id": side.sku.pk}


def price_lists(side: Side, world: World) -> dict:
    return {"ladder-TOTAL_FORMS": "1", "ladder-INITIAL_FORMS": "0", "ladder-0-group": "",
            "ladder-0-min_quantity": "", "ladder-0-unit_price": ""}  # fmt: skip


ROUTES: dict[str, Route] = {
    # orders
    "orders:seller_list": Route(get=Perm.VIEW_ORDERS),
    "orders:seller_detail": Route(order_no, Perm.VIEW_ORDERS, Perm.SHIP_ORDERS, ship_all),
    "orders:seller_packing_list": Route(order_no, Perm.VIEW_ORDERS),
    "orders:seller_cancel": Route(order_no, post=Perm.CANCEL_ORDERS, data=cancel_reason),
    "orders:seller_refund_line": Route(order_line, post=Perm.REFUND),
    # money
    "ledger:statements": Route(get=Perm.VIEW_MONEY, post=Perm.VIEW_MONEY),  # answers any method
    "backoffice:money": Route(get=Perm.VIEW_MONEY),
    # freight templates (the list answers any method)
    "shipping:list": Route(get=Perm.MANAGE_FREIGHT, post=Perm.MANAGE_FREIGHT),
    "shipping:create": Route(get=Perm.MANAGE_FREIGHT, post=Perm.MANAGE_FREIGHT, data=freight),
    "shipping:edit": Route(template_id, Perm.MANAGE_FREIGHT, Perm.MANAGE_FREIGHT, freight),
    "shipping:delete": Route(template_id, post=Perm.MANAGE_FREIGHT),
    "shipping:default": Route(template_id, post=Perm.MANAGE_FREIGHT),
    # products, stock, import
    "seller_products:list": Route(get=Perm.EDIT_PRODUCTS),
    "seller_products:create": Route(
        get=Perm.EDIT_PRODUCTS, post=Perm.EDIT_PRODUCTS, data=new_product
    ),
    "seller_products:edit": Route(product_id, Perm.EDIT_PRODUCTS, Perm.EDIT_PRODUCTS, new_product),
    "seller_products:stock": Route(product_id, Perm.EDIT_STOCK, Perm.EDIT_STOCK, stock_count),
    "seller_products:move": Route(shelf_move, post=Perm.EDIT_PRODUCTS),
    "seller_products:import": Route(get=Perm.EDIT_PRODUCTS, post=Perm.EDIT_PRODUCTS),
    "seller_products:import_template": Route(get=Perm.EDIT_PRODUCTS),
    "seller_products:import_progress": Route(job_id, Perm.EDIT_PRODUCTS),
    "seller_products:import_report": Route(job_id, Perm.EDIT_PRODUCTS),
    # promotions, coupons, channel and member prices
    "promotions:seller_list": Route(get=Perm.MANAGE_PROMOTIONS),
    "promotions:seller_create": Route(
        get=Perm.MANAGE_PROMOTIONS, post=Perm.MANAGE_PROMOTIONS, data=new_promotion
    ),
    "promotions:seller_edit": Route(
        promotion_id, Perm.MANAGE_PROMOTIONS, Perm.MANAGE_PROMOTIONS, new_promotion
    ),
    "promotions:seller_preview": Route(promotion_id, Perm.MANAGE_PROMOTIONS),
    "promotions:seller_move": Route(promotion_pause, post=Perm.MANAGE_PROMOTIONS),
    "coupons:seller_list": Route(get=Perm.MANAGE_PROMOTIONS),
    "coupons:seller_create": Route(
        get=Perm.MANAGE_PROMOTIONS, post=Perm.MANAGE_PROMOTIONS, data=new_coupon
    ),
    "coupons:seller_move": Route(coupon_move, post=Perm.MANAGE_PROMOTIONS),
    "membership:seller_list": Route(get=Perm.EDIT_PRICES),
    "membership:seller_edit": Route(sku_id, Perm.EDIT_PRICES, Perm.EDIT_PRICES, price_lists),
    # the back office's own pages
    "backoffice:dashboard": Route(get=Perm.VIEW_DASHBOARD),
    "backoffice:shop": Route(get=Perm.EDIT_SHOP, post=Perm.EDIT_SHOP, data=shop_profile),
    "backoffice:staff": Route(get=Perm.MANAGE_STAFF, post=Perm.MANAGE_STAFF, data=invite),
    "backoffice:staff_role": Route(clerk_id, post=Perm.MANAGE_STAFF, data=new_role),
    "backoffice:staff_remove": Route(clerk_id, post=Perm.MANAGE_STAFF),
    # 商家学堂: articles are the operator's, published for every shop
    "learning:list": Route(get=Perm.READ_LEARNING),
    "learning:detail": Route(article, Perm.READ_LEARNING, shop_owned=False),
}

CASES = [
    pytest.param(name, method, id=f"{name}-{method}")
    for name, route in ROUTES.items()
    for method in route.methods
]


def seller_route_names(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    """(namespaced name, route) of every URL pattern under /seller/, however deeply included."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from seller_route_names(pattern, inner, route)
        elif isinstance(pattern, URLPattern) and route.startswith("seller/"):
            yield ":".join(filter(None, [namespace, pattern.name or ""])), route


def url(name: str, side: Side, world: World) -> str:
    target = ROUTES[name].target
    return reverse(name, kwargs=target(side, world) if target else None)


def request(client, method: str, name: str, path: str, side: Side, world: World):
    if method == "GET":
        return client.get(path)
    return client.post(path, ROUTES[name].data(side, world))


# --- the tests -----------------------------------------------------------------------------------
def test_every_seller_route_is_in_the_matrix():
    routes = dict(seller_route_names())
    unnamed = [route for name, route in routes.items() if name.endswith(":") or not name]
    assert not unnamed, f"name these seller routes so the matrix can cover them: {unnamed}"
    assert sorted(set(routes) - set(ROUTES)) == [], "seller routes missing from ROUTES"
    assert sorted(set(ROUTES) - set(routes)) == [], "ROUTES names routes that no longer exist"


@contextmanager
def rolled_back():
    """Undo what one role did before the next role tries (a shipped order cannot be shipped
    again, a deleted template cannot be deleted twice)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("name, method", CASES)
def test_each_role_of_shop_x_reaches_only_what_it_may_of_its_own_shop(client, world, name,
                                                                      method):  # fmt: skip
    route, x, y = ROUTES[name], world.x, world.y
    before = snapshot(y.shop)
    for role in ROLES:
        client.force_login(x.members[role].user)
        with rolled_back():
            _assert_shop_y_out_of_reach(client, route, name, method, role, world)
            assert snapshot(y.shop) == before, f"{role} changed shop Y"
            response = request(client, method, name, url(name, x, world), x, world)
            if allows(x.members[role], route.methods[method]):
                assert response.status_code in {200, 302, 400}, f"{role} may {method} here"
            else:
                assert response.status_code == 404, f"{role} lacks {route.methods[method]}"


def _assert_shop_y_out_of_reach(client, route: Route, name: str, method: str, role: str,
                                world: World) -> None:  # fmt: skip
    """Shop Y's object is a 404; a page without an object id shows nothing of shop Y."""
    x, y = world.x, world.y
    if route.target and route.shop_owned:
        response = request(client, method, name, url(name, y, world), y, world)
        assert response.status_code == 404, f"{role} reached shop Y's object"
        return
    response = request(client, method, name, url(name, x, world), x, world)
    if response.status_code != 404:
        page = response.content.decode()
        assert not [m for m in y.markers if m in page], f"{role} saw shop Y's data"


@pytest.mark.parametrize("name, method", CASES)
def test_anonymous_visitors_log_in_and_shoppers_find_nothing(client, world, name, method):
    before = snapshot(world.x.shop)
    path = url(name, world.x, world)
    response = request(client, method, name, path, world.x, world)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customers:login"))

    client.force_login(ShopperFactory())
    assert request(client, method, name, path, world.x, world).status_code == 404
    assert snapshot(world.x.shop) == before


@pytest.mark.parametrize("name", [name for name, route in ROUTES.items() if not route.post])
def test_read_only_routes_refuse_to_write(client, world, name):
    client.force_login(world.x.members[Role.OWNER].user)
    assert client.post(url(name, world.x, world)).status_code == 405


# --- mixed ids: an own object in the URL, another shop's in the form ------------------------------
def test_stock_of_another_shops_sku_through_an_own_product_is_not_found(client, world):
    x, y = world.x, world.y
    client.force_login(x.members[Role.OWNER].user)
    before = snapshot(y.shop)
    path = reverse("seller_products:stock", kwargs={"product_id": x.product.pk})
    response = client.post(path, stock_count(y, world))
    assert response.status_code == 404
    assert snapshot(y.shop) == before


def test_refunding_another_shops_line_through_an_own_order_is_not_found(client, world):
    x, y = world.x, world.y
    client.force_login(x.members[Role.OWNER].user)
    before = snapshot(y.shop), snapshot(x.shop)
    line = y.order.lines.first()
    path = reverse("orders:seller_refund_line", kwargs={"no": x.order.no, "line_id": line.pk})
    assert client.post(path).status_code == 404
    assert (snapshot(y.shop), snapshot(x.shop)) == before


def test_shipping_an_own_order_ignores_another_shops_lines(client, world):
    x, y = world.x, world.y
    client.force_login(x.members[Role.SHIPPING].user)
    data = {**ship_all(x, world), **{f"line_{line.pk}": 1 for line in y.order.lines.all()}}
    before = snapshot(y.shop)
    client.post(reverse("orders:seller_detail", kwargs={"no": x.order.no}), data)
    assert snapshot(y.shop) == before


def test_an_unpublished_article_is_not_found(client, world):
    draft = ArticleFactory(is_published=False)
    client.force_login(world.x.members[Role.OWNER].user)
    assert client.get(reverse("learning:detail", kwargs={"pk": draft.pk})).status_code == 404


def test_an_import_naming_another_shops_codes_leaves_that_shop_alone(
    client, world, django_capture_on_commit_callbacks
):
    x, y = world.x, world.y
    Product.objects.filter(pk=y.product.pk).update(merchant_code="Y-P1")
    Sku.objects.filter(pk=y.sku.pk).update(merchant_code="Y-P1-1")
    code = {"商品货号": "Y-P1", "SKU编码": "Y-P1-1", "售价": "0.01", "库存": "999"}
    rows = [row(店铺=y.shop.slug, **code), row(店铺=y.shop.name, **code), row(店铺="", **code)]
    file = SimpleUploadedFile("商品.csv", csv_bytes(rows), "text/csv")
    client.force_login(x.members[Role.OPERATIONS].user)
    before = snapshot(y.shop)
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("seller_products:import"), {"file": file})
    finally:
        celery_app.conf.task_always_eager = False
    assert response.status_code == 302
    assert ImportJob.objects.filter(shop=x.shop).latest("pk").status == ImportJob.Status.DONE
    assert Product.objects.filter(shop=x.shop, merchant_code="Y-P1").exists()  # the own row
    assert snapshot(y.shop) == before

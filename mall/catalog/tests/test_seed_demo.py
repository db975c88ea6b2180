"""`manage.py seed_demo`: the demo mall it builds holds the catalog's invariants."""

import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min, Sum
from django.test import override_settings

from mall.catalog.demo import seller_products, shops, tree
from mall.catalog.demo.images import SHAPES
from mall.catalog.demo.kinds import KINDS, MAX_SKUS
from mall.catalog.models import (
    Category,
    Product,
    ProductImage,
    ProductParam,
    ProductSpec,
    Sku,
    SpecValue,
)
from mall.core.images import THUMBNAIL_WIDTHS, thumbnail_name
from mall.core.richtext import sanitize_html
from mall.learning.models import Article
from mall.merchants.models import Shop, Tier, TierCommission
from mall.onboarding.models import Application
from mall.promotions.models import Promotion
from mall.storefront.models import Banner

PRODUCTS = 60


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory) -> Path:
    """One media folder for every seed in the session: pictures are drawn once, then reused."""
    return tmp_path_factory.mktemp("demo-media")


def seed(media: Path, **options) -> str:
    out = StringIO()
    options = {"pictures_per_category": 2, "verbosity": 0, **options}
    with override_settings(MEDIA_ROOT=media):
        call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


DEMO_SHOP_SLUGS = [shop.slug for shop in shops.SHOPS]
REVIEW_QUEUE_CODES = [row[0] for row in (*seller_products.SUBMITTED, seller_products.REJECTED)]


def catalogue():
    """The seeded catalogue, without the demo seller's review queue (drafts in the making)."""
    return Product.objects.exclude(merchant_code__in=REVIEW_QUEUE_CODES)


def catalogue_skus():
    return Sku.objects.filter(product__in=catalogue())


def valid_ean13(code: str) -> bool:
    if not re.fullmatch(r"\d{13}", code):
        return False
    digits = [int(c) for c in code]
    weighted = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - weighted % 10) % 10 == digits[12]


@pytest.fixture(scope="class")
def demo_mall(django_db_setup, django_db_blocker, demo_media):
    """A 60-product mall seeded once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed(demo_media, products=PRODUCTS, seed=7)
        yield demo_media
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_mall")
class TestSeededMall:
    def test_shops_are_a_believable_mall(self):
        all_shops = list(Shop.objects.filter(slug__in=DEMO_SHOP_SLUGS))
        assert len(all_shops) >= 20
        assert all(re.fullmatch(r"(B1|L\d)-\d{2}", s.location) for s in all_shops)
        assert {s.tier_id for s in all_shops} == {"standard", "preferred", "strategic"}
        assert all(40 <= s.rating <= 50 and s.logo for s in all_shops)
        suspended = [s for s in all_shops if s.status == Shop.Status.SUSPENDED]
        assert 1 <= len(suspended) <= 2

    def test_categories_form_a_three_level_tree_with_icons(self):
        top = Category.objects.filter(parent=None)
        assert top.count() >= 8
        assert all(c.icon and c.level == 1 for c in top)
        for child in Category.objects.filter(level=2).annotate(n=Count("children")):
            assert child.parent.level == 1 and 2 <= child.n <= 4
        leaves = Category.objects.filter(level=3)
        assert leaves.filter(children__isnull=False).count() == 0
        assert all(leaf.parent.parent.parent is None for leaf in leaves)
        assert Category.objects.get(slug="shampoo").parent.name == "洗发护发"

    def test_every_product_has_skus_and_summary_columns_that_match_them(self):
        products = catalogue().annotate(
            n=Count("skus"),
            low=Min("skus__price"),
            high=Max("skus__price"),
            market=Max("skus__market_price"),
            stock=Sum("skus__stock"),
        )
        assert products.count() == PRODUCTS
        for p in products:
            assert 1 <= p.n <= MAX_SKUS
            assert (p.price_min, p.price_max, p.market_price, p.stock_total) == (
                p.low, p.high, p.market, p.stock
            )  # fmt: skip

    def test_prices_are_positive_integer_fen_below_the_market_price(self):
        for price, market in Sku.objects.filter(product__in=catalogue()).values_list(
            "price", "market_price"
        ):
            assert isinstance(price, int) and price > 0
            assert market >= price

    def test_barcodes_are_valid_unique_ean13(self):
        barcodes = list(
            Sku.objects.filter(product__in=catalogue()).values_list("barcode", flat=True)
        )
        assert all(valid_ean13(code) for code in barcodes)
        assert len(set(barcodes)) == len(barcodes)

    def test_merchant_codes_are_unique_per_shop(self):
        for model, key in ((Product, "pk__in"), (Sku, "product__in")):
            codes = Counter(
                model.objects.filter(**{key: catalogue()}).values_list("shop_id", "merchant_code")
            )
            assert all(code for _, code in codes)
            assert max(codes.values()) == 1

    def test_skus_combine_the_spec_values_the_product_offers(self):
        for product in Product.objects.prefetch_related("specs", "skus", "spec_values"):
            specs = list(product.specs.all())
            offered = {(s.name, v) for s in specs for v in s.values}
            assert offered == {(sv.name, sv.value) for sv in product.spec_values.all()}
            combinations = [tuple(sku.spec_values) for sku in product.skus.all()]
            assert len(set(combinations)) == len(combinations)
            for combination in combinations:
                assert all(v in s.values for s, v in zip(specs, combination, strict=True))
            assert {sku.shop_id for sku in product.skus.all()} == {product.shop_id}

    def test_products_have_images_a_cover_and_a_parameters_table(self, demo_mall):
        for product in catalogue().prefetch_related("images"):
            names = [image.image.name for image in product.images.all()]
            assert len(names) == len(set(names)) == 2
            assert product.cover == names[0]
        covers = set(catalogue().values_list("cover", flat=True))
        for name in covers:
            thumbnails = [
                thumbnail_name(name, w, f) for w in THUMBNAIL_WIDTHS for f in ["webp", "jpg"]
            ]
            assert all((demo_mall / n).is_file() for n in [name, *thumbnails])
        brands = ProductParam.objects.filter(
            product__in=catalogue(), name__in=["品牌", "出版社"], position=0
        )
        assert brands.count() == PRODUCTS
        assert not ProductImage.objects.filter(product__isnull=True).exists()

    def test_descriptions_are_already_sanitised(self):
        for description in catalogue().values_list("description", flat=True):
            assert "<table>" in description
            assert sanitize_html(description) == description

    def test_most_products_are_visible_and_the_search_demo_product_is_one(self):
        visible = Product.objects.visible()
        assert visible.count() >= PRODUCTS * 0.7
        assert visible.filter(name__contains="清扬男士去屑洗发水").exists()
        assert visible.filter(is_recommended=True).exists()
        on_sale = Product.objects.filter(status=Product.Status.ON_SALE)
        assert not on_sale.filter(published_at__isnull=True).exists()

    def test_the_back_office_has_work_waiting_for_the_demo_seller_and_the_operator(self):
        queue = Product.objects.filter(merchant_code__in=REVIEW_QUEUE_CODES)
        assert queue.filter(status=Product.Status.PENDING).count() == 3
        assert queue.filter(status=Product.Status.REJECTED).count() == 1
        states = set(Application.objects.values_list("status", flat=True))
        assert {"draft", "submitted", "needs_info", "approved", "rejected"} <= states
        assert Article.objects.filter(is_published=True).count() >= 6
        assert Tier.objects.count() == 3 and TierCommission.objects.exists()

    def test_home_banners_link_to_categories(self, demo_mall):
        banners = list(Banner.objects.live())
        assert 3 <= len(banners) <= 4
        for banner in banners:
            assert banner.link_url.startswith("/category/")
            assert (demo_mall / banner.image.name).is_file()

    def test_demo_accounts(self):
        users = get_user_model().objects
        admin = users.get(username=shops.ADMIN_USERNAME)
        assert admin.is_superuser and admin.is_staff
        assert admin.check_password(shops.ADMIN_PASSWORD)
        shopper = users.get(mobile=shops.SHOPPER_MOBILE)
        assert shopper.check_password(shops.SHOPPER_PASSWORD) and not shopper.is_staff

    def test_if_empty_leaves_a_mall_with_products_alone(self, demo_mall):
        before = Product.objects.count(), Sku.objects.count()
        out = seed(demo_mall, products=5, if_empty=True)
        assert "跳过" in out
        assert (Product.objects.count(), Sku.objects.count()) == before

    def test_refuses_to_seed_over_existing_products(self, demo_mall):
        with pytest.raises(CommandError):
            seed(demo_mall, products=5)


def product_names() -> list[str]:
    return list(Product.objects.order_by("pk").values_list("name", flat=True))


def wipe_products() -> None:
    """The products and what points at them (the demo's gift promotions protect their SKUs)."""
    for model in (Promotion, ProductImage, ProductParam, SpecValue, ProductSpec, Sku, Product):
        model.objects.all().delete()


@pytest.mark.django_db
def test_same_seed_same_mall_other_seed_other_mall(demo_media):
    seed(demo_media, products=12, seed=3)
    first = product_names()
    wipe_products()
    seed(demo_media, products=12, seed=3)
    assert product_names() == first
    wipe_products()
    seed(demo_media, products=12, seed=4)
    assert product_names() != first


@pytest.mark.django_db
def test_bad_options_are_refused(demo_media):
    with pytest.raises(CommandError):
        seed(demo_media, products=0)
    with pytest.raises(CommandError):
        seed(demo_media, products=5, pictures_per_category=1)
    assert not Product.objects.exists()


class TestDemoTables:
    """The data tables themselves: every leaf can be stocked and every hero sold."""

    def test_every_leaf_is_sold_by_an_open_shop(self):
        for leaf in tree.leaves():
            assert open_sellers(leaf, leaf.brand_names), leaf.name

    def test_every_hero_is_sold_by_an_open_shop_allowed_its_brand(self):
        leaves = {leaf.slug: leaf for leaf in tree.leaves()}
        for hero in shops.HEROES:
            assert hero.brand in leaves[hero.leaf].brand_names
            assert open_sellers(leaves[hero.leaf], (hero.brand,)), hero

    def test_kinds_fit_on_one_product_and_draw_known_shapes(self):
        for kind in KINDS.values():
            most = 1
            for dim in kind.dims:
                most *= min(dim.picks[1], len(dim.values))
                assert not dim.factors or len(dim.factors) == len(dim.values)
            assert most <= MAX_SKUS
            assert kind.shape in SHAPES

    def test_slugs_are_unique(self):
        slugs = [node.slug for node, _ in tree.walk()]
        assert len(slugs) == len(set(slugs))


def open_sellers(leaf: tree.Leaf, brands: tuple[str, ...]) -> list[shops.DemoShop]:
    chain = set(tree.lineage(leaf.slug))
    return [
        s for s in shops.SHOPS
        if s.status == Shop.Status.OPEN and chain & set(s.covers)
        and (not s.brands or set(s.brands) & set(brands))
    ]  # fmt: skip

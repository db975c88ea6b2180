"""Write the demo mall: categories, brands, shops, pictures, products in batches, banners,
accounts, then rebuild the search index and drop cached pages.

Products and their rows go in as plain rows through `executemany` (see `bulk`), 1,000 products
per transaction, with ids counted on from the highest existing one and the id sequence reset
afterwards, as `loaddata` does; so seed a database nothing else is writing products to. Nothing
calls the per-product services, so 100,000 products take a minute or two, not hours.
"""

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from pypinyin import lazy_pinyin
from tqdm import tqdm

from mall.catalog.cache import bump_catalog_generation
from mall.catalog.demo import images, shops, tree
from mall.catalog.demo.builders import (
    ImageRow,
    LeafTarget,
    ParamRow,
    ProductBuilder,
    ProductDraft,
    ProductRow,
    ShopChoice,
    SkuRow,
    SpecRow,
    SpecValueRow,
)
from mall.catalog.demo.bulk import RowInserter
from mall.catalog.models import (
    Brand,
    Category,
    Product,
    ProductImage,
    ProductParam,
    ProductSpec,
    Sku,
    SpecValue,
)
from mall.core.bulk import refresh_planner_statistics
from mall.merchants.models import Shop
from mall.search.services import rebuild_index
from mall.storefront.models import Banner

TOP_PALETTES = {
    "fashion": ("#be185d", "#f9a8d4"),
    "beauty": ("#c026d3", "#f5d0fe"),
    "appliances": ("#0369a1", "#7dd3fc"),
    "food": ("#c2410c", "#fdba74"),
    "baby": ("#db2777", "#fbcfe8"),
    "digital": ("#1d4ed8", "#93c5fd"),
    "home": ("#a16207", "#fde68a"),
    "sports": ("#15803d", "#86efac"),
    "books-stationery": ("#7c3aed", "#c4b5fd"),
    "household": ("#0f766e", "#99f6e4"),
}
BATCH = 1000


@dataclass
class SeedOptions:
    products: int = 1000
    seed: int = 2026
    pictures_per_category: int = 3
    progress: bool = True


@dataclass
class SeedSummary:
    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)

    @contextmanager
    def timed(self, phase: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.timings.append((phase, time.perf_counter() - started))


def seed_demo(options: SeedOptions) -> SeedSummary:
    """Build the demo mall into a database that has no products yet."""
    summary = SeedSummary()
    rng = random.Random(options.seed)
    with summary.timed("类目、品牌与店铺"):
        with transaction.atomic():
            categories = upsert_categories()
            brands = upsert_brands()
            demo_shops = upsert_shops()
        targets = leaf_targets(categories, demo_shops)
        plan = plan_products(rng, targets, options.products)
    with summary.timed("生成图片"):
        drawn = draw_pictures(targets, demo_shops, plan, options)
    with summary.timed("写入商品"):
        builder = ProductBuilder(rng, brands, timezone.now(), first_product_id())
        write_products(builder, plan, options.progress)
    with summary.timed("横幅与账号"), transaction.atomic():
        attach_logos_and_banners()
        ensure_accounts()
    with summary.timed("搜索索引"):
        rebuild_index()
        bump_catalog_generation()
    with summary.timed("数据库统计信息"):
        refresh_planner_statistics()
    summary.counts = count_rows(drawn)
    return summary


# --- reference rows -------------------------------------------------------------------------


def upsert_categories() -> dict[str, Category]:
    rows: dict[str, Category] = {}
    positions: dict[str | None, int] = {}
    for node, parent in tree.walk():
        parent_slug = parent.slug if parent else None
        positions[parent_slug] = positions.get(parent_slug, 0) + 1
        rows[node.slug], _ = Category.objects.update_or_create(
            slug=node.slug,
            defaults={
                "name": node.name,
                "icon": node.icon,
                "parent": rows[parent_slug] if parent_slug else None,
                "level": rows[parent_slug].level + 1 if parent_slug else 1,
                "position": positions[parent_slug],
                "is_active": True,
            },
        )
    return rows


def brand_slug(name: str) -> str:
    ascii_name = "".join(lazy_pinyin(name)).lower()
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in ascii_name).strip("-")


def upsert_brands() -> dict[str, Brand]:
    names = sorted({name for leaf in tree.leaves() for name in leaf.brand_names})
    taken: set[str] = set(Brand.objects.exclude(name__in=names).values_list("slug", flat=True))
    brands = {}
    for name in names:
        slug = base = brand_slug(name) or "brand"
        suffix = 1
        while slug in taken:
            suffix += 1
            slug = f"{base}-{suffix}"
        taken.add(slug)
        brands[name], _ = Brand.objects.get_or_create(
            name=name, defaults={"slug": slug, "initial": slug[0].upper()}
        )
    return brands


def upsert_shops() -> dict[str, tuple[Shop, shops.DemoShop]]:
    rows = {}
    for demo in shops.SHOPS:
        shop, _ = Shop.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "location": demo.location,
                "tier_id": demo.tier,
                "rating": demo.rating,
                "intro": demo.intro,
                "status": demo.status,
            },
        )
        rows[demo.slug] = (shop, demo)
    return rows


def leaf_targets(
    categories: dict[str, Category], demo_shops: dict[str, tuple[Shop, shops.DemoShop]]
) -> list[LeafTarget]:
    """Each leaf with the shops that sell it and the brands each of those may offer there."""
    targets = []
    for leaf in tree.leaves():
        chain_slugs = tree.lineage(leaf.slug)
        choices = []
        for shop, demo in demo_shops.values():
            if not set(demo.covers) & set(chain_slugs):
                continue
            allowed = tuple(b for b in leaf.brand_names if not demo.brands or b in demo.brands)
            if allowed:
                choices.append(ShopChoice(shop, allowed))
        path = tuple(categories[slug].name for slug in reversed(chain_slugs[1:]))
        targets.append(LeafTarget(leaf, categories[leaf.slug], path, choices))
    return targets


def plan_products(
    rng: random.Random, targets: list[LeafTarget], count: int
) -> list[tuple[LeafTarget, shops.Hero | None]]:
    """Which leaf each product goes to: the hero products first, then leaves at random."""
    by_slug = {t.leaf.slug: t for t in targets}
    heroes = [(by_slug[hero.leaf], hero) for hero in shops.HEROES][:count]
    rest = rng.choices(targets, k=count - len(heroes))
    return heroes + [(target, None) for target in rest]


# --- pictures -------------------------------------------------------------------------------


def draw_pictures(targets, demo_shops, plan, options: SeedOptions) -> int:
    """Give each leaf in use its picture pool, each shop a logo, and draw the banners."""
    used = {id(target) for target, _ in plan}
    jobs = []
    for target in targets:
        if id(target) not in used:
            continue
        palette = TOP_PALETTES[tree.lineage(target.leaf.slug)[-1]]
        target.pictures = [
            f"demo/products/{target.leaf.slug}-{variant}.jpg"
            for variant in range(options.pictures_per_category)
        ]
        jobs += [
            images.ImageJob(name, "product", palette, target.kind.shape, target.leaf.name, v)
            for v, name in enumerate(target.pictures)
        ]
    jobs += [logo_job(demo) for _, demo in demo_shops.values()]
    jobs += [banner_job(banner) for banner in shops.BANNERS]
    with tqdm(total=len(jobs), desc="图片", unit="张", disable=not options.progress) as bar:
        return images.store_pictures(jobs, on_done=lambda: bar.update())


def logo_job(demo: shops.DemoShop) -> images.ImageJob:
    palette = TOP_PALETTES[tree.lineage(demo.covers[0])[-1]]
    return images.ImageJob(f"demo/shops/{demo.slug}.jpg", "logo", palette, label=demo.name)


def banner_job(banner: shops.DemoBanner) -> images.ImageJob:
    return images.ImageJob(
        f"demo/banners/{banner.key}.jpg", "banner", banner.palette, shape=banner.shape
    )


def attach_logos_and_banners() -> None:
    for demo in shops.SHOPS:
        Shop.objects.filter(slug=demo.slug).update(logo=logo_job(demo).name)
    for position, banner in enumerate(shops.BANNERS):
        Banner.objects.update_or_create(
            title=banner.title,
            defaults={
                "subtitle": banner.subtitle,
                "image": banner_job(banner).name,
                "link_url": reverse("storefront:category", kwargs={"slug": banner.category}),
                "position": position,
                "is_active": True,
            },
        )


# --- products -------------------------------------------------------------------------------


def write_products(builder: ProductBuilder, plan, progress: bool) -> None:
    inserters = [
        (RowInserter(model, row_type._fields), rows_of) for model, row_type, rows_of in ROWS
    ]
    with tqdm(total=len(plan), desc="商品", unit="件", disable=not progress) as bar:
        rows = iter(plan)
        while batch := list(islice(rows, BATCH)):
            write_batch([builder.build(target, hero) for target, hero in batch], inserters)
            bar.update(len(batch))
    reset_sequences()


ROWS: list[tuple[type, type, Callable[[ProductDraft], list]]] = [
    (Product, ProductRow, lambda draft: [draft.product]),
    (Sku, SkuRow, lambda draft: draft.skus),
    (ProductSpec, SpecRow, lambda draft: draft.specs),
    (SpecValue, SpecValueRow, lambda draft: draft.spec_values),
    (ProductParam, ParamRow, lambda draft: draft.params),
    (ProductImage, ImageRow, lambda draft: draft.images),
]


@transaction.atomic
def write_batch(drafts: list[ProductDraft], inserters) -> None:
    for inserter, rows_of in inserters:
        inserter.insert(row for draft in drafts for row in rows_of(draft))


def first_product_id() -> int:
    return (Product.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def reset_sequences() -> None:
    """Products were inserted with explicit ids: move the id sequence past them (as loaddata
    does after a fixture)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Product])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- accounts and summary -------------------------------------------------------------------


def ensure_accounts() -> None:
    """The demo's staff superuser and shopper; passwords are reset to the documented ones."""
    users = get_user_model().objects
    admin = users.filter(username=shops.ADMIN_USERNAME).first() or users.model(
        username=shops.ADMIN_USERNAME, email="admin@example.com"
    )
    admin.is_staff = admin.is_superuser = True
    admin.set_password(shops.ADMIN_PASSWORD)
    admin.save()
    shopper = users.filter(mobile=shops.SHOPPER_MOBILE).first() or users.model(
        username=shops.SHOPPER_MOBILE, mobile=shops.SHOPPER_MOBILE
    )
    shopper.nickname = shopper.nickname or shops.SHOPPER_NICKNAME
    shopper.set_password(shops.SHOPPER_PASSWORD)
    shopper.save()


def count_rows(pictures_drawn: int) -> dict[str, int]:
    return {
        "店铺": Shop.objects.count(),
        "类目": Category.objects.count(),
        "品牌": Brand.objects.count(),
        "商品": Product.objects.count(),
        "可见商品": Product.objects.visible().count(),
        "SKU": Sku.objects.count(),
        "商品图片": ProductImage.objects.count(),
        "新绘制图片": pictures_drawn,
        "首页横幅": Banner.objects.count(),
    }

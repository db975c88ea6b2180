"""seed_demo's 商品审核 queue: products the demo seller (the first shop's owner, 13900000001)
submitted for review, and one the operator rejected with a reason, made through the same
services as the seller's pages. Idempotent by 商品货号."""

import random

from django.db.models import Count

from mall.catalog import services
from mall.catalog.models import Category, Product
from mall.catalog.services import ProductDraft, SkuDraft
from mall.merchants.demo import seller_mobile
from mall.merchants.models import ShopMember

SUBMITTED = (  # 货号, name suffix, subtitle, specs
    ("DEMO-REVIEW-1", "2026 春季新款", "申城设计师联名，限量首发", [("颜色", ["米白", "藏青"])]),
    ("DEMO-REVIEW-2", "礼盒装", "送礼自用两相宜，附贺卡", []),
    ("DEMO-REVIEW-3", "升级款", "老客回购 Top 1 的改良版", [("规格", ["标准装", "家庭装"])]),
)
REJECTED = ("DEMO-REJECTED-1", "爆款特价", "全网最低价", [])
REJECTION_REASON = "标题和卖点含“全网最低价”等极限用语，且缺少商品主图；请修改后重新提交。"


def seed_demo_data(seed: int) -> dict[str, int]:
    """Nothing without the demo seller (seed_demo's orders step makes the shops' owners)."""
    owner = ShopMember.objects.filter(user__mobile=seller_mobile(0), role=ShopMember.Role.OWNER)
    owner = owner.select_related("shop", "user").first()
    if owner is None:
        return {"待审核商品（新建）": 0, "已驳回商品（新建）": 0}
    rng = random.Random(seed)
    taken = set(Product.objects.filter(shop=owner.shop).values_list("merchant_code", flat=True))
    category = _main_category(owner.shop)
    submitted = [
        services.submit_for_review(_create(owner, category, rng, *row), actor=owner.user)
        for row in SUBMITTED
        if row[0] not in taken
    ]
    rejected = 0
    if REJECTED[0] not in taken:
        product = services.submit_for_review(
            _create(owner, category, rng, *REJECTED), actor=owner.user
        )
        services.reject_product(product, reviewer=None, reason=REJECTION_REASON)
        rejected = 1
    return {"待审核商品（新建）": len(submitted), "已驳回商品（新建）": rejected}


def _main_category(shop) -> Category:
    """The level-3 category the shop lists most in, so the new products look like its own."""
    top = (
        Product.objects.filter(shop=shop, category__level=3)
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n", "category")
        .first()
    )
    if top is not None:
        return Category.objects.get(pk=top["category"])
    return Category.objects.filter(level=3, is_active=True).order_by("pk").first()


def _create(owner, category, rng, code, suffix, subtitle, specs) -> Product:
    combos = [()] if not specs else [(value,) for value in specs[0][1]]
    price = rng.randrange(59, 399) * 100 + 90
    draft = ProductDraft(
        fields={
            "name": f"{owner.shop.name} {category.name} {suffix}", "subtitle": subtitle,
            "category": category, "brand": None, "merchant_code": code,
            "description": f"<p>{subtitle}。</p><p>上海门店同款，支持七天无理由退货。</p>",
        },
        params=[("产地", "上海"), ("货号", code)],
        specs=specs,
        skus=[
            SkuDraft(spec_values=combo, price=price, market_price=price + 4000,
                     stock=rng.randrange(20, 200), weight_grams=500)
            for combo in combos
        ],
    )  # fmt: skip
    return services.save_seller_product(owner.shop, None, draft, actor=owner.user)

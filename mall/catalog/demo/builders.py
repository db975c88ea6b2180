"""Turn the demo tables into unsaved catalog rows, drawing every choice from one seeded
`random.Random` so the same seed always gives the same mall.

A `ProductDraft` holds a product and its SKUs, specs, spec values, parameters and images as
plain rows named like the model fields; product ids are handed out from `first_id` up. The
summary columns (price range, market price, stock, cover) are computed here from those rows,
so the writer needs no per-product refresh.
"""

import itertools
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache, cached_property, lru_cache
from html import escape
from typing import NamedTuple

from mall.catalog.demo.kinds import KINDS, Dim, Kind
from mall.catalog.demo.shops import Hero
from mall.catalog.demo.tree import Leaf
from mall.catalog.models import Brand, Category, Product
from mall.core.images import THUMBNAIL_WIDTHS, thumbnail_url
from mall.merchants.models import Shop, Tier

STATUS_ODDS = (
    (0.03, Product.Status.DRAFT),
    (0.05, Product.Status.PENDING),
    (0.08, Product.Status.OFF_SHELF),
)
TIER_WEIGHT = {Tier.STRATEGIC: 3, Tier.PREFERRED: 2, Tier.STANDARD: 1}
PUBLISHED_WITHIN_DAYS = 180
NEW_WITHIN_DAYS = 30
HOT_SALES = 1000
PROMISES = ("官方正品", "7天无理由退换", "满199包邮", "顺丰速运", "假一赔十", "次日达")
EAN_PREFIX = "692"  # a GS1 China prefix


def charm_price(yuan: float) -> int:
    """A price shoppers expect, in fen: 59.90, 129.00, 3,999.00."""
    if yuan < 100:
        return max(1, round(yuan)) * 100 - 10
    if yuan < 1000:
        return round(yuan / 10) * 1000 - 100
    return round(yuan / 100) * 10000 - 100


def ean13(body: str) -> str:
    """The 12 digits plus their EAN-13 check digit (weights 1, 3, 1, 3 … from the left)."""
    digits = [ord(c) - 48 for c in body]
    return body + str(-(sum(digits[0::2]) + 3 * sum(digits[1::2])) % 10)


def join_words(*parts: str) -> str:
    """Chinese words run together; a Latin word or number (Mate 70, vivo) is set off by spaces."""
    text = ""
    for part in filter(None, parts):
        if text and (is_latin(text[-1]) or is_latin(part[0])):
            text += " "
        text += part
    return text


def is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass
class ShopChoice:
    shop: Shop
    brands: tuple[str, ...]  # the leaf's brands this shop sells

    @property
    def weight(self) -> int:
        return TIER_WEIGHT[self.shop.tier_id]


@dataclass
class LeafTarget:
    """A leaf category ready to receive products: its row, shops and picture pool."""

    leaf: Leaf
    category: Category
    path: tuple[str, ...]  # names from the top-level category down
    shops: list[ShopChoice]
    pictures: list[str] = field(default_factory=list)

    @property
    def kind(self) -> Kind:
        return KINDS[self.leaf.kind]

    @cached_property
    def shop_weights(self) -> list[int]:
        return list(itertools.accumulate(s.weight for s in self.shops))


class ProductRow(NamedTuple):
    id: int
    shop_id: int
    category_id: int
    brand_id: int
    name: str
    subtitle: str
    merchant_code: str
    description: str
    keywords: str
    status: str
    published_at: datetime | None
    sales_count: int
    is_new: bool
    is_hot: bool
    is_recommended: bool
    price_min: int
    price_max: int
    market_price: int
    stock_total: int
    cover: str
    created_at: datetime
    updated_at: datetime


class Lifecycle(NamedTuple):
    status: str
    published_at: datetime | None = None
    sales_count: int = 0
    is_new: bool = False
    is_hot: bool = False
    is_recommended: bool = False


class SkuRow(NamedTuple):
    product_id: int
    shop_id: int
    spec_values: list[str]
    price: int
    market_price: int
    stock: int
    weight_grams: int
    barcode: str
    merchant_code: str
    image: str
    position: int


class SpecRow(NamedTuple):
    product_id: int
    name: str
    values: list[str]
    position: int


class SpecValueRow(NamedTuple):
    product_id: int
    name: str
    value: str


class ParamRow(NamedTuple):
    product_id: int
    name: str
    value: str
    position: int


class ImageRow(NamedTuple):
    product_id: int
    image: str
    alt: str
    position: int


@dataclass
class ProductDraft:
    product: ProductRow
    skus: list[SkuRow]
    specs: list[SpecRow]
    spec_values: list[SpecValueRow]
    params: list[ParamRow]
    images: list[ImageRow]


@dataclass
class Choice:
    """The values one spec dimension offers for a product."""

    dim: Dim
    indexes: list[int]

    @property
    def values(self) -> list[str]:
        return [self.dim.values[i] for i in self.indexes]

    @property
    def name(self) -> str:
        return self.dim.name

    def factor(self, index: int) -> float:
        return self.dim.factors[index] if self.dim.factors else 1.0


class ProductBuilder:
    def __init__(self, rng: random.Random, brands: dict[str, Brand], now: datetime, first_id: int):
        self.rng = rng
        self.brands = brands
        self.now = now
        self.ids = itertools.count(first_id)
        self.product_codes: dict[int, int] = {}
        self.barcodes = itertools.count(rng.randrange(10**8))

    def build(self, target: LeafTarget, hero: Hero | None = None) -> ProductDraft:
        rng, leaf, pk = self.rng, target.leaf, next(self.ids)
        shop = self.pick_shop(target, hero)
        brand = hero.brand if hero else rng.choice(shop.brands)
        series = hero.series if hero else rng.choice(leaf.lines.get(brand) or leaf.series)
        noun = hero.noun if hero else rng.choice(leaf.nouns)
        point = hero.point if hero else rng.choice(leaf.points)
        choices = [self.pick_values(dim) for dim in target.kind.dims]
        offered = [(c, c.values) for c in choices]
        name = product_name(leaf, brand, series, noun, point, choices)
        subtitle = " · ".join([*rng.sample(leaf.points, 2), rng.choice(PROMISES)])
        code = self.next_product_code(shop.shop)
        lifecycle = self.lifecycle(hero)
        pictures = rng.sample(target.pictures, min(rng.randint(2, 4), len(target.pictures)))
        skus = self.build_skus(pk, shop.shop.pk, code, target, choices, pictures)
        params = self.build_params(pk, target, brand)
        product = ProductRow(
            id=pk,
            shop_id=shop.shop.pk,
            category_id=target.category.pk,
            brand_id=self.brands[brand].pk,
            name=name,
            subtitle=subtitle,
            merchant_code=code,
            description=describe(name, shop.shop.name, leaf, params, pictures[0]),
            keywords=" ".join(dict.fromkeys([brand, noun, leaf.name, *target.path, series])),
            **lifecycle._asdict(),
            price_min=min(s.price for s in skus),
            price_max=max(s.price for s in skus),
            market_price=max(s.market_price for s in skus),
            stock_total=sum(s.stock for s in skus),
            cover=pictures[0],
            created_at=self.now,
            updated_at=self.now,
        )
        return ProductDraft(
            product=product,
            skus=skus,
            specs=[SpecRow(pk, c.name, values, i) for i, (c, values) in enumerate(offered)],
            spec_values=[SpecValueRow(pk, c.name, v) for c, values in offered for v in values],
            params=params,
            images=[ImageRow(pk, picture, name[:120], i) for i, picture in enumerate(pictures)],
        )

    def pick_shop(self, target: LeafTarget, hero: Hero | None) -> ShopChoice:
        if hero:
            shops = [s for s in target.shops if hero.brand in s.brands and s.shop.is_open]
            return self.rng.choices(shops, weights=[s.weight for s in shops])[0]
        return self.rng.choices(target.shops, cum_weights=target.shop_weights)[0]

    def pick_values(self, dim: Dim) -> Choice:
        count = min(self.rng.randint(*dim.picks), len(dim.values))
        if dim.ordered:
            start = self.rng.randrange(len(dim.values) - count + 1)
            return Choice(dim, list(range(start, start + count)))
        return Choice(dim, sorted(self.rng.sample(range(len(dim.values)), count)))

    def next_product_code(self, shop: Shop) -> str:
        number = self.product_codes.get(shop.pk, 0) + 1
        self.product_codes[shop.pk] = number
        return f"{shop.slug.split('-')[0][:6].upper()}-{number:06d}"

    def lifecycle(self, hero: Hero | None) -> Lifecycle:
        rng = self.rng
        roll = rng.random()
        status = next((s for odds, s in STATUS_ODDS if roll < odds), Product.Status.ON_SALE)
        if hero:
            status = Product.Status.ON_SALE
        if status in (Product.Status.DRAFT, Product.Status.PENDING):
            return Lifecycle(status)
        days = rng.uniform(0, 60 if hero else PUBLISHED_WITHIN_DAYS)
        # A long tail: most products sell a few dozen, a handful sell tens of thousands.
        sales = min(int(40 * (rng.paretovariate(1.1) - 1)), 250_000)
        if hero:
            sales += rng.randrange(20_000, 60_000)
        return Lifecycle(
            status=status,
            published_at=self.now - timedelta(days=days),
            sales_count=sales,
            is_new=days <= NEW_WITHIN_DAYS and rng.random() < 0.6,
            is_hot=sales >= HOT_SALES,
            is_recommended=bool(hero) or rng.random() < 0.08,
        )

    def build_skus(
        self,
        pk: int,
        shop_id: int,
        code: str,
        target: LeafTarget,
        choices: list[Choice],
        pictures: list[str],
    ) -> list[SkuRow]:
        rng = self.rng
        low, high = target.leaf.price
        base = low * (high / low) ** rng.random()
        discount = 1.0 if rng.random() < 0.3 else rng.uniform(1.15, 1.6)
        grams = rng.randint(*target.kind.grams)
        skus = []
        for position, combo in enumerate(itertools.product(*(c.indexes for c in choices))):
            factor = math.prod(c.factor(i) for c, i in zip(choices, combo, strict=True))
            price = charm_price(base * factor)
            skus.append(
                SkuRow(
                    product_id=pk,
                    shop_id=shop_id,
                    spec_values=[c.dim.values[i] for c, i in zip(choices, combo, strict=True)],
                    price=price,
                    market_price=max(price, charm_price(base * factor * discount)),
                    stock=self.stock(),
                    weight_grams=max(1, round(grams * factor)),
                    barcode=ean13(f"{EAN_PREFIX}{next(self.barcodes):09d}"),
                    merchant_code=f"{code}-{position + 1:02d}",
                    image=pictures[combo[0] % len(pictures)] if combo else "",
                    position=position,
                )
            )
        return skus

    def stock(self) -> int:
        """Mostly a few hundred, sometimes sold out."""
        if self.rng.random() < 0.06:
            return 0
        return min(int(self.rng.expovariate(1 / 150)) + 1, 9999)

    def build_params(self, pk: int, target: LeafTarget, brand: str) -> list[ParamRow]:
        rows = [
            ("出版社" if target.leaf.titled else "品牌", brand),
            ("产地", self.rng.choice(target.kind.origins)),
            *((name, self.rng.choice(values)) for name, values in target.kind.params),
        ]
        return [ParamRow(pk, name, value, i) for i, (name, value) in enumerate(rows)]


def product_name(
    leaf: Leaf, brand: str, series: str, noun: str, point: str, choices: list[Choice]
) -> str:
    """清扬男士去屑洗发水 活力运动薄荷型 400ml — a lone size or capacity joins the name."""
    if leaf.titled:
        return f"{noun}（{series}）{point}"
    single = [c.values[0] for c in choices if c.dim.factors and len(c.indexes) == 1]
    return " ".join([join_words(brand, series, noun), point, *single])


def describe(name: str, shop: str, leaf: Leaf, params: list[ParamRow], picture: str) -> str:
    """The detail HTML, built only from escaped text inside tags `sanitize_html` keeps, so it is
    already what sanitising would return (a test holds it to that) at a fraction of the cost."""
    rows = "".join(f"<tr><th>{text(p.name)}</th><td>{text(p.value)}</td></tr>" for p in params)
    return (
        f"<h3>商品亮点</h3><ul>{highlights(leaf.points)}</ul>"
        f"<p>{text(name)}，{text(shop)}正品保障，支持7天无理由退换。</p>"
        f"<table><tbody>{rows}</tbody></table>"
        f'<figure><img src="{picture_src(picture)}" alt="{attribute(name)}"></figure>'
    )


@cache
def highlights(points: tuple[str, ...]) -> str:
    return "".join(f"<li>{text(p)}</li>" for p in points[:4])


@cache
def picture_src(picture: str) -> str:
    return attribute(thumbnail_url(picture, THUMBNAIL_WIDTHS[-1], "jpg"))


@lru_cache(maxsize=4096)
def text(value: str) -> str:
    """Escaped the way the sanitiser serialises text: & < > only."""
    return escape(value, quote=False)


def attribute(value: str) -> str:
    return text(value).replace('"', "&quot;")

"""Reads of the catalog for the storefront and the API. Every function issues a fixed number of
queries whatever the page size (summary columns on Product avoid per-product lookups)."""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Count, F, OrderBy, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mall.catalog.filters import ListingFilters, Sort
from mall.catalog.models import (
    Brand,
    Category,
    ImportJob,
    Product,
    ProductImage,
    ProductParam,
    ProductReview,
    ProductSpec,
    Sku,
    SpecValue,
)
from mall.catalog.prepared import BIGINT, TEXT_SENTINEL, PreparedQuery
from mall.merchants.models import Shop
from mall.pricing.rules import BASIS_POINTS

# The price a shopper sees: the materialised promotion price when there is one, else the list
# price. Listings sort and filter by it; the index `product_cat_shown_price` is on this very
# expression (an expression index is only used for the expression written the same way).
SHOWN_PRICE = Coalesce(F("promo_price_min"), F("price_min"))
# Orders by Product field names (and "shown_price", the price shoppers see: SHOWN_PRICE): the
# search backends compile them into their own SQL.
SORT_ORDER: dict[Sort, tuple[str, ...]] = {
    Sort.DEFAULT: ("-is_recommended", "-sales_count", "-id"),
    Sort.SALES: ("-sales_count", "-id"),
    Sort.PRICE_ASC: ("shown_price", "id"),
    Sort.PRICE_DESC: ("-shown_price", "-id"),
    Sort.NEW: ("-published_at", "-id"),
}
# The storefront's and the API's listings: the price sorts go by the shown price.
LISTING_ORDER: dict[Sort, tuple[str | OrderBy, ...]] = {
    **SORT_ORDER,
    Sort.PRICE_ASC: (SHOWN_PRICE.asc(), "id"),
    Sort.PRICE_DESC: (SHOWN_PRICE.desc(), "-id"),
}
MAX_FACET_VALUES = 30
MAX_FACET_ROWS = MAX_FACET_VALUES * 10
# What a product card (storefront tile, API list item) shows, read as plain columns.
CARD_COLUMNS = (
    "id", "name", "subtitle", "price_min", "price_max", "market_price", "stock_total",
    "sales_count", "cover", "is_new", "is_hot", "is_recommended", "promo_price_min", "promo_until",
    "promo_badge", "promo_tags", "shop_id", "shop__name", "shop__slug", "brand_id", "brand__name",
    "brand__slug",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Ref:
    """A shop, brand or category as a card, a brand facet or a category chip names it."""

    pk: int
    name: str
    slug: str


@dataclass(eq=False, slots=True)
class ProductCard:
    """What a listing shows of a product: plain values instead of model instances, which cost
    several times more to build than the row costs to read. Equal to the Product it shows."""

    pk: int
    name: str
    subtitle: str
    price_min: int
    price_max: int
    market_price: int
    stock_total: int
    sales_count: int
    cover: str
    is_new: bool
    is_hot: bool
    is_recommended: bool
    promo_price_min: int | None
    promo_until: datetime | None
    promo_badge: dict
    promo_tags: list[str]
    shop: Ref
    brand: Ref | None

    @classmethod
    def from_row(cls, row: tuple) -> "ProductCard":
        *fields, shop_id, shop_name, shop_slug, brand_id, brand_name, brand_slug = row
        brand = Ref(brand_id, brand_name, brand_slug) if brand_id is not None else None
        return cls(*fields, shop=Ref(shop_id, shop_name, shop_slug), brand=brand)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProductCard | Product) and other.pk == self.pk

    def __hash__(self) -> int:
        return hash(self.pk)


def cards(rows: Iterable[tuple]) -> list[ProductCard]:
    return [ProductCard.from_row(row) for row in rows]


@dataclass
class Facet:
    name: str
    values: list[str]


@dataclass
class ProductPage:
    products: list[Product] | list[ProductCard]
    total: int
    page: int
    page_size: int
    brands: list[Ref] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def visible_products() -> QuerySet[Product]:
    return Product.objects.visible().select_related("shop", "brand")


def category_tree() -> list[Category]:
    """Active top-level categories, each with its active children (and theirs) in
    `active_children`: one query for the whole (small) table of active categories, in tree
    order, assembled here; a child of an inactive category is not reached."""
    children: dict[int | None, list[Category]] = {}
    for category in Category.objects.filter(is_active=True):
        children.setdefault(category.parent_id, []).append(category)
    for nodes in children.values():
        for node in nodes:
            node.active_children = children.get(node.pk, [])
    return children.get(None, [])


CATEGORY_BY_SLUG = PreparedQuery(
    lambda slug: Category.objects.select_related("parent__parent").filter(
        slug=slug, is_active=True
    ),
    sentinel=TEXT_SENTINEL,
)
ACTIVE_CHILDREN = PreparedQuery(
    lambda pk: Category.objects.filter(is_active=True, parent_id=pk).values_list(
        "pk", "name", "slug"
    )
)


def get_category(slug: str) -> Category:
    """The active category by slug, with its ancestors for breadcrumbs; 404 otherwise."""
    found = CATEGORY_BY_SLUG.objects(slug)
    if not found:
        raise Http404
    return found[0]


def sibling_or_child_categories(category: Category) -> list[Ref]:
    """The chips under a listing's title: the active children, or the siblings of a leaf (as
    plain rows: model instances cost as much again as the query)."""
    children = ACTIVE_CHILDREN.values(category.pk)
    if not children and category.parent_id is not None:
        children = ACTIVE_CHILDREN.values(category.parent_id)
    return [Ref(*row) for row in children]


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def open_shops() -> QuerySet[Shop]:
    return Shop.objects.open()


def category_ancestors(category: Category) -> list[Category]:
    chain, node = [], category
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain[::-1]


def subtree_filter(category: Category) -> Q:
    """Products in the category or any category below it (the tree is at most three deep)."""
    return (
        Q(category=category) | Q(category__parent=category) | Q(category__parent__parent=category)
    )


def apply_filters(products: QuerySet[Product], filters: ListingFilters) -> QuerySet[Product]:
    if filters.brand_ids:
        products = products.filter(brand_id__in=filters.brand_ids)
    if filters.price_min is not None or filters.price_max is not None:
        products = products.alias(shown_price=SHOWN_PRICE)
    if filters.price_min is not None:
        products = products.filter(shown_price__gte=filters.price_min)
    if filters.price_max is not None:
        products = products.filter(shown_price__lte=filters.price_max)
    for name, values in filters.specs.items():
        matching = SpecValue.objects.filter(name=name, value__in=values).values("product_id")
        products = products.filter(pk__in=matching)
    return products


def page_window(filters: ListingFilters, total: int) -> tuple[int, int]:
    """The page to show (a page past the end shows the last one) and its first row."""
    num_pages = max(1, math.ceil(total / filters.page_size))
    page = min(filters.page, num_pages)
    return page, (page - 1) * filters.page_size


def paginate(products: QuerySet[Product], filters: ListingFilters) -> ProductPage:
    """One COUNT and one page query, of product cards."""
    total = products.count()
    page, start = page_window(filters, total)
    rows = cards(card_page(products, filters.sort, start, start + filters.page_size))
    return ProductPage(products=rows, total=total, page=page, page_size=filters.page_size)


def card_page(products: QuerySet[Product], sort: Sort, start: int, stop: int) -> QuerySet:
    """The cards of rows `start:stop` of `products` in `sort` order. The page's ids are picked
    from the index `product_cat_shown_price` alone and only their rows are read: sorting the card
    columns of every product in the scope cost more than the rest of a listing's reads."""
    order = LISTING_ORDER[sort]
    ids = products.order_by(*order).values("pk")[start:stop]
    return product_cards(Product.objects.filter(pk__in=ids)).order_by(*order)


def subtree_categories(category_id: int) -> QuerySet[Category]:
    """The active categories at or below a category. Used as a subquery, it lets a listing filter
    products with an indexed `category_id IN (…)` instead of joining the tree for every product.
    Grandchildren are found by their parent among the children, which reads the parent index
    (joining every category to its parent read the whole table, on each of a listing's reads)."""
    children = Category.objects.filter(parent_id=category_id).values("pk")
    return Category.objects.filter(
        Q(pk=category_id) | Q(parent_id=category_id) | Q(parent_id__in=children),
        is_active=True,
    ).values("pk")


def scope_conditions(
    *, category_id: int | None = None, shop_id: int | None = None, via: str = ""
) -> Q:
    """Visible products of a category subtree and/or a shop (what `visible()` selects), as
    conditions on the product reached by the lookup path `via` ("" for Product itself)."""
    conditions = Q(
        **{f"{via}status": Product.Status.ON_SALE, f"{via}shop__status": Shop.Status.OPEN}
    )
    if category_id is not None:
        conditions &= Q(**{f"{via}category_id__in": subtree_categories(category_id)})
    else:
        conditions &= Q(**{f"{via}category__is_active": True})
    if shop_id is not None:
        conditions &= Q(**{f"{via}shop_id": shop_id})
    return conditions


def listing_scope(*, category_id: int | None = None, shop_id: int | None = None) -> QuerySet:
    """Visible products of a category subtree and/or a shop."""
    return Product.objects.filter(scope_conditions(category_id=category_id, shop_id=shop_id))


def product_cards(products: QuerySet[Product]) -> QuerySet:
    """The card columns of `products` (rows for ProductCard.from_row)."""
    return products.values_list(*CARD_COLUMNS)


def facet_rows(*, category_id: int | None = None, shop_id: int | None = None) -> QuerySet:
    """The distinct (spec name, value) pairs of a listing scope's products, in no order
    (`facets_from` sorts them). Asked for DISTINCT and ORDER BY together, SQLite sorted every
    spec row of the scope (645 for the demo's food listing) instead of the 25 distinct pairs:
    twice the cost of the whole query without it. The scope is joined rather than an IN subquery."""
    scope = scope_conditions(category_id=category_id, shop_id=shop_id, via="product__")
    return SpecValue.objects.filter(scope).values_list("name", "value").distinct().order_by()


class OfGroup(Subquery):
    """A subquery of a grouped query's GROUP BY columns only: worked out once per group, and
    not itself a column to group by (which would work it out once per row)."""

    def get_group_by_cols(self) -> list:
        return []


def brand_counts(scope: QuerySet[Product]) -> QuerySet:
    """(brand id, products, name, slug) per brand of the scope, by name; the counts add up to
    the scope's size, so an unfiltered listing needs no COUNT of its own. Products are counted
    by brand id from the index alone; each brand's name is read once, not once per product."""
    brand = Brand.objects.filter(pk=OuterRef("brand_id")).order_by()
    return (
        scope.values_list("brand_id")
        .annotate(
            products=Count("pk"),
            name=OfGroup(brand.values("name")),
            slug=OfGroup(brand.values("slug")),
        )
        .order_by("name", "brand_id")
    )


class ScopeReads:
    """Prepared reads of one kind of unfiltered listing scope: `kind` is the keyword
    ("category_id", "shop_id") that `listing_scope` and `facet_rows` take the key by."""

    def __init__(self, kind: str):
        def scope(key: int) -> QuerySet[Product]:
            return listing_scope(**{kind: key})

        self.brands = PreparedQuery(lambda key: brand_counts(scope(key)))
        self.facets = PreparedQuery(lambda key: facet_rows(**{kind: key}))
        self.page = PreparedQuery(
            lambda key, sort, start, stop: card_page(scope(key), sort, start, stop)
        )

    def listing(self, key: int, filters: ListingFilters, with_facets: bool) -> ProductPage:
        with connection.cursor() as cursor:
            counts = self.brands.values(key, cursor=cursor)
            total = sum(products for _, products, *_ in counts)
            page, start = page_window(filters, total)
            stop = start + filters.page_size
            rows = self.page.values(key, filters.sort, start, stop, cursor=cursor)
            facets = self.facets.values(key, cursor=cursor) if with_facets else []
        return ProductPage(
            products=cards(rows),
            total=total,
            page=page,
            page_size=filters.page_size,
            brands=[Ref(pk, name, slug) for pk, _, name, slug in counts if pk is not None],
            facets=facets_from(facets),
        )


CATEGORY_LISTING = ScopeReads("category_id")
SHOP_LISTING = ScopeReads("shop_id")


def is_filtered(filters: ListingFilters) -> bool:
    return bool(
        filters.brand_ids
        or filters.specs
        or filters.price_min is not None
        or filters.price_max is not None
    )


def list_products(
    filters: ListingFilters,
    *,
    category: Category | None = None,
    shop: Shop | None = None,
    with_facets: bool = True,
) -> ProductPage:
    """A page of visible products with the brand and (unless `with_facets` is false: a page
    without a filter panel) spec facets of the unfiltered scope. The plain listing of a
    category or a shop (the page most visits land on) runs three prepared queries; a filtered
    one is composed with the ORM (four queries). Without facets, one query fewer."""
    if not is_filtered(filters) and (category is None) != (shop is None):
        if category is not None:
            return CATEGORY_LISTING.listing(category.pk, filters, with_facets)
        return SHOP_LISTING.listing(shop.pk, filters, with_facets)
    keys = {"category_id": category.pk if category else None, "shop_id": shop.pk if shop else None}
    scope = listing_scope(**keys)
    page = paginate(apply_filters(scope, filters), filters)
    brands = Brand.objects.filter(pk__in=scope.values("brand_id")).order_by("name")
    page.brands = [Ref(*row) for row in brands.values_list("pk", "name", "slug")]
    if with_facets:
        page.facets = facets_from(facet_rows(**keys))
    return page


def facets_from(rows: Iterable[tuple[str, str]]) -> list[Facet]:
    """Spec names with more than one value, by name, each with its first values by value; only
    the first `MAX_FACET_ROWS` pairs in that order count. Sorted by code point, as SQLite's and
    a C-collated PostgreSQL's ORDER BY sorted them when the query did."""
    facets: dict[str, list[str]] = {}
    for name, value in sorted(rows)[:MAX_FACET_ROWS]:
        values = facets.setdefault(name, [])
        if len(values) < MAX_FACET_VALUES:
            values.append(value)
    return [Facet(name, values) for name, values in facets.items() if len(values) > 1]


def get_product_detail(product_id: int) -> Product:
    """A visible product with everything its page shows, in a fixed number of queries."""
    skus = Sku.objects.filter(is_active=True).order_by("position", "id")
    gallery = ProductImage.objects.filter(sku__isnull=True)
    products = visible_products().select_related("category__parent__parent")
    return get_object_or_404(
        products.prefetch_related(
            "specs",
            Prefetch("skus", queryset=skus, to_attr="active_skus"),
            "params",
            Prefetch("images", queryset=gallery, to_attr="gallery"),
        ),
        pk=product_id,
    )


PAGE_PRODUCT = PreparedQuery(
    lambda pk: visible_products().select_related("category__parent__parent").filter(pk=pk)
)


@dataclass(frozen=True, slots=True)
class SpecRow:
    """A spec dimension of the product page (颜色: 红, 蓝 …)."""

    name: str
    values: list[str]


@dataclass(frozen=True, slots=True)
class SkuRow:
    """What the product page shows of an active SKU: its spec values, prices and stock."""

    pk: int
    spec_values: list[str]
    price: int
    market_price: int
    promo_price: int | None
    stock: int


@dataclass(frozen=True, slots=True)
class ParamRow:
    """A row of the product page's parameters table."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class StoredImage:
    """An image by its name in the storage (what `ProductImage.image.name` holds)."""

    name: str


@dataclass(frozen=True, slots=True)
class GalleryImage:
    """A gallery image of the product page, read as `ProductImage` is: `.image.name`, `.alt`."""

    image: StoredImage
    alt: str

    @classmethod
    def from_row(cls, row: tuple[str, str]) -> "GalleryImage":
        return cls(StoredImage(row[0]), row[1])


PAGE_SPECS = PreparedQuery(
    lambda pk: ProductSpec.objects.filter(product_id=pk).values_list("name", "values")
)
PAGE_SKUS = PreparedQuery(
    lambda pk: (
        Sku.objects.filter(product_id=pk, is_active=True)
        .order_by("position", "id")
        .values_list(*SkuRow.__slots__)
    )
)
PAGE_PARAMS = PreparedQuery(
    lambda pk: ProductParam.objects.filter(product_id=pk).values_list("name", "value")
)
PAGE_GALLERY = PreparedQuery(
    lambda pk: ProductImage.objects.filter(product_id=pk, sku__isnull=True).values_list(
        "image", "alt"
    )
)
RELATED_LIMIT = 8
RELATED_CARDS = PreparedQuery(
    lambda pk: product_cards(
        Product.objects.visible()
        .filter(
            category_id=Subquery(Product.objects.visible().filter(pk=pk).values("category_id")[:1])
        )
        .exclude(pk=pk)
        .order_by("-sales_count", "-id")[:RELATED_LIMIT]
    )
)


def related_cards(product_id: int) -> list[ProductCard]:
    """The product page's 相关推荐: the best sellers of the product's category, as cards (the
    products related_products finds); none unless the product is visible."""
    return cards(RELATED_CARDS.values(product_id))


def is_visible(product_id: int) -> bool:
    return product_id in BIGINT and Product.objects.visible().filter(pk=product_id).exists()


def get_product_page(product_id: int) -> Product:
    """What the storefront's product page shows, as get_product_detail does but through prepared
    queries on one cursor (the page is built on every request when the page cache is off): the
    product with its shop, brand and category chain, and as plain rows (read as the models'
    instances are) `spec_list`, `active_skus`, `param_list` and `gallery`. Five queries, 404
    unless visible. Its related products come later, on their own (`related_cards`)."""
    with connection.cursor() as cursor:
        found = PAGE_PRODUCT.objects(product_id, cursor=cursor)
        if not found:
            raise Http404
        product = found[0]
        product.spec_list = [SpecRow(*row) for row in PAGE_SPECS.values(product_id, cursor=cursor)]
        product.active_skus = [SkuRow(*row) for row in PAGE_SKUS.values(product_id, cursor=cursor)]
        product.param_list = [
            ParamRow(*row) for row in PAGE_PARAMS.values(product_id, cursor=cursor)
        ]
        gallery = PAGE_GALLERY.values(product_id, cursor=cursor)
        product.gallery = [GalleryImage.from_row(row) for row in gallery]
    return product


def promoted(products: QuerySet[Product], now: datetime) -> QuerySet[Product]:
    """Products whose promotion price is below their list price and has not ended."""
    return products.filter(
        Q(promo_until__isnull=True) | Q(promo_until__gt=now),
        promo_price_min__isnull=False,
        promo_price_min__lt=F("price_min"),
    )


# How deep a promotion cuts, in basis points of the list price kept (lower = deeper).
PRICE_KEPT = F("promo_price_min") * BASIS_POINTS / F("price_min")


def price_kept(card: ProductCard) -> int:
    """PRICE_KEPT as the database works it out (integer division of non-negative numbers)."""
    return card.promo_price_min * BASIS_POINTS // card.price_min


def home_sections(limit: int = 10, now: datetime | None = None) -> dict[str, list[ProductCard]]:
    """新品 / 热卖 / 推荐 / 限时特惠 shelves for the home page, in two queries. 推荐 puts the
    operator's picks first and fills up with best sellers, so it is never empty while anything
    is on sale; 限时特惠 shows the deepest promotion cuts first.

    热卖, 推荐 and 限时特惠 are read together: one query for the union of each shelf's top
    `limit` products, best sellers first; each shelf then keeps its own rows of the union in its
    own order. A shelf's top rows are all in the union and its other rows in the union rank
    below them, so every shelf comes out as its own query would have read it."""
    now = now or timezone.now()
    visible = Product.objects.visible()
    new = product_cards(visible.filter(is_new=True)).order_by("-published_at", "-id")
    tops = (
        visible.filter(is_hot=True).order_by("-sales_count", "-id"),
        visible.order_by("-is_recommended", "-sales_count", "-id"),
        promoted(visible, now).order_by(PRICE_KEPT, "-sales_count", "-id"),
    )
    union = reduce(or_, (Q(pk__in=top.values("pk")[:limit]) for top in tops))
    rows = cards(product_cards(Product.objects.filter(union)).order_by("-sales_count", "-id"))
    deals = [card for card in rows if promotion_running(card, now)]
    return {
        "new": cards(new[:limit]),
        "hot": [card for card in rows if card.is_hot][:limit],
        "recommended": sorted(rows, key=lambda card: not card.is_recommended)[:limit],
        "deals": sorted(deals, key=price_kept)[:limit],
    }


def promotion_running(card: ProductCard | Product, now: datetime) -> bool:
    """What `promoted()` selects, for a product or card already read."""
    promo = card.promo_price_min
    until = card.promo_until
    return promo is not None and promo < card.price_min and (until is None or until > now)


def get_open_shop(slug: str) -> Shop:
    return get_object_or_404(Shop.objects.open().select_related("tier"), slug=slug)


def related_products(product: Product, limit: int = 8) -> list[Product]:
    return list(
        visible_products()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by("-sales_count", "-id")[:limit]
    )


# --- the seller back office --------------------------------------------------------------------


def seller_products(shop: Shop, status: str = "", search: str = "") -> QuerySet[Product]:
    """The shop's products for its list page (newest first), by status and by name or 货号
    (the product's or one of its SKUs')."""
    products = Product.objects.filter(shop=shop).select_related("category", "brand")
    if status:
        products = products.filter(status=status)
    if search:
        sku_codes = Sku.objects.filter(shop=shop, merchant_code__icontains=search)
        products = products.filter(
            Q(name__icontains=search)
            | Q(merchant_code__icontains=search)
            | Q(pk__in=sku_codes.values("product_id"))
        )
    return products.order_by("-updated_at", "-id")


def leaf_categories() -> QuerySet[Category]:
    """The active level-3 categories a product can be listed in, in tree order."""
    return (
        Category.objects.filter(level=3, is_active=True)
        .select_related("parent__parent")
        .order_by(
            "parent__parent__position", "parent__parent_id", "parent__position", "parent_id",
            "position", "id",
        )
    )  # fmt: skip


def seller_status_counts(shop: Shop) -> dict[str, int]:
    """Products per status (one query), for the tabs' badges."""
    rows = Product.objects.filter(shop=shop).values_list("status").annotate(n=Count("pk"))
    counts = dict(rows.order_by())
    return {"": sum(counts.values()), **counts}


def seller_product(shop: Shop, product_id: int) -> Product:
    """One of the shop's products with what its edit page shows; 404 for anyone else's."""
    return get_object_or_404(
        Product.objects.filter(shop=shop).prefetch_related(
            "specs",
            "params",
            "images",
            Prefetch("skus", queryset=Sku.objects.order_by("position", "id")),
        ),
        pk=product_id,
    )


def seller_sku(shop: Shop, product: Product, sku_id: int) -> Sku:
    return get_object_or_404(Sku.objects.filter(shop=shop, product=product), pk=sku_id)


def review_history(product: Product) -> QuerySet[ProductReview]:
    return ProductReview.objects.filter(product=product).select_related("actor")


def latest_rejection(product: Product) -> ProductReview | None:
    """Why the operator rejected the product, while it stays rejected."""
    if product.status != Product.Status.REJECTED:
        return None
    return product.reviews.filter(decision=ProductReview.Decision.REJECTED).first()


def pending_review() -> QuerySet[Product]:
    """The operator's review queue, oldest submission first."""
    return Product.objects.filter(status=Product.Status.PENDING).order_by("updated_at", "id")


def low_stock_skus(shop: Shop, threshold: int = 10, limit: int = 10) -> list[Sku]:
    """The shop's sellable SKUs of products on sale with at most `threshold` pieces left, the
    emptiest first (the dashboard's 库存预警): one query."""
    skus = Sku.objects.filter(
        shop=shop, is_active=True, stock__lte=threshold, product__status=Product.Status.ON_SALE
    )
    return list(skus.select_related("product").order_by("stock", "id")[:limit])


def seller_import_jobs(shop: Shop, limit: int = 10) -> list[ImportJob]:
    return list(ImportJob.objects.filter(shop=shop, shop_only=True)[:limit])


def seller_import_job(shop: Shop, job_id: int) -> ImportJob:
    """A job the shop started from its back office; anyone else's (or an operator's) is a 404."""
    return get_object_or_404(ImportJob.objects.filter(shop=shop, shop_only=True), pk=job_id)

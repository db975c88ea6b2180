"""What the index stores for a product: its tokens in three fields of falling weight, and its
sales (ties in relevance go to the better seller)."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from mall.catalog.models import Product, SpecValue
from mall.search.tokenizer import name_tokens, text_tokens

COLUMNS = (
    "id",
    "sales_count",
    "name",
    "subtitle",
    "keywords",
    "brand__name",
    "shop__name",
    "category__name",
    "category__parent__name",
    "category__parent__parent__name",
)


@dataclass(frozen=True)
class SearchDocument:
    product_id: int
    title: tuple[str, ...]  # the name: words, characters, pinyin initials
    tags: tuple[str, ...]  # brand, categories (all levels), keywords
    other: tuple[str, ...]  # subtitle, spec values (红色, XL), shop name
    popularity: int  # sales when indexed


def build_document(row: tuple, spec_values: list[str]) -> SearchDocument:
    """A document from one row of `COLUMNS` values and the product's spec values."""
    product_id, sales, name, subtitle, keywords, brand, shop, *categories = row
    return SearchDocument(
        product_id=product_id,
        title=tuple(name_tokens(name)),
        tags=tuple(text_tokens(brand, *categories, keywords)),
        other=tuple(text_tokens(subtitle, *spec_values, shop)),
        popularity=sales,
    )


def documents_for(products: QuerySet[Product]) -> Iterator[SearchDocument]:
    """Documents of the products, read as plain rows in two queries (no model instances:
    rebuilds are big). Callers pass batches small enough for one IN list."""
    rows = list(products.values_list(*COLUMNS))
    spec_values = defaultdict(list)
    for product_id, value in SpecValue.objects.filter(
        product_id__in=[row[0] for row in rows]
    ).values_list("product_id", "value"):
        spec_values[product_id].append(value)
    for row in rows:
        yield build_document(row, spec_values[row[0]])

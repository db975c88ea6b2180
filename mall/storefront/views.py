from django.shortcuts import render

from mall.catalog import selectors
from mall.catalog.filters import parse_listing_filters


def home(request):
    return render(request, "storefront/home.html", {"sections": selectors.home_sections()})


def category(request, slug: str):
    node = selectors.get_category(slug)
    filters = parse_listing_filters(request.GET)
    page = selectors.list_products(filters, category=node)
    return render(request, "storefront/listing.html", {"category": node, "page": page})


def product(request, pk: int):
    item = selectors.get_product_detail(pk)
    return render(request, "storefront/product.html", {"product": item})


def shop(request, slug: str):
    store = selectors.get_open_shop(slug)
    page = selectors.list_products(parse_listing_filters(request.GET), shop=store)
    return render(request, "storefront/listing.html", {"shop": store, "page": page})

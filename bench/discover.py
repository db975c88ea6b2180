"""Run inside the benchmark's environment (`python -m bench.discover`): print, as JSON, the
listing and product URLs to load. Chosen for weight, not luck: the top-level category with the
most visible products (the largest listing a shopper reaches from the home page) and the
visible product with the most SKUs (the fullest SKU picker)."""

import json
import os

import django


def busiest_category_url() -> str | None:
    from django.db.models import Count
    from django.db.models.functions import Coalesce
    from django.urls import reverse

    from mall.catalog.models import Category, Product

    top = (
        Product.objects.visible()
        .values(root=Coalesce("category__parent__parent", "category__parent", "category"))
        .annotate(products=Count("pk"))
        .order_by("-products", "root")
        .first()
    )
    if top is None:
        return None
    slug = Category.objects.get(pk=top["root"]).slug
    return reverse("storefront:category", kwargs={"slug": slug})


def fullest_product_url() -> str | None:
    from django.db.models import Count, Q
    from django.urls import reverse

    from mall.catalog.models import Product

    product = (
        Product.objects.visible()
        .annotate(active_skus=Count("skus", filter=Q(skus__is_active=True)))
        .order_by("-active_skus", "pk")
        .first()
    )
    return reverse("storefront:product", kwargs={"pk": product.pk}) if product else None


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mall.settings")
    django.setup()
    print(json.dumps({"listing": busiest_category_url(), "product": fullest_product_url()}))


if __name__ == "__main__":
    main()

from django.shortcuts import render

from mall.catalog.models import Product


def home(request):
    products = Product.objects.visible().select_related("shop")[:20]
    return render(request, "storefront/home.html", {"products": products})

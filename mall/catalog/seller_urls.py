"""The seller back office's product pages (/seller/products/…)."""

from django.urls import path  # noqa: F401

app_name = "seller_products"
urlpatterns: list = []

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from mall.storefront import views
from mall.storefront.sitemaps import SITEMAPS

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("categories/", views.categories, name="categories"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("product/<int:pk>/", views.product, name="product"),
    path("product/<int:pk>/related/", views.product_related, name="product_related"),
    path("shop/<slug:slug>/", views.shop, name="shop"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

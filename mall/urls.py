from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from mall.core import views as core_views
from mall.storefront import views as storefront_views

urlpatterns = [
    path("ping", core_views.ping, name="ping"),
    path("healthz", core_views.healthz, name="healthz"),
    # The shoppers' pages first: resolving a URL tries the patterns in order, and these are
    # asked for most (their paths, /product/1/ and the like, belong to no other app).
    path("", include("mall.storefront.urls")),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", storefront_views.set_language, name="set_language"),
    path("api/", include("mall.api.urls")),
    path("account/", include("mall.customers.urls")),
    path("search/", include("mall.search.urls")),
    path("cart/", include("mall.cart.urls")),
    path("pay/", include("mall.payments.urls")),
    path("", include("mall.orders.urls")),  # checkout/, orders/, seller/orders/
    path("", include("mall.ledger.urls")),  # seller/statements/
    path("", include("mall.shipping.urls")),  # seller/freight/
    path("", include("mall.catalog.seller_urls")),  # seller/products/
    path("", include("mall.backoffice.urls")),  # seller/ (dashboard, shop, staff, money)
    path("", include("mall.learning.urls")),  # seller/learning/
    path("join/", include("mall.onboarding.urls")),  # 招商
    path("", include("mall.promotions.urls")),  # campaigns/, seller/promotions/
    path("", include("mall.coupons.urls")),  # coupons/, account/coupons/, seller/coupons/
    path("", include("mall.membership.urls")),  # account/membership/, seller/price-lists/
]

if settings.SERVE_MEDIA:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

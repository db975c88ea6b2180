from django.urls import path

from mall.coupons import seller_views, views

app_name = "coupons"
urlpatterns = [
    path("coupons/", views.centre, name="centre"),
    path("coupons/redeem/", views.redeem, name="redeem"),
    path("coupons/<int:template_id>/claim/", views.claim, name="claim"),
    path("coupons/product/<int:product_id>/", views.for_product, name="for_product"),
    path("coupons/shop/<int:shop_id>/", views.for_shop, name="for_shop"),
    path("account/coupons/", views.mine, name="mine"),
    path("account/coupons/<int:coupon_id>/", views.detail, name="detail"),
    path("seller/coupons/", seller_views.coupon_list, name="seller_list"),
    path("seller/coupons/new/", seller_views.coupon_create, name="seller_create"),
    path(
        "seller/coupons/<int:template_id>/<slug:move>/",
        seller_views.coupon_move,
        name="seller_move",
    ),
]

from django.urls import path

from mall.membership import views

app_name = "membership"
urlpatterns = [
    path("account/membership/", views.mine, name="mine"),
    path("seller/price-lists/", views.seller_list, name="seller_list"),
    path("seller/price-lists/<int:sku_id>/", views.seller_edit, name="seller_edit"),
]

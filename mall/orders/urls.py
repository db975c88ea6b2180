from django.urls import path

from mall.orders import views

app_name = "orders"
urlpatterns = [
    path("checkout/", views.checkout_page, name="checkout"),
    path("orders/", views.order_list, name="list"),
    path("orders/<str:no>/", views.order_detail, name="detail"),
    path("orders/<str:no>/pay/", views.pay, name="pay"),
    path("orders/<str:no>/cancel/", views.cancel, name="cancel"),
    path("orders/<str:no>/confirm/", views.confirm, name="confirm"),
    path("orders/<str:no>/delete/", views.delete, name="delete"),
    path("seller/orders/", views.seller_order_list, name="seller_list"),
    path("seller/orders/<str:no>/", views.seller_order_detail, name="seller_detail"),
    path(
        "seller/orders/<str:no>/packing-list/",
        views.seller_packing_list,
        name="seller_packing_list",
    ),
    path("seller/orders/<str:no>/cancel/", views.seller_cancel, name="seller_cancel"),
    path(
        "seller/orders/<str:no>/lines/<int:line_id>/refund/",
        views.seller_refund_line,
        name="seller_refund_line",
    ),
]

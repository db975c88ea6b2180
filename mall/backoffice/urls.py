from django.urls import path

from mall.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("seller/", views.dashboard, name="dashboard"),
    path("seller/money/", views.money, name="money"),
    path("seller/shop/", views.shop_settings, name="shop"),
    path("seller/staff/", views.staff, name="staff"),
    path("seller/staff/<int:member_id>/role/", views.staff_role, name="staff_role"),
    path("seller/staff/<int:member_id>/remove/", views.staff_remove, name="staff_remove"),
]

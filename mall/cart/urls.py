from django.urls import path

from mall.cart import views

app_name = "cart"
urlpatterns = [
    path("", views.cart_page, name="page"),
    path("mini/", views.mini_cart, name="mini"),
    path("add/", views.add, name="add"),
    path("select/", views.select, name="select"),
    path("lines/<int:line_id>/quantity/", views.set_quantity, name="quantity"),
    path("lines/<int:line_id>/remove/", views.remove, name="remove"),
]

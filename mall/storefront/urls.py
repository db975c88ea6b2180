from django.urls import path

from mall.storefront import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("category/<slug:slug>/", views.category, name="category"),
    path("product/<int:pk>/", views.product, name="product"),
    path("shop/<slug:slug>/", views.shop, name="shop"),
]

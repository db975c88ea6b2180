from django.urls import path

from mall.promotions import views

app_name = "promotions"
urlpatterns = [
    path("campaigns/", views.campaign_index, name="index"),
    path("campaigns/<slug:slug>/", views.campaign, name="campaign"),
    path("seller/promotions/", views.seller_list, name="seller_list"),
    path("seller/promotions/new/", views.seller_create, name="seller_create"),
    path("seller/promotions/<int:pk>/", views.seller_edit, name="seller_edit"),
    path("seller/promotions/<int:pk>/preview/", views.seller_preview, name="seller_preview"),
    path("seller/promotions/<int:pk>/<slug:action>/", views.seller_move, name="seller_move"),
]

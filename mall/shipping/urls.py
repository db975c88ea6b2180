from django.urls import path

from mall.shipping import views

app_name = "shipping"
urlpatterns = [
    path("seller/freight/", views.template_list, name="list"),
    path("seller/freight/new/", views.template_create, name="create"),
    path("seller/freight/<int:template_id>/", views.template_edit, name="edit"),
    path("seller/freight/<int:template_id>/delete/", views.template_delete, name="delete"),
    path("seller/freight/<int:template_id>/default/", views.template_set_default, name="default"),
]

from django.urls import path

from mall.customers import views

app_name = "customers"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.send_code, name="send_code"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.change_password, name="password"),
    path("privacy/", views.privacy, name="privacy"),
    path("addresses/", views.address_list, name="addresses"),
    path("addresses/new/", views.address_create, name="address_create"),
    path("addresses/<int:address_id>/", views.address_edit, name="address_edit"),
    path("addresses/<int:address_id>/delete/", views.address_delete, name="address_delete"),
    path("addresses/<int:address_id>/default/", views.address_set_default, name="address_default"),
]

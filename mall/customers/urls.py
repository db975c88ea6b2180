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
]

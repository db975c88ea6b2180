from django.urls import path

from mall.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("apply/", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("status/<int:pk>/", views.status, name="status_detail"),
    path("files/licence/<int:pk>/", views.licence_file, name="licence_file"),
    path("files/brand/<int:pk>/", views.authorisation_file, name="authorisation_file"),
]

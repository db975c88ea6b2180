from django.urls import path

from mall.api.api import api

urlpatterns = [path("", api.urls)]

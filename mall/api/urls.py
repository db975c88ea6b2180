from django.urls import path, re_path

from mall.api.api import api
from mall.api.errors import unknown_path

urlpatterns = [path("", api.urls), re_path(r"^(?P<path>.*)$", unknown_path)]

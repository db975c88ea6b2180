from django.urls import path, re_path

from mall.api.api import api
from mall.api.errors import unknown_path

# Any path, line breaks included (`.` would leave /api/x/%0A to the storefront's HTML 404).
urlpatterns = [path("", api.urls), re_path(r"^(?P<path>[\s\S]*)$", unknown_path)]

app_name = "cart"
urlpatterns: list = []

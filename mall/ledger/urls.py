from django.urls import path

from mall.ledger import views

app_name = "ledger"
urlpatterns = [
    path("seller/statements/", views.statements, name="statements"),
]

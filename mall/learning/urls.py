from django.urls import path

from mall.learning import views

app_name = "learning"
urlpatterns = [
    path("seller/learning/", views.article_list, name="list"),
    path("seller/learning/<int:pk>/", views.article_detail, name="detail"),
]

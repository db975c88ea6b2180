from django.urls import path

from mall.payments import views

app_name = "payments"
urlpatterns = [
    path("sandbox/<str:payment_no>/", views.sandbox_cashier, name="sandbox_cashier"),
    path("wechat/<str:payment_no>/", views.wechat_cashier, name="wechat_cashier"),
    path("wechat/<str:payment_no>/status/", views.wechat_status, name="wechat_status"),
    path("return/<str:payment_no>/", views.payment_return, name="return"),
    path("notify/<str:gateway>/", views.notify, name="notify"),
]

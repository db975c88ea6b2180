"""The seller back office's product pages (/seller/products/…)."""

from django.urls import path

from mall.catalog import seller_views as views

app_name = "seller_products"
urlpatterns = [
    path("seller/products/", views.product_list, name="list"),
    path("seller/products/new/", views.product_create, name="create"),
    path("seller/products/<int:product_id>/", views.product_edit, name="edit"),
    path("seller/products/<int:product_id>/stock/", views.product_stock, name="stock"),
    path("seller/products/<int:product_id>/<slug:move>/", views.product_move, name="move"),
    path("seller/products/import/", views.import_upload, name="import"),
    path("seller/products/import/template.csv", views.import_template, name="import_template"),
    path("seller/products/import/<int:job_id>/", views.import_progress, name="import_progress"),
    path(
        "seller/products/import/<int:job_id>/report.csv", views.import_report, name="import_report"
    ),
]

"""Reads of stock movements."""

from django.db.models import QuerySet

from mall.inventory.models import StockMovement


def movements_of_product(product_id: int) -> QuerySet[StockMovement]:
    """A product's stock history, newest first, with the SKU and who made each change."""
    return StockMovement.objects.filter(sku__product_id=product_id).select_related("sku", "actor")


def skus_with_orders(sku_ids: list[int]) -> set[int]:
    """The SKUs some order has taken stock from: they keep their row (orders point at it)."""
    placed = StockMovement.objects.filter(
        sku_id__in=sku_ids, reason=StockMovement.Reason.ORDER_PLACED
    )
    return set(placed.values_list("sku_id", flat=True).distinct())

"""What promotions does when the catalog's prices change."""

from mall.promotions import services


def on_prices_changed(sender, product_ids, **kwargs) -> None:
    """Sent after commit: the products' SKU prices changed, so their promotion prices too."""
    services.refresh_catalogue_prices(product_ids)

from collections.abc import Sequence


class CartError(Exception):
    """A cart request that cannot be done, with a message for the shopper."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SkuNotFound(CartError):
    status = 404


class ItemsUnavailable(CartError):
    """Some items can no longer be bought (SKU gone, product off the shelf, shop closed)."""

    status = 409

    def __init__(self, message: str, sku_ids: Sequence[int]) -> None:
        super().__init__(message)
        self.sku_ids = tuple(sku_ids)

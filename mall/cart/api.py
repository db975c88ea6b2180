from ninja import Router

router = Router(tags=["购物车"])

from ninja import Router

router = Router(tags=["收货地址"])

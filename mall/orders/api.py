from ninja import Router

router = Router(tags=["订单"])

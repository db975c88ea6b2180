from ninja import Router

router = Router(tags=["物流运费"])

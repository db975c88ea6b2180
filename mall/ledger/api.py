from ninja import Router

router = Router(tags=["账务"])

"""Why a coupon action was refused. The message is for the shopper (Chinese msgid)."""


class CouponError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CouponUnavailable(CouponError):
    """At checkout: a chosen coupon was used, expired or is not the shopper's any more (a lost
    race with another checkout); the caller's transaction rolls back."""


class ClaimsRateLimited(CouponError):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after

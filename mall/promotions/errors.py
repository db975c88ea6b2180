"""Why a promotion operation was refused; `message` is for the person who tried (Chinese)."""


class PromotionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BudgetExhausted(PromotionError):
    """A checkout wanted more of a campaign's budget than is left; its transaction rolls back."""

    def __init__(self, message: str, *, promotion_id: int):
        super().__init__(message)
        self.promotion_id = promotion_id

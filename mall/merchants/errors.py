"""Why an operation on a shop was refused. The message is for the operator (Chinese msgid)."""


class MerchantError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

class BackofficeError(Exception):
    """A merchant's request refused, with the message to show them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

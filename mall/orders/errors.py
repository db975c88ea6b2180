"""What the order flow refuses, with a Chinese message and the HTTP status to answer with."""


class OrderError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionRefused(OrderError):
    status = 409


class IdempotencyConflict(OrderError):
    status = 409

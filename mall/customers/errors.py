"""Why an account action was refused. The message is for the shopper (Chinese msgid)."""


class AccountError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidMobile(AccountError):
    pass


class RateLimited(AccountError):
    """Too many requests; `retry_after` seconds until it is worth trying again."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class LoginLocked(RateLimited):
    pass


class LoginFailed(AccountError):
    """A wrong password or code: counts towards the account's lockout."""


class ConsentRequired(AccountError):
    pass


class AccountDisabled(AccountError):
    pass


class PasswordRejected(AccountError):
    pass


class AddressError(AccountError):
    """An address that cannot be saved: the message says which field and why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field

class OnboardingError(Exception):
    """A refused onboarding step, with a message for the person who tried it. `field` names the
    form field the message belongs to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class IncompleteApplication(OnboardingError):
    """Submitting needs every required answer and document; `missing` maps field → message."""

    def __init__(self, message: str, missing: dict[str, str]):
        super().__init__(message)
        self.missing = missing

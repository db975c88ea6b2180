from dataclasses import dataclass


class ImportFileError(Exception):
    """The file as a whole cannot be imported (format, encoding, columns, size); the message is
    shown to the operator as is."""


@dataclass
class RowError(Exception):
    """One row cannot be imported: which column, what was in it, and why (in Chinese)."""

    column: str
    reason: str
    value: str = ""

    def __str__(self) -> str:
        return f"[{self.column}] {self.reason}" if self.column else self.reason

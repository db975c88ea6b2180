"""Building the breakdown's frozen values quickly.

A pricing builds a few hundred frozen dataclasses (an `Adjustment` per discount on a line, a
`PricedLine` per line …). Their generated `__init__` sets every field through
`object.__setattr__`, which is most of what building one costs; `make` fills the new
instance's attributes in one step instead. The value is the same — same fields, equality, hash,
repr, pickling — provided every field is given and the class has no `__post_init__` (the
engine's JSON round-trip tests compare its results with values built the ordinary way).
"""

from typing import Any, TypeVar

T = TypeVar("T")

_new = object.__new__
_set = object.__setattr__


def make(cls: type[T], fields: dict[str, Any]) -> T:
    """`cls(**fields)` for a frozen dataclass without `__post_init__`; `fields` names them all."""
    value = _new(cls)
    _set(value, "__dict__", fields)
    return value

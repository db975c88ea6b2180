from django import template

register = template.Library()


@register.filter
def percent_bp(basis_points: int | None) -> str:
    """500 → '5%', 250 → '2.5%', 1 → '0.01%' (integer arithmetic, no float)."""
    if basis_points is None:
        return ""
    whole, rest = divmod(int(basis_points), 100)
    decimals = f"{rest:02d}".rstrip("0")
    return f"{whole}.{decimals}%" if decimals else f"{whole}%"

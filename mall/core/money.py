"""Money is integer fen (分) everywhere; these helpers only parse and format it."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100


def format_fen(fen: int | None, symbol: str = "¥") -> str:
    """2999 -> '¥29.99'; 129900 -> '¥1,299.00'."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), FEN_PER_YUAN)
    return f"{sign}{symbol}{yuan:,}.{cents:02d}"


def yuan_to_fen(value: str | int | Decimal) -> int:
    """Parse a yuan amount such as '12.5' or '1,299.00' into fen; ValueError when malformed."""
    text = str(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"不是有效的金额：{value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"不是有效的金额：{value!r}")
    try:
        fen = (amount * FEN_PER_YUAN).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except ArithmeticError as exc:  # too many digits ('1e999') or beyond Decimal ('9e999999999')
        raise ValueError(f"不是有效的金额：{value!r}") from exc
    return int(fen)


def fen_to_yuan_str(fen: int) -> str:
    """Alipay-style yuan string: 8888 -> '88.88'."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), FEN_PER_YUAN)
    return f"{sign}{yuan}.{cents:02d}"

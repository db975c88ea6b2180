"""Promotions worded for people, always through mall.core.promo_text (nobody words promotions
elsewhere)."""

from mall.pricing.breakdown import Adjustment, Hint
from mall.promotions.models import Promotion
from mall.promotions.selectors import rule_for


def rule_summary(promotion: Promotion) -> str:
    """One line describing the rule: “每天 20:00–21:00 8折”, “满300减50（跨店）”."""
    try:
        from mall.core.promo_text import rule_summary as words
    except ImportError:  # until the wording module lands
        return str(promotion.get_kind_display())
    return str(words(rule_for(promotion)))


def adjustment_text(adjustment: Adjustment) -> str:
    try:
        from mall.core.promo_text import adjustment_text as words
    except ImportError:
        return f"{adjustment.code} −{adjustment.amount}"
    return str(words(adjustment))


def hint_text(hint: Hint) -> str:
    try:
        from mall.core.promo_text import hint_text as words
    except ImportError:
        return hint.code
    return str(words(hint))

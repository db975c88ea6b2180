"""A promotion worded for people, through mall.core.promo_text (nobody words promotions
elsewhere)."""

from mall.core import promo_text
from mall.promotions.models import Promotion
from mall.promotions.selectors import rule_for


def rule_summary(promotion: Promotion) -> str:
    """One line describing the rule: “每天 20:00–21:00 8折”, “满300减50（跨店）”."""
    return str(promo_text.rule_summary(rule_for(promotion)))

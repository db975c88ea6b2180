from django import template

from mall.merchants.selectors import membership_of
from mall.shipping.selectors import may_manage_freight

register = template.Library()


@register.simple_tag
def manages_freight(user) -> bool:
    """Whether the seller navigation offers 运费模板 (other roles would get a 404 there)."""
    return may_manage_freight(membership_of(user))

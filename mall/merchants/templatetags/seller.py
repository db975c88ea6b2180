from django import template

from mall.merchants import nav
from mall.merchants.selectors import membership_of

register = template.Library()


@register.inclusion_tag("merchants/_seller_nav.html", takes_context=True)
def seller_nav(context) -> dict:
    """The back office's links for the signed-in member (only those their role may open)."""
    request = context["request"]
    member = context.get("member") or membership_of(request.user)
    return {"links": nav.links_for(member, request.path)}

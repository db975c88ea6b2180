from django import template
from django.utils.safestring import SafeString, mark_safe

from mall.storefront import jinja

register = template.Library()


@register.simple_tag(takes_context=True)
def jinja_include(context: template.Context, template_name: str) -> SafeString:
    """Render one of the storefront's Jinja2 templates with the current context, so Django
    templates (search results, the product page) share the storefront's markup."""
    return mark_safe(jinja.render(template_name, context.flatten()))


@register.simple_tag(takes_context=True)
def chrome(context: template.Context, template_name: str) -> SafeString:
    """A piece of the page chrome (mall/storefront/jinja2/chrome/) in a Django template: the
    storefront's Jinja2 pages and the Django pages draw it from the same source."""
    flat = context.flatten()
    return mark_safe(jinja.render_with_request(template_name, flat, flat.get("request")))

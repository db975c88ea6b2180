"""Seller pages for freight templates. Every template id is looked up within the seller's shop."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mall.merchants.permissions import Perm
from mall.merchants.selectors import require_membership
from mall.shipping import selectors, services
from mall.shipping.forms import FreightTemplateForm, RegionRuleFormSet

NEW_TEMPLATE = {"basis": "piece", "first_units": 1, "extra_units": 1}


def _shop(request: HttpRequest):
    return require_membership(request.user, Perm.MANAGE_FREIGHT).shop


@never_cache
@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    shop = _shop(request)
    context = {"shop": shop, "templates": selectors.templates_of(shop)}
    return render(request, "shipping/freight_list.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, _shop(request), template=None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    shop = _shop(request)
    return _edit(request, shop, template=selectors.get_template(shop, template_id))


@login_required
@require_POST
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    services.delete_template(_shop(request), template_id)
    messages.success(request, _("运费模板已删除"))
    return redirect("shipping:list")


@login_required
@require_POST
def template_set_default(request: HttpRequest, template_id: int) -> HttpResponse:
    template = services.set_default_template(_shop(request), template_id)
    messages.success(request, _("“%(name)s”已设为默认运费模板") % {"name": template.name})
    return redirect("shipping:list")


def _edit(request: HttpRequest, shop, *, template) -> HttpResponse:
    if request.method == "GET":
        initial, rule_initial = (
            FreightTemplateForm.initial_for(template) if template else (NEW_TEMPLATE, [])
        )
        form = FreightTemplateForm(initial=initial)
        rules = RegionRuleFormSet(initial=rule_initial, prefix="rules")
        return _render_form(request, template, form, rules)
    form = FreightTemplateForm(request.POST)
    rules = RegionRuleFormSet(request.POST, prefix="rules")
    if form.is_valid() and rules.is_valid():
        kept = [f for f in rules.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            services.save_template(
                shop,
                form.template_input(kept),
                template_id=template.pk if template else None,
                make_default=form.cleaned_data["make_default"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("运费模板已保存"))
            return redirect("shipping:list")
    return _render_form(request, template, form, rules, status=400)


def _render_form(request, template, form, rules, *, status: int = 200) -> HttpResponse:
    context = {"template": template, "form": form, "rules": rules}
    return render(request, "shipping/freight_form.html", context, status=status)

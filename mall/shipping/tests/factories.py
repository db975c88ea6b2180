from mall.shipping.services import RuleInput, TemplateInput, save_template

FLAT_RATE = RuleInput(first_units=1, first_fee=800, extra_units=1, extra_fee=200)


def template_input(name: str = "全国包邮外", **overrides) -> TemplateInput:
    values = {"name": name, "basis": "piece", "default_rule": FLAT_RATE, **overrides}
    return TemplateInput(**values)


def make_template(shop, name: str = "普通快递", **overrides):
    make_default = overrides.pop("make_default", False)
    return save_template(shop, template_input(name, **overrides), make_default=make_default)

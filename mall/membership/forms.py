"""The seller's price-list form for one SKU (ladder rows, a minimum per group, a member price
per level; money typed in yuan) and the operator's forms in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mall.catalog.fields import ValuesField, YuanField
from mall.membership.models import CustomerGroup, CustomerProfile, MemberLevel
from mall.membership.services import SkuPriceLists, clean_tags


class LadderStepForm(forms.Form):
    group = forms.ChoiceField(label=_("客户分组"))
    min_quantity = forms.IntegerField(label=_("起购数量（件）"), min_value=1)
    unit_price = YuanField(label=_("单价（元）"))

    def __init__(self, *args, groups: list[CustomerGroup], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(group.code, group.name) for group in groups]
        self.fields["group"].choices = [("", _("选择分组")), *choices]


LadderFormSet = forms.formset_factory(LadderStepForm, extra=3, can_delete=True, max_num=40)


class SkuPricesForm(forms.Form):
    """One minimum-quantity field per group and one member-price field per level above 普通会员
    (blank = none)."""

    def __init__(self, *args, groups: list[CustomerGroup], levels: list[MemberLevel], **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.member_levels = [level for level in levels if level.rank >= 1]
        for group in groups:
            self.fields[f"moq_{group.code}"] = forms.IntegerField(
                label=_("%(group)s起订量（件）") % {"group": group.name}, min_value=1,
                required=False,
            )  # fmt: skip
        for level in self.member_levels:
            self.fields[f"rank_{level.rank}"] = YuanField(
                label=_("%(level)s价（元）") % {"level": level.name}, required=False
            )

    @property
    def minimum_fields(self):
        return [self[f"moq_{group.code}"] for group in self.groups]

    @property
    def member_price_fields(self):
        return [self[f"rank_{level.rank}"] for level in self.member_levels]

    @staticmethod
    def initial_for(minimums: dict[str, int], member_prices: dict[int, int]) -> dict:
        return {
            **{f"moq_{code}": quantity for code, quantity in minimums.items()},
            **{f"rank_{rank}": price for rank, price in member_prices.items()},
        }

    def price_lists(self, steps: list[dict]) -> SkuPriceLists:
        """What to save, with the kept ladder rows' cleaned data."""
        data = self.cleaned_data
        ladders: dict[str, list[tuple[int, int]]] = {}
        for step in steps:
            ladders.setdefault(step["group"], []).append((step["min_quantity"], step["unit_price"]))
        minimums = {
            group.code: data[f"moq_{group.code}"]
            for group in self.groups
            if data[f"moq_{group.code}"] is not None
        }
        member_prices = [
            (level.rank, data[f"rank_{level.rank}"])
            for level in self.member_levels
            if data[f"rank_{level.rank}"] is not None
        ]
        return SkuPriceLists(ladders, minimums, member_prices)


def ladder_initial(ladders: dict[str, list[tuple[int, int]]]) -> list[dict]:
    return [
        {"group": code, "min_quantity": quantity, "unit_price": price}
        for code, steps in ladders.items()
        for quantity, price in steps
    ]


# --- the admin --------------------------------------------------------------------------------


class ProfileAdminForm(forms.ModelForm):
    """The operator sets a shopper's group, tags and level; spend is only ever counted."""

    tags = ValuesField(
        label=_("标签"), required=False, help_text=_("多个标签用顿号或逗号分隔"), max_length=400
    )
    member_rank = forms.TypedChoiceField(label=_("会员等级"), coerce=int)

    class Meta:
        model = CustomerProfile
        fields = ("user", "group", "tags", "member_rank", "level_locked")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_rank"].choices = MemberLevel.objects.values_list("rank", "name")

    def clean_tags(self) -> list[str]:
        return clean_tags(self.cleaned_data["tags"])


class GroupChoiceForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("客户分组"), queryset=CustomerGroup.objects.all(), required=False,
        empty_label=_("（无分组）"),
    )  # fmt: skip


class LevelChoiceForm(forms.Form):
    rank = forms.TypedChoiceField(label=_("会员等级"), coerce=int)
    locked = forms.BooleanField(
        label=_("锁定等级"), required=False, initial=True,
        help_text=_("锁定后不随消费自动升级"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].choices = MemberLevel.objects.values_list("rank", "name")

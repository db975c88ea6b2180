"""Parse what the checkout and ship forms post; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mall.cart.models import MAX_LINE_QUANTITY
from mall.orders.checkout import NOTE_MAX_LENGTH, CheckoutItem, CheckoutRequest
from mall.orders.models import Order
from mall.payments.selectors import payment_methods
from mall.shipping.carriers import CARRIER_CHOICES

TOKEN_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
MAX_ID = 2**63 - 1  # the largest primary key: anything above cannot exist (nor reach the DB)


class CheckoutForm(forms.Form):
    address = forms.IntegerField(
        min_value=1, max_value=MAX_ID, error_messages={"required": _("请选择收货地址")}
    )
    note = forms.CharField(max_length=NOTE_MAX_LENGTH, required=False, strip=True)
    gateway = forms.ChoiceField(
        choices=payment_methods, error_messages={"required": _("请选择支付方式")}
    )
    token = forms.RegexField(regex=TOKEN_PATTERN, error_messages={"invalid": _("页面已过期")})
    sku = forms.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, widget=forms.HiddenInput
    )
    qty = forms.IntegerField(
        min_value=1, max_value=MAX_LINE_QUANTITY, required=False, widget=forms.HiddenInput
    )

    def checkout_request(self) -> CheckoutRequest:
        data = self.cleaned_data
        items = None
        if data["sku"]:
            items = (CheckoutItem(data["sku"], data["qty"] or 1),)
        return CheckoutRequest(
            address_id=data["address"], items=items, note=data["note"], gateway=data["gateway"]
        )


class ShipForm(forms.Form):
    """Carrier, tracking number and how many of each unshipped line go in this parcel."""

    carrier = forms.ChoiceField(label=_("快递公司"), choices=CARRIER_CHOICES)
    tracking_no = forms.CharField(label=_("运单号"), max_length=40)

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_lines = [line for line in order.lines.all() if line.unshipped_quantity]
        for line in self.order_lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=str(line),
                min_value=0,
                max_value=line.unshipped_quantity,
                initial=line.unshipped_quantity,
            )

    def line_fields(self) -> list:
        return [(line, self[f"line_{line.pk}"]) for line in self.order_lines]

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.order_lines}

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
    expected_total = forms.IntegerField(
        min_value=0, max_value=MAX_ID, required=False, widget=forms.HiddenInput
    )

    def clean(self) -> dict:
        data = super().clean()
        data["coupon_ids"] = coupon_choice(self.data)
        return data

    def checkout_request(self) -> CheckoutRequest:
        data = self.cleaned_data
        items = None
        if data["sku"]:
            items = (CheckoutItem(data["sku"], data["qty"] or 1),)
        return CheckoutRequest(
            address_id=data["address"], items=items, note=data["note"], gateway=data["gateway"],
            coupon_ids=data["coupon_ids"], expected_total=data["expected_total"],
        )  # fmt: skip


MAX_COUPONS = 20


def coupon_choice(data) -> tuple[int, ...] | None:
    """The coupons the buyer ticked (`coupon`, several), once the page has shown them a choice
    (`coupon_pick`); None before that: the mall picks the best. Raises ValidationError for
    anything but coupon ids."""
    if not data.get("coupon_pick"):
        return None
    raw = data.getlist("coupon")
    if len(raw) > MAX_COUPONS or not all(v.isascii() and v.isdigit() for v in raw):
        raise forms.ValidationError(_("所选优惠券无效，请重新选择"))
    ids = tuple(dict.fromkeys(int(value) for value in raw))
    if any(not 0 < coupon_id <= MAX_ID for coupon_id in ids):
        raise forms.ValidationError(_("所选优惠券无效，请重新选择"))
    return ids


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

"""Forms of the seller's product pages. The product editor is several forms on one page: the
product's own fields, its parameters, its specs, one SKU row per spec combination and its
images; `ProductEditor` checks them together and turns them into a `services.ProductDraft`."""

import hashlib
import itertools
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mall.catalog import selectors
from mall.catalog.fields import ValuesField, YuanField, check_image_field
from mall.catalog.importing.forms import ImportForm
from mall.catalog.importing.parsing import PARAM_NAME_LIMIT, PARAM_VALUE_LIMIT, SPEC_NAME_LIMIT
from mall.catalog.models import Brand, Category, Product, Sku
from mall.catalog.services import ProductDraft, SkuDraft
from mall.inventory.models import StockMovement
from mall.inventory.services import SELLER_REASONS
from mall.merchants.models import ShopMember
from mall.merchants.permissions import Perm, allows

MAX_SPECS = 3
MAX_SKUS = 200
MAX_IMAGES = 20
MAX_DESCRIPTION = 50_000


class LeafCategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.path


class ProductInfoForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("商品名称"), max_length=120)
    subtitle = forms.CharField(label=gettext_lazy("卖点"), max_length=200, required=False)
    category = LeafCategoryField(
        queryset=Category.objects.none(), label=gettext_lazy("类目"),
        help_text=gettext_lazy("选择三级类目"),
    )  # fmt: skip
    brand = forms.ModelChoiceField(
        queryset=Brand.objects.order_by("name"), label=gettext_lazy("品牌"), required=False
    )
    merchant_code = forms.CharField(
        label=gettext_lazy("商品货号"), max_length=64, required=False,
        help_text=gettext_lazy("本店内唯一，批量导入时据此识别商品"),
    )  # fmt: skip
    description = forms.CharField(
        label=gettext_lazy("商品详情"), required=False, max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("可用 HTML；保存时会清理不安全的内容"),
    )  # fmt: skip

    def __init__(self, *args, product: Product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.fields["category"].queryset = selectors.leaf_categories()

    def clean_merchant_code(self) -> str:
        code = self.cleaned_data["merchant_code"].strip()
        taken = Product.objects.filter(shop_id=self.product.shop_id, merchant_code=code)
        if code and taken.exclude(pk=self.product.pk).exists():
            raise ValidationError(_("本店已有商品使用这个货号"))
        return code


def placeholder(text) -> forms.TextInput:
    return forms.TextInput(attrs={"placeholder": text, "aria-label": text})


class ParamForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("参数名"), max_length=PARAM_NAME_LIMIT, required=False,
        widget=placeholder(gettext_lazy("参数名，如 产地")),
    )  # fmt: skip
    value = forms.CharField(
        label=gettext_lazy("参数值"), max_length=PARAM_VALUE_LIMIT, required=False,
        widget=placeholder(gettext_lazy("参数值，如 上海")),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if bool(data.get("name")) != bool(data.get("value")):
            raise ValidationError(_("参数名和参数值要一起填写"))
        return data


class SpecForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("规格名"), max_length=SPEC_NAME_LIMIT, required=False,
        widget=placeholder(gettext_lazy("规格名，如 颜色")),
    )  # fmt: skip
    values = ValuesField(
        label=gettext_lazy("规格值"), required=False, unique=True,
        widget=placeholder(gettext_lazy("规格值，如 红色、蓝色")),
        help_text=gettext_lazy("用顿号或逗号分隔，如 红色、蓝色"),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if bool(data.get("name")) != bool(data.get("values")):
            raise ValidationError(_("规格名和规格值要一起填写"))
        return data


class RowsFormSet(forms.BaseFormSet):
    """Blank rows are ignored; a name may appear once."""

    def rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("name")]

    def clean(self):
        if any(self.errors):
            return
        names = [row["name"] for row in self.rows()]
        repeated = {name for name in names if names.count(name) > 1}
        if repeated:
            raise ValidationError(_("“%(name)s”写了两次") % {"name": sorted(repeated)[0]})


ParamFormSet = forms.formset_factory(ParamForm, formset=RowsFormSet, extra=3, max_num=50)
SpecFormSet = forms.formset_factory(
    SpecForm, formset=RowsFormSet, extra=MAX_SPECS, max_num=MAX_SPECS, validate_max=True
)


class SkuForm(forms.Form):
    """The SKU of one spec combination. `present` tells a posted row from a combination the
    seller has not seen yet (added by a spec edit)."""

    present = forms.CharField(widget=forms.HiddenInput, initial="1")
    price = YuanField(label=gettext_lazy("售价（元）"))
    market_price = YuanField(label=gettext_lazy("划线价（元）"), required=False)
    stock = forms.IntegerField(label=gettext_lazy("库存"), min_value=0, max_value=10_000_000)
    weight_grams = forms.IntegerField(
        label=gettext_lazy("重量（克）"), min_value=0, max_value=1_000_000, required=False
    )
    barcode = forms.CharField(label=gettext_lazy("条形码"), max_length=32, required=False)
    merchant_code = forms.CharField(label=gettext_lazy("SKU 编码"), max_length=64, required=False)
    is_active = forms.BooleanField(label=gettext_lazy("可售"), required=False, initial=True)
    image = forms.ImageField(label=gettext_lazy("规格图"), required=False)

    def __init__(self, *args, combo: tuple[str, ...], sku: Sku | None, may_price: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.combo, self.sku = combo, sku
        if sku is not None:
            self.fields["stock"].disabled = True
            self.fields["stock"].help_text = _("在库存页调整")
            if not may_price:
                self.fields["price"].disabled = self.fields["market_price"].disabled = True

    @property
    def label(self) -> str:
        return " / ".join(self.combo) or _("默认规格")

    def clean_image(self):
        return check_image_field(self.cleaned_data.get("image"))

    def clean(self):
        data = super().clean()
        price, market = data.get("price"), data.get("market_price")
        if price is not None and market and market < price:
            self.add_error("market_price", _("划线价不能低于售价"))
        return data

    def draft(self) -> SkuDraft:
        data = self.cleaned_data
        return SkuDraft(
            spec_values=self.combo, price=data["price"], market_price=data["market_price"] or 0,
            weight_grams=data["weight_grams"] or 0, barcode=data["barcode"].strip(),
            merchant_code=data["merchant_code"].strip(), is_active=data["is_active"],
            stock=data["stock"] if self.sku is None else 0, image=data["image"],
        )  # fmt: skip


def sku_initial(sku: Sku | None) -> dict:
    if sku is None:
        return {"present": "1", "is_active": True}
    fields = ("price", "market_price", "stock", "weight_grams", "barcode", "merchant_code")
    return {"present": "1", "is_active": sku.is_active, **{f: getattr(sku, f) for f in fields}}


def combo_prefix(combo: tuple[str, ...]) -> str:
    """A form prefix that follows the combination, whatever row it lands on after a spec edit."""
    return "sku-" + hashlib.sha1("\x1f".join(combo).encode()).hexdigest()[:10]


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several image uploads in one input, each checked (size, type, readable)."""

    def clean(self, data, initial=None) -> list:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        for upload in uploads:
            try:
                check_image_field(upload)
            except ValidationError as exc:
                name = PurePath(upload.name).name
                raise ValidationError(f"“{name}”：{exc.messages[0]}") from exc
        return list(uploads)


class ImagesForm(forms.Form):
    new_images = MultipleImageField(
        label=gettext_lazy("添加商品图片"), required=False,
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=gettext_lazy("JPG、PNG 或 WebP，每张不超过 10 MB，第一张为主图"),
    )  # fmt: skip
    remove = forms.MultipleChoiceField(
        label=gettext_lazy("删除图片"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, product: Product, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = list(product.images.all()) if product.pk else []
        self.fields["remove"].choices = [(str(image.pk), image.pk) for image in self.existing]

    def clean(self):
        data = super().clean()
        kept = len(self.existing) - len(data.get("remove") or [])
        if kept + len(data.get("new_images") or []) > MAX_IMAGES:
            raise ValidationError(_("商品图片最多 %(n)d 张") % {"n": MAX_IMAGES})
        return data


class ProductEditor:
    """Every form of the product page, bound together. The SKU rows follow the specs: one per
    combination of their values (a product without specs has one default SKU)."""

    def __init__(self, member: ShopMember, product: Product | None, data=None, files=None):
        self.may_price = allows(member, Perm.EDIT_PRICES)
        self.product = product or Product(shop=member.shop)
        self.is_bound = data is not None
        self.errors: list[str] = []
        self.info = ProductInfoForm(data, product=self.product, initial=self._info_initial())
        # bound rows get no initial: a row equal to its initial would count as unchanged and
        # be skipped as an empty extra row
        self.params = ParamFormSet(
            data, prefix="param", initial=None if self.is_bound else self._param_initial()
        )
        self.specs = SpecFormSet(
            data, prefix="spec", initial=None if self.is_bound else self._spec_initial()
        )
        self.images = ImagesForm(data, files, product=self.product, prefix="img")
        self.skus = self._sku_forms(data, files)

    # initial values of an existing product
    def _info_initial(self) -> dict:
        if self.product.pk is None:
            return {}
        fields = ("name", "subtitle", "category", "brand", "merchant_code", "description")
        return {name: getattr(self.product, name) for name in fields}

    def _param_initial(self) -> list[dict]:
        rows = self.product.params.all() if self.product.pk else []
        return [{"name": row.name, "value": row.value} for row in rows]

    def _spec_initial(self) -> list[dict]:
        rows = self.product.specs.all() if self.product.pk else []
        return [{"name": row.name, "values": row.values} for row in rows]

    def spec_rows(self) -> list[tuple[str, list[str]]]:
        """The specs as posted when they are valid, else as stored."""
        if self.is_bound and self.specs.is_valid():
            return [(row["name"], row["values"]) for row in self.specs.rows()]
        return [(row["name"], row["values"]) for row in self._spec_initial()]

    def combos(self) -> list[tuple[str, ...]]:
        return list(itertools.product(*(values for _name, values in self.spec_rows())))

    def _sku_forms(self, data, files) -> list[SkuForm]:
        existing = (
            {tuple(sku.spec_values): sku for sku in self.product.skus.all()}
            if (self.product.pk)
            else {}
        )
        combos = self.combos()
        if len(combos) > MAX_SKUS:
            self.errors.append(
                _("规格组合太多（%(n)d 个），最多 %(max)d 个") % {"n": len(combos), "max": MAX_SKUS}
            )
            combos = []
        forms_ = []
        for combo in combos:
            prefix = combo_prefix(combo)
            posted = data is not None and f"{prefix}-present" in data
            sku = existing.get(combo)
            forms_.append(
                SkuForm(
                    data if posted else None, files if posted else None, prefix=prefix,
                    initial=sku_initial(sku), combo=combo, sku=sku, may_price=self.may_price,
                )
            )  # fmt: skip
        return forms_

    @property
    def unseen_combos(self) -> bool:
        return any(not form.is_bound for form in self.skus)

    def is_valid(self) -> bool:
        parts = [self.info, self.params, self.specs, self.images]
        valid = all([part.is_valid() for part in parts])  # every part, for its messages
        valid &= all([form.is_valid() for form in self.skus if form.is_bound])
        if self.unseen_combos:
            self.errors.append(_("规格有变化：请填写新规格组合的价格和库存，再保存"))
        if not self.skus:
            self.errors.append(_("至少要有一个 SKU"))
        if not self.may_price and any(form.sku is None for form in self.skus):
            self.errors.append(_("你没有改价权限，不能新增 SKU"))
        self._check_sku_codes()
        return valid and not self.errors

    def _check_sku_codes(self) -> None:
        """SKU codes are unique within the shop: across these rows and its other products."""
        rows = [form for form in self.skus if form.is_bound and form.is_valid()]
        codes = [form.cleaned_data["merchant_code"].strip() for form in rows]
        taken = set(
            Sku.objects.filter(shop_id=self.product.shop_id, merchant_code__in=filter(None, codes))
            .exclude(product_id=self.product.pk)
            .values_list("merchant_code", flat=True)
        )
        seen: set[str] = set()
        for form, code in zip(rows, codes, strict=True):
            if code in taken:
                form.add_error("merchant_code", _("本店其他商品已使用这个 SKU 编码"))
            elif code and code in seen:
                form.add_error("merchant_code", _("SKU 编码重复"))
            seen.add(code)
        if any(form.errors for form in rows):
            self.errors.append(_("请修改标红的 SKU"))

    def draft(self) -> ProductDraft:
        info = self.info.cleaned_data
        return ProductDraft(
            fields={name: info[name] for name in (
                "name", "subtitle", "category", "brand", "merchant_code", "description")},
            params=[(row["name"], row["value"]) for row in self.params.rows()],
            specs=self.spec_rows(),
            skus=[form.draft() for form in self.skus],
            new_images=self.images.cleaned_data["new_images"],
            removed_image_ids={int(pk) for pk in self.images.cleaned_data["remove"]},
        )  # fmt: skip


class StockForm(forms.Form):
    """One SKU's stock edit: set it to a counted number (盘点) or add/remove pieces."""

    MODES = (("set", gettext_lazy("设为")), ("adjust", gettext_lazy("增减")))

    sku = forms.IntegerField(widget=forms.HiddenInput)
    mode = forms.ChoiceField(label=gettext_lazy("方式"), choices=MODES, initial="set")
    quantity = forms.IntegerField(
        label=gettext_lazy("数量"), min_value=-10_000_000, max_value=10_000_000,
        help_text=gettext_lazy("“设为”填盘点后的库存；“增减”填正数补货、负数扣减"),
    )  # fmt: skip
    reason = forms.ChoiceField(
        label=gettext_lazy("原因"),
        choices=[(reason, StockMovement.Reason(reason).label) for reason in SELLER_REASONS],
    )
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        quantity = data.get("quantity")
        if data.get("mode") == "set" and quantity is not None and quantity < 0:
            self.add_error("quantity", _("库存不能为负数"))
        if data.get("mode") == "adjust" and quantity == 0:
            self.add_error("quantity", _("调整数量不能为 0"))
        return data


class SellerImportForm(ImportForm):
    """The operator's import form without the shop: a seller imports into its own shop only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["shop"]

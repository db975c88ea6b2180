"""The catalog: categories, brands, products (SPU) and their SKUs, specs, parameters, images.

Money is integer fen. A product's `price_min`/`price_max`/`stock_total` and `cover` are kept in
step with its SKUs and images by `catalog.services`, so listings need no per-product query.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from mall.catalog.importing.storage import import_storage
from mall.merchants.models import Shop

MAX_CATEGORY_DEPTH = 3


class Category(models.Model):
    """A node of the three-level category tree (一级 / 二级 / 三级类目)."""

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("上级类目"),
    )  # fmt: skip
    name = models.CharField(_("名称"), max_length=32)
    slug = models.SlugField(_("网址标识"), max_length=64, unique=True)
    level = models.PositiveSmallIntegerField(_("层级"), default=1, editable=False)
    position = models.PositiveIntegerField(_("排序"), default=0)
    icon = models.CharField(_("图标"), max_length=16, blank=True, help_text=_("一个表情符号"))
    image = models.ImageField(_("图标图片"), upload_to="categories/", blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("类目")
        verbose_name_plural = _("类目")
        ordering = ["level", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=MAX_CATEGORY_DEPTH),
                name="category_level_1_to_3",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The parent sits one level up, the tree stays three levels deep and has no cycles."""
        self.level = self.parent.level + 1 if self.parent else 1
        if self.parent is None:
            return
        if self.pk and self.pk in {a.pk for a in self.parent.ancestors_and_self()}:
            raise ValidationError({"parent": _("上级类目不能是自己或自己的下级类目")})
        if self.parent.level >= MAX_CATEGORY_DEPTH:
            raise ValidationError(
                {
                    "parent": _("类目最多三级：“%(parent)s”已是三级类目，不能再添加下级")
                    % {"parent": self.parent.name}
                }
            )
        if self.pk and self.level + self.subtree_height() > MAX_CATEGORY_DEPTH:
            raise ValidationError({"parent": _("类目最多三级：移到这里后，它的下级类目会超过三级")})

    def ancestors_and_self(self) -> list["Category"]:
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def subtree_height(self) -> int:
        """0 for a leaf, 1 when it has children, 2 when it has grandchildren."""
        if Category.objects.filter(parent__parent=self).exists():
            return 2
        return 1 if Category.objects.filter(parent=self).exists() else 0

    @property
    def path(self) -> str:
        return " / ".join(c.name for c in reversed(self.ancestors_and_self()))


class Brand(models.Model):
    name = models.CharField(_("品牌名"), max_length=64, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=64, unique=True)
    logo = models.ImageField(_("标志"), upload_to="brands/", blank=True)
    initial = models.CharField(_("首字母"), max_length=1, blank=True)

    class Meta:
        verbose_name = _("品牌")
        verbose_name_plural = _("品牌")
        ordering = ["initial", "name"]

    def __str__(self) -> str:
        return self.name


# Product flags promotions and coupons can be scoped by (the pricing engine's line tags).
PRODUCT_TAGS = {"new": _("新品"), "hot": _("热卖"), "recommended": _("推荐")}


class ProductQuerySet(models.QuerySet):
    def visible(self):
        """What shoppers may see: on sale, in an open shop, in an active category."""
        return self.filter(
            status=Product.Status.ON_SALE,
            shop__status=Shop.Status.OPEN,
            category__is_active=True,
        )


class Product(models.Model):
    """A product (SPU). What is bought is one of its SKUs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待审核")
        REJECTED = "rejected", _("已驳回")
        ON_SALE = "on_sale", _("在售")
        OFF_SHELF = "off_shelf", _("已下架")

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="products", verbose_name=_("店铺")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("类目")
    )
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, null=True, blank=True, related_name="products",
        verbose_name=_("品牌"),
    )  # fmt: skip
    name = models.CharField(_("商品名称"), max_length=120)
    subtitle = models.CharField(_("卖点"), max_length=200, blank=True)
    merchant_code = models.CharField(_("商品货号"), max_length=64, blank=True)
    description = models.TextField(
        _("商品详情"), blank=True, help_text=_("保存时会清理不安全的 HTML")
    )
    keywords = models.CharField(_("搜索关键词"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status, default=Status.DRAFT, db_index=True
    )
    is_new = models.BooleanField(_("新品"), default=False)
    is_hot = models.BooleanField(_("热卖"), default=False)
    is_recommended = models.BooleanField(_("推荐"), default=False)
    price_min = models.BigIntegerField(_("最低价（分）"), default=0)
    price_max = models.BigIntegerField(_("最高价（分）"), default=0)
    market_price = models.BigIntegerField(_("划线价（分）"), default=0)
    stock_total = models.BigIntegerField(_("总库存"), default=0)
    sales_count = models.PositiveIntegerField(_("销量"), default=0)
    # Written only by promotions.services (materialised catalogue prices): the lowest public
    # promotion price of its SKUs now (None = no promotion), until when it lasts, how to word
    # it ({"code", "params"}) and the tag codes of what else applies (满减, 包邮 …).
    promo_price_min = models.BigIntegerField(_("促销最低价（分）"), null=True, blank=True)
    promo_until = models.DateTimeField(_("促销价截止"), null=True, blank=True)
    promo_badge = models.JSONField(_("促销标签"), default=dict, blank=True)
    promo_tags = models.JSONField(_("促销标记"), default=list, blank=True)
    cover = models.CharField(_("主图"), max_length=255, blank=True, editable=False)
    published_at = models.DateTimeField(_("上架时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "category", "-sales_count"], name="product_cat_sales"),
            models.Index(fields=["status", "category", "price_min"], name="product_cat_price"),
            models.Index(fields=["status", "-published_at"], name="product_new"),
            # The listings' price sort and filter: by the price the shopper sees (promotion
            # price, else list price), written as catalog.selectors.SHOWN_PRICE is, in id order
            # among equal prices. The columns after it let a listing read its scope (a category
            # subtree of open shops' products on sale) from the index alone: the brand counts,
            # the spec facets and the ids of a page in any sort (catalog.selectors.card_page
            # then reads only those products' rows).
            models.Index(
                F("status"),
                F("category"),
                Coalesce(F("promo_price_min"), F("price_min")),
                F("id"),
                F("shop"),
                F("brand"),
                F("is_recommended"),
                F("sales_count"),
                F("published_at"),
                F("price_min"),
                F("promo_price_min"),
                name="product_cat_shown_price",
            ),
            # The home page's 限时特惠 shelf reads only the few promoted products.
            models.Index(
                fields=["status", "promo_price_min"],
                condition=Q(promo_price_min__isnull=False),
                name="product_promoted",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "merchant_code"],
                condition=~Q(merchant_code=""),
                name="product_merchant_code_unique_per_shop",
            ),
            models.CheckConstraint(condition=Q(price_min__gte=0), name="product_price_min_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tags(self) -> frozenset[str]:
        """The PRODUCT_TAGS it carries: "new" when it is_new, and so on."""
        return frozenset(tag for tag in PRODUCT_TAGS if getattr(self, f"is_{tag}"))

    @property
    def is_visible(self) -> bool:
        return (
            self.status == self.Status.ON_SALE
            and self.shop.status == Shop.Status.OPEN
            and self.category.is_active
        )


class ProductReview(models.Model):
    """One step of a product's review (商品审核): the seller submits, an operator approves or
    rejects with a reason the seller sees."""

    class Decision(models.TextChoices):
        SUBMITTED = "submitted", _("提交审核")
        APPROVED = "approved", _("审核通过")
        REJECTED = "rejected", _("审核驳回")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("商品")
    )
    decision = models.CharField(_("结果"), max_length=16, choices=Decision)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("操作人"), related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.get_decision_display()}"


class PendingProduct(Product):
    """Products waiting for an operator's review: the admin's 商品审核 queue."""

    class Meta:
        proxy = True
        verbose_name = _("商品审核")
        verbose_name_plural = _("商品审核")


class ProductSpec(models.Model):
    """A spec dimension of a product (颜色, 尺码 …) and its ordered values."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="specs", verbose_name=_("商品")
    )
    name = models.CharField(_("规格名"), max_length=16)
    values = models.JSONField(_("规格值"), default=list)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("规格")
        verbose_name_plural = _("规格")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["product", "name"], name="spec_name_unique")]

    def __str__(self) -> str:
        return f"{self.name}: {'/'.join(self.values)}"


class SpecValue(models.Model):
    """One (spec name, value) a product offers; indexed so listings can filter by spec value."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="spec_values", verbose_name=_("商品")
    )
    name = models.CharField(_("规格名"), max_length=16)
    value = models.CharField(_("规格值"), max_length=32)

    class Meta:
        verbose_name = _("规格值")
        verbose_name_plural = _("规格值")
        indexes = [models.Index(fields=["name", "value"], name="specvalue_name_value")]
        constraints = [
            models.UniqueConstraint(fields=["product", "name", "value"], name="spec_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class Sku(models.Model):
    """A purchasable variant: one combination of spec values, with its own price and stock."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="skus", verbose_name=_("商品")
    )
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="skus", editable=False,
        verbose_name=_("店铺"),
    )  # fmt: skip
    spec_values = models.JSONField(_("规格组合"), default=list)
    price = models.BigIntegerField(_("售价（分）"))
    market_price = models.BigIntegerField(_("划线价（分）"), default=0)
    promo_price = models.BigIntegerField(
        _("促销价（分）"), null=True, blank=True, help_text=_("当前公开促销价，由促销规则计算")
    )
    stock = models.IntegerField(_("库存"), default=0)
    weight_grams = models.PositiveIntegerField(_("重量（克）"), default=0)
    barcode = models.CharField(_("条形码"), max_length=32, blank=True)
    merchant_code = models.CharField(_("商家编码"), max_length=64, blank=True)
    image = models.CharField(_("规格图"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("可售"), default=True)

    class Meta:
        verbose_name = _("SKU")
        verbose_name_plural = _("SKU")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="sku_stock_gte_0"),
            models.CheckConstraint(condition=Q(price__gte=0), name="sku_price_gte_0"),
            models.UniqueConstraint(
                fields=["shop", "merchant_code"],
                condition=~Q(merchant_code=""),
                name="sku_merchant_code_unique_per_shop",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} {self.spec_label}".strip()

    def save(self, *args, **kwargs):
        self.shop_id = self.product.shop_id
        super().save(*args, **kwargs)

    @property
    def spec_label(self) -> str:
        return " / ".join(self.spec_values)


class ProductParam(models.Model):
    """A row of the parameters table (规格参数): 产地 上海, 净含量 400ml …"""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="params", verbose_name=_("商品")
    )
    name = models.CharField(_("参数名"), max_length=32)
    value = models.CharField(_("参数值"), max_length=200)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("规格参数")
        verbose_name_plural = _("规格参数")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class ProductImage(models.Model):
    """A gallery image of a product, optionally tied to one SKU. Thumbnails sit beside it."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("商品")
    )
    sku = models.ForeignKey(
        Sku, on_delete=models.SET_NULL, null=True, blank=True, related_name="images",
        verbose_name=_("SKU"),
    )  # fmt: skip
    image = models.ImageField(_("图片"), upload_to="products/%Y/%m/", max_length=255)
    alt = models.CharField(_("替代文字"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    source_name = models.CharField(
        _("导入文件名"), max_length=255, blank=True, editable=False,
        help_text=_("批量导入时图片在压缩包里的文件名，再次导入时据此识别"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("商品图片")
        verbose_name_plural = _("商品图片")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name


class ImportJob(models.Model):
    """One bulk import of a CSV/XLSX file (+ a zip of images), with its progress and counts."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("操作人"), related_name="+",
    )  # fmt: skip
    shop = models.ForeignKey(
        Shop, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("默认店铺"),
        related_name="+",
    )  # fmt: skip
    file = models.FileField(
        _("商品文件"), upload_to="%Y/%m/", storage=import_storage, max_length=255, blank=True
    )
    file_name = models.CharField(_("文件名"), max_length=255)
    images = models.FileField(
        _("图片压缩包"), upload_to="%Y/%m/", storage=import_storage, max_length=255, blank=True
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status, default=Status.QUEUED)
    shop_only = models.BooleanField(
        _("仅限本店"), default=False,
        help_text=_("商家后台的导入：每一行都归入默认店铺，新商品须经审核才能上架"),
    )  # fmt: skip
    message = models.TextField(_("说明"), blank=True)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0)
    created_rows = models.PositiveIntegerField(_("新建"), default=0)
    updated_rows = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("未变"), default=0)
    rejected_rows = models.PositiveIntegerField(_("拒绝"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("商品导入")
        verbose_name_plural = _("商品导入")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return 100 * self.processed_rows // self.total_rows if self.total_rows else 0


class ImportRejection(models.Model):
    """A row of an import that was not imported, and why (shown to the operator in Chinese)."""

    job = models.ForeignKey(
        ImportJob, on_delete=models.CASCADE, related_name="rejections", verbose_name=_("导入")
    )
    row_number = models.PositiveIntegerField(_("行号"))
    column = models.CharField(_("列"), max_length=32, blank=True)
    value = models.CharField(_("内容"), max_length=200, blank=True)
    reason = models.CharField(_("原因"), max_length=255)

    class Meta:
        verbose_name = _("导入被拒行")
        verbose_name_plural = _("导入被拒行")
        ordering = ["row_number", "id"]

    def __str__(self) -> str:
        return f"{self.row_number}: {self.reason}"

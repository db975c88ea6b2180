"""Shops, categories and brands named in an import, loaded once per job (no per-row queries)."""

import re

from django.utils.translation import gettext as _

from mall.catalog import services
from mall.catalog.importing.columns import HEADERS
from mall.catalog.importing.errors import RowError
from mall.catalog.models import Brand, Category
from mall.merchants.models import Shop

PATH_SEPARATORS = re.compile(r"\s*[/／>＞]\s*")


def path_key(parts: list[str]) -> str:
    return "/".join(part.casefold() for part in parts)


class CatalogLookups:
    def __init__(self, default_shop: Shop | None = None, *, shop_only: bool = False):
        self.default_shop = default_shop
        self.shop_only = shop_only
        shops = list(Shop.objects.all())
        self.shops = {shop.name.casefold(): shop for shop in shops}
        self.shops.update({shop.slug.casefold(): shop for shop in shops})
        self.brands = {brand.name.casefold(): brand for brand in Brand.objects.all()}
        self._load_categories(list(Category.objects.all()))

    def _load_categories(self, categories: list[Category]) -> None:
        by_id = {category.pk: category for category in categories}
        self.parent_ids = {category.parent_id for category in categories}
        self.categories_by_slug = {category.slug.casefold(): category for category in categories}
        self.categories_by_path: dict[str, Category] = {}
        self.categories_by_name: dict[str, list[Category]] = {}
        for category in categories:
            names, node = [], category
            while node is not None:
                names.insert(0, node.name)
                node = by_id.get(node.parent_id)
            self.categories_by_path.setdefault(path_key(names), category)
            self.categories_by_name.setdefault(category.name.casefold(), []).append(category)

    def shop(self, ref: str) -> Shop:
        if not ref:
            if self.default_shop is None:
                raise RowError(HEADERS["shop"], _("不能为空"))
            return self.default_shop
        shop = self.shops.get(ref.casefold())
        if self.shop_only and shop != self.default_shop:
            raise RowError(HEADERS["shop"], _("只能导入本店的商品"), ref)
        if shop is None:
            raise RowError(HEADERS["shop"], _("找不到店铺“%(ref)s”") % {"ref": ref}, ref)
        return shop

    def category(self, ref: str) -> Category:
        column = HEADERS["category"]
        parts = [part for part in PATH_SEPARATORS.split(ref.strip()) if part]
        category = self.categories_by_path.get(path_key(parts))
        if category is None and len(parts) == 1:
            category = self.categories_by_slug.get(ref.casefold())
            same_name = self.categories_by_name.get(ref.casefold(), [])
            if category is None and len(same_name) > 1:
                reason = _("有多个叫“%(ref)s”的类目，请写完整路径，如 一级/二级/三级")
                raise RowError(column, reason % {"ref": ref}, ref)
            category = category or (same_name[0] if same_name else None)
        if category is None:
            raise RowError(column, _("找不到类目“%(ref)s”") % {"ref": ref}, ref)
        if category.pk in self.parent_ids:
            raise RowError(column, _("“%(ref)s”下面还有类目，请填写末级类目") % {"ref": ref}, ref)
        return category

    def brand(self, name: str) -> Brand:
        """The brand of that name; a brand the mall does not have yet is created."""
        brand = self.brands.get(name.casefold())
        if brand is None:
            brand = self.brands[name.casefold()] = services.get_or_create_brand(name)
        return brand

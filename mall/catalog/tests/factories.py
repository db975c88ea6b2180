import factory

from mall.catalog import services
from mall.catalog.models import Brand, Category, Product, ProductSpec, Sku
from mall.merchants.tests.factories import ShopFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"类目{n}")
    slug = factory.Sequence(lambda n: f"cat-{n}")
    level = 1


def category_path(*names: str) -> Category:
    """Build a chain of categories (一级 > 二级 > 三级) and return the leaf."""
    parent = None
    for level, name in enumerate(names, start=1):
        parent = CategoryFactory(name=name, parent=parent, level=level)
    return parent


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"品牌{n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    """An on-sale product with one SKU per combination of `specs` (default: one plain SKU)."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    shop = factory.SubFactory(ShopFactory)
    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"测试商品{n}")
    status = Product.Status.ON_SALE

    @factory.post_generation
    def skus(self, create, extracted, **kwargs):
        """`skus=[(["红色", "M"], 9900, 10), …]` or default one SKU at `price` fen."""
        if not create:
            return
        rows = extracted or [([], kwargs.get("price", 9900), kwargs.get("stock", 100))]
        spec_names = kwargs.get("spec_names") or []
        for position, name in enumerate(spec_names):
            values = list(dict.fromkeys(row[0][position] for row in rows))
            ProductSpec.objects.create(product=self, name=name, values=values, position=position)
        for position, (values, price, stock) in enumerate(rows):
            Sku.objects.create(
                product=self, spec_values=list(values), price=price, market_price=price * 2,
                stock=stock, position=position,
            )  # fmt: skip
        services.refresh_product_summary(self)

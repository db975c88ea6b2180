import factory

from mall.merchants.models import Shop


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    name = factory.Sequence(lambda n: f"测试店铺{n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    status = Shop.Status.OPEN

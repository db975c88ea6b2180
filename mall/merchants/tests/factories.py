import factory

from mall.merchants.models import Shop, ShopMember


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    name = factory.Sequence(lambda n: f"测试店铺{n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    status = Shop.Status.OPEN


class ShopMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopMember

    shop = factory.SubFactory(ShopFactory)
    user = factory.SubFactory("mall.customers.tests.factories.ShopperFactory")
    role = ShopMember.Role.OWNER

import factory

from mall.merchants.models import Shop, ShopMember, Tier


class TierFactory(factory.django.DjangoModelFactory):
    """The standard tier by default. Migrations create the three tiers, but a transactional
    test's flush removes them, so factories never rely on those rows."""

    class Meta:
        model = Tier
        django_get_or_create = ("code",)

    code = Tier.STANDARD
    name = "普通"


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    name = factory.Sequence(lambda n: f"测试店铺{n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    status = Shop.Status.OPEN
    tier = factory.SubFactory(TierFactory)


class ShopMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShopMember

    shop = factory.SubFactory(ShopFactory)
    user = factory.SubFactory("mall.customers.tests.factories.ShopperFactory")
    role = ShopMember.Role.OWNER

import factory

from mall.promotions.models import Promotion


class PromotionFactory(factory.django.DjangoModelFactory):
    """A running platform 8折 on everything, unless told otherwise."""

    class Meta:
        model = Promotion

    name = factory.Sequence(lambda n: f"活动{n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    kind = Promotion.Kind.PERCENT
    discount_bp = 2_000
    status = Promotion.Status.RUNNING

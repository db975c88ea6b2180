import factory

from mall.customers.models import User


class ShopperFactory(factory.django.DjangoModelFactory):
    """A shopper registered by SMS (no password) unless `password` is given."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    username = factory.SelfAttribute("mobile")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        if extracted:
            self.set_password(extracted)
        else:
            self.set_unusable_password()
        if create:
            self.save(update_fields=["password"])

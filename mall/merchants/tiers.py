"""The tiers every mall starts with. The migration that introduced tiers creates them (existing
shops already carried these codes), and so does every `migrate` and every test database flush
(post_migrate), so a shop's default tier always exists; operators change them in the admin."""

from django.apps import apps as global_apps

# The three tiers shops were created with (their codes are already in Shop.tier). Standard keeps
# the 5% every shop was charged so far; operators set fees and category rates in the admin.
DEFAULT_TIERS = [
    {"code": "standard", "name": "普通", "commission_rate_bp": 500, "platform_fee_monthly": 60000,
     "deposit": 1000000, "featured_slots": 0, "position": 1,
     "perks": "基础店铺功能；平台服务费 600 元/月"},
    {"code": "preferred", "name": "优选", "commission_rate_bp": 450, "platform_fee_monthly": 30000,
     "deposit": 2000000, "featured_slots": 2, "position": 2,
     "perks": "首页推荐位 2 个；平台服务费减半（300 元/月）；优选标识"},
    {"code": "strategic", "name": "战略合作", "commission_rate_bp": 400, "platform_fee_monthly": 0,
     "deposit": 5000000, "featured_slots": 6, "position": 3,
     "perks": "首页推荐位 6 个；免平台服务费；专属运营对接；战略合作标识"},
]  # fmt: skip


def ensure_default_tiers(using: str = "default", apps=global_apps, **kwargs) -> None:
    """post_migrate: with the models as migrated (a database migrated back to before tiers has
    no Tier table and gets none)."""
    try:
        Tier = apps.get_model("merchants", "Tier")
    except LookupError:
        return
    for tier in DEFAULT_TIERS:
        Tier.objects.using(using).get_or_create(code=tier["code"], defaults=tier)

from django.db import migrations

OLD_DEFAULT_RATE_BP = 500


def keep_only_negotiated_rates(apps, schema_editor):
    """Shop.commission_rate_bp was every shop's rate, 500 by default; it now means a rate
    negotiated with the shop. Order lines have snapshotted it (orders 0003), so shops still on
    the old default follow their tier's and categories' rates from here on."""
    Shop = apps.get_model("merchants", "Shop")
    Shop.objects.filter(commission_rate_bp=OLD_DEFAULT_RATE_BP).update(commission_rate_bp=None)


class Migration(migrations.Migration):
    dependencies = [
        ("merchants", "0003_tiers"),
        ("orders", "0003_line_commission_rate"),
    ]

    operations = [migrations.RunPython(keep_only_negotiated_rates, migrations.RunPython.noop)]

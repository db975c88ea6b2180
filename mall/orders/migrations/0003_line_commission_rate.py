from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def snapshot_shop_rates(apps, schema_editor):
    """Lines placed before rates were snapshotted settle at the rate they were placed under:
    their shop's single commission rate."""
    OrderLine = apps.get_model("orders", "OrderLine")
    Order = apps.get_model("orders", "Order")
    shop_rate = Order.objects.filter(pk=OuterRef("order_id")).values("shop__commission_rate_bp")
    OrderLine.objects.filter(commission_rate_bp__isnull=True).update(
        commission_rate_bp=Subquery(shop_rate[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("merchants", "0003_tiers"),
        ("orders", "0002_line_refunds"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderline",
            name="commission_rate_bp",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.RunPython(snapshot_shop_rates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="orderline",
            name="commission_rate_bp",
            field=models.PositiveSmallIntegerField(
                help_text="下单时店铺该类目的佣金比例，结算时按它收取佣金",
                verbose_name="佣金比例（万分之）",
            ),
        ),
        migrations.AddConstraint(
            model_name="orderline",
            constraint=models.CheckConstraint(
                condition=models.Q(("commission_rate_bp__lte", 10000)),
                name="order_line_commission_at_most_100pc",
            ),
        ),
    ]

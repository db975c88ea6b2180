from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0003_line_commission_rate"),
    ]

    operations = [
        migrations.AddField(
            model_name="orderline",
            name="is_gift",
            field=models.BooleanField(
                default=False, help_text="买赠活动送的，价格为 0", verbose_name="赠品"
            ),
        ),
    ]

"""When the retention job anonymised an application or a household (PIPL §19, §47)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_application_offices"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="匿名化时间"),
        ),
        migrations.AddField(
            model_name="household",
            name="anonymised_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="匿名化时间"),
        ),
    ]

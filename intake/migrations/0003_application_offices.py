"""Each application keeps the offices it was submitted with (and the counter that keyed it in)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_household_offices(apps, schema_editor):
    Application = apps.get_model("intake", "Application")
    for application in Application.objects.select_related("household").iterator():
        application.hukou_office_id = application.household.hukou_office_id
        application.residence_office_id = application.household.residence_office_id
        application.save(update_fields=["hukou_office", "residence_office"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_roles_split"),
        ("intake", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="hukou_office",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hukou_applications",
                to="accounts.office",
                verbose_name="户籍地（居委会）",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="residence_office",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="residence_applications",
                to="accounts.office",
                verbose_name="居住地（居委会）",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="intake_office",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="intake_applications",
                to="accounts.office",
                verbose_name="受理窗口",
            ),
        ),
        migrations.RunPython(copy_household_offices, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="hukou_office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hukou_applications",
                to="accounts.office",
                verbose_name="户籍地（居委会）",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="residence_office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="residence_applications",
                to="accounts.office",
                verbose_name="居住地（居委会）",
            ),
        ),
    ]

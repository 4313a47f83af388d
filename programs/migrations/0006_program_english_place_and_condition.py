from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0005_material_exempt_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="apply_at_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="办理地点（英文）"),
        ),
        migrations.AddField(
            model_name="program",
            name="precondition_text_en",
            field=models.CharField(blank=True, max_length=400, verbose_name="前置条件（英文）"),
        ),
    ]

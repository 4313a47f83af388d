# 两个免于提交: a material may be fetched by the system (exempt_source) or stand for the online consent.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_case_household_one_live_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="material",
            name="covered_by_consent",
            field=models.BooleanField(default=False, verbose_name="在线同意即视为提供"),
        ),
        migrations.AddField(
            model_name="material",
            name="exempt_source",
            field=models.CharField(
                blank=True,
                choices=[("e_certificate", "电子证照库"), ("government_data", "政府部门共享数据")],
                max_length=20,
                verbose_name="免于提交（调取来源）",
            ),
        ),
    ]

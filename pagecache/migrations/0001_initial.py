"""
The content version moves here from the stories app, keeping its value: a version that went back
to 1 could match pages cached before the move.
"""

import django.utils.timezone
from django.db import migrations, models


def carry_over_version(apps, schema_editor):
    old = apps.get_model("articles", "PublicationState").objects.filter(pk=1).first()
    state = apps.get_model("pagecache", "PublicationState")
    if old is None:
        state.objects.get_or_create(pk=1)
    else:
        state.objects.update_or_create(
            pk=1, defaults={"content_version": old.content_version + 1, "changed_at": old.changed_at}
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0011_share_visit_unique_per_hour"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicationState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("content_version", models.BigIntegerField(default=1)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(carry_over_version, migrations.RunPython.noop),
    ]

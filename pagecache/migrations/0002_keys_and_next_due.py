"""
Pages are kept with the keys of what they show, and the state row learns when the next scheduled
story or correction falls due (those already scheduled included, so none is missed).
"""

from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone


def note_next_due(apps, schema_editor):
    now = timezone.now()
    stories = apps.get_model("articles", "Article").objects.filter(status="published", published_at__gt=now)
    corrections = apps.get_model("articles", "Correction").objects.filter(published_at__gt=now)
    times = [queryset.aggregate(first=Min("published_at"))["first"] for queryset in (stories, corrections)]
    due = min((moment for moment in times if moment is not None), default=None)
    apps.get_model("pagecache", "PublicationState").objects.update_or_create(pk=1, defaults={"next_due": due})


class Migration(migrations.Migration):
    dependencies = [
        ("pagecache", "0001_initial"),
        ("articles", "0013_sync_groups_after_authors"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeyVersion",
            fields=[
                ("key", models.CharField(max_length=100, primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(db_index=True)),
                ("changed_at", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.AddField(
            model_name="publicationstate",
            name="next_due",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(note_next_due, migrations.RunPython.noop),
    ]

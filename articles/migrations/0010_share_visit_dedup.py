"""
Share-link visits become one row per link, address and hour, with a count.

Rows already stored are folded the same way: each group keeps its newest row, counting the group's
visits and spanning its first to last visit. The unique keys come in the next migration: PostgreSQL
does not alter a table in the transaction that changed its rows.
"""

import datetime

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Count, F, Max, Min
from django.db.models.functions import TruncHour


def fold_visits_per_hour(apps, schema_editor):
    Visit = apps.get_model("articles", "ShareLinkVisit")
    Visit.objects.update(hour=TruncHour("last_visited_at", tzinfo=datetime.UTC), first_visited_at=F("last_visited_at"))
    groups = (
        Visit.objects.order_by()
        .values("link_id", "hour", "ip_address")
        .annotate(visits=Count("id"), first=Min("last_visited_at"), last=Max("last_visited_at"), keep=Max("id"))
        .filter(visits__gt=1)
    )
    for group in list(groups):
        same = Visit.objects.filter(link_id=group["link_id"], hour=group["hour"], ip_address=group["ip_address"])
        same.exclude(pk=group["keep"]).delete()
        same.update(visit_count=group["visits"], first_visited_at=group["first"], last_visited_at=group["last"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_listing_indexes_end_with_id")]

    operations = [
        migrations.RenameField(model_name="sharelinkvisit", old_name="visited_at", new_name="last_visited_at"),
        migrations.AddField(
            model_name="sharelinkvisit",
            name="first_visited_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="sharelinkvisit",
            name="hour",
            field=models.DateTimeField(null=True, help_text="The hour (UTC) these visits fell in."),
        ),
        migrations.AddField(
            model_name="sharelinkvisit",
            name="visit_count",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(fold_visits_per_hour, migrations.RunPython.noop),
    ]

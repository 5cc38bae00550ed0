from django.db import migrations, models
from django.db.models.functions import TruncMonth


def set_months(apps, schema_editor):
    """Every dated story's month, as its save keeps it from now on."""
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(publication_date__isnull=False).update(publication_month=TruncMonth("publication_date"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_byline_publication_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="publication_month",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(set_months, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "publication_month", "-published_at", "-id"], name="article_month_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("updated_at__isnull", False)),
                fields=["status", "publication_month", "-updated_at"],
                name="article_month_updated_idx",
            ),
        ),
    ]

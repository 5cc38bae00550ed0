from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_publication_times(apps, schema_editor):
    """Every byline takes its story's publication time, as the story's save keeps it from now on."""
    Article = apps.get_model("articles", "Article")
    Byline = apps.get_model("articles", "Byline")
    story_time = Article.objects.filter(pk=OuterRef("article_id")).values("published_at")[:1]
    Byline.objects.update(published_at=Subquery(story_time))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_sync_groups_after_authors"),
        ("authors", "0002_editors_find_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="byline",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(copy_publication_times, migrations.RunPython.noop, elidable=True),
        # The author's newest bylines first; it also answers every lookup the index on (author, article)
        # served, which it replaces.
        migrations.RemoveIndex(model_name="byline", name="articles_by_author__98e87f_idx"),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["author", "-published_at", "-article"], name="byline_author_newest_idx"),
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models


def list_every_tagged_story(apps, schema_editor):
    """One listing for each tag a story carries, with the story's publication time, in one statement."""
    Article = apps.get_model("articles", "Article")
    TagListing = apps.get_model("articles", "TagListing")
    quote = schema_editor.quote_name
    listings, stories = quote(TagListing._meta.db_table), quote(Article._meta.db_table)
    tags = quote(Article._meta.get_field("tags").remote_field.through._meta.db_table)
    sql = (
        f"INSERT INTO {listings} (tag_id, article_id, published_at) "  # noqa: S608 (the models' names)
        f"SELECT tags.tag_id, tags.article_id, stories.published_at FROM {tags} AS tags "
        f"JOIN {stories} AS stories ON stories.id = tags.article_id"
    )
    schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_story_publication_month"),
    ]

    operations = [
        migrations.CreateModel(
            name="TagListing",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                (
                    "article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tag_listings",
                        to="articles.article",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="listings",
                        to="articles.tag",
                    ),
                ),
            ],
        ),
        # Filled before its indexes are built: faster on a big archive.
        migrations.RunPython(list_every_tagged_story, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="taglisting",
            constraint=models.UniqueConstraint(fields=("article", "tag"), name="unique_tag_listing"),
        ),
        migrations.AddIndex(
            model_name="taglisting",
            index=models.Index(fields=["tag", "-published_at", "-article"], name="tag_listing_newest_idx"),
        ),
    ]

from django.db import migrations, models

import articles.models.stories


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_byline_publication_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="publication_month",
            field=models.GeneratedField(
                db_persist=True,
                expression=articles.models.stories.MonthOf("publication_date"),
                null=True,
                output_field=models.DateField(),
            ),
        ),
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

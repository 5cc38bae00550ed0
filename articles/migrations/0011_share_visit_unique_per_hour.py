"""One row per share link, address and hour: the unique keys, once 0010 has folded the stored visits."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_share_visit_dedup")]

    operations = [
        migrations.AlterField(
            model_name="sharelinkvisit",
            name="hour",
            field=models.DateTimeField(help_text="The hour (UTC) these visits fell in."),
        ),
        migrations.AlterField(
            model_name="sharelinkvisit",
            name="user_agent",
            field=models.CharField(blank=True, help_text="The browser of the latest visit.", max_length=300),
        ),
        migrations.AlterModelOptions(name="sharelinkvisit", options={"ordering": ["-last_visited_at"]}),
        migrations.AddConstraint(
            model_name="sharelinkvisit",
            constraint=models.UniqueConstraint(
                fields=("link", "hour", "ip_address"), name="one_visit_row_per_address_hour"
            ),
        ),
        migrations.AddConstraint(
            model_name="sharelinkvisit",
            constraint=models.UniqueConstraint(
                condition=models.Q(ip_address__isnull=True),
                fields=("link", "hour"),
                name="one_visit_row_per_unknown_hour",
            ),
        ),
        migrations.AddIndex(
            model_name="sharelinkvisit",
            index=models.Index(fields=["link", "-last_visited_at"], name="share_visits_latest_first"),
        ),
    ]

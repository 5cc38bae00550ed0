from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_share_visit_unique_per_hour"),
        ("pagecache", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="PublicationState"),
    ]

from django.db import migrations


def sync_groups(apps, schema_editor):
    from articles.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    """Editors link profiles to accounts, so their group may now look accounts up."""

    dependencies = [
        ("authors", "0001_initial"),
        ("articles", "0004_sync_groups_for_workflow"),
    ]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]

from django.db import migrations


def sync_groups(apps, schema_editor):
    from articles.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    """The role groups' permissions again, now that profiles can be linked to accounts (authors 0002)."""

    dependencies = [
        ("articles", "0012_publication_state_moves_to_pagecache"),
        ("authors", "0002_editors_find_accounts"),
    ]

    operations = [migrations.RunPython(sync_groups, migrations.RunPython.noop)]

from django.db import migrations


class Migration(migrations.Migration):
    """
    Editors link profiles to accounts, so their group may now look accounts up.

    The groups are the stories app's (``articles.roles``); its migration 0013 syncs them once this
    one has run, so that the people app never imports the stories app.
    """

    dependencies = [
        ("authors", "0001_initial"),
        ("articles", "0004_sync_groups_for_workflow"),
    ]

    operations = []

"""
A GIN index for full-text search on PostgreSQL; nothing on other databases.

The expression is the one ``articles.search.article_search_vector`` builds for
the query (same columns, weights and configuration), so the planner can answer
a search from the index. It is written out here, not imported, so that this
migration keeps meaning what it meant when it was written.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_idx"


def search_index():
    return GinIndex(
        SearchVector("headline", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english"),
        name=INDEX_NAME,
    )


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Article"), search_index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_publication_state")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

"""
Full-text search reads a stored document on PostgreSQL; nothing changes on other databases.

Searching through the expression index of ``0006`` left PostgreSQL re-parsing each matching
body to check it (seconds for a common word at 100,000 stories). The weighted document
(headline A, dek B, body C) is now a generated column, kept by the database on every write,
with its own GIN index; the expression index goes. Django's models never see the column:
``articles.search`` reads it by name.
"""

from django.db import migrations

ADD_DOCUMENT = """
ALTER TABLE articles_article ADD COLUMN IF NOT EXISTS search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')
) STORED;
CREATE INDEX IF NOT EXISTS article_search_document_idx ON articles_article USING GIN (search_document);
DROP INDEX IF EXISTS article_search_idx;
"""

DROP_DOCUMENT = """
DROP INDEX IF EXISTS article_search_document_idx;
ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document;
CREATE INDEX IF NOT EXISTS article_search_idx ON articles_article USING GIN ((
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')
));
"""


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_DOCUMENT)


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_DOCUMENT)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_desk_list_index")]

    operations = [migrations.RunPython(add_document, drop_document, elidable=False)]

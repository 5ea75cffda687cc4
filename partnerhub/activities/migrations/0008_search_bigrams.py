"""``Activity.search_bigrams`` (the pairs of adjacent Chinese characters of ``search_text``),
filled for the activities already stored, and its word index: an FTS5 table on SQLite, a GIN
index on PostgreSQL (activities.search)."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CHUNK = 5000


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from partnerhub.activities.search import search_index_ensure
    from partnerhub.core.text import han_bigrams

    connection = schema_editor.connection
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, search_text FROM activities_activity WHERE id > %s ORDER BY id LIMIT %s",
                [last, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            changes = [(pairs, pk) for pk, text in rows if (pairs := han_bigrams(text or ""))]
            if changes:
                cursor.executemany(
                    "UPDATE activities_activity SET search_bigrams = %s WHERE id = %s", changes
                )
    search_index_ensure(connection)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from partnerhub.activities.search import bigram_index_drop

    bigram_index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("activities", "0007_sources_of_the_white_paper_and_review")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="search_bigrams",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill, drop, elidable=False),
    ]

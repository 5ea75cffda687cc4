"""The search index over ``Activity.search_text``: FTS5 trigram on SQLite, pg_trgm GIN on
PostgreSQL (activities.search). Nothing in the models' state changes."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from partnerhub.activities.search import search_index_ensure

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where
        # it is refused, search keeps working by scanning, as before this migration.
        with connection.cursor() as cursor:
            cursor.execute("SAVEPOINT pg_trgm")
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except Exception:  # noqa: BLE001 - any refusal: the index is left out
                cursor.execute("ROLLBACK TO SAVEPOINT pg_trgm")
            else:
                cursor.execute("RELEASE SAVEPOINT pg_trgm")
    search_index_ensure(connection)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from partnerhub.activities.search import search_index_drop

    search_index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_activity_description_en_status_and_more")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

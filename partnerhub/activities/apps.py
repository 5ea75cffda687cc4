from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _search_index(using: str = "default", **kwargs: Any) -> None:
    from partnerhub.activities.search import search_index_ensure

    search_index_ensure(connections[using])


class ActivitiesConfig(AppConfig):
    name = "partnerhub.activities"
    label = "activities"

    def ready(self) -> None:
        # Schema upkeep, not business logic: SQLite's table rebuilds during a migration drop
        # the search index's triggers, and this puts them back after every migrate.
        post_migrate.connect(_search_index, sender=self)

from __future__ import annotations

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "partnerhub.activities"
    label = "activities"

from __future__ import annotations

from django.apps import AppConfig


class SeedsConfig(AppConfig):
    name = "partnerhub.seeds"
    label = "seeds"

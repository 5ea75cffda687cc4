from __future__ import annotations

from django.apps import AppConfig


class IatiConfig(AppConfig):
    name = "partnerhub.iati"
    label = "iati"

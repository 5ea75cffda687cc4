from __future__ import annotations

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "partnerhub.organisations"
    label = "organisations"

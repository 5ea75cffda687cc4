from __future__ import annotations

from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "partnerhub.translations"
    label = "translations"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Translations"

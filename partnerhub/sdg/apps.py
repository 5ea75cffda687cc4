from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdgConfig(AppConfig):
    name = "partnerhub.sdg"
    label = "sdg"
    verbose_name = _("SDG suggestions")

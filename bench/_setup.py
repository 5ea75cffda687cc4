"""What the page benchmarks share: Django set up from a script, and the busiest values to filter by.

The scripts run as ``python bench/<name>.py``, so this module is imported by its bare name.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pages_ready() -> None:
    """Set Django up for requests through the test client, with the reference data loaded (the
    country filter accepts known countries only)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerhub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from partnerhub.reference.models import Country

    settings.ALLOWED_HOSTS = ["*"]
    if not Country.objects.exists():
        call_command("reference_load", verbosity=0)


def busiest_sector() -> str:
    """The 3-digit DAC category with the most sector links."""
    from django.db.models import Count

    from partnerhub.activities.models import ActivitySector

    rows = (
        ActivitySector.objects.filter(vocabulary="1")
        .values("code")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return str(rows[0]["code"])[:3]

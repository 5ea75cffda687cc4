"""Reads of the IATI app for pages of other apps."""

from __future__ import annotations

from partnerhub.activities.models import Activity
from partnerhub.core.models import Source
from partnerhub.iati.models import SupersededActivity


def superseded_versions(activity: Activity) -> list[SupersededActivity]:
    """Other datasets' copies of an imported activity that the duplicate rule set aside."""
    if activity.source != Source.IATI:
        return []
    return list(
        SupersededActivity.objects.filter(iati_identifier=activity.iati_identifier)
        .select_related("dataset")
        .only("dataset__name", "last_updated", "title", "iati_identifier", "line")
        .order_by("-last_updated", "id")
    )

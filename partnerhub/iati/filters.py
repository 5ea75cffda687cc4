"""Activity filters for exports, shared by the ``iati_export`` command and the download view.

The portal's parsed-filters layer (``activities.selectors.ActivityFilters``) is used, so an
export takes exactly the parameters and validation of the activity list it mirrors.
"""

from __future__ import annotations

from collections.abc import Mapping

from partnerhub.activities.models import Activity
from partnerhub.activities.querysets import ActivityQuerySet

FILTER_NAMES = ("q", "country", "sdg", "sector", "modality", "year", "organisation", "source")


def filtered_activities(query: Mapping[str, str]) -> ActivityQuerySet:
    """Activities matching ``query`` (all of them when it is empty); bad values raise InvalidFilter."""
    from partnerhub.activities.selectors import ActivityFilters

    given = {k: v for k, v in query.items() if v not in (None, "")}
    filters = ActivityFilters.from_query(given)
    return filters.apply(Activity.objects.all())

"""Activity filters for exports, shared by the ``iati_export`` command and the download view.

Both read the activity list's one declaration (``partnerhub.activities.lists.ACTIVITIES``), so an
export takes exactly the parameters and validation of the activity list it mirrors.
"""

from __future__ import annotations

from collections.abc import Mapping

from partnerhub.activities.lists import ACTIVITIES
from partnerhub.activities.models import Activity
from partnerhub.activities.querysets import ActivityQuerySet

#: Every filter of the activity list, in its order; the command offers one option for each.
FILTER_NAMES = ACTIVITIES.names


def filtered_activities(query: Mapping[str, str]) -> ActivityQuerySet:
    """Activities matching ``query`` (all of them when it is empty); bad values raise InvalidFilter."""
    filters = ACTIVITIES.parse(query)
    return ACTIVITIES.apply(Activity.objects.all(), filters)

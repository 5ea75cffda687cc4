"""Template helpers of the portal."""

from __future__ import annotations

import datetime as dt

from django import template

from partnerhub.reference.models import Country, CountryRelationship

register = template.Library()


@register.simple_tag
def relationships_today(country: Country) -> list[CountryRelationship]:
    """The country's relationships in force today (reads the prefetched rows)."""
    return country.relationship_on(dt.date.today())

"""Template helpers of the portal."""

from __future__ import annotations

import datetime as dt

from django import template

from partnerhub.core.links import safe_url_or_empty
from partnerhub.reference.models import Country, CountryRelationship

register = template.Library()


@register.simple_tag
def relationships_today(country: Country) -> list[CountryRelationship]:
    """The country's relationships in force today (reads the prefetched rows)."""
    return country.relationship_on(dt.date.today())


@register.filter
def safe_url(url: str | None) -> str:
    """The address when it may be a link (http, https, ftp), else "": never a javascript: href."""
    return safe_url_or_empty(url)

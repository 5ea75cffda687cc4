"""Small template helpers of the reports pages."""

from __future__ import annotations

from typing import Any

from django import template

from partnerhub.reports.explain import currency_label

register = template.Library()


@register.simple_tag
def chart_for(charts: dict[str, Any], slug: str) -> Any:
    """The rendered chart of a panel, looked up by its slug."""
    return charts.get(slug, "")


@register.simple_tag
def currency_name(code: str) -> str:
    return currency_label(code)

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


@register.filter
def lang(value: Any, language: str) -> Any:
    """The value of a {"zh-hant": ..., "en": ...} pair in ``language``."""
    return value.get(language, "") if isinstance(value, dict) else value


@register.filter
def money(value: Any) -> str:
    """A decimal string as a whole amount with thousands separators: 1234567.80 -> 1,234,568."""
    from decimal import Decimal, InvalidOperation

    try:
        return f"{Decimal(str(value)):,.0f}"
    except InvalidOperation:
        return ""

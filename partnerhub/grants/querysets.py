"""Reusable filters for calls and applications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from partnerhub.grants.models import Application, Call  # noqa: F401


class CallQuerySet(models.QuerySet["Call"]):
    def open_at(self, now: dt.datetime) -> CallQuerySet:
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def past_at(self, now: dt.datetime) -> CallQuerySet:
        return self.filter(closes_at__lte=now)

    def upcoming_at(self, now: dt.datetime) -> CallQuerySet:
        return self.filter(opens_at__gt=now)


class ApplicationQuerySet(models.QuerySet["Application"]):
    def in_state(self, *states: str) -> ApplicationQuerySet:
        return self.filter(state__in=states)

    def of_organisations(self, organisations: Iterable[Any]) -> ApplicationQuerySet:
        return self.filter(organisation__in=organisations)

    def reviewed_by(self, user: Any) -> ApplicationQuerySet:
        return self.filter(reviews__reviewer=user)

    def current(self) -> ApplicationQuerySet:
        """Applications made in Partner Hub, not the historical grants read from the white paper."""
        return self.filter(historical=False)

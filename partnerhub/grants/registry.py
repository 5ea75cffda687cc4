"""The grant as an activity of the registry: created on approval, then following the cycle.

The activity is the same record the portal, the API and the IATI export read (source ``grants``);
the application points at it, so nothing is copied twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from partnerhub.activities.models import Activity, Modality, Role
from partnerhub.activities.records import (
    ActivityRecord,
    BudgetRecord,
    CountryRecord,
    IndicatorRecord,
    ParticipationRecord,
    ResultRecord,
    SdgRecord,
    SectorRecord,
    TransactionRecord,
)
from partnerhub.activities.services import activity_create, activity_update, transaction_create
from partnerhub.core.models import Source
from partnerhub.grants.models import ActualState, Application, ResultLevel
from partnerhub.grants.selectors import budget_total
from partnerhub.organisations.models import Organisation

#: IATI ActivityStatus for each funded phase.
ACTIVITY_STATUS = {
    "approved": "1",
    "agreement-signed": "2",
    "in-implementation": "2",
    "completed": "3",
    "closure-report": "3",
    "ex-post-evaluation": "3",
    "closed": "4",
}
COMMITMENT = "2"
DISBURSEMENT = "3"


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _funder() -> Organisation | None:
    return Organisation.objects.filter(
        iati_identifier=settings.PARTNERHUB_REPORTING_ORG_REF
    ).first()


def _results(application: Application) -> list[ResultRecord]:
    """The results framework as IATI results; actuals are the latest values an officer approved."""
    results: dict[tuple[str, str], ResultRecord] = {}
    for row in application.indicators.prefetch_related("actuals"):
        result = results.setdefault(
            (row.level, row.result),
            ResultRecord(
                title_zh=row.result,
                title_en=row.result,
                type="1" if row.level == ResultLevel.OUTPUT else "2",
            ),
        )
        approved = [a for a in row.actuals.all() if a.state == ActualState.APPROVED]
        latest = approved[-1] if approved else None
        result.indicators.append(
            IndicatorRecord(
                title_zh=row.indicator,
                title_en=row.indicator,
                unit=row.unit,
                baseline_value=row.baseline,
                target_value=row.target,
                actual_value=latest.value if latest else None,
                as_of=latest.period_end if latest else None,
            )
        )
    return list(results.values())


def activity_results_refresh(application: Application, *, actor: Any = None) -> None:
    """Carry the approved actuals into the activity's results (and so into the IATI export)."""
    if application.activity is not None:
        activity_update(activity=application.activity, actor=actor, results=_results(application))


def _record(application: Application) -> ActivityRecord:
    a = application
    funder = _funder()
    total = budget_total(a, a.call.currency if a.call else a.currency) or Decimal(0)
    currency = a.call.currency if a.call else a.currency
    sdgs = []
    for value in a.sdgs:
        goal, _, _rest = str(value).partition(".")
        if goal.isdigit():
            sdgs.append(SdgRecord(int(goal), str(value) if "." in str(value) else ""))
    return ActivityRecord(
        iati_identifier=f"{settings.PARTNERHUB_REPORTING_ORG_REF}-GRANT-{a.reference}",
        source=Source.GRANTS,
        title_zh=a.title_zh,
        title_en=a.title_en,
        description_zh=a.summary_zh,
        description_en=a.summary_en,
        status=ACTIVITY_STATUS["approved"],
        modality=a.modality or Modality.NGO_GRANT,
        planned_start=a.planned_start,
        planned_end=a.planned_end,
        default_currency=currency,
        reporting_org_id=funder.pk if funder else None,
        reporting_org_ref=settings.PARTNERHUB_REPORTING_ORG_REF,
        reporting_org_name=settings.PARTNERHUB_REPORTING_ORG_NAME_ZH,
        participations=[
            ParticipationRecord(
                role=Role.FUNDING,
                printed_name=settings.PARTNERHUB_REPORTING_ORG_NAME_ZH,
                organisation_id=funder.pk if funder else None,
                ref=settings.PARTNERHUB_REPORTING_ORG_REF,
            ),
            ParticipationRecord(
                role=Role.IMPLEMENTING,
                printed_name=a.organisation.name,
                organisation_id=a.organisation_id,
            ),
        ],
        countries=[
            CountryRecord(c["code"], _decimal(c.get("percentage"))) for c in a.countries
        ],
        sectors=[SectorRecord(s["code"], "1", _decimal(s.get("percentage"))) for s in a.sectors],
        sdgs=sdgs,
        budgets=[
            BudgetRecord(
                value=total, currency=currency, period_start=a.planned_start,
                period_end=a.planned_end,
            )
        ],
        results=_results(a),
    )  # fmt: skip


@transaction.atomic
def grant_activity_create(*, application: Application, actor: Any = None) -> Activity:
    """Write the approved application into the registry and link the two."""
    activity = activity_create(record=_record(application), actor=actor)
    application.activity = activity
    application.save(update_fields=["activity", "updated_at"])
    return activity


def activity_follow_phase(application: Application, *, actor: Any = None) -> None:
    """Keep the activity's IATI status in step with the grant's phase."""
    status = ACTIVITY_STATUS.get(application.state)
    activity = application.activity
    if activity is None or status is None or activity.status == status:
        return
    activity_update(activity=activity, actor=actor, status=status)


def grant_transaction_add(
    *,
    application: Application,
    kind: str,
    value: Decimal,
    currency: str,
    date: Any,
    description: str,
    actor: Any = None,
) -> None:
    """A commitment or disbursement of the grant, as a transaction of its activity."""
    if application.activity is None:
        return
    funder = _funder()
    transaction_create(
        activity=application.activity,
        record=TransactionRecord(
            type=kind,
            value=value,
            currency=currency,
            date=date,
            value_date=date,
            description=description,
            provider_org_id=funder.pk if funder else None,
            provider_name=settings.PARTNERHUB_REPORTING_ORG_NAME_ZH,
            receiver_org_id=application.organisation_id,
            receiver_name=application.organisation.name,
        ),
        actor=actor,
    )  # fmt: skip

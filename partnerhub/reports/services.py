"""Writes of the reports app: issuing a version of the annual report."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction

from partnerhub.core.audit import audit_record
from partnerhub.core.exceptions import InvalidInput
from partnerhub.reports.annual import Progress, report_changes, report_data_build
from partnerhub.reports.models import AnnualReport
from partnerhub.reports.render import annex_xlsx, report_pdf


def _digest(data: dict[str, Any]) -> str:
    """The snapshot's fingerprint without its build time, so identical figures hash alike."""
    content = {k: v for k, v in data.items() if k != "built_at"}
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def annual_report_issue(
    *, year: int, actor: Any = None, progress: Progress | None = None
) -> AnnualReport:
    """Freeze the figures of ``year`` and issue them as the next version, with every output.

    The data is built and rendered before the transaction opens, so the write itself is short
    and a failure while rendering leaves nothing behind.
    """
    last = AnnualReport.objects.filter(year=year).first()
    version = last.version + 1 if last else 1
    data = report_data_build(year, progress=progress)
    report = AnnualReport(
        year=year,
        version=version,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
        data=data,
        digest=_digest(data),
        changes=report_changes(last.data, data) if last else [],
        pdf_zh=report_pdf(data, "zh-hant", version=version),
        pdf_en=report_pdf(data, "en", version=version),
        annex_xlsx=annex_xlsx(data),
    )
    report.full_clean(exclude=["pdf_zh", "pdf_en", "annex_xlsx"], validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
            audit_record(
                action="create", instance=report, actor=actor, summary=f"annual report {report}"
            )
    except IntegrityError:
        # Another version of the same year was issued while this one was being built.
        raise InvalidInput(
            f"Version {version} of the {year} report was issued meanwhile; issue it again.",
            f"{year} 年報告的第 {version} 版已在此期間發布；請重新發布。",
            field="year",
        ) from None
    return report

"""The per-grant dossier for auditors: every version, score, decision, report, document and
transition of one application, as one ZIP file."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict

from partnerhub.core.outbox import state_changes_for
from partnerhub.grants.appraisal import determination_letter
from partnerhub.grants.files import attachment_path
from partnerhub.grants.models import Application


def _rows(queryset: Any, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [model_to_dict(row, exclude=list(exclude)) | {"id": row.pk} for row in queryset]


def dossier_zip(application: Application) -> bytes:
    """Everything about ``application`` in one archive; attachments keep their original names."""
    a = application
    data = {
        "application": model_to_dict(a) | {"id": a.pk, "created_at": a.created_at},
        "revisions": [
            {
                "version": r.version,
                "saved_at": r.saved_at,
                "saved_by": r.saved_by_id,
                "data": r.data,
            }
            for r in a.revisions.all()
        ],
        "budget": _rows(a.budget.all()),
        "indicators": _rows(a.indicators.all()),
        "actuals": _rows([x for i in a.indicators.all() for x in i.actuals.all()]),
        "reviews": [
            model_to_dict(r) | {"id": r.pk, "scores": _rows(r.scores.all())}
            for r in a.reviews.all()
        ],
        "determinations": _rows(a.determinations.all()),
        "tranches": _rows(a.tranches.all()),
        "reports": _rows(a.reports.all()),
        "visits": _rows(a.visits.all()),
        "attachments": _rows(a.attachments.all()),
    }
    history = io.StringIO()
    writer = csv.writer(history)
    writer.writerow(["at", "from", "to", "actor", "comment"])
    for change in state_changes_for(a):
        writer.writerow(
            [change.created_at.isoformat(), change.from_state, change.to_state,
             change.actor.get_username() if change.actor else "", change.comment]
        )  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "application.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        archive.writestr("history.csv", "\ufeff" + history.getvalue())
        for d in a.determinations.all():
            archive.writestr(f"letters/{d.pk}-{d.decision}.txt", determination_letter(a, d))
        for f in a.attachments.all():
            path = attachment_path(f)
            if path.exists():
                archive.write(path, f"attachments/{f.pk}-{f.original_name}")
    return out.getvalue()

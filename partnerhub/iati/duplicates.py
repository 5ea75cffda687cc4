"""The rule for an activity that more than one dataset publishes (docs/iati.md, "Duplicates").

The copy with the latest ``last-updated-datetime`` is current; a tie goes to the copy whose
dataset is dated later (its ``generated-datetime``, else its registry metadata's date); a
complete tie leaves the copy that was current before in place. Exactly one copy is an
``Activity`` row, so lists and totals count each activity once; every other copy is kept as a
:class:`SupersededActivity` (its record as JSON), listed on the activity's page, and becomes
current again when the current copy goes away. Each duplicate is a problem row on the dataset
being imported. The same rule holds inside one file that publishes an identifier twice (a tie
keeps the copy that comes first); its problem row names both lines.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from partnerhub.activities.models import Activity
from partnerhub.activities.records import ActivityRecord
from partnerhub.activities.services import activity_bulk_create, activity_delete
from partnerhub.core.models import Provenance, Source
from partnerhub.iati.models import Dataset, SupersededActivity
from partnerhub.iati.problems import ProblemSink
from partnerhub.iati.records import activity_records, record_from_json, record_to_json
from partnerhub.organisations.models import Organisation

_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)

_CURRENT_EN = "this copy is current; the other is kept as a superseded version."
_CURRENT_ZH = "此份為現行版本，另一份保留為已取代的版本。"
_SUPERSEDED_EN = "that copy is current; this one is kept as a superseded version."
_SUPERSEDED_ZH = "該份為現行版本，此份保留為已取代的版本。"
_IN_FILE_EN = "the copy on line {line} is current; the other is kept as a superseded version."
_IN_FILE_ZH = "第 {line} 行的一份為現行版本，另一份保留為已取代的版本。"
_NEITHER_EN = "another dataset's copy is current; both are kept as superseded versions."
_NEITHER_ZH = "另一資料集的一份為現行版本，這兩份均保留為已取代的版本。"


def _line_label(line: int | None) -> str:
    return "?" if line is None else str(line)


def rank(last_updated: dt.datetime | None, dated_at: dt.datetime | None) -> tuple[dt.datetime, ...]:
    """Larger is more current: last-updated-datetime first, then the dataset's own date."""
    return (last_updated or _NEVER, dated_at or _NEVER)


@dataclass
class _Copy:
    dataset: Dataset
    last_updated: dt.datetime | None
    activity_pk: int | None = None
    superseded: SupersededActivity | None = None

    @property
    def rank(self) -> tuple[dt.datetime, ...]:
        return rank(self.last_updated, self.dataset.dated_at)


@dataclass
class _OwnCopy:
    """A copy read earlier from the file being imported."""

    identifier: str
    rank: tuple[dt.datetime, ...]
    line: int | None
    current: bool
    #: Where a current copy waits to be written: the batch and its place in that batch.
    batch: int = 0
    slot: int | None = None


class DuplicateRule:
    """Applies the rule to each batch that one dataset's import is about to write."""

    def __init__(
        self, *, dataset: Dataset, provenance: Provenance | None, sink: ProblemSink
    ) -> None:
        self.dataset, self.sink = dataset, sink
        self.provenance_id = provenance.pk if provenance is not None else None
        self.superseded = 0
        #: The file's own earlier copies, by identifier (the same rule applies inside one file).
        self.in_file: dict[str, _OwnCopy] = {}
        self.batches = 0
        #: Copies written with an earlier batch that a later copy in the file replaced.
        self.demoted_written = 0
        # Most imports meet no stored superseded copy at all; then one query per batch suffices.
        self.any_superseded = SupersededActivity.objects.exclude(dataset=dataset).exists()

    def split(self, records: list[ActivityRecord], lines: list[int | None]) -> list[ActivityRecord]:
        """The records to write as current; the others are stored as superseded copies."""
        provenance = self.provenance_id
        ids = {r.iati_identifier for r in records}
        current = self._current(ids, provenance)
        others = self._superseded(ids - current.keys()) if self.any_superseded else {}
        keep: list[ActivityRecord | None] = []
        for record, line in zip(records, lines, strict=True):
            identifier = record.iati_identifier
            mine = rank(record.last_updated, self.dataset.dated_at)
            earlier = self.in_file.get(identifier)
            if earlier is not None and earlier.current:
                # The same file published it before, and that copy beat every other dataset's.
                won = mine > earlier.rank
                if won:
                    self._demote_own(earlier, keep)
                    self._hold(identifier, mine, line, keep, record)
                else:
                    self._store(record, self.dataset, line)
                self._report_in_file(
                    identifier, earlier.line, line, current=line if won else earlier.line
                )
                continue
            rival = current.get(identifier) or others.get(identifier)
            won = rival is None or mine > rival.rank
            if rival is not None and won:
                self._demote(rival)
                current.pop(identifier, None)
                others.pop(identifier, None)
                self._report(identifier, rival.dataset, line, won=True)
            elif rival is not None:
                if rival.superseded is not None:
                    self._promote([rival.superseded])
                    # Its row's key, so a later copy in this batch can still demote it.
                    promoted = (
                        Activity.objects.filter(
                            source=Source.IATI,
                            iati_identifier=identifier,
                            provenance=rival.dataset.provenance,
                        )
                        .values_list("pk", flat=True)
                        .first()
                    )
                    current[identifier] = _Copy(
                        rival.dataset, rival.last_updated, activity_pk=promoted or 0
                    )
                    others.pop(identifier, None)
                self._store(record, self.dataset, line)
                self._report(identifier, rival.dataset, line, won=False)
            if won:
                self._hold(identifier, mine, line, keep, record)
            elif earlier is None:
                self.in_file[identifier] = _OwnCopy(identifier, mine, line, current=False)
            if earlier is not None:
                # The earlier copy of this file had lost to another dataset's copy.
                self._report_in_file(identifier, earlier.line, line, current=line if won else None)
        self.batches += 1
        return [r for r in keep if r is not None]

    def _hold(
        self,
        identifier: str,
        mine: tuple[dt.datetime, ...],
        line: int | None,
        keep: list[ActivityRecord | None],
        record: ActivityRecord,
    ) -> None:
        """``record`` is this file's current copy of ``identifier`` (for now)."""
        self.in_file[identifier] = _OwnCopy(
            identifier, mine, line, current=True, batch=self.batches, slot=len(keep)
        )
        keep.append(record)

    def _demote_own(self, copy: _OwnCopy, keep: list[ActivityRecord | None]) -> None:
        """An earlier copy from this same file lost to a later one: keep it as superseded."""
        if copy.batch == self.batches and copy.slot is not None:
            record = keep[copy.slot]
            keep[copy.slot] = None
            if record is not None:
                self._store(record, self.dataset, copy.line)
            return
        # Written with an earlier batch: it is already an activity row of this import.
        if self.provenance_id is None:
            return
        rows = Activity.objects.filter(
            provenance_id=self.provenance_id, iati_identifier=copy.identifier
        )
        for activity, record in activity_records(rows):
            self._store(record, self.dataset, copy.line)
            activity_delete(activity=activity)
            self.demoted_written += 1

    def _report_in_file(
        self, identifier: str, first: int | None, second: int | None, *, current: int | None
    ) -> None:
        if current is None:
            outcome, outcome_zh = _NEITHER_EN, _NEITHER_ZH
        else:
            outcome = _IN_FILE_EN.format(line=_line_label(current))
            outcome_zh = _IN_FILE_ZH.format(line=_line_label(current))
        self.sink.add(
            "duplicate-identifier",
            line=second,
            identifier=identifier,
            first=_line_label(first),
            second=_line_label(second),
            outcome=outcome,
            outcome_zh=outcome_zh,
        )

    def _current(self, ids: set[str], provenance: int | None) -> dict[str, _Copy]:
        others = Activity.objects.filter(source=Source.IATI, iati_identifier__in=ids)
        if provenance is not None:
            others = others.exclude(provenance_id=provenance)
        rows = list(
            others.exclude(provenance__isnull=True).values_list(
                "pk", "iati_identifier", "last_updated", "provenance_id"
            )
        )
        datasets = {
            d.provenance_id: d
            for d in Dataset.objects.filter(provenance_id__in={r[3] for r in rows})
        }
        found: dict[str, _Copy] = {}
        for pk, identifier, last_updated, provenance_id in rows:
            dataset = datasets.get(provenance_id)
            if dataset is None:
                continue  # not from a dataset (written by other means): not ours to replace
            copy = _Copy(dataset, last_updated, activity_pk=pk)
            if identifier not in found or copy.rank > found[identifier].rank:
                found[identifier] = copy
        return found

    def _superseded(self, ids: Iterable[str]) -> dict[str, _Copy]:
        found: dict[str, _Copy] = {}
        rows = (
            SupersededActivity.objects.filter(iati_identifier__in=list(ids))
            .exclude(dataset=self.dataset)
            .select_related("dataset")
        )
        for row in rows:
            copy = _Copy(row.dataset, row.last_updated, superseded=row)
            if row.iati_identifier not in found or copy.rank > found[row.iati_identifier].rank:
                found[row.iati_identifier] = copy
        return found

    def _report(self, identifier: str, other: Dataset, line: int | None, *, won: bool) -> None:
        self.sink.add(
            "duplicate-activity",
            line=line,
            identifier=identifier,
            other=other.name,
            outcome=_CURRENT_EN if won else _SUPERSEDED_EN,
            outcome_zh=_CURRENT_ZH if won else _SUPERSEDED_ZH,
        )

    def _store(self, record: ActivityRecord, dataset: Dataset, line: int | None) -> None:
        if record.extra_json:
            # Read in another process: the full extra travelled as JSON text (importer._prepare).
            record.extra = json.loads(record.extra_json)
        record.extra_json = record.search_text = ""
        SupersededActivity.objects.create(
            dataset=dataset,
            iati_identifier=record.iati_identifier,
            last_updated=record.last_updated,
            title=(record.title_en or record.title_zh)[:500],
            line=line,
            record=record_to_json(record),
        )
        if dataset.pk == self.dataset.pk:
            self.superseded += 1

    def _demote(self, copy: _Copy) -> None:
        """The current copy lost: keep it as a superseded version and remove its activity row."""
        if copy.superseded is not None or not copy.activity_pk:
            return
        for activity, record in activity_records(Activity.objects.filter(pk=copy.activity_pk)):
            self._store(record, copy.dataset, (activity.extra or {}).get("line"))
            activity_delete(activity=activity)

    def _promote(self, rows: list[SupersededActivity]) -> None:
        promote_superseded(rows)


def promote_superseded(rows: list[SupersededActivity]) -> int:
    """Make these superseded copies current again (their current copy went away)."""
    written = 0
    for row in rows:
        record = record_from_json(ActivityRecord, row.record)
        _forget_missing_organisations([record])
        written += activity_bulk_create(records=[record], provenance=row.dataset.provenance)
        row.delete()
    return written


def promote_orphans(*, dataset: Dataset, identifiers: set[str]) -> int:
    """After ``dataset`` dropped these identifiers, the best superseded copy of each becomes current."""
    if not identifiers:
        return 0
    still = set(
        Activity.objects.filter(source=Source.IATI, iati_identifier__in=identifiers).values_list(
            "iati_identifier", flat=True
        )
    )
    best: dict[str, SupersededActivity] = {}
    rows = (
        SupersededActivity.objects.filter(iati_identifier__in=identifiers - still)
        .exclude(dataset=dataset)
        .select_related("dataset")
    )
    for row in rows:
        held = best.get(row.iati_identifier)
        if held is None or rank(row.last_updated, row.dataset.dated_at) > rank(
            held.last_updated, held.dataset.dated_at
        ):
            best[row.iati_identifier] = row
    return promote_superseded(list(best.values()))


def _forget_missing_organisations(records: list[ActivityRecord]) -> None:
    """Organisations may have gone since the copy was stored; their links become printed names."""
    ids: set[int | None] = set()
    for r in records:
        ids.add(r.reporting_org_id)
        ids.update(p.organisation_id for p in r.participations)
        ids.update(t.provider_org_id for t in r.transactions)
        ids.update(t.receiver_org_id for t in r.transactions)
    wanted = [i for i in ids if i is not None]
    known = set(Organisation.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    for r in records:
        if r.reporting_org_id not in known:
            r.reporting_org_id = None
        for p in r.participations:
            if p.organisation_id not in known:
                p.organisation_id = None
        for t in r.transactions:
            if t.provider_org_id not in known:
                t.provider_org_id = None
            if t.receiver_org_id not in known:
                t.receiver_org_id = None

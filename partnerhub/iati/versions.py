"""How IATI 1.0x reads in 2.03 terms: data tables, not copied parsers.

Element readers ask :func:`legacy_code` to turn an older value (a transaction type letter, a role
name, an activity-date type word) into its 2.03 code. Values that are already 2.03 codes pass
through unchanged, which also covers 1.0x attributes found in 2.0x files.
"""

from __future__ import annotations

SUPPORTED = ("1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03")
CURRENT = "2.03"
#: A file without a version attribute is read as 1.01, the oldest published schema.
ASSUMED_WHEN_MISSING = "1.01"

_ALIASES = {"1.0": "1.01", "1.00": "1.01", "1": "1.01", "2": "2.01", "2.0": "2.01"}


def normalise_version(raw: str | None) -> tuple[str, bool]:
    """The schema version to read a file as, and whether ``raw`` was understood."""
    if raw is None or not raw.strip():
        return ASSUMED_WHEN_MISSING, False
    value = raw.strip()
    value = _ALIASES.get(value, value)
    if value in SUPPORTED:
        return value, True
    return (CURRENT if value.startswith("2") else ASSUMED_WHEN_MISSING), False


def is_legacy(version: str) -> bool:
    return version.startswith("1")


#: Per codelist, a 1.0x value (compared lower-cased) -> the 2.03 code.
LEGACY: dict[str, dict[str, str]] = {
    "TransactionType": {
        "if": "1",  # incoming funds
        "c": "2",  # commitment
        "d": "3",  # disbursement
        "e": "4",  # expenditure
        "ir": "5",  # interest repayment
        "lr": "6",  # loan repayment
        "r": "7",  # reimbursement
        "qp": "8",  # purchase of equity
        "qs": "9",  # sale of equity
        "cg": "11",  # credit guarantee
    },
    "OrganisationRole": {
        "funding": "1",
        "accountable": "2",
        "extending": "3",
        "implementing": "4",
    },
    "ActivityDateType": {
        "start-planned": "1",
        "start-actual": "2",
        "end-planned": "3",
        "end-actual": "4",
    },
    "ActivityStatus": {
        "pipeline/identification": "1",
        "pipeline": "1",
        "identification": "1",
        "implementation": "2",
        "completion": "3",
        "finalisation": "3",
        "post-completion": "4",
        "closed": "4",
        "cancelled": "5",
        "suspended": "6",
    },
    "BudgetType": {"original": "1", "revised": "2"},
    "ResultType": {"output": "1", "outcome": "2", "impact": "3", "other": "9"},
    "IndicatorMeasure": {"unit": "1", "percentage": "2"},
    "OrganisationType": {
        "government": "10",
        "other public sector": "15",
        "international ngo": "21",
        "national ngo": "22",
        "regional ngo": "23",
        "public private partnership": "30",
        "multilateral": "40",
        "foundation": "60",
        "private sector": "70",
        "academic, training and research": "80",
    },
}

#: Codes each codelist accepts in 2.03 for the fields the importer stores as codes.
VALID: dict[str, frozenset[str]] = {
    "TransactionType": frozenset(str(n) for n in range(1, 14)),
    "OrganisationRole": frozenset({"1", "2", "3", "4"}),
    "ActivityDateType": frozenset({"1", "2", "3", "4"}),
    "ActivityStatus": frozenset({"1", "2", "3", "4", "5", "6"}),
    "BudgetType": frozenset({"1", "2"}),
    "BudgetStatus": frozenset({"1", "2"}),
    "ResultType": frozenset({"1", "2", "3", "9"}),
    "IndicatorMeasure": frozenset({"1", "2", "3", "4", "5"}),
    "OrganisationType": frozenset(
        {
            "10",
            "11",
            "15",
            "21",
            "22",
            "23",
            "24",
            "30",
            "40",
            "60",
            "70",
            "71",
            "72",
            "73",
            "80",
            "90",
        }
    ),
}


def legacy_code(codelist: str, value: str) -> tuple[str, bool]:
    """``(code, converted)``: the 2.03 code for ``value`` and whether a 1.0x value was mapped.

    An unknown value is returned as given with ``converted`` False; the caller checks it against
    :data:`VALID` and records a problem when it is still not a code.
    """
    raw = value.strip()
    valid = VALID.get(codelist)
    if valid is not None and raw in valid:
        return raw, False
    mapped = LEGACY.get(codelist, {}).get(raw.lower())
    if mapped is not None:
        return mapped, True
    return raw, False


def is_valid(codelist: str, code: str) -> bool:
    valid = VALID.get(codelist)
    return valid is None or code in valid


LEGACY["SectorVocabulary"] = {"dac": "1", "dac-3": "2", "co": "99", "ro": "99"}
VALID["SectorVocabulary"] = frozenset(
    {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "98", "99"}
)

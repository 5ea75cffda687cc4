from __future__ import annotations

import pytest

from partnerhub.iati.versions import legacy_code, normalise_version


@pytest.mark.parametrize(
    ("codelist", "value", "expected"),
    [
        ("TransactionType", "IF", ("1", True)),
        ("TransactionType", "C", ("2", True)),
        ("TransactionType", "D", ("3", True)),
        ("TransactionType", "E", ("4", True)),
        ("TransactionType", "IR", ("5", True)),
        ("TransactionType", "LR", ("6", True)),
        ("TransactionType", "R", ("7", True)),
        ("TransactionType", "QP", ("8", True)),
        ("TransactionType", "QS", ("9", True)),
        ("TransactionType", "CG", ("11", True)),
        ("TransactionType", "3", ("3", False)),
        ("OrganisationRole", "Funding", ("1", True)),
        ("OrganisationRole", "implementing", ("4", True)),
        ("ActivityDateType", "start-planned", ("1", True)),
        ("ActivityDateType", "end-actual", ("4", True)),
        ("ActivityStatus", "Implementation", ("2", True)),
        ("BudgetType", "Original", ("1", True)),
        ("OrganisationType", "Government", ("10", True)),
        ("SectorVocabulary", "DAC", ("1", True)),
        ("TransactionType", "ZZ", ("ZZ", False)),
    ],
)
def test_it_maps_1_0x_values_to_2_03_codes(
    codelist: str, value: str, expected: tuple[str, bool]
) -> None:
    assert legacy_code(codelist, value) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ("1.01", False)),
        ("1.0", ("1.01", True)),
        ("2.03", ("2.03", True)),
        ("2.09", ("2.03", False)),
        ("x", ("1.01", False)),
    ],
)
def test_it_reads_version_attributes(raw: str | None, expected: tuple[str, bool]) -> None:
    assert normalise_version(raw) == expected

"""The project's table of printed organisation names and the one organisation each stands for.

The seeds print the same organisation in several ways (勵馨基金會 / 勵馨社會福利事業基金會,
台灣世界展望會 / 臺灣世界展望會, three Chinese renderings of NDI). The table in
``data/organisation_aliases.csv`` maps every printed form to a canonical zh/en name, so that the
loader creates one organisation and keeps each printed form as an alias.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "organisation_aliases.csv"


@dataclass(frozen=True)
class CanonicalOrganisation:
    name_zh: str
    name_en: str
    abbreviation: str
    category: str
    country: str = ""

    @property
    def is_organisation(self) -> bool:
        """False for a party that names no organisation (「民間」: private donors)."""
        return self.category != UNNAMED


#: The category of printed parties that are no organisation: they stay printed text with an
#: English rendering, and no organisation row is made for them.
UNNAMED = "unnamed"


@lru_cache(maxsize=4)
def organisation_aliases(path: Path = ALIASES_FILE) -> dict[str, CanonicalOrganisation]:
    """Printed form -> canonical organisation, as listed in the alias file."""
    table: dict[str, CanonicalOrganisation] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table[row["printed"].strip()] = CanonicalOrganisation(
                name_zh=row["name_zh"].strip(),
                name_en=row["name_en"].strip(),
                abbreviation=row["abbreviation"].strip(),
                category=row["category"].strip() or "other",
                country=(row.get("country") or "").strip(),
            )
    return table


def canonical_for(printed: str) -> CanonicalOrganisation | None:
    """The canonical organisation for a printed name, ignoring spaces; None when not listed."""
    key = "".join(printed.split())
    for name, canonical in organisation_aliases().items():
        if "".join(name.split()) == key:
            return canonical
    return None

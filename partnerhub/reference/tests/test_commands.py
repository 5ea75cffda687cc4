"""manage.py reference_load: one line per kind, and a bilingual error for a bad file."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from partnerhub.reference.models import Country, ExchangeRate

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("reference_load", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_one_line_per_kind_and_saves_nothing_on_a_dry_run(iati_data_dir, sdg_data_dir):
    lines = run("--dry-run", "--iati-data", str(iati_data_dir), "--sdg-data", str(sdg_data_dir))
    assert [line.split(":")[0] for line in lines] == [
        "codelists",
        "countries",
        "relationships",
        "SDG goals/targets",
        "exchange rates",
    ]
    assert lines[1].startswith("countries: 253 created, 0 updated, 0 unchanged")
    assert not Country.objects.exists()


def test_it_loads_only_the_kinds_asked_for(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,date,per_usd\nEUR,2024-01-01,0.92\n", encoding="utf-8")
    lines = run("--only", "exchange-rates", "--exchange-rates", str(path))
    assert lines == ["exchange rates: 1 created, 0 updated, 0 unchanged; 1 currencies"]
    assert ExchangeRate.objects.count() == 1


def test_it_rejects_a_bad_file_with_a_message_in_both_languages(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,date,per_usd\nEUR,2024-01-01,-1\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("--only", "exchange-rates", "--exchange-rates", str(path))
    message = str(caught.value)
    assert f"{path}:2：per_usd 必須大於零" in message
    assert f"{path}:2: per_usd must be positive" in message
    assert not ExchangeRate.objects.exists()

"""Provenance: every figure can be traced to a file and lines, and bad ranges are refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from partnerhub.core.models import Provenance, Source, pick_language
from partnerhub.core.services import provenance_create

pytestmark = pytest.mark.django_db


def test_it_cites_a_file_and_a_line_range():
    provenance = provenance_create(
        source=Source.WHITEPAPER_APPENDIX_1,
        file="002_73f349e2c11ffc5f.txt",
        line_start=4679,
        line_end=4684,
    )
    assert provenance.citation() == "002_73f349e2c11ffc5f.txt:4679-4684"
    assert str(provenance) == provenance.citation()


def test_it_cites_a_single_line_once():
    provenance = provenance_create(
        source=Source.NEWS, file="000_bbfc44a22a37c225.txt", line_start=12
    )
    assert provenance.line_end == 12
    assert provenance.citation() == "000_bbfc44a22a37c225.txt:12"


def test_it_cites_the_source_when_there_is_no_file():
    provenance = provenance_create(source=Source.USER)
    with translation.override("en"):
        assert provenance.citation() == "Entered by a user"


def test_it_rejects_a_line_range_that_ends_before_it_starts():
    with pytest.raises(ValidationError) as caught:
        provenance_create(source=Source.NEWS, file="a.txt", line_start=10, line_end=3)
    assert "provenance_line_range_ordered" in str(caught.value)


def test_it_rejects_an_unknown_source():
    with pytest.raises(ValidationError) as caught:
        provenance_create(source="rumour")
    assert "source" in caught.value.message_dict


def test_it_holds_the_line_range_in_the_database_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Provenance.objects.create(source=Source.NEWS, line_start=10, line_end=3)


def test_it_truncates_a_long_locator_to_the_column():
    provenance = provenance_create(source=Source.IATI, locator="/" + "x" * 600)
    assert len(provenance.locator) == 500


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hant", "臺灣"), ("en", "Taiwan"), ("en-us", "Taiwan")]
)
def test_it_picks_the_name_in_the_active_language(language, expected):
    assert pick_language("臺灣", "Taiwan", language) == expected


def test_it_falls_back_to_the_other_language():
    assert pick_language("", "Taiwan", "zh-hant") == "Taiwan"
    assert pick_language("臺灣", "", "en") == "臺灣"
    with translation.override("en"):
        assert pick_language("臺灣", "Taiwan") == "Taiwan"


def test_it_deletes_only_the_provenance_rows_nothing_points_to() -> None:
    from partnerhub.core.services import provenance_delete_unused
    from partnerhub.test import activity, organisation

    used_by_activity = provenance_create(source="news", file="a.txt")
    used_by_organisation = provenance_create(source="news", file="b.txt")
    provenance_create(source="news", file="c.txt")
    activity(provenance=used_by_activity)
    organisation(name_zh="甲", provenance=used_by_organisation)

    deleted = provenance_delete_unused(provenances=Provenance.objects.filter(source="news"))

    assert deleted == 1
    assert set(Provenance.objects.values_list("file", flat=True)) == {"a.txt", "b.txt"}

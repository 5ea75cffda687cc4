"""Activity, organisation, event and country selectors: every filter, facet counts, dated relations."""

from __future__ import annotations

import pytest

from partnerhub.activities.selectors import (
    ACTIVITY_PARAMETERS,
    ActivityFilters,
    activity_detail,
    activity_facets,
    activity_list,
    activity_row,
)
from partnerhub.core.exceptions import InvalidFilter, NotFound
from partnerhub.events.selectors import EventFilters, event_facets, event_list
from partnerhub.organisations.selectors import (
    OrganisationFilters,
    organisation_facets,
    organisation_list,
)
from partnerhub.reference.selectors import country_facets, country_filters, country_list


def keys(world, qs):
    names = {a.pk: name for name, a in world["activities"].items()}
    return {names[a.pk] for a in qs}


def listed(world, **query):
    return keys(world, activity_list(ActivityFilters.from_query(query)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"sz_health", "hn_2022", "hn_2024", "vn_ngo", "iati_other"}),
        ({"country": "hn"}, {"hn_2022", "hn_2024"}),
        ({"country": "XS"}, {"vn_ngo", "iati_other"}),
        ({"region": "298"}, {"sz_health"}),
        ({"sector": "122"}, {"sz_health", "vn_ngo"}),
        ({"sector": "12220"}, {"sz_health"}),
        ({"sdg": "3"}, {"sz_health", "vn_ngo"}),
        ({"sdg": "3.1"}, {"sz_health"}),
        ({"sdg": "17"}, {"hn_2024"}),
        ({"modality": "humanitarian"}, {"hn_2024"}),
        ({"organisation": "taiwanicdf"}, {"sz_health", "hn_2022"}),
        ({"organisation": "mofa"}, {"sz_health"}),
        ({"status": "implementation"}, {"sz_health", "hn_2024", "iati_other"}),
        ({"status": "4"}, {"hn_2022"}),
        ({"source": "whitepaper-appendix-1"}, {"sz_health", "vn_ngo"}),
        ({"publisher": "taiwan"}, {"sz_health", "hn_2022", "hn_2024", "vn_ngo"}),
        ({"publisher": "other"}, {"iati_other"}),
        ({"q": "honduras"}, {"hn_2022", "hn_2024"}),
        ({"q": "醫療團"}, {"sz_health"}),
        ({"country": "HN", "year": "2024"}, {"hn_2024"}),
    ],
)
def test_it_filters_activities_by_each_parameter(world, query, expected):
    assert listed(world, **query) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("2021", {"sz_health", "vn_ngo", "iati_other"}),
        ("2022", {"hn_2022", "vn_ngo", "iati_other"}),
        ("2019", {"vn_ngo"}),
        ("2026", set()),
    ],
)
def test_it_counts_every_activity_whose_dates_overlap_the_year(world, year, expected):
    # sz_health is known only by its year (2021) and spans exactly that year.
    assert listed(world, year=year) == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        # Honduras was an ally until 2023-03-25: the 2022 activity counts, the 2024 one does not.
        ("ally", {"sz_health", "hn_2022"}),
        ("new-southbound", {"vn_ngo"}),
        # Somaliland has been 'friendly' since 2020-07, inside both activities' dates.
        ("friendly", {"vn_ngo", "iati_other"}),
        ("like-minded", set()),
    ],
)
def test_it_filters_by_the_relationship_in_force_during_the_activity(world, status, expected):
    assert listed(world, relationship=status) == expected


def test_it_treats_tai_variants_and_simplified_input_as_the_same(world):
    traditional = listed(world, q="臺灣醫療團")
    assert traditional == {"sz_health"}
    assert listed(world, q="台灣醫療團") == traditional
    assert listed(world, q="台湾医疗团") == traditional
    # The NGO prints 台灣路竹會 in the activity and 臺灣路竹會 as its name; both find it.
    assert listed(world, q="臺灣路竹會") == listed(world, q="台灣路竹會") == {"vn_ngo"}


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("sdg", "18"),
        ("sdg", "0"),
        ("sdg", "three"),
        ("year", "abc"),
        ("year", "20222"),
        ("country", "ZZ"),
        ("modality", "loan"),
        ("organisation", "nobody-at-all"),
        ("sector", "12"),
        ("status", "finished"),
        ("source", "blog"),
        ("publisher", "them"),
        ("relationship", "enemy"),
        ("region", "Africa"),
    ],
)
def test_it_rejects_a_bad_filter_value_naming_the_parameter(world, parameter, value):
    with pytest.raises(InvalidFilter) as caught:
        ActivityFilters.from_query({parameter: value})
    assert caught.value.field == parameter
    assert parameter in caught.value.message_en and parameter in caught.value.message_zh


def test_it_ignores_blank_parameters(world):
    assert ActivityFilters.from_query({"country": "", "year": " "}) == ActivityFilters()


def test_it_defines_every_filter_field_once():
    names = [p.name for p in ACTIVITY_PARAMETERS]
    assert len(names) == len(set(names))
    assert set(names) == set(ActivityFilters.spec.names)
    with pytest.raises(TypeError):
        ActivityFilters(colour="red")


def facet_counts_match_filters(world, query):
    filters = ActivityFilters.from_query(query)
    for facet in activity_facets(filters):
        for value in facet.values:
            toggled = {**query, facet.name: value.value}
            expected = activity_list(ActivityFilters.from_query(toggled)).count()
            assert value.count == expected, (facet.name, value.value)


def test_it_counts_each_facet_value_as_the_filter_would(world):
    facet_counts_match_filters(world, {})


def test_it_counts_facets_within_the_filtered_activities(world):
    facet_counts_match_filters(world, {"publisher": "taiwan"})
    facet_counts_match_filters(world, {"sdg": "3"})


def test_it_labels_facets_in_the_active_language_and_marks_the_selection(world):
    from django.utils import translation

    with translation.override("en"):
        facets = {f.name: f for f in activity_facets(ActivityFilters.from_query({"country": "HN"}))}
    countries = {v.value: v for v in facets["country"].values}
    assert (
        countries["HN"].label == "Honduras"
        and countries["HN"].selected
        and countries["HN"].count == 2
    )
    assert [v.value for v in facets["country"].values if v.selected] == ["HN"]
    sdgs = {v.value: v.label for v in facets["sdg"].values}
    assert sdgs["2"] == "2. Zero hunger"
    with translation.override("zh-hant"):
        facets = {f.name: f for f in activity_facets(ActivityFilters())}
    assert {v.value: v.label for v in facets["country"].values}["SZ"] == "史瓦帝尼"


def test_it_computes_facets_in_as_many_queries_however_many_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerhub.activities.records import CountryRecord, ParticipationRecord, SdgRecord
    from partnerhub.test import activity, country, organisation

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            activity_facets(ActivityFilters.from_query({"publisher": "taiwan"}))
        return len(captured)

    before = queries()
    for n in range(5):
        code = f"Q{n}"
        country(code, f"國{n}", f"Country {n}")
        org = organisation(f"組織{n}", f"Body {n}")
        activity(
            title_en=f"More {n}",
            year=2010 + n,
            countries=[CountryRecord(code)],
            sdgs=[SdgRecord(n + 4)],
            participations=[ParticipationRecord(role="4", organisation_id=org.pk)],
        )
    assert queries() == before


def test_it_lists_a_page_of_activities_in_a_fixed_number_of_queries(
    world, django_assert_num_queries
):
    with django_assert_num_queries(3):  # activities (with joins), countries, SDGs
        rows = [activity_row(a) for a in activity_list(ActivityFilters())[:50]]
    assert len(rows) == 5


def test_it_reads_an_activity_with_every_child_row(world):
    activity = activity_detail(world["activities"]["sz_health"].pk)
    assert [p.organisation.slug for p in activity.participations.all()] == ["mofa", "taiwanicdf"]
    assert activity.provenance.citation() == "002_whitepaper.txt:4679-4684"
    assert activity.results.all()[0].indicators.all()[0].printed == "門診 1,200 人次"


def test_it_reports_an_unknown_activity_as_not_found(world):
    with pytest.raises(NotFound):
        activity_detail(999_999)


def test_it_filters_and_facets_organisations(world):
    assert [
        o.slug for o in organisation_list(OrganisationFilters.from_query({"category": "icdf"}))
    ] == ["taiwanicdf"]
    assert [
        o.slug for o in organisation_list(OrganisationFilters.from_query({"q": "台灣路竹會"}))
    ] == ["tzu-root"]
    assert [
        o.slug for o in organisation_list(OrganisationFilters.from_query({"country": "SZ"}))
    ] == ["eswatini-ministry-of-health"]
    facets = {
        f.name: {v.value: v.count for v in f.values}
        for f in organisation_facets(OrganisationFilters())
    }
    assert facets["category"]["ministry"] == 1 and facets["country"] == {"SZ": 1}


def test_it_filters_and_facets_events(world):
    assert [e.slug for e in event_list(EventFilters.from_query({"country": "SZ"}))] == [
        "gctf-2023-health"
    ]
    assert [e.slug for e in event_list(EventFilters.from_query({"year": "2024"}))] == [
        "ngo-forum-2024"
    ]
    assert [e.slug for e in event_list(EventFilters.from_query({"kind": "forum"}))] == [
        "ngo-forum-2024"
    ]
    facets = {f.name: {v.value: v.count for v in f.values} for f in event_facets(EventFilters())}
    assert facets["kind"] == {"forum": 1, "gctf-workshop": 1}
    assert facets["year"] == {"2023": 1, "2024": 1}
    # The host country (VN) counts once even though it is also linked.
    assert facets["country"] == {"VN": 1, "SZ": 1}


def test_it_filters_countries_by_the_relationship_in_force_today(world):
    import datetime as dt

    allies = country_list(country_filters({"relationship": "ally"}), today=dt.date(2022, 1, 1))
    assert [c.code for c in allies] == ["HN", "SZ"]
    allies = country_list(country_filters({"relationship": "ally"}), today=dt.date(2024, 1, 1))
    assert [c.code for c in allies] == ["SZ"]
    facets = {
        f.name: {v.value: v.count for v in f.values}
        for f in country_facets(country_filters({}), today=dt.date(2024, 1, 1))
    }
    assert facets["relationship"] == {"ally": 1, "new-southbound": 1, "friendly": 1}


def test_it_finds_countries_by_any_variant_of_their_names(world):
    from partnerhub.test import country

    country("TW", "臺灣", "Taiwan")
    for query in ("臺灣", "台灣", "台湾", "taiwan", "tw"):
        assert [c.code for c in country_list(country_filters({"q": query}))] == ["TW"], query
    assert [c.code for c in country_list(country_filters({"q": "somaliland"}))] == ["XS"]


def test_it_reuses_facets_until_the_activities_change(world, django_assert_num_queries):
    from partnerhub.activities.records import CountryRecord
    from partnerhub.test import activity

    filters = ActivityFilters.from_query({"country": "HN"})
    first = activity_facets(filters)
    with django_assert_num_queries(1):  # only the stamp of the table
        assert activity_facets(filters) == first
    activity(title_en="Another Honduras project", year=2020, countries=[CountryRecord("HN")])
    counts = {
        v.value: v.count for f in activity_facets(filters) if f.name == "country" for v in f.values
    }
    assert counts["HN"] == 3


def test_it_filters_events_by_source(world):
    from partnerhub.test import event

    event(slug="gctf-from-appendix", kind="gctf-workshop", source="whitepaper-appendix-3")
    found = event_list(EventFilters.from_query({"source": "whitepaper-appendix-3"}))
    assert [e.slug for e in found] == ["gctf-from-appendix"]


def test_it_offers_no_relationship_value_for_countries_without_one(world):
    from partnerhub.activities.records import ActivityRecord, CountryRecord
    from partnerhub.activities.services import activity_create
    from partnerhub.reference.models import Country, RelationshipStatus

    Country.objects.create(code="AQ", name_zh="南極洲", name_en="Antarctica")
    activity_create(
        record=ActivityRecord(
            iati_identifier="TW-TEST-AQ", source="user", year=2020, countries=[CountryRecord("AQ")]
        )
    )
    facets = {f.name: f for f in activity_facets(ActivityFilters())}
    values = {v.value for v in facets["relationship"].values}
    assert values <= set(RelationshipStatus.values)

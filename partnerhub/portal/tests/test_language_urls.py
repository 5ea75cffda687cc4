"""The interface language is in the URL: /zh-hant/… and /en/…, bare paths redirect to one."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from partnerhub.test import administrator

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def in_language(language: str, name: str, *args: Any) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def test_it_redirects_a_bare_path_to_traditional_chinese_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/zh-hant/"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    french = client.get("/events/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert french["Location"] == "/zh-hant/events/"


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("en-US,en;q=0.9", "en"),
        ("en", "en"),
        ("zh-TW,zh;q=0.9,en;q=0.8", "zh-hant"),
        ("zh-Hant", "zh-hant"),
        ("zh", "zh-hant"),
        ("fr-CA,en-GB;q=0.7", "en"),
    ],
)
def test_it_redirects_a_bare_path_by_the_browsers_accept_language(
    client: Client, accept: str, language: str
) -> None:
    response = client.get("/events/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/events/"


def test_it_prefers_the_language_cookie_to_the_browsers_language(client: Client) -> None:
    client.cookies[COOKIE] = "en"
    assert client.get("/events/", HTTP_ACCEPT_LANGUAGE="zh-TW")["Location"] == "/en/events/"
    client.cookies[COOKIE] = "zh-hant"
    assert client.get("/events/", HTTP_ACCEPT_LANGUAGE="en-US")["Location"] == "/zh-hant/events/"


def test_it_keeps_the_query_string_when_it_redirects_a_bare_path(client: Client) -> None:
    response = client.get("/activities/?country=GT&sdg=2&page=3", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/activities/?country=GT&sdg=2&page=3"
    # A path without its slash, and a JSON twin, find their page too.
    assert client.get("/activities?page=2")["Location"] == "/zh-hant/activities/?page=2"
    assert client.get("/activities.json?q=x")["Location"] == "/zh-hant/activities.json?q=x"


def test_it_sends_a_form_posted_to_a_bare_path_on_with_its_method(client: Client) -> None:
    response = client.post("/accounts/login/", {"login": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 307 and response["Location"] == "/en/accounts/login/"


def test_it_keeps_a_path_that_is_not_ascii_encoded_in_the_redirect(client: Client) -> None:
    response = client.get("/countries/%E8%87%BA/?q=%E8%87%BA")
    assert response["Location"] == "/zh-hant/countries/%E8%87%BA/?q=%E8%87%BA"


def test_it_answers_404_for_a_bare_path_that_is_no_page_in_any_language(client: Client) -> None:
    assert client.get("/no-such-page/").status_code == 404


def test_it_serves_the_json_and_csv_twins_under_the_language_prefix(
    client: Client, world: dict[str, Any]
) -> None:
    english = client.get(in_language("en", "portal:activities-export", "json"))
    chinese = client.get(in_language("zh-hant", "portal:activities-export", "json"))
    assert english.status_code == chinese.status_code == 200
    assert english.json()["count"] == chinese.json()["count"] > 0
    assert english["Content-Language"] == "en" and chinese["Content-Language"] == "zh-hant"
    csv = client.get(in_language("en", "portal:activities-export", "csv"))
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_it_redirects_a_lang_parameter_to_the_page_in_that_language(
    client: Client, world: dict[str, Any], language: str
) -> None:
    other = "en" if language == "zh-hant" else "zh-hant"
    page = in_language(language, "portal:activities")
    response = client.get(f"{page}?country=HN&lang={other}&page=1")
    assert response.status_code == 302
    assert response["Location"] == f"/{other}/activities/?country=HN&page=1"
    assert response.cookies[COOKIE].value == other
    assert client.get("/events/")["Location"] == f"/{other}/events/"  # the choice is kept


def test_it_accepts_the_lang_parameter_on_a_bare_path_and_in_its_usual_spellings(
    client: Client,
) -> None:
    response = client.get("/countries/?lang=EN&region=89", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response["Location"] == "/en/countries/?region=89"
    assert client.get("/en/countries/?lang=zh-TW")["Location"] == "/zh-hant/countries/"
    assert client.get("/en/countries/?lang=zh-Hant")["Location"] == "/zh-hant/countries/"


def test_it_drops_an_unknown_lang_value_and_keeps_the_page_and_the_cookie(client: Client) -> None:
    response = client.get("/en/countries/?lang=fr&region=89")
    assert response.status_code == 302 and response["Location"] == "/en/countries/?region=89"
    assert COOKIE not in response.cookies


def test_it_names_both_language_versions_with_absolute_hreflang_links(
    client: Client, world: dict[str, Any]
) -> None:
    organisation = in_language("en", "portal:organisation", "taiwanicdf")
    html = client.get(f"{organisation}?x=1").content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert links == {
        "zh-Hant": "http://testserver/zh-hant/organisations/taiwanicdf/?x=1",
        "en": "http://testserver/en/organisations/taiwanicdf/?x=1",
        "x-default": "http://testserver/organisations/taiwanicdf/?x=1",
    }
    assert '<html lang="en">' in html


def test_it_switches_language_keeping_the_filters_and_the_page_number(
    client: Client, world: dict[str, Any]
) -> None:
    page = in_language("zh-hant", "portal:activities")
    html = client.get(f"{page}?country=HN&sdg=2&page=1").content.decode()
    assert '<html lang="zh-Hant">' in html
    switch = re.search(r'<a href="([^"]+)" hreflang="en" lang="en">English</a>', html)
    assert switch is not None
    link = switch.group(1).replace("&amp;", "&")
    assert link == "/en/activities/?country=HN&sdg=2&page=1&lang=en"
    response = client.get(link)
    assert response["Location"] == "/en/activities/?country=HN&sdg=2&page=1"
    assert response.cookies[COOKIE].value == "en"
    english = client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in english
    assert 'href="/en/activities/?country=HN&amp;sdg=2&amp;page=1" hreflang="en"' in english


def test_it_keeps_the_api_the_admin_and_machine_addresses_unprefixed(client: Client) -> None:
    assert reverse("api:index") == "/api/v1/"
    assert client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert client.get("/en/api/v1/").status_code == 404
    # The API reads ?lang= itself instead of redirecting.
    assert client.get("/api/v1/activities/?lang=en").status_code == 200
    assert in_language("en", "admin:index") == "/admin/"
    assert client.get("/en/admin/").status_code == 404
    for path in ("/robots.txt", "/sitemap.xml"):
        assert client.get(path).status_code == 200, path
    assert client.get("/favicon.ico").status_code == 301
    assert in_language("en", "iati-export") == "/iati/export.xml"
    assert client.get("/iati/export.xml").status_code == 200


def test_it_lists_both_languages_in_the_sitemap_with_alternates(
    client: Client, world: dict[str, Any]
) -> None:
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    sitemap = response.content.decode()
    root = ElementTree.fromstring(sitemap)  # well-formed
    assert len(root) == sitemap.count("<url>") > 10
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    pk = world["activities"]["sz_health"].pk
    for language in ("zh-hant", "en"):
        assert f"<loc>http://testserver/{language}/activities/{pk}/</loc>" in sitemap
    entry = re.search(rf"<url><loc>http://testserver/en/activities/{pk}/</loc>.*?</url>", sitemap)
    assert entry is not None
    assert f'hreflang="zh-Hant" href="http://testserver/zh-hant/activities/{pk}/"' in entry.group(0)
    assert f'hreflang="x-default" href="http://testserver/activities/{pk}/"' in entry.group(0)
    assert sitemap.count("<url>") == sitemap.count('hreflang="x-default"')
    assert sitemap.count("<loc>http://testserver/en/") == sitemap.count(
        "<loc>http://testserver/zh-hant/"
    )


def test_it_signs_in_on_the_sign_in_page_of_the_pages_language(client: Client) -> None:
    page = in_language("en", "accounts:organisations")
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={page}"
    assert client.get(response["Location"]).status_code == 200


def test_it_sends_the_admins_sign_in_to_the_sites_in_the_visitors_language(
    client: Client,
) -> None:
    client.cookies[COOKIE] = "en"
    first = client.get("/admin/")
    assert first["Location"].startswith("/admin/login/")
    second = client.get(first["Location"])
    assert second.status_code == 302
    assert second["Location"].startswith("/en/accounts/login/?next=/admin/")
    client.cookies[COOKIE] = "zh-hant"
    third = client.get("/admin/login/?next=/admin/")
    assert third["Location"].startswith("/zh-hant/accounts/login/")


def test_it_lets_a_staff_member_without_a_second_factor_sign_out_in_either_language(
    client: Client,
) -> None:
    from allauth.mfa.models import Authenticator

    staff = administrator()
    Authenticator.objects.filter(user=staff).delete()  # made by an operator: no authenticator yet
    client.force_login(staff)
    for language in ("zh-hant", "en"):
        blocked = client.get(in_language(language, "portal:home"))
        assert blocked.status_code == 302
        assert blocked["Location"] == in_language(language, "mfa_activate_totp")
        assert client.get(in_language(language, "mfa_index")).status_code == 200
        signed_out = client.post(in_language(language, "account_logout"))
        assert signed_out.status_code == 302 and "/2fa/" not in signed_out["Location"]
        client.force_login(staff)


def test_it_leaves_the_language_of_the_test_alone_after_a_request(client: Client) -> None:
    client.get("/en/")
    assert reverse("portal:home") == "/zh-hant/"
    with translation.override("en"):
        client.get("/zh-hant/")
        assert reverse("portal:home") == "/en/"

"""Addresses from a file become links only with http, https or ftp (stored XSS, issue item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from partnerhub.activities.models import Activity, DocumentLink
from partnerhub.core.links import is_safe_url
from partnerhub.iati.exporter import activities_export
from partnerhub.iati.importer import dataset_import
from partnerhub.iati.models import ImportProblem
from partnerhub.iati.tests.helpers import activities_file, activity_xml, schema_errors

pytestmark = pytest.mark.django_db

PAYLOAD = "javascript:alert(document.cookie)"

_LINKS = f"""
  <contact-info type="1"><organisation><narrative>Desk</narrative></organisation>
   <website>{PAYLOAD}</website></contact-info>
  <document-link url="{PAYLOAD}" format="text/html"><title><narrative>Click me</narrative></title>
   <category code="A01"/></document-link>
  <document-link url="https://example.org/report.pdf" format="application/pdf">
   <title><narrative>Annual report</narrative></title><category code="A01"/></document-link>
  <document-link url="JaVaScRiPt:alert(2)" format="text/html"><title><narrative>Two</narrative></title>
   <category code="A01"/></document-link>
  <result type="1"><title><narrative>Wells</narrative></title>
   <document-link url="data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;" format="text/html">
    <title><narrative>Three</narrative></title><category code="A01"/></document-link>
   <indicator measure="1"><title><narrative>People</narrative></title></indicator></result>
"""


def test_it_accepts_only_http_https_and_ftp_addresses() -> None:
    assert is_safe_url("https://example.org/a?b#c")
    assert is_safe_url("ftp://files.example.org/x.csv")
    assert is_safe_url("HTTP://EXAMPLE.ORG")
    for bad in (PAYLOAD, " javascript:x", "java\tscript:x", "data:text/html,x", "vbscript:x",
                "//evil.example", "www.example.org", "http://", "", "file:///etc/passwd"):  # fmt: skip
        assert not is_safe_url(bad), bad


def test_it_keeps_unsafe_addresses_as_text_with_a_problem_and_never_as_a_link(
    tmp_path: Path,
) -> None:
    path = activities_file(tmp_path / "xss.xml", activity_xml("XM-XSS-1", extra=_LINKS))
    result = dataset_import(path=path)
    assert result.status == "imported"
    activity = Activity.objects.get(iati_identifier="XM-XSS-1")
    assert list(DocumentLink.objects.values_list("url", flat=True)) == [
        "https://example.org/report.pdf"
    ]
    problems = ImportProblem.objects.filter(code="unsafe-url")
    assert problems.count() == 4
    assert {p.xpath.rsplit("/", 1)[-1] for p in problems} == {"document-link", "website"}
    assert all("http, https or ftp" in p.message_en and "網址" in p.message_zh for p in problems)
    assert PAYLOAD in activity.extra["unsafe_urls"]
    assert "javascript" not in str(activity.extra.get("xml", {})).lower()

    page = Client().get(reverse("portal:activity", args=[activity.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'href="https://example.org/report.pdf"' in html
    assert "javascript:" not in html.split("<code>")[0].lower()  # only as text, inside <code>
    assert 'href="javascript' not in html.lower() and 'href="data:' not in html.lower()
    assert f"<code>{PAYLOAD}</code>" in html


def test_it_activity_website_of_1_0x_files_becomes_a_checked_document_link(
    tmp_path: Path,
) -> None:
    body = """<iati-activity default-currency="USD"><iati-identifier>XM-OLD-1</iati-identifier>
      <reporting-org ref="XM-OLD">Old publisher</reporting-org><title>Old</title>
      <activity-website>http://example.org/project</activity-website>
      <activity-website>javascript:alert(1)</activity-website></iati-activity>"""
    dataset_import(path=activities_file(tmp_path / "old.xml", body, version="1.03"))
    activity = Activity.objects.get(iati_identifier="XM-OLD-1")
    assert list(activity.documents.values_list("url", "category")) == [
        ("http://example.org/project", "A12")
    ]
    assert ImportProblem.objects.filter(code="unsafe-url").count() == 1


def test_it_never_writes_an_unsafe_address_to_an_export_or_a_page(tmp_path: Path) -> None:
    # Rows stored before addresses were checked (or written by other means) are still refused.
    path = activities_file(tmp_path / "ok.xml", activity_xml("XM-OK-1"))
    dataset_import(path=path)
    activity = Activity.objects.get(iati_identifier="XM-OK-1")
    DocumentLink.objects.create(activity=activity, url=PAYLOAD, title="Old row")
    kept = f"<contact-info><website>{PAYLOAD}</website></contact-info>"
    Activity.objects.filter(pk=activity.pk).update(extra={"xml": {"contact-info": [kept]}})
    out = tmp_path / "export.xml"
    activities_export(Activity.objects.all(), str(out))
    text = out.read_text(encoding="utf-8")
    assert "javascript" not in text.lower() and schema_errors(out) == []
    assert etree.parse(str(out)).find(".//iati-activity") is not None
    html = Client().get(reverse("portal:activity", args=[activity.pk])).content.decode()
    assert "Old row" in html and 'href="javascript' not in html.lower()

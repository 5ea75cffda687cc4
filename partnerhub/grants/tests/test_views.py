"""The grant pages: public calls, the applicant's form, refusals explained, private existence."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from partnerhub.grants import appraisal, files, services
from partnerhub.grants.models import Application
from partnerhub.grants.tests.conftest import PDF, complete_draft, staff

pytestmark = pytest.mark.django_db


def _form(app, **changes):
    data = services.selectors.application_draft(app)
    from partnerhub.grants.forms import ApplicationForm

    initial = ApplicationForm.initial_from(data, app.version)
    initial.update(changes)
    return {k: ("" if v is None else v) for k, v in initial.items()}


def _draft(world):
    return services.application_create(
        call=world["call"], organisation=world["ngo"], actor=world["applicant"]
    )


def _submitted(world):
    """An application filled in, with its proposal attached, and submitted."""
    app = _draft(world)
    services.application_save(
        application=app, draft=complete_draft(), version=1, actor=world["applicant"]
    )
    files.attachment_add(
        application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF),
        actor=world["applicant"],
    )  # fmt: skip
    return services.application_transition(application=app, name="submit", actor=world["applicant"])


def test_it_lists_open_calls_and_shows_a_call_in_both_languages(client, world):
    page = client.get(reverse("grants:calls"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert "2026 年度 NGO 國際合作計畫補助" in page.content.decode()
    translation.activate("en")  # the addresses below are of pages in this language
    page = client.get(reverse("grants:call", args=["ngo-2026"]))
    body = page.content.decode()
    assert "NGO international cooperation grants 2026" in body
    assert "Technical capacity and staffing" in body
    assert client.get(reverse("grants:call", args=["nope"])).status_code == 404


def test_it_starts_an_application_and_saves_the_draft(client, world):
    client.force_login(world["applicant"])
    response = client.post(reverse("grants:apply", args=["ngo-2026"]))
    app = Application.objects.get()
    assert response.url == reverse("grants:edit", args=[app.pk])
    data = _form(app, title_zh="偏鄉義診", countries="SZ 100", budget="Medicines | 1000 | TWD")
    response = client.post(reverse("grants:edit", args=[app.pk]), data)
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.title_zh == "偏鄉義診"
    assert app.version == 2
    assert app.budget.get().amount == 1000


def test_it_names_the_field_and_line_of_bad_input_and_keeps_what_was_typed(client, world):
    app = _draft(world)
    client.force_login(world["applicant"])
    translation.activate("en")  # the addresses below are of pages in this language
    data = _form(
        app,
        title_en="Typed title",
        budget="Medicines | 1000 | TWD\nTravel | lots | TWD",
        planned_start="2026-07-01",
        planned_end="2026-01-01",
    )
    page = client.post(reverse("grants:edit", args=[app.pk]), data)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Line 2: lots is not an amount." in body
    assert "The end date is before the start date." in body
    assert 'value="Typed title"' in body
    assert Application.objects.get(pk=app.pk).version == 1


def test_it_shows_an_edit_conflict_with_what_changed(client, world):
    app = _draft(world)
    services.application_save(
        application=app, draft=complete_draft(), version=1, actor=world["colleague"]
    )
    client.force_login(world["applicant"])
    translation.activate("en")  # the addresses below are of pages in this language
    stale = _form(app, version=1, title_en="Mine")
    page = client.post(reverse("grants:edit", args=[app.pk]), stale)
    body = page.content.decode()
    assert "Someone else saved this application meanwhile" in body
    assert "title_en" in body
    assert reverse("grants:revisions", args=[app.pk]) + "?from=1&amp;to=2" in body
    assert 'value="Mine"' in body


def test_it_explains_why_submission_is_refused(client, world):
    app = _draft(world)
    client.force_login(world["applicant"])
    translation.activate("en")  # the addresses below are of pages in this language
    page = client.get(reverse("grants:application", args=[app.pk]))
    assert "The application is incomplete" in page.content.decode()
    response = client.post(reverse("grants:transition", args=[app.pk, "submit"]), follow=True)
    assert "The application is incomplete" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == "draft"


def test_it_answers_404_to_someone_outside_the_organisation(client, world):
    app = _draft(world)
    attachment = files.attachment_add(
        application=app, kind="proposal", upload=SimpleUploadedFile("p.pdf", PDF),
        actor=world["applicant"],
    )  # fmt: skip
    client.force_login(world["stranger"])
    assert client.get(reverse("grants:application", args=[app.pk])).status_code == 404
    assert client.get(reverse("grants:edit", args=[app.pk])).status_code == 404
    assert client.get(reverse("grants:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(world["applicant"])
    download = client.get(reverse("grants:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_it_refuses_a_disguised_file_on_upload(client, world):
    app = _draft(world)
    client.force_login(world["applicant"])
    translation.activate("en")  # the addresses below are of pages in this language
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(
        reverse("grants:upload", args=[app.pk]), {"kind": "proposal", "file": fake}, follow=True
    )
    assert "is not a PDF, DOCX or XLSX file" in response.content.decode()
    assert not app.attachments.exists()


def test_it_hides_the_application_from_a_reviewer_until_they_declare(client, world):
    app = _submitted(world)
    app = services.application_transition(application=app, name="screen", actor=world["officer"])
    review = appraisal.review_assign(
        application=app, reviewer=world["reviewer"], actor=world["officer"]
    )
    client.force_login(world["reviewer"])
    response = client.get(reverse("grants:application", args=[app.pk]))
    assert response.status_code == 302
    assert response.url == reverse("grants:review", args=[review.pk])
    client.post(reverse("grants:review", args=[review.pk]), {"conflict": "no", "note": ""})
    page = client.get(reverse("grants:application", args=[app.pk]))
    assert page.status_code == 200
    assert "Mobile clinics in rural Eswatini" in page.content.decode() or "在史瓦帝尼" in (
        page.content.decode()
    )


def test_it_shows_the_applicant_a_public_label_and_staff_a_staff_label(client, world):
    app = _submitted(world)
    translation.activate("en")  # the addresses below are of pages in this language
    client.force_login(world["applicant"])
    assert ">Received<" in client.get(reverse("grants:application", args=[app.pk])).content.decode()
    client.force_login(world["officer"])
    page = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert ">Needs screening<" in page
    assert client.get(reverse("grants:dashboard")).status_code == 200


def test_it_names_the_line_of_bad_input_in_traditional_chinese(client, world):
    app = _draft(world)
    client.force_login(world["applicant"])
    translation.activate("zh-hant")  # the addresses below are of pages in this language
    data = _form(app, countries="SZ 60\nXX 40", sdgs="3, 18")
    body = client.post(reverse("grants:edit", args=[app.pk]), data).content.decode()
    assert "第 2 行：未知的代碼 XX。" in body
    assert "18 不是永續發展目標或細項目標。" in body


def test_it_lets_a_grants_administrator_publish_a_call_and_explains_bad_input(client, world):
    admin = staff("call-admin", "grants.manage_call")
    client.force_login(admin)
    translation.activate("en")  # the addresses below are of pages in this language
    data = {
        "slug": "ngo-2027", "title_zh": "2027 年度補助", "title_en": "Grants 2027",
        "opens_at": "2027-01-01T09:00", "closes_at": "2026-12-01T17:00",
        "budget_ceiling": "1500000", "currency": "TWD", "required_attachments": ["proposal"],
        "weight-finance": "2",
    }  # fmt: skip
    page = client.post(reverse("grants:call_new"), data)
    assert "The call must close after it opens." in page.content.decode()
    data["closes_at"] = "2027-03-01T17:00"
    response = client.post(reverse("grants:call_new"), data)
    assert response.url == reverse("grants:call", args=["ngo-2027"])
    from partnerhub.grants.models import Call

    call = Call.objects.get(slug="ngo-2027")
    assert [c.criterion for c in call.criteria.all()] == ["finance"]
    # 09:00 in Taipei is 01:00 UTC.
    assert call.opens_at.hour == 1
    client.force_login(world["applicant"])
    assert client.get(reverse("grants:call_new")).status_code == 404


def test_it_links_each_work_item_count_on_the_dashboard_to_the_applications_holding_them(
    client, world
):
    app = _submitted(world)
    app = services.application_transition(application=app, name="screen", actor=world["officer"])
    appraisal.review_assign(application=app, reviewer=world["reviewer"], actor=world["officer"])
    app = services.application_transition(
        application=app, name="send-to-appraisal", actor=world["officer"]
    )
    idle = _draft(world)
    client.force_login(world["officer"])
    board = client.get(reverse("grants:dashboard")).content.decode()
    link = reverse("grants:applications") + "?waiting=reviews"
    assert f'<a href="{link}">1</a>' in board
    listed = client.get(link).content.decode()
    assert app.reference in listed and idle.reference not in listed
    nothing = client.get(reverse("grants:applications") + "?waiting=disbursements-to-pay")
    assert app.reference not in nothing.content.decode()

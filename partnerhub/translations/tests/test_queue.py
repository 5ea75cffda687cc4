"""The translation queue: records without a person's English, most seen first; the side-by-side
editor writes through the service, marks the English translated and audits it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partnerhub.activities.models import Activity
from partnerhub.core.models import AuditEntry
from partnerhub.test import activity, grant, make_user, outsider
from partnerhub.translations.models import Translation
from partnerhub.translations.selectors import translation_queue
from partnerhub.translations.services import record_seen, translation_save, translations_apply

pytestmark = pytest.mark.django_db


def translator():
    return grant(make_user("translator"), "translations.translate")


def test_it_lists_records_without_human_english_the_most_seen_first() -> None:
    quiet = activity(title_zh="甲計畫", iati_identifier="TW-Q-1", year=2020)
    busy = activity(title_zh="乙計畫", iati_identifier="TW-Q-2", year=2020)
    activity(title_zh="丙計畫", title_en="Project C", iati_identifier="TW-Q-3")
    for _ in range(3):
        record_seen(kind="activity", key=busy.iati_identifier)
    record_seen(kind="activity", key=quiet.iati_identifier)
    rows = translation_queue()
    assert [(r.key, r.views, r.status) for r in rows] == [
        ("TW-Q-2", 3, "composed"),
        ("TW-Q-1", 1, "composed"),
    ]


def test_it_saves_a_translation_marks_it_and_audits_who_made_it() -> None:
    user = translator()
    subject = activity(title_zh="甲計畫", iati_identifier="TW-Q-1", year=2020)
    translation_save(
        kind="activity",
        key="TW-Q-1",
        texts={"title_en": "Project A", "description_en": ""},
        user=user,
    )
    subject.refresh_from_db()
    assert (subject.title_en, subject.title_en_status) == ("Project A", "translated")
    row = Translation.objects.get()
    assert (row.translated_by, row.source_text, row.field) == (user, "甲計畫", "title_en")
    assert AuditEntry.objects.filter(model="translations.Translation", actor=user).exists()
    assert translation_queue() == []


def test_it_keeps_a_translation_when_an_importer_rewrites_the_record() -> None:
    user = translator()
    activity(title_zh="甲計畫", iati_identifier="TW-Q-1", year=2020)
    translation_save(kind="activity", key="TW-Q-1", texts={"title_en": "Project A"}, user=user)
    Activity.objects.all().delete()
    activity(title_zh="甲計畫", iati_identifier="TW-Q-1", year=2020)  # composed again
    assert translations_apply() == 1
    assert Activity.objects.get().title_en == "Project A"


def test_it_rejects_an_empty_translation_and_changes_nothing() -> None:
    from partnerhub.core.exceptions import InvalidInput

    subject = activity(title_zh="甲計畫", iati_identifier="TW-Q-1", year=2020)
    with pytest.raises(InvalidInput):
        translation_save(kind="activity", key="TW-Q-1", texts={"title_en": "  "}, user=translator())
    subject.refresh_from_db()
    assert subject.title_en_status == "composed" and not Translation.objects.exists()


def test_it_serves_the_editor_side_by_side_to_translators_only(client: Client) -> None:
    activity(title_zh="甲計畫", description_zh="說明文字", iati_identifier="TW-Q-1", year=2020)
    url = reverse("translations:edit", args=["activity", "TW-Q-1"])
    client.force_login(outsider())
    assert client.get(url).status_code in (302, 403)
    client.force_login(translator())
    html = client.get(url).content.decode()
    assert '<section lang="zh-Hant">' in html and "說明文字" in html and 'name="title_en"' in html
    response = client.post(url, {"title_en": "Project A", "description_en": "About A"})
    assert response.status_code == 302 and response["Location"] == reverse("translations:queue")
    page = client.get(reverse("portal:activity", args=[Activity.objects.get().pk])).content.decode()
    assert "translator" in page  # the "translated by" note on the public page

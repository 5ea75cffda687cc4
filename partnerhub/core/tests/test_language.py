"""The portal speaks Traditional Chinese first, whatever the browser's own language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_serves_traditional_chinese_to_an_english_browser() -> None:
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hant"


def test_it_serves_english_once_the_visitor_switches() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response.headers["Content-Language"] == "en"


def test_it_groups_thousands_with_commas_in_traditional_chinese() -> None:
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    with translation.override("zh-hant"):
        assert intcomma(1894467140) == "1,894,467,140"

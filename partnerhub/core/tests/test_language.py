"""Number formats of the two languages (which language a page is in: portal/tests/test_language_urls)."""

from __future__ import annotations


def test_it_groups_thousands_with_commas_in_traditional_chinese() -> None:
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    with translation.override("zh-hant"):
        assert intcomma(1894467140) == "1,894,467,140"

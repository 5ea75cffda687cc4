"""Personas and a call for the grant tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from partnerhub.test import compile_catalogues, country, grant, make_user, organisation


@pytest.fixture(scope="session", autouse=True)
def catalogues() -> None:
    compile_catalogues()


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Ten personas a test: a slow password hash on each would cost seconds for nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def member(org: Any, username: str) -> Any:
    """An approved member of ``org``, as the accounts app records one."""
    from partnerhub.accounts.models import Membership
    from partnerhub.accounts.services import membership_groups_sync

    user = make_user(username, email=f"{username}@ngo.example.org")
    Membership.objects.create(user=user, organisation=org, role="member", status="approved")
    membership_groups_sync(user=user)
    return user


def staff(username: str, *permissions: str) -> Any:
    return grant(make_user(username, email=f"{username}@mofa.example.gov"), *permissions)


OFFICER = (
    "grants.view_all_applications",
    "grants.screen_application",
    "grants.manage_grant",
)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    from partnerhub.grants.services import call_create

    country("SZ", "史瓦帝尼", "Eswatini")
    country("VN", "越南", "Viet Nam")
    ngo = organisation("臺灣路竹會", "Taiwan Root Medical Peace Corps", slug="root")
    other = organisation("另一個協會", "Another Association", slug="another")
    organisation(
        "中華民國外交部", "Ministry of Foreign Affairs", iati_identifier="TW-GOV-MOFA", slug="mofa"
    )
    now = timezone.now()
    call = call_create(
        slug="ngo-2026",
        title_zh="2026 年度 NGO 國際合作計畫補助",
        title_en="NGO international cooperation grants 2026",
        rules_zh="每案上限新臺幣二百萬元。",
        rules_en="Up to TWD 2 million per project.",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=20),
        budget_ceiling=Decimal("2000000"),
        required_attachments=["proposal"],
        criteria={"technical-capacity": Decimal(2), "finance": Decimal(1)},
    )
    return {
        "call": call,
        "ngo": ngo,
        "other": other,
        "applicant": member(ngo, "applicant"),
        "colleague": member(ngo, "colleague"),
        "stranger": member(other, "stranger"),
        "officer": staff("officer", *OFFICER),
        "reviewer": staff("reviewer", "grants.review_application"),
        "reviewer2": staff("reviewer2", "grants.review_application"),
        "approver": staff(
            "approver", "grants.view_all_applications", "grants.determine_application"
        ),
        "finance": staff("finance", "grants.view_all_applications", "grants.approve_payment"),
    }


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def complete_draft() -> Any:
    from partnerhub.grants.records import ApplicationDraft, BudgetLineRecord, IndicatorRecord, Share

    return ApplicationDraft(
        title_zh="史瓦帝尼偏鄉義診",
        title_en="Rural clinics in Eswatini",
        summary_zh="在史瓦帝尼偏鄉提供義診。",
        summary_en="Mobile clinics in rural Eswatini.",
        local_counterpart="Eswatini Ministry of Health",
        modality="technical-cooperation",
        countries=[Share("SZ", Decimal(100))],
        sectors=[Share("12220", Decimal(100))],
        sdgs=["3", "3.8"],
        planned_start=dt.date(2026, 7, 1),
        planned_end=dt.date(2027, 6, 30),
        currency="TWD",
        contact_language="en",
        budget=[
            BudgetLineRecord("Medicines", Decimal("800000"), "TWD"),
            BudgetLineRecord("Travel", Decimal("400000"), "TWD"),
        ],
        indicators=[
            IndicatorRecord(
                "output", "Clinics held", "Patients seen", "people", Decimal(0), Decimal(3000),
                "Clinic registers",
            )
        ],
    )  # fmt: skip

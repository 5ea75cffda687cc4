"""Personas and helpers shared by the test suite."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User


def make_user(username: str, *, groups: tuple[str, ...] = (), **extra: Any) -> User:
    user = User.objects.create_user(
        username=username, password="correct horse battery staple", **extra
    )
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    return user


def outsider() -> User:
    """Someone with an account and no role at all."""
    return make_user("outsider")


def administrator() -> User:
    return make_user("admin", is_staff=True, is_superuser=True)


def grant(user: User, *permissions: str) -> User:
    """Give ``user`` the named permissions (``"core.view_auditentry"``) and return a fresh copy.

    Django caches permissions on the user object, so the caller gets the user re-read from the
    database rather than a stale instance.
    """
    from django.contrib.auth.models import Permission

    for name in permissions:
        app_label, codename = name.split(".", 1)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)


def auditor() -> User:
    """A staff member who may read the audit trail and provenance in the admin, and nothing else."""
    return grant(
        make_user("auditor", is_staff=True), "core.view_auditentry", "core.view_provenance"
    )


# ---- Factories for the registry: rows are written through the services, as importers do. ----

_serial = iter(range(1, 10**9))


def country(
    code: str,
    name_zh: str = "",
    name_en: str = "",
    *,
    region_code: str = "",
    is_iso: bool = True,
    relationships: tuple[tuple[str, Any, Any], ...] = (),
) -> Any:
    """A country with its dated relationships to Taiwan, ``(status, start, end)`` each."""
    from partnerhub.reference.models import Country, CountryRelationship

    row, _ = Country.objects.get_or_create(
        code=code,
        defaults={
            "name_zh": name_zh,
            "name_en": name_en or code,
            "region_code": region_code,
            "is_iso": is_iso,
        },
    )
    for status, start, end in relationships:
        CountryRelationship.objects.create(country=row, status=status, start=start, end=end)
    return row


def sdg_goals() -> None:
    """The 17 goals with short titles in both languages."""
    from partnerhub.reference.models import SdgGoal

    titles = {
        1: ("消除貧窮", "No poverty"),
        2: ("消除飢餓", "Zero hunger"),
        3: ("健康與福祉", "Good health and well-being"),
        4: ("優質教育", "Quality education"),
        17: ("全球夥伴關係", "Partnerships for the goals"),
    }
    SdgGoal.objects.bulk_create(
        SdgGoal(
            number=n,
            title_zh=titles.get(n, (f"目標{n}", ""))[0],
            title_en=titles.get(n, ("", f"Goal {n}"))[1],
        )
        for n in range(1, 18)
    )


def organisation(name_zh: str = "", name_en: str = "", **fields: Any) -> Any:
    from partnerhub.organisations.services import organisation_create

    return organisation_create(
        name_zh=name_zh, name_en=name_en or f"Organisation {next(_serial)}", **fields
    )


def activity(*, provenance: Any = None, **fields: Any) -> Any:
    """An activity written by ``activity_create``; child rows are records (CountryRecord, ...)."""
    from partnerhub.activities.records import ActivityRecord
    from partnerhub.activities.services import activity_create

    fields.setdefault("iati_identifier", f"TW-TEST-{next(_serial)}")
    fields.setdefault("source", "user")
    return activity_create(record=ActivityRecord(**fields), provenance=provenance)


def event(**fields: Any) -> Any:
    import datetime as dt

    from partnerhub.events.services import EventRecord, event_create

    fields.setdefault("slug", f"event-{next(_serial)}")
    fields.setdefault("kind", "forum")
    fields.setdefault("source", "user")
    fields.setdefault("date_start", dt.date(2023, 5, 1))
    return event_create(record=EventRecord(**fields))

"""Personas and helpers shared by the test suite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, User

#: The authenticator-app secret of every staff persona; :func:`totp_code` gives its current code.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_user(username: str, *, groups: tuple[str, ...] = (), **extra: Any) -> User:
    """A user with a password; staff get an authenticator app, as signing in requires of them."""
    from partnerhub.accounts.auth import requires_two_factor

    user = User.objects.create_user(
        username=username, password="correct horse battery staple", **extra
    )
    for name in groups:
        group, _ = Group.objects.get_or_create(name=name)
        user.groups.add(group)
    if requires_two_factor(user):
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, STAFF_TOTP_SECRET)
    return user


def totp_code() -> str:
    """The current six-digit code of :data:`STAFF_TOTP_SECRET`."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return str(format_hotp_value(hotp_value(STAFF_TOTP_SECRET, int(time.time()) // 30)))


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


def small_world() -> dict[str, Any]:
    """A few countries, organisations, activities and events covering every filter and facet.

    Honduras was an ally until 2023-03-25, so a 2022 activity there counts as 'ally' and a 2024 one
    does not; the Eswatini activity is known only by its year (2021).
    """
    import datetime as dt
    from decimal import Decimal

    from partnerhub.activities.records import (
        CountryRecord,
        IndicatorRecord,
        ParticipationRecord,
        RegionRecord,
        ResultRecord,
        SdgRecord,
        SectorRecord,
    )
    from partnerhub.core.services import provenance_create

    d = dt.date
    sdg_goals()
    sz = country(
        "SZ", "史瓦帝尼", "Eswatini", region_code="298", relationships=(("ally", None, None),)
    )
    hn = country(
        "HN",
        "宏都拉斯",
        "Honduras",
        region_code="489",
        relationships=(("ally", None, d(2023, 3, 25)),),
    )
    vn = country(
        "VN",
        "越南",
        "Viet Nam",
        region_code="789",
        relationships=(("new-southbound", d(2016, 9, 1), None),),
    )
    xs = country(
        "XS",
        "索馬利蘭",
        "Somaliland",
        is_iso=False,
        relationships=(("friendly", d(2020, 7, 1), None),),
    )
    icdf = organisation(
        "財團法人國際合作發展基金會",
        "TaiwanICDF",
        abbreviation="ICDF",
        category="icdf",
        slug="taiwanicdf",
    )
    mofa = organisation("外交部", "Ministry of Foreign Affairs", category="ministry", slug="mofa")
    ngo = organisation(
        "臺灣路竹會",
        "Taiwan Root Medical Peace Corps",
        category="domestic-ngo",
        slug="tzu-root",
        country=None,
    )
    partner = organisation(
        "史瓦帝尼衛生部", "Eswatini Ministry of Health", category="partner-government", country=sz
    )
    prov = provenance_create(
        source="whitepaper-appendix-1", file="002_whitepaper.txt", line_start=4679, line_end=4684
    )
    acts = {
        "sz_health": activity(
            title_zh="史瓦帝尼醫療計畫：臺灣醫療團",
            title_en="Eswatini health programme",
            description_zh="臺灣常駐醫療團",
            description_en="Taiwan resident medical mission",
            source="whitepaper-appendix-1",
            modality="technical-cooperation",
            status="2",
            year=2021,
            reporting_org_id=mofa.pk,
            participations=[
                ParticipationRecord(role="4", printed_name="國合會", organisation_id=icdf.pk),
                ParticipationRecord(role="1", printed_name="外交部", organisation_id=mofa.pk),
            ],
            countries=[CountryRecord("SZ", Decimal("100"), "史瓦帝尼")],
            regions=[RegionRecord("298")],
            sectors=[SectorRecord("12220")],
            sdgs=[SdgRecord(3), SdgRecord(3, "3.1")],
            results=[
                ResultRecord(
                    title_zh="門診人次",
                    title_en="Outpatient visits",
                    indicators=[
                        IndicatorRecord(
                            title_en="Visits",
                            actual_value=Decimal("1200"),
                            as_of=d(2021, 12, 31),
                            printed="門診 1,200 人次",
                        )
                    ],
                )
            ],
            provenance=prov,
        ),
        "hn_2022": activity(
            title_zh="宏都拉斯農業技術合作",
            title_en="Honduras agriculture",
            source="plan-2026",
            modality="technical-cooperation",
            status="4",
            planned_start=d(2022, 1, 1),
            planned_end=d(2022, 12, 31),
            participations=[
                ParticipationRecord(role="4", printed_name="國合會", organisation_id=icdf.pk)
            ],
            countries=[CountryRecord("HN")],
            sectors=[SectorRecord("31120")],
            sdgs=[SdgRecord(2)],
        ),
        "hn_2024": activity(
            title_zh="宏都拉斯人道援助",
            title_en="Honduras humanitarian aid",
            source="news",
            modality="humanitarian",
            status="2",
            planned_start=d(2024, 2, 1),
            planned_end=d(2024, 6, 30),
            countries=[CountryRecord("HN")],
            sdgs=[SdgRecord(2), SdgRecord(17)],
        ),
        "vn_ngo": activity(
            title_zh="越南義診（台灣路竹會）",
            title_en="Vietnam medical clinics",
            source="whitepaper-appendix-1",
            modality="ngo-grant",
            status="3",
            planned_start=d(2019, 5, 1),
            planned_end=d(2023, 4, 30),
            participations=[
                ParticipationRecord(role="4", printed_name="台灣路竹會", organisation_id=ngo.pk)
            ],
            countries=[CountryRecord("VN", Decimal("60")), CountryRecord("XS", Decimal("40"))],
            sectors=[SectorRecord("122", vocabulary="2")],
            sdgs=[SdgRecord(3)],
        ),
        "iati_other": activity(
            iati_identifier="GB-GOV-1-123",
            title_en="Somaliland water supply",
            source="iati",
            is_taiwan=False,
            status="2",
            actual_start=d(2020, 1, 1),
            actual_end=d(2025, 12, 31),
            reporting_org_name="FCDO",
            countries=[CountryRecord("XS")],
            sectors=[SectorRecord("14030")],
            sdgs=[SdgRecord(6)],
        ),
    }
    events = {
        "gctf": event(
            slug="gctf-2023-health",
            kind="gctf-workshop",
            title_zh="全球合作暨訓練架構 臺灣公衛研習營",
            title_en="GCTF public health workshop",
            date_start=d(2023, 5, 2),
            date_end=d(2023, 5, 4),
            host_country_code="VN",
            country_codes=[("VN", "越南"), ("SZ", "史瓦帝尼")],
        ),
        "forum": event(
            slug="ngo-forum-2024",
            kind="forum",
            title_zh="NGO 領袖論壇",
            title_en="NGO Leaders Forum",
            date_start=d(2024, 10, 1),
        ),
    }
    return {
        "countries": {"SZ": sz, "HN": hn, "VN": vn, "XS": xs},
        "organisations": {"icdf": icdf, "mofa": mofa, "ngo": ngo, "partner": partner},
        "activities": acts,
        "events": events,
        "provenance": prov,
    }


def compile_catalogues() -> None:
    """Compile the .po catalogues (a fresh clone has no .mo files) and drop cached translations."""
    import io

    from asgiref.local import Local
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("portal_compilemessages", stdout=io.StringIO(), stderr=io.StringIO())
    # The same reset Django does when LOCALE_PATHS changes, so catalogues read before now reload.
    trans_real._translations = {}  # type: ignore[attr-defined]
    trans_real._default = None  # type: ignore[attr-defined]
    trans_real._active = Local()  # type: ignore[attr-defined]


def role_member(username: str, role_name: str) -> User:
    """A staff member whose only permissions come from one role of partnerhub.core.roles."""
    from partnerhub.core.roles import roles_sync

    roles_sync()
    return make_user(username, groups=(role_name,), is_staff=True)


def data_administrator() -> User:
    return role_member("data-admin", "Data administrator")


def registry_editor() -> User:
    return role_member("registry-editor", "Registry editor")


# ---- Grant portal personas: NGO staff of one organisation and the grant staff roles. ----


def _unique_username(base: str) -> str:
    return base if not User.objects.filter(username=base).exists() else f"{base}-{next(_serial)}"


def _ngo_person(org: Any, role: str, base: str) -> User:
    from partnerhub.accounts.models import Membership
    from partnerhub.accounts.services import membership_groups_sync

    username = _unique_username(f"{base}-{org.slug}")
    user = make_user(username, email=f"{username}@example.org")
    Membership.objects.create(user=user, organisation=org, role=role, status="approved")
    membership_groups_sync(user=user)
    return User.objects.get(pk=user.pk)


def ngo_member(org: Any) -> User:
    """An approved member of ``org`` (role group ngo_member)."""
    return _ngo_person(org, "member", "ngo-member")


def ngo_admin(org: Any) -> User:
    """An approved admin of ``org`` (role groups ngo_member and ngo_admin)."""
    return _ngo_person(org, "admin", "ngo-admin")


def _grant_staff(role_name: str) -> User:
    from partnerhub.core.roles import roles_sync

    roles_sync()
    username = _unique_username(role_name.replace("_", "-"))
    return make_user(username, groups=(role_name,), email=f"{username}@example.org")


def mofa_reviewer() -> User:
    return _grant_staff("mofa_reviewer")


def icdf_officer() -> User:
    return _grant_staff("icdf_officer")


def approver() -> User:
    return _grant_staff("approver")


def grants_admin() -> User:
    return _grant_staff("grants_admin")


# ---- Background tasks ------------------------------------------------------------------------


def run_worker() -> None:
    """Run a real worker of the configured backend until the queue is empty, in this process.

    Tasks enqueue on commit: inside a test transaction wrap the code that enqueues in
    ``django_capture_on_commit_callbacks(execute=True)`` first.
    """
    from unittest import mock

    from django.core.management import call_command

    # The worker closes "old" connections between tasks, as Django does between requests; inside a
    # test's transaction that would close the test's own connection (Django's test cases disconnect
    # the request signal that does it for the same reason).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("core_worker", batch=True, verbosity=0)


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment for another process (a worker) that must use this test's database.

    Needs ``transactional_db``: the other process sees only what was committed. On PostgreSQL both
    use the test database. SQLite's test database lives in this process's memory, so it is copied
    to a file for the other process and copied back, with what that process committed, when the
    block ends. ``PARTNERHUB_VAR`` points at ``tmp_path / "var"``, so uploads and the ``tasks``
    cache (heartbeats, progress) are shared too when the test's settings use the same place.
    """
    import os
    import sqlite3

    from django.db import connection

    env = {**os.environ, "PARTNERHUB_VAR": str(tmp_path / "var")}
    env.pop("PARTNERHUB_REDIS_URL", None)
    if connection.vendor != "sqlite":
        db = connection.settings_dict
        env.update(
            PARTNERHUB_DB="postgres",
            PGDATABASE=str(db["NAME"]),
            PGHOST=str(db["HOST"]),
            PGPORT=str(db["PORT"]),
            PGUSER=str(db["USER"]),
        )
        yield env
        return
    connection.ensure_connection()
    memory = connection.connection
    path = tmp_path / "shared.sqlite3"
    with closing(sqlite3.connect(path)) as copy:
        memory.backup(copy)
    env.update(PARTNERHUB_DB="sqlite", PARTNERHUB_SQLITE=str(path))
    try:
        yield env
    finally:
        # Opening the file rolls back whatever a killed process left uncommitted.
        with closing(sqlite3.connect(path)) as copy:
            copy.backup(memory)


def tasks_cache(tmp_path: Path) -> dict[str, Any]:
    """The ``tasks`` cache where a process started with :func:`shared_database` keeps it."""
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "var" / "cache" / "tasks"),
    }


@contextmanager
def redis_server(tmp_path: Path) -> Iterator[str]:
    """A throwaway redis-server (Debian's package) on a free loopback port; yields its URL.

    Skips the test, saying why, only when redis-server is not installed
    (``scripts/ensure-system-packages`` installs it, and CI runs that).
    """
    import shutil
    import socket
    import subprocess
    import time

    import pytest

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        pytest.skip("redis-server is not installed; scripts/ensure-system-packages installs it")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            binary,
            *("--bind", "127.0.0.1", "--port", str(port), "--dir", str(tmp_path)),
            *("--save", "", "--appendonly", "no", "--logfile", str(tmp_path / "redis.log")),
        ],
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {port}") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=15)


def admin_form_data(response: Any) -> dict[str, Any]:
    """The POST data an admin change page would send as it stands: its form and every inline.

    Tests edit this dictionary (change a field, add an inline row with :func:`admin_add_row`) and
    post it back, as a person would with the page in front of them.
    """
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue  # what a browser sends for an empty field or an unticked box
            data[form.add_prefix(name)] = value
    return data


def admin_add_row(data: dict[str, Any], prefix: str, **values: Any) -> None:
    """Append one inline row (``prefix`` is the formset's, such as ``aliases``) to the POST data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value


def url_in(language: str, name: str, *args: Any, **kwargs: Any) -> str:
    """The address of a named page in one language (``/en/…``, ``/zh-hant/…``)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)

"""Roles: named groups with the least privilege each kind of user needs.

The table is the single source of truth; ``core_roles`` makes the groups in the database match it
exactly, removing any permission an administrator added by hand. Permissions are named as
``app_label.codename`` strings so that core imports no domain app.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

_REGISTRY = {
    "activities": (
        "activity",
        "participation",
        "activitycountry",
        "activityregion",
        "activitysector",
        "activitysdg",
        "budget",
        "transaction",
        "result",
        "indicator",
        "documentlink",
    ),
    "organisations": ("organisation", "organisationalias"),
    "events": ("event", "eventorganiser", "eventcountry"),
}


def _perms(actions: tuple[str, ...], models: dict[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(
        f"{app}.{action}_{model}"
        for app, names in models.items()
        for model in names
        for action in actions
    )


@dataclass(frozen=True)
class Role:
    name: str
    label_zh: str
    description: str
    permissions: frozenset[str]
    label_en: str = ""

    def label(self, language: str | None) -> str:
        """The role's name for people: Chinese unless English is asked for."""
        if language and language.lower().startswith("en"):
            return self.label_en or self.name
        return self.label_zh


ROLES: tuple[Role, ...] = (
    Role(
        name="Registry editor",
        label_zh="登錄資料編輯",
        description="MOFA and TaiwanICDF officers who add and correct registry records; no deletion.",
        permissions=_perms(("view", "add", "change"), _REGISTRY),
    ),
    Role(
        name="Registry reviewer",
        label_zh="登錄資料審閱",
        description="Reads every registry record and its provenance in the admin; changes nothing.",
        permissions=_perms(("view",), _REGISTRY) | {"core.view_provenance"},
    ),
    Role(
        name="Data administrator",
        label_zh="資料管理員",
        description="Imports IATI files, reads import problems, keeps exchange rates and dated "
        "relationships with partner countries up to date.",
        permissions=frozenset(
            {
                "iati.view_dataset",
                "iati.add_dataset",
                "iati.view_importproblem",
                "reference.view_exchangerate",
                "reference.add_exchangerate",
                "reference.change_exchangerate",
                "reference.view_countryrelationship",
                "reference.add_countryrelationship",
                "reference.change_countryrelationship",
                "reference.view_country",
                "reference.view_codelistitem",
                "seeds.view_seedimportrun",
                "seeds.view_seedproblem",
            }
        ),
    ),
    Role(
        name="Auditor",
        label_zh="稽核",
        description="Reads the audit trail of who changed what, and the provenance of every record.",
        permissions=frozenset({"core.view_auditentry", "core.view_provenance"}),
    ),
    # The grant portal's roles, named by stable slugs. NGO staff act on their own organisation's
    # objects only, through the object permissions of partnerhub.accounts.rules, so their groups
    # hold no model permission; the grant permissions of the staff roles come with the grant
    # portal itself.
    Role(
        name="ngo_member",
        label_zh="NGO 成員",
        label_en="NGO member",
        description="NGO staff who prepare their own organisation's applications and reports.",
        permissions=frozenset(),
    ),
    Role(
        name="ngo_admin",
        label_zh="NGO 組織管理者",
        label_en="NGO organisation admin",
        description="NGO staff who also invite and remove their organisation's colleagues.",
        permissions=frozenset(),
    ),
    Role(
        name="mofa_reviewer",
        label_zh="外交部審查人員",
        label_en="MOFA reviewer",
        description="Screens and appraises the applications assigned to them; no decisions.",
        permissions=frozenset(),
    ),
    Role(
        name="icdf_officer",
        label_zh="國合會承辦人員",
        label_en="TaiwanICDF officer",
        description="Follows grants in implementation: reports, visits and disbursement requests.",
        permissions=frozenset(),
    ),
    Role(
        name="approver",
        label_zh="核定人員",
        label_en="Approver",
        description="Reads the appraisal scores and records the determination with its reasons.",
        permissions=frozenset(),
    ),
    Role(
        name="grants_admin",
        label_zh="補助業務管理者",
        label_en="Grants administrator",
        description="Runs calls, assigns reviewers and approves organisation claims and "
        "registrations of NGO staff.",
        permissions=frozenset({"accounts.view_membership", "accounts.view_invitation"}),
    ),
)

#: Roles of MOFA and TaiwanICDF staff in the grant portal; their members sign in with two factors.
GRANT_STAFF_ROLES = frozenset({"mofa_reviewer", "icdf_officer", "approver", "grants_admin"})


@dataclass(frozen=True)
class RoleSync:
    name: str
    created: bool
    added: int
    removed: int


def _permission_rows(names: frozenset[str]) -> list[Permission]:
    if not names:
        # An empty Q() would match every permission: a role without any must get none.
        return []
    query = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    rows = list(Permission.objects.filter(query).select_related("content_type"))
    found = {f"{p.content_type.app_label}.{p.codename}" for p in rows}
    missing = sorted(names - found)
    if missing:
        # A typo in the table must not silently grant less than intended.
        raise LookupError(f"Unknown permissions in the roles table: {', '.join(missing)}")
    return rows


@transaction.atomic
def roles_sync(*, dry_run: bool = False) -> list[RoleSync]:
    """Make every group of :data:`ROLES` hold exactly its permissions."""
    results = []
    for role in ROLES:
        wanted = {p.pk for p in _permission_rows(role.permissions)}
        group = Group.objects.filter(name=role.name).first()
        current = set(group.permissions.values_list("pk", flat=True)) if group else set()
        results.append(
            RoleSync(role.name, group is None, len(wanted - current), len(current - wanted))
        )
        if dry_run:
            continue
        group = group or Group.objects.create(name=role.name)
        group.permissions.set(wanted)
    return results

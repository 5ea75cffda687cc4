"""Admin for memberships and invitations: read-only rows, decisions through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerhub.accounts.models import Invitation, Membership
from partnerhub.accounts.services import membership_approve, membership_remove
from partnerhub.core.admin import ReadOnlyAdmin
from partnerhub.core.exceptions import PartnerHubError


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin[Membership]):
    list_display = ("user", "organisation", "role", "status", "created_at", "decided_by")
    list_filter = ("status", "role")
    search_fields = (
        "user__username",
        "user__email",
        "organisation__name_zh",
        "organisation__name_en",
    )
    list_select_related = ("user", "organisation", "decided_by")
    # The rows stay read-only; these actions decide through the services.
    actions = ["approve", "remove"]  # type: ignore[assignment]

    def _each(self, request: HttpRequest, queryset: QuerySet[Membership], service: object) -> None:
        for membership in queryset.select_related("user", "organisation"):
            try:
                service(membership=membership, actor=request.user)  # type: ignore[operator]
            except PartnerHubError as exc:
                self.message_user(
                    request,
                    f"{membership}: {exc.message(request.LANGUAGE_CODE)}",
                    messages.ERROR,
                )

    @admin.action(description=_("Approve the selected requests"))
    def approve(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each(request, queryset, membership_approve)

    @admin.action(description=_("Remove the selected memberships"))
    def remove(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        self._each(request, queryset, membership_remove)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin[Invitation]):
    list_display = ("email", "organisation", "role", "created_at", "accepted_at", "revoked_at")
    search_fields = ("email", "organisation__name_zh", "organisation__name_en")
    list_select_related = ("organisation",)

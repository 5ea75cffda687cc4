"""SDG suggestions in the admin: beside the SDG rows of the activity edit page, one click to accept.

The activity admin of ``activities`` is extended here (the sdg app sits above activities): its
change form gains the stored suggestions right after the reported SDGs, each with an *Accept* and
a *Reject* button, and a *Suggest SDGs* button that stores fresh suggestions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerhub.activities.admin import ActivityAdmin, SdgInline
from partnerhub.activities.models import Activity
from partnerhub.core.exceptions import PartnerHubError
from partnerhub.sdg.models import SdgSuggestion, SuggestionStatus
from partnerhub.sdg.selectors import activity_text
from partnerhub.sdg.services import (
    sdg_suggestion_accept,
    sdg_suggestion_reject,
    sdg_suggestions_store,
)
from partnerhub.sdg.suggester import get_suggester


def _reasons(obj: SdgSuggestion) -> str:
    return format_html_join(
        "", "<div>{}</div>", ((str(r.get("text", ""))[:120],) for r in obj.reasons[:3])
    )


class SdgSuggestionInline(admin.TabularInline[SdgSuggestion, Activity]):
    model = SdgSuggestion
    extra = 0
    can_delete = False
    template = "sdg/admin/suggestions_inline.html"
    fields = ("goal", "target", "score", "status", "why", "decide")
    readonly_fields = fields
    verbose_name_plural = _("Suggested SDGs (not reported until accepted)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("reasons"))
    def why(self, obj: SdgSuggestion) -> str:
        return _reasons(obj)

    @admin.display(description=_("decision"))
    def decide(self, obj: SdgSuggestion) -> str:
        if obj.status != SuggestionStatus.SUGGESTED:
            return obj.get_status_display()
        accept = reverse("admin:sdg_sdgsuggestion_accept", args=[obj.pk])
        reject = reverse("admin:sdg_sdgsuggestion_reject", args=[obj.pk])
        return format_html(
            '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button> '
            '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
            accept,
            gettext("Accept SDG %(goal)s") % {"goal": obj.goal},
            reject,
            gettext("Reject"),
        )


class ActivityWithSuggestionsAdmin(ActivityAdmin):
    """The activity edit page with its SDG suggestions right after its reported SDGs."""

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type[Any]]:
        inlines = list(super().get_inlines(request, obj))
        if obj is None:
            return inlines
        at = inlines.index(SdgInline) + 1 if SdgInline in inlines else len(inlines)
        return [*inlines[:at], SdgSuggestionInline, *inlines[at:]]


admin.site.unregister(Activity)
admin.site.register(Activity, ActivityWithSuggestionsAdmin)


@admin.register(SdgSuggestion)
class SdgSuggestionAdmin(admin.ModelAdmin[SdgSuggestion]):
    list_display = ("activity", "goal", "target", "score", "status", "model_version", "created_at")
    list_filter = ("status", "goal")
    raw_id_fields = ("activity",)
    readonly_fields = (
        "activity",
        "goal",
        "target",
        "score",
        "status",
        "reasons",
        "model_version",
        "created_at",
        "decided_by",
        "decided_at",
    )
    actions = ["accept_selected", "reject_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/accept/", wrap(self.accept_view), name="sdg_sdgsuggestion_accept"),
            path("<int:pk>/reject/", wrap(self.reject_view), name="sdg_sdgsuggestion_reject"),
            path(
                "suggest/<int:activity_pk>/",
                wrap(self.suggest_view),
                name="sdg_sdgsuggestion_suggest",
            ),
            *super().get_urls(),
        ]

    def _check(self, request: HttpRequest) -> None:
        if not request.user.has_perm("activities.change_activity"):
            raise PermissionDenied

    def _back(self, activity_pk: int) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:activities_activity_change", args=[activity_pk]))

    def _decide(self, request: HttpRequest, pk: int, accept: bool) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self._check(request)
        suggestion = get_object_or_404(SdgSuggestion.objects.select_related("activity"), pk=pk)
        try:
            if accept:
                sdg_suggestion_accept(suggestion=suggestion, actor=request.user)
                self.message_user(
                    request,
                    gettext("SDG %(goal)s added to the reported SDGs.") % {"goal": suggestion.goal},
                )
            else:
                sdg_suggestion_reject(suggestion=suggestion, actor=request.user)
                self.message_user(
                    request,
                    gettext("Suggestion of SDG %(goal)s rejected.") % {"goal": suggestion.goal},
                )
        except PartnerHubError as exc:
            self.message_user(request, exc.message(request.LANGUAGE_CODE), messages.ERROR)
        return self._back(suggestion.activity_id)

    def accept_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._decide(request, pk, accept=True)

    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._decide(request, pk, accept=False)

    def suggest_view(self, request: HttpRequest, activity_pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self._check(request)
        activity = get_object_or_404(Activity, pk=activity_pk)
        model = get_suggester()
        suggestion = model.suggest(activity_text(activity))
        rows = sdg_suggestions_store(
            activity=activity,
            suggestion=suggestion,
            model_version=model.version,
            actor=request.user,
        )
        if rows:
            self.message_user(
                request,
                gettext("Suggested SDGs: %(goals)s. Accept each one you agree with.")
                % {"goals": ", ".join(str(r.goal) for r in rows)},
            )
        else:
            notice = suggestion.notices[0] if suggestion.notices else None
            zh = request.LANGUAGE_CODE.startswith("zh")
            text = (notice.message_zh if zh else notice.message_en) if notice else ""
            self.message_user(
                request,
                gettext("No new SDG to suggest.") + (f" {text}" if text else ""),
                messages.WARNING,
            )
        return self._back(activity.pk)

    @admin.action(description=_("Accept the selected suggestions"))
    def accept_selected(self, request: HttpRequest, queryset: QuerySet[SdgSuggestion]) -> None:
        self._check(request)
        done = 0
        for suggestion in queryset.filter(status=SuggestionStatus.SUGGESTED).select_related(
            "activity"
        ):
            sdg_suggestion_accept(suggestion=suggestion, actor=request.user)
            done += 1
        self.message_user(request, gettext("%(n)d suggestions accepted.") % {"n": done})

    @admin.action(description=_("Reject the selected suggestions"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[SdgSuggestion]) -> None:
        self._check(request)
        done = 0
        for suggestion in queryset.filter(status=SuggestionStatus.SUGGESTED):
            sdg_suggestion_reject(suggestion=suggestion, actor=request.user)
            done += 1
        self.message_user(request, gettext("%(n)d suggestions rejected.") % {"n": done})

"""Thin views over the accounts services; a denied organisation page answers 404, not 403.

Whether someone belongs to an organisation is private to its members and grants staff, so every
page about an organisation's members answers the same 404 to an outsider as to a wrong address.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerhub.accounts import selectors, services
from partnerhub.accounts.forms import ClaimSearchForm, InvitationForm, RegisterForm
from partnerhub.accounts.models import Membership
from partnerhub.core.exceptions import InvalidInput, NotFound, PartnerHubError
from partnerhub.organisations.models import Organisation

View = Callable[..., HttpResponseBase]


def error_response(request: HttpRequest, exc: PartnerHubError) -> HttpResponse:
    context = {"status": exc.status, "message": exc.message(get_language()), "parameter": exc.field}
    return render(request, "portal/error.html", context, status=exc.status)


def accounts_view(view: View) -> View:
    """Signed-in users only; every deliberate domain error becomes a page in their language."""

    @login_required(login_url="account_login")
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PartnerHubError as exc:
            return error_response(request, exc)

    return wrapper


def not_found() -> NotFound:
    """The one answer for what a user may not see: the same as for what does not exist."""
    return NotFound("Page not found.", "找不到此頁面。")


def _organisation(request: HttpRequest, slug: str, permission: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not request.user.has_perm(permission, organisation):
        raise not_found()
    return organisation


def _membership(request: HttpRequest, pk: int, permission: str) -> Membership:
    membership = Membership.objects.select_related("user", "organisation").filter(pk=pk).first()
    if membership is None or not request.user.has_perm(permission, membership):
        raise not_found()
    return membership


def _back(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.user.has_perm("accounts.view_members", membership.organisation):
        return redirect("accounts:organisation", membership.organisation.slug)
    return redirect("accounts:organisations")


def _ok(request: HttpRequest, text: str) -> None:
    messages.success(request, text)


def _invalid(request: HttpRequest, exc: InvalidInput) -> None:
    messages.error(request, exc.message(get_language()))


@require_GET
@accounts_view
def organisations(request: HttpRequest) -> HttpResponse:
    """The signed-in user's organisations and requests, and (for staff) the claims to decide."""
    context = {
        "memberships": selectors.user_memberships(request.user),
        "claims": selectors.claims_pending()
        if request.user.has_perm("accounts.review_claims")
        else None,
    }
    return render(request, "accounts/organisations.html", context)


@require_GET
@accounts_view
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug, "accounts.view_members")
    manage = request.user.has_perm("accounts.manage_members", org)
    context = {
        "organisation": org,
        "members": selectors.organisation_members(org),
        "manage": manage,
        "requests": selectors.organisation_pending_requests(org) if manage else None,
        "invitations": selectors.organisation_open_invitations(org) if manage else None,
        "form": InvitationForm(),
    }
    return render(request, "accounts/organisation.html", context)


@require_POST
@accounts_view
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug, "accounts.manage_members")
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                organisation=org,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
                language=get_language() or "zh-hant",
            )
        except InvalidInput as exc:
            _invalid(request, exc)
        else:
            _ok(request, _("Invitation sent to %(email)s.") % form.cleaned_data)
            return redirect("accounts:organisation", org.slug)
    context = {
        "organisation": org,
        "members": selectors.organisation_members(org),
        "manage": True,
        "requests": selectors.organisation_pending_requests(org),
        "invitations": selectors.organisation_open_invitations(org),
        "form": form,
    }
    return render(request, "accounts/organisation.html", context, status=400)


@require_POST
@accounts_view
def membership_approve(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk, "accounts.decide_membership")
    try:
        services.membership_approve(membership=membership, actor=request.user)
        _ok(request, _("%(user)s was approved.") % {"user": membership.user.get_username()})
    except InvalidInput as exc:
        _invalid(request, exc)
    return _back(request, membership)


@require_POST
@accounts_view
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk, "accounts.remove_membership")
    try:
        services.membership_remove(membership=membership, actor=request.user)
        _ok(request, _("%(user)s was removed.") % {"user": membership.user.get_username()})
    except InvalidInput as exc:
        _invalid(request, exc)
    except PartnerHubError as exc:
        raise not_found() from exc
    return _back(request, membership)


@require_POST
@accounts_view
def membership_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk, "accounts.change_membership_role")
    try:
        services.membership_set_role(
            membership=membership, role=request.POST.get("role", ""), actor=request.user
        )
        _ok(request, _("The role of %(user)s was changed.") % {"user": membership.user})
    except InvalidInput as exc:
        _invalid(request, exc)
    except PartnerHubError as exc:
        raise not_found() from exc
    return _back(request, membership)


@require_http_methods(["GET", "POST"])
@accounts_view
def claim(request: HttpRequest) -> HttpResponse:
    """Find one's organisation in the directory and ask to join it (or claim it)."""
    if request.method == "POST":
        org = Organisation.objects.filter(slug=request.POST.get("organisation", "")).first()
        if org is None:
            raise not_found()
        try:
            membership = services.membership_request(user=request.user, organisation=org)
        except InvalidInput as exc:
            _invalid(request, exc)
        else:
            text = (
                _("Your claim of %(name)s waits for grants staff.")
                if membership.is_claim
                else _("Your request to join %(name)s waits for its admins.")
            )
            _ok(request, text % {"name": org.name})
            return redirect("accounts:organisations")
    form = ClaimSearchForm(request.GET or None)
    found = selectors.organisation_search(form.data.get("q", "")) if form.is_bound else []
    return render(request, "accounts/claim.html", {"form": form, "found": found})


@require_http_methods(["GET", "POST"])
@accounts_view
def register(request: HttpRequest) -> HttpResponse:
    """Register an organisation that is not in the directory yet, checked for duplicates."""
    form = RegisterForm(request.POST or None)
    similar: list[Organisation] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        similar = selectors.organisation_similar(data["name_zh"], data["name_en"])
        if similar and not data["confirm_new"]:
            form.add_error(
                "confirm_new",
                _("Similar organisations are already in the directory: claim one, or confirm."),
            )
        else:
            try:
                services.organisation_register(
                    user=request.user,
                    name_zh=data["name_zh"],
                    name_en=data["name_en"],
                    abbreviation=data["abbreviation"],
                    website=data["website"],
                )
            except InvalidInput as exc:
                form.add_error(exc.field or None, exc.message(get_language()))
            else:
                _ok(request, _("The organisation is registered and waits for grants staff."))
                return redirect("accounts:organisations")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "accounts/register.html", {"form": form, "similar": similar}, status=status
    )


@require_http_methods(["GET", "POST"])
@accounts_view
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invite = selectors.invitation_by_token(token)
    if request.method == "POST":
        membership = services.invitation_accept(invitation=invite, user=request.user)
        _ok(request, _("You joined %(name)s.") % {"name": membership.organisation.name})
        return redirect("accounts:organisation", membership.organisation.slug)
    return render(request, "accounts/invitation.html", {"invitation": invite})

"""NGO staff's organisation pages, under /accounts/ beside sign-in and sign-up."""

from __future__ import annotations

from django.urls import path

from partnerhub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("organisations/", views.organisations, name="organisations"),
    path("claim/", views.claim, name="claim"),
    path("register/", views.register, name="register"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/invite/", views.invite, name="invite"),
    path("memberships/<int:pk>/approve/", views.membership_approve, name="membership-approve"),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership-remove"),
    path("memberships/<int:pk>/role/", views.membership_role, name="membership-role"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]

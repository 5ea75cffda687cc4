"""The grant pages under /grants/."""

from __future__ import annotations

from django.urls import path

from partnerhub.grants import data_views, views

app_name = "grants"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("register/", views.register, name="register"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<slug:slug>/", views.call_detail, name="call"),
    path("calls/<slug:slug>/apply/", views.application_start, name="apply"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="edit"),
    path("applications/<int:pk>/revisions/", views.revisions, name="revisions"),
    path("applications/<int:pk>/transition/<slug:name>/", views.transition, name="transition"),
    path("applications/<int:pk>/attachments/", views.attachment_upload, name="upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("applications/<int:pk>/reviewers/", views.reviewer_assign, name="assign"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("applications/<int:pk>/determination/", views.determination, name="determine"),
    path("determinations/", views.determination_batch, name="determine_batch"),
    path("applications/<int:pk>/letters/<int:determination_pk>/", views.letter, name="letter"),
    path("applications/<int:pk>/tranches/", views.tranche_request, name="tranche"),
    path(
        "applications/<int:pk>/tranches/<int:tranche_pk>/",
        views.tranche_decide,
        name="tranche_decide",
    ),
    path("applications/<int:pk>/reports/<int:report_pk>/", views.report_submit, name="report"),
    path(
        "applications/<int:pk>/reports/<int:report_pk>/review/",
        views.report_review,
        name="report_review",
    ),
    path("applications/<int:pk>/actuals/", views.actual_save, name="actual"),
    path(
        "applications/<int:pk>/actuals/<int:actual_pk>/review/",
        views.actual_review,
        name="actual_review",
    ),
    path("applications/<int:pk>/visits/", views.visit_record, name="visit"),
    path("applications/<int:pk>/budget/<int:line_pk>/", views.budget_spent, name="budget_spent"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/workbook/", data_views.workbook, name="workbook"),
    path(
        "applications/<int:pk>/workbook/commit/", data_views.workbook_commit, name="workbook_commit"
    ),
    path("applications/<int:pk>/dossier.zip", data_views.dossier, name="dossier"),
    path("calls/<slug:slug>/applications.csv", data_views.call_export_csv, name="export_csv"),
    path("calls/<slug:slug>/applications.xlsx", data_views.call_export_xlsx, name="export_xlsx"),
]

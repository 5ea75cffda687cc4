"""Grant-specific predicates (django-rules), built on the accounts app's membership predicates.

    is_applicant(user, application)          an approved member of the applying organisation
    is_assigned_reviewer(user, application)  assigned to review it (whatever they declared)
    declared_no_conflict(user, application)  assigned, and declared no conflict of interest
    sees_every_application(user)             staff whose role holds grants.view_all_applications
    can_open_application                     may reach the application's page at all
    can_read_application                     may read its content (a reviewer only after declaring)
    can_edit_application                     may change the draft now

Pages answer 404 when ``can_open_application`` is false, so existence stays private.
"""

from __future__ import annotations

from typing import Any

from partnerhub.accounts.rules import is_member_of_organisation, predicate
from partnerhub.grants import workflow as wf


@predicate
def is_applicant(user: Any, application: Any) -> bool:
    return bool(is_member_of_organisation(user, application))


@predicate
def is_assigned_reviewer(user: Any, application: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(application.reviews.filter(reviewer_id=user.pk).exists())


@predicate
def declared_no_conflict(user: Any, application: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(application.reviews.filter(reviewer_id=user.pk, declaration="no-conflict").exists())


@predicate
def sees_every_application(user: Any) -> bool:
    return bool(user.has_perm("grants.view_all_applications"))


@predicate
def in_an_editable_phase(user: Any, application: Any) -> bool:
    return wf.PHASE[application.state].applicant_edits


can_open_application = sees_every_application | is_applicant | is_assigned_reviewer
can_read_application = sees_every_application | is_applicant | declared_no_conflict
can_edit_application = is_applicant & in_an_editable_phase

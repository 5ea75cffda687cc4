"""The transition table, read as data: every move, who may take it and why a refusal happens."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.utils import translation

from partnerhub.grants import workflow as wf

NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
APPLICANT = wf.Actor(1, frozenset(), is_applicant=True)
OFFICER = wf.Actor(2, frozenset({wf.SCREEN, wf.MANAGE}))
APPROVER = wf.Actor(3, frozenset({wf.DETERMINE}))


def facts(state: str, **changes) -> wf.ApplicationFacts:
    return wf.ApplicationFacts(state=state, now=NOW, **changes)


def test_it_keys_every_phase_by_a_stable_slug_with_two_labels():
    slugs = [p.slug for p in wf.PHASES]
    assert len(slugs) == len(set(slugs))
    assert all(p.slug.isascii() and p.slug == p.slug.lower() for p in wf.PHASES)
    with translation.override("en"):
        assert str(wf.PHASE["submitted"].staff_label) == "Needs screening"
        assert str(wf.PHASE["submitted"].public_label) == "Received"
    with translation.override("zh-hant"):
        assert str(wf.PHASE["submitted"].public_label) == "已收件"


def test_it_connects_every_phase_from_draft_to_closed():
    reachable, frontier = {"draft"}, ["draft"]
    while frontier:
        state = frontier.pop()
        for t in wf.transitions_from(state):
            if t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    assert reachable == set(wf.PHASE)
    assert all(t.target in wf.PHASE and set(t.sources) <= set(wf.PHASE) for t in wf.TRANSITIONS)


def test_it_follows_the_regulations_order_of_phases():
    path = ["submit", "screen", "send-to-appraisal", "approve", "sign-agreement",
            "start-implementation", "complete", "submit-closure-report",
            "accept-closure-report", "close"]  # fmt: skip
    state = "draft"
    for name in path:
        transition = wf.TRANSITION[name]
        assert state in transition.sources, name
        state = transition.target
    assert state == "closed"


@pytest.mark.parametrize(
    ("name", "actor", "allowed"),
    [
        ("submit", APPLICANT, True),
        ("submit", OFFICER, False),
        ("screen", APPLICANT, False),
        ("screen", OFFICER, True),
        ("approve", OFFICER, False),
        ("approve", APPROVER, True),
        ("close", APPROVER, False),
    ],
)
def test_it_lets_only_the_right_role_take_a_transition(name, actor, allowed):
    transition = wf.TRANSITION[name]
    f = facts(transition.sources[0], reviews_assigned=1, reviews_scored=1)
    assert wf.check(transition, actor, f).allowed is allowed


def test_it_explains_a_late_submission_in_both_languages():
    verdict = wf.check(
        wf.TRANSITION["submit"], APPLICANT, facts("draft", closes_at=NOW - dt.timedelta(hours=1))
    )
    assert not verdict.allowed
    assert verdict.reason("en") == "The call closed; submissions are no longer accepted."
    assert verdict.reason("zh-hant") == "本徵案已截止，不再受理送件。"


def test_it_refuses_percentages_that_do_not_add_up():
    verdict = wf.check(
        wf.TRANSITION["submit"], APPLICANT, facts("draft", country_percentages=Decimal(90))
    )
    assert "add up to 90" in verdict.reason_en
    assert "合計為 90" in verdict.reason_zh


def test_it_refuses_approval_while_a_review_is_pending():
    verdict = wf.check(
        wf.TRANSITION["approve"], APPROVER,
        facts("feasibility-appraisal", reviews_assigned=2, reviews_pending=1, reviews_scored=1),
    )  # fmt: skip
    assert not verdict.allowed and "1 review(s)" in verdict.reason_en


def test_it_hides_other_roles_transitions_from_the_applicant():
    names = [t.name for t, _ in wf.available(APPLICANT, facts("screening"))]
    assert names == []


@pytest.mark.parametrize("language", ["zh_Hant", "en"])
def test_it_keeps_the_grants_catalogues_complete(language):
    path = Path(wf.__file__).parent / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 200
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []

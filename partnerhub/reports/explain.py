"""What a total includes and excludes, in the active language, printed beside every total."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from partnerhub.reports.totals import Totals


@dataclass(frozen=True)
class Explanation:
    includes: list[str]
    excludes: list[str]


def currency_label(code: str) -> str:
    return _("NT$") if code == "TWD" else _("US$")


def _measure(totals: Totals) -> tuple[str, str]:
    measure = totals.ledger.scope.measure
    if measure == "commitments":
        return (
            _("Commitments (IATI transaction type 2)."),
            _("Disbursements, expenditures and budgets, which are separate measures."),
        )
    if measure == "budget":
        return (
            _("Budgets; where an activity has revised budgets they replace its original ones."),
            _("Transactions, which are separate measures."),
        )
    return (
        _("Disbursements and expenditures (IATI transaction types 3 and 4)."),
        _(
            "Commitments, budgets, incoming funds, loan repayments and reimbursements: counting "
            "a transfer between two agencies and the agency's spending would count it twice."
        ),
    )


_SPLITS = {
    "country": N_(
        "Money split across countries by the activity's percentages (equally when none "
        "are given); a transaction naming its own country goes wholly to it. Money for a region as a "
        "whole is shown as 'no single country'."
    ),
    "region": N_(
        "Money of a country counts in its region; money for a region as a whole counts "
        "there. Split by the activity's percentages."
    ),
    "sector": N_(
        "Money split across DAC sector categories (3 digits) by the activity's percentages; "
        "a transaction naming its own sector goes wholly to it."
    ),
    "sdg": N_(
        "SDGs counted: those reported on each activity (not suggested ones), money split "
        "equally between them."
    ),
    "modality": N_("Each activity's modality."),
    "year": N_("The year of each transaction's value date (budgets: the start of the period)."),
    "organisation": N_("Money split equally between the organisations of one role."),
    "organisation-type": N_(
        "Money split equally between the organisations of one role, grouped by their type."
    ),
    "relationship": N_("Taiwan's relationship with the country on the day of each transaction."),
}


def explain(totals: Totals) -> Explanation:
    """The sentences that say what ``totals`` counts and what it leaves out."""
    scope = totals.ledger.scope
    includes, excludes = [], []
    if scope.publisher == "taiwan":
        includes.append(_("Taiwan's own activities."))
        excludes.append(_("Other donors' activities (IATI), which are shown apart."))
    else:
        includes.append(_("Other donors' activities published to IATI."))
        excludes.append(_("Taiwan's own activities, which are shown apart."))
    measure_in, measure_out = _measure(totals)
    includes.append(measure_in)
    excludes.append(measure_out)
    includes.append(_(_SPLITS[totals.dimension]))
    if totals.dimension in ("organisation", "organisation-type"):
        role = _("funding") if totals.role == "funding" else _("implementing")
        includes.append(_("Role: %(role)s.") % {"role": role})
        excludes.append(_("The same money credited to the organisations of the other role."))
    includes.append(
        _(
            "Converted to %(currency)s at the rate in force on each transaction's value date "
            "(the nearest earlier stored rate)."
        )
        % {"currency": currency_label(scope.currency)}
    )
    includes.append(
        _(
            "Activities are counted once in every group they belong to, so group counts can add "
            "up to more than the total, which counts each activity once."
        )
    )
    for code, missing in sorted(totals.unconverted.items()):
        excludes.append(
            _("%(flows)s transactions in %(currency)s without a rate or a date (%(amount)s).")
            % {"flows": missing.flows, "currency": code, "amount": f"{missing.amount:,.2f}"}
        )
    return Explanation(includes, excludes)

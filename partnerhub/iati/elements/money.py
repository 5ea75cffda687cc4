"""budget and transaction: amounts with currency and value date (default-currency inherited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lxml import etree

from partnerhub.activities.records import BudgetRecord, TransactionRecord
from partnerhub.iati.elements import (
    ReadContext,
    Reader,
    collect,
    cut,
    decimal_text,
    first_children,
    narrative,
)


def _value(
    element: etree._Element, ctx: ReadContext, owner: str, value_el: etree._Element | None
) -> tuple[Decimal, str, dt.date | None, str] | None:
    if value_el is None:
        ctx.problem("missing-attribute", element, element=owner, attribute="value")
        return None
    raw = (value_el.text or "").strip()
    amount = ctx.decimal(value_el, raw)
    if amount is None:
        return None
    currency = (value_el.get("currency") or ctx.default_currency or "").strip().upper()[:3]
    if not currency:
        ctx.problem("missing-currency", value_el, element=f"{owner}/value")
    return amount, currency, ctx.date(value_el, "value-date"), raw


#: Rule 7.5.3: a budget period is at most a year (the ruleset allows 366 days).
BUDGET_DAYS_LIMIT = 366


def budget_period(budget: BudgetRecord, fallback: dt.date) -> tuple[dt.date, dt.date]:
    """The period an export writes: a missing start is the value date, else ``fallback`` (the
    activity's first date); an end missing or before the start is the start."""
    start = budget.period_start or budget.value_date or fallback
    end = budget.period_end if budget.period_end and budget.period_end >= start else start
    return start, end


def budget_exportable(budget: BudgetRecord, fallback: dt.date) -> bool:
    """Whether the export carries this budget: its period is at most a year (rule 7.5.3).

    A longer budget cannot be split into years without inventing amounts, so it stays in the
    registry (and its totals) and is left out of the export; the import records why.
    """
    start, end = budget_period(budget, fallback)
    return (end - start).days <= BUDGET_DAYS_LIMIT


def report_budget_omissions(activity: etree._Element, ctx: ReadContext) -> None:
    """After an activity is read: a problem row for each budget the export leaves out."""
    r = ctx.record
    known = [d for d in (r.planned_start, r.actual_start, r.planned_end, r.actual_end) if d]
    fallback = min(known) if known else dt.date.today()
    for budget in r.budgets:
        if budget_exportable(budget, fallback):
            continue
        start, end = budget_period(budget, fallback)
        ctx.problem(
            "exported-without",
            activity,
            element="budget",
            reason=f"its period {start} to {end} is longer than a year (rule 7.5.3)",
            reason_zh=f"其期間 {start} 至 {end} 超過一年（規則 7.5.3）",
        )


def read_budget(element: etree._Element, ctx: ReadContext) -> BudgetRecord | None:
    parts = first_children(element)
    money = _value(element, ctx, "budget", parts.get("value"))
    if money is None:
        return None
    amount, currency, value_date, _raw = money
    budget = BudgetRecord(
        value=amount,
        currency=currency,
        type=ctx.code("BudgetType", element, element.get("type")) or "1",
        status=ctx.code("BudgetStatus", element, element.get("status")) or "1",
        period_start=ctx.date(parts.get("period-start")),
        period_end=ctx.date(parts.get("period-end")),
        value_date=value_date,
    )
    return budget


def _org(element: etree._Element | None, ctx: ReadContext) -> tuple[str, str]:
    if element is None:
        return "", ""
    ref = cut((element.get("ref") or "").strip(), 200)
    if ref:
        ctx.org_refs.add(ref)
    return ref, cut(narrative.first_text(element), 500)


def _code(element: etree._Element | None, attribute: str = "code") -> str:
    if element is None:
        return ""
    return (element.get(attribute) or "").strip()


def read_transaction(element: etree._Element, ctx: ReadContext) -> TransactionRecord | None:
    # One pass over the children instead of a find() per child element (this is the hot path).
    parts = first_children(element)
    type_el = parts.get("transaction-type")
    kind = ctx.code("TransactionType", type_el, _code(type_el)) if type_el is not None else ""
    if not kind:
        ctx.problem(
            "missing-attribute", element, element="transaction", attribute="transaction-type/@code"
        )
        return None
    money = _value(element, ctx, "transaction", parts.get("value"))
    if money is None:
        return None
    amount, currency, value_date, raw = money
    provider_ref, provider_name = _org(parts.get("provider-org"), ctx)
    receiver_ref, receiver_name = _org(parts.get("receiver-org"), ctx)
    description = parts.get("description")
    return TransactionRecord(
        type=kind[:4],
        value=amount,
        currency=currency,
        date=ctx.date(parts.get("transaction-date")),
        value_date=value_date,
        ref=cut(element.get("ref") or "", 200),
        printed_amount=raw[:200],
        description=narrative.first_text(description) if description is not None else "",
        provider_ref=provider_ref,
        provider_name=provider_name,
        receiver_ref=receiver_ref,
        receiver_name=receiver_name,
        flow_type=_code(parts.get("flow-type"))[:4],
        finance_type=_code(parts.get("finance-type"))[:6],
        aid_type=_code(parts.get("aid-type"))[:8],
        recipient_country=_code(parts.get("recipient-country")).upper()[:8],
        sector_code=_code(parts.get("sector"))[:32],
    )


def exported_transactions(
    transactions: list[TransactionRecord], default_currency: str
) -> list[TransactionRecord]:
    """The transactions an export writes: rule 7.8.1 leaves out an amount with no currency in an
    activity with no default currency (the import recorded why)."""
    if default_currency:
        return transactions
    return [t for t in transactions if t.currency]


READERS: dict[str, Reader] = {
    "budget": collect(read_budget, "budgets"),
    "transaction": collect(read_transaction, "transactions"),
}


def _write_value(
    xf: etree._IncrementalFileWriter, value: Decimal, currency: str, value_date: dt.date
) -> None:
    attrs = {"value-date": value_date.isoformat()}
    if currency:
        attrs["currency"] = currency
    with xf.element("value", attrs):
        xf.write(decimal_text(value))


def write_budget(xf: etree._IncrementalFileWriter, budget: BudgetRecord) -> None:
    """Write a budget; the exporter fills in missing dates first (the schema needs them)."""
    assert budget.period_start is not None and budget.period_end is not None
    with xf.element("budget", {"type": budget.type or "1", "status": budget.status or "1"}):
        xf.write(etree.Element("period-start", {"iso-date": budget.period_start.isoformat()}))
        xf.write(etree.Element("period-end", {"iso-date": budget.period_end.isoformat()}))
        _write_value(xf, budget.value, budget.currency, budget.value_date or budget.period_start)


def write_transaction(
    xf: etree._IncrementalFileWriter, transaction: TransactionRecord, *, region: str = ""
) -> None:
    """Write a transaction; the exporter fills in a missing date first (the schema needs one).

    ``region``: a recipient region written when the transaction names no recipient country."""
    t = transaction
    assert t.date is not None
    with xf.element("transaction", {"ref": t.ref} if t.ref else {}):
        xf.write(etree.Element("transaction-type", code=t.type))
        xf.write(etree.Element("transaction-date", {"iso-date": t.date.isoformat()}))
        _write_value(xf, t.value, t.currency, t.value_date or t.date)
        if t.description:
            with xf.element("description"), xf.element("narrative"):
                xf.write(t.description)
        for tag, ref, name in (
            ("provider-org", t.provider_ref, t.provider_name),
            ("receiver-org", t.receiver_ref, t.receiver_name),
        ):
            if ref or name:
                with xf.element(tag, {"ref": ref} if ref else {}):
                    if name:
                        with xf.element("narrative"):
                            xf.write(name)
        if t.sector_code:
            xf.write(etree.Element("sector", code=t.sector_code))
        if t.recipient_country:
            xf.write(etree.Element("recipient-country", code=t.recipient_country))
        elif region:
            xf.write(etree.Element("recipient-region", code=region, vocabulary="1"))
        if t.flow_type:
            xf.write(etree.Element("flow-type", code=t.flow_type))
        if t.finance_type:
            xf.write(etree.Element("finance-type", code=t.finance_type))
        if t.aid_type:
            xf.write(etree.Element("aid-type", code=t.aid_type))

"""Forms of the grant pages: they parse what people type into records, naming the field and line
of every mistake in the user's language; the services decide what is allowed."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from partnerhub.activities.models import Modality
from partnerhub.grants.models import AttachmentKind, Criterion, Decision, ResultLevel
from partnerhub.grants.records import (
    DRAFT_FIELDS,
    ApplicationDraft,
    BudgetLineRecord,
    IndicatorRecord,
    Share,
)
from partnerhub.reference.models import Country

LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
CURRENCY = re.compile(r"^[A-Z]{3}$")


def _decimal(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def parse_shares(text: str, *, known: set[str] | None) -> list[Share]:
    """``SZ 60`` per line (the percentage may be left out); errors name the line."""
    out = []
    for n, line in _lines(text):
        parts = line.replace(",", " ").replace("%", " ").split()
        code = parts[0].upper()
        if known is not None and code not in known:
            raise forms.ValidationError(
                _g("Line %(n)s: unknown code %(code)s.") % {"n": n, "code": code}
            )
        percentage = None
        if len(parts) > 1:
            try:
                percentage = _decimal(parts[1])
            except ValueError:
                raise forms.ValidationError(
                    _g("Line %(n)s: %(value)s is not a percentage.") % {"n": n, "value": parts[1]}
                ) from None
            if not 0 < percentage <= 100:
                raise forms.ValidationError(
                    _g("Line %(n)s: a percentage lies between 0 and 100.") % {"n": n}
                )
        out.append(Share(code, percentage))
    return out


def parse_budget(text: str) -> list[BudgetLineRecord]:
    """``item | amount | currency`` per line."""
    out = []
    for n, line in _lines(text):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not parts[0]:
            raise forms.ValidationError(
                _g("Line %(n)s: write item | amount | currency.") % {"n": n}
            )
        try:
            amount = _decimal(parts[1])
        except ValueError:
            raise forms.ValidationError(
                _g("Line %(n)s: %(value)s is not an amount.") % {"n": n, "value": parts[1]}
            ) from None
        if amount < 0:
            raise forms.ValidationError(_g("Line %(n)s: the amount is negative.") % {"n": n})
        currency = parts[2].upper()
        if not CURRENCY.match(currency):
            raise forms.ValidationError(
                _g("Line %(n)s: %(value)s is not a currency code.") % {"n": n, "value": parts[2]}
            )
        out.append(BudgetLineRecord(parts[0][:300], amount, currency))
    return out


def parse_indicators(text: str) -> list[IndicatorRecord]:
    """``level | result | indicator | unit | baseline | target | means of verification``."""
    out = []
    for n, line in _lines(text):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (6, 7):
            raise forms.ValidationError(
                _g(
                    "Line %(n)s: write level | result | indicator | unit | baseline | target | "
                    "means of verification."
                )
                % {"n": n}
            )
        level = parts[0].lower()
        if level not in ResultLevel.values:
            raise forms.ValidationError(
                _g("Line %(n)s: the level is output or outcome.") % {"n": n}
            )
        try:
            baseline, target = _decimal(parts[4] or "0"), _decimal(parts[5])
        except ValueError:
            raise forms.ValidationError(
                _g("Line %(n)s: baseline and target are numbers.") % {"n": n}
            ) from None
        means = parts[6] if len(parts) == 7 else ""
        out.append(IndicatorRecord(level, parts[1], parts[2], parts[3], baseline, target, means))
    return out


def shares_text(shares: list[Share]) -> str:
    return "\n".join(
        f"{s.code} {s.percentage}" if s.percentage is not None else s.code for s in shares
    )


class ApplicationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    summary_zh = forms.CharField(
        label=_("Summary (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    local_counterpart = forms.CharField(
        label=_("Local counterpart"), max_length=300, required=False
    )
    modality = forms.ChoiceField(
        label=_("Modality"), choices=[("", "—"), *Modality.choices], required=False
    )
    countries = forms.CharField(
        label=_("Partner countries"),
        help_text=_("One per line: ISO code and percentage, e.g. SZ 60."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    sectors = forms.CharField(
        label=_("DAC sectors"),
        help_text=_("One per line: 5-digit DAC code and percentage, e.g. 12220 100."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    sdgs = forms.CharField(
        label=_("SDG goals and targets"),
        help_text=_("Separated by commas, e.g. 3, 3.1, 4."),
        required=False,
    )
    planned_start = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_end = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="TWD")
    contact_language = forms.ChoiceField(label=_("Language of our letters"), choices=LANGUAGES)
    budget = forms.CharField(
        label=_("Budget lines"),
        help_text=_("One per line: item | amount | currency."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    indicators = forms.CharField(
        label=_("Results framework"),
        help_text=_(
            "One indicator per line: output or outcome | result | indicator | unit | baseline | "
            "target | means of verification."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def clean_countries(self) -> list[Share]:
        known = set(Country.objects.values_list("code", flat=True))
        return parse_shares(self.cleaned_data["countries"], known=known)

    def clean_sectors(self) -> list[Share]:
        shares = parse_shares(self.cleaned_data["sectors"], known=None)
        for share in shares:
            if not re.fullmatch(r"\d{5}", share.code):
                raise forms.ValidationError(
                    _g("%(code)s is not a 5-digit DAC sector code.") % {"code": share.code}
                )
        return shares

    def clean_sdgs(self) -> list[str]:
        out = []
        for value in re.split(r"[,\s]+", self.cleaned_data["sdgs"].strip()):
            if not value:
                continue
            goal = value.partition(".")[0]
            if not goal.isdigit() or not 1 <= int(goal) <= 17:
                raise forms.ValidationError(
                    _g("%(value)s is not an SDG goal or target.") % {"value": value}
                )
            out.append(value)
        return out

    def clean_currency(self) -> str:
        value = str(self.cleaned_data["currency"]).upper()
        if not CURRENCY.match(value):
            raise forms.ValidationError(_g("Use a three-letter currency code such as TWD."))
        return value

    def clean_budget(self) -> list[BudgetLineRecord]:
        return parse_budget(self.cleaned_data["budget"])

    def clean_indicators(self) -> list[IndicatorRecord]:
        return parse_indicators(self.cleaned_data["indicators"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _g("The end date is before the start date."))
        return data

    def draft(self) -> ApplicationDraft:
        d = self.cleaned_data
        return ApplicationDraft(**{k: d[k] for k in DRAFT_FIELDS})

    @staticmethod
    def initial_from(draft: ApplicationDraft, version: int) -> dict[str, Any]:
        return {
            "version": version,
            "title_zh": draft.title_zh,
            "title_en": draft.title_en,
            "summary_zh": draft.summary_zh,
            "summary_en": draft.summary_en,
            "local_counterpart": draft.local_counterpart,
            "modality": draft.modality,
            "countries": shares_text(draft.countries),
            "sectors": shares_text(draft.sectors),
            "sdgs": ", ".join(draft.sdgs),
            "planned_start": draft.planned_start,
            "planned_end": draft.planned_end,
            "currency": draft.currency,
            "contact_language": draft.contact_language,
            "budget": "\n".join(
                f"{b.item} | {b.amount} | {b.currency}" for b in draft.budget or []
            ),
            "indicators": "\n".join(
                f"{i.level} | {i.result} | {i.indicator} | {i.unit} | {i.baseline} | {i.target}"
                f" | {i.means_of_verification}"
                for i in draft.indicators or []
            ),
        }


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("File (PDF, DOCX or XLSX)"))


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AssignForm(forms.Form):
    reviewer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=None
    )

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = reviewers


class DeclarationForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"),
        choices=[("no", _("No")), ("yes", _("Yes: I recuse myself"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("If yes, what is it?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, criteria: list[tuple[str, str, Decimal]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for slug, label, weight in criteria:
            self.fields[f"score-{slug}"] = forms.TypedChoiceField(
                label=f"{label} (×{weight.normalize()})",
                choices=[(str(n), str(n)) for n in range(6)],
                coerce=int,
            )
            self.fields[f"comment-{slug}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict[str, tuple[int, str]]:
        d = self.cleaned_data
        return {slug: (d[f"score-{slug}"], d[f"comment-{slug}"]) for slug, _l, _w in self.criteria}


class DeterminationForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))


class AmountForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=Decimal("0.01"), decimal_places=2)


class ReportForm(forms.Form):
    body = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 6}))


class ActualForm(forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput)
    period_end = forms.DateField(
        label=_("Period ending"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("Value reached"), decimal_places=2)


class VisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))


class CallForm(forms.Form):
    """A new call for proposals; a criterion left without a weight is not used."""

    slug = forms.SlugField(label=_("Short name in the address"), max_length=80)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    rules_zh = forms.CharField(label=_("Rules (Chinese)"), widget=forms.Textarea, required=False)
    rules_en = forms.CharField(label=_("Rules (English)"), widget=forms.Textarea, required=False)
    eligibility_zh = forms.CharField(
        label=_("Eligibility (Chinese)"), widget=forms.Textarea, required=False
    )
    eligibility_en = forms.CharField(
        label=_("Eligibility (English)"), widget=forms.Textarea, required=False
    )
    opens_at = forms.DateTimeField(
        label=_("Opens (Taipei time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes (Taipei time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    budget_ceiling = forms.DecimalField(label=_("Budget ceiling"), min_value=Decimal("0.01"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="TWD")
    required_attachments = forms.MultipleChoiceField(
        label=_("Required attachments"),
        choices=[c for c in AttachmentKind.choices if c[0] not in {"agreement", "report"}],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Criterion.choices:
            self.fields[f"weight-{value}"] = forms.DecimalField(
                label=_("Weight: %(criterion)s") % {"criterion": label},
                min_value=Decimal("0.01"),
                max_digits=5,
                decimal_places=2,
                required=False,
            )

    def clean_currency(self) -> str:
        value = str(self.cleaned_data["currency"]).upper()
        if not CURRENCY.match(value):
            raise forms.ValidationError(_g("Use a three-letter currency code such as TWD."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _g("The call must close after it opens."))
        if not self.criteria():
            raise forms.ValidationError(_g("Give a weight to at least one criterion."))
        return data

    def criteria(self) -> dict[str, Decimal]:
        return {
            value: self.cleaned_data[f"weight-{value}"]
            for value, _label in Criterion.choices
            if self.cleaned_data.get(f"weight-{value}")
        }

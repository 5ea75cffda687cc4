"""Staff pages of the translation queue: the queue, and a side-by-side editor per record."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from partnerhub.core.exceptions import PartnerHubError
from partnerhub.translations import selectors, services

PERMISSION = "translations.translate"


class TranslationForm(forms.Form):
    title_en = forms.CharField(label=_("English title"), widget=forms.Textarea(attrs={"rows": 3}))
    description_en = forms.CharField(
        label=_("English description"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    checked = forms.BooleanField(label=_("Checked by a second person"), required=False)


@permission_required(PERMISSION)
def queue(request: HttpRequest) -> HttpResponse:
    """Records whose English no person wrote yet, the most viewed first."""
    return render(request, "translations/queue.html", {"rows": selectors.translation_queue()})


@permission_required(PERMISSION)
def edit(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The Chinese beside the English: a person writes or corrects the English."""
    record = services.record_for(kind, key)
    initial = {
        "title_en": "" if record.title_en_status == "composed" else record.title_en,
        "description_en": ""
        if record.description_en_status == "composed"
        else record.description_en,
    }
    form = TranslationForm(request.POST or None, initial=initial)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(
                kind=kind,
                key=key,
                texts={f: form.cleaned_data[f] for f in ("title_en", "description_en")},
                user=request.user,
                checked=form.cleaned_data["checked"],
            )
        except PartnerHubError as problem:
            error = problem.message(request.LANGUAGE_CODE)
        else:
            return redirect("translations:queue")
    context = {
        "record": record,
        "kind": kind,
        "key": key,
        "form": form,
        "error": error,
        "note": selectors.translation_note(kind, key),
    }
    return render(request, "translations/edit.html", context)

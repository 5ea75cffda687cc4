"""Organisations: agencies, ministries, NGOs, INGOs, enterprises, partner governments, multilaterals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerhub.core.models import BilingualName, Provenance, Source
from partnerhub.reference.models import Country
from partnerhub.reference.search import reference_matches


class Category(models.TextChoices):
    """Taiwan's own organisation categories, beside the IATI organisation type."""

    MINISTRY = "ministry", _("Ministry or central agency")
    LOCAL_GOVERNMENT = "local-government", _("Local government")
    ICDF = "icdf", _("TaiwanICDF")
    DOMESTIC_NGO = "domestic-ngo", _("Domestic NGO")
    INGO = "ingo", _("International NGO")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOSPITAL_UNIVERSITY = "hospital-university", _("Hospital or university")
    FOUNDATION = "foundation", _("Foundation")
    PARTNER_GOVERNMENT = "partner-government", _("Partner government")
    MULTILATERAL_BANK = "multilateral-bank", _("Multilateral development bank")
    INTERNATIONAL_ORGANISATION = "international-organisation", _("International organisation")
    FOREIGN_MISSION = "foreign-mission", _("Foreign mission or office")
    OTHER = "other", _("Other")


#: The IATI OrganisationType each Taiwan category maps to when no better code is known.
CATEGORY_IATI_TYPE: dict[str, str] = {
    Category.MINISTRY: "10",
    Category.LOCAL_GOVERNMENT: "11",
    Category.ICDF: "15",
    Category.DOMESTIC_NGO: "22",
    Category.INGO: "21",
    Category.ENTERPRISE: "70",
    Category.HOSPITAL_UNIVERSITY: "80",
    Category.FOUNDATION: "60",
    Category.PARTNER_GOVERNMENT: "10",
    Category.MULTILATERAL_BANK: "40",
    Category.INTERNATIONAL_ORGANISATION: "40",
    Category.FOREIGN_MISSION: "10",
    Category.OTHER: "90",
}


def matching_q(key: str) -> models.Q:
    """The condition behind ``OrganisationQuerySet.matching``, for querysets of any class."""
    text = models.Q()
    for word in key.split():
        text &= models.Q(search_text__contains=word)
    found = reference_matches(key)
    if found.countries:
        text |= models.Q(country__code__in=found.countries)
    return text


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def matching(self, key: str) -> OrganisationQuerySet:
        """Organisations whose names or aliases contain every word of the folded ``key``, or
        based in a country the query names in either language (reference.search)."""
        return self.filter(matching_q(key)) if key.split() else self

    def named(self, key: str) -> OrganisationQuerySet:
        """Organisations one of whose names or aliases, in either language, the folded query
        names (as ``reference.search.name_matches``: two Chinese characters or three letters)."""
        cjk = any("\u2e80" <= ch <= "\u9fff" for ch in key)
        if len(key) < (2 if cjk else 3):
            return self.none()
        return self.filter(search_text__contains=key)

    def in_category(self, category: str) -> OrganisationQuerySet:
        return self.filter(category=category)

    def in_country(self, code: str) -> OrganisationQuerySet:
        return self.filter(country__code=code.upper())

    def name_keys(self, key: str, *, limit: int = 20) -> list[str]:
        """Every folded name and alias of the organisations the query names (see ``named``),
        so that a record whose text prints an organisation in one language is found by its name
        in the other. Names too short to be told apart from ordinary words (Latin forms under
        five letters such as "AIT", Chinese forms under three characters) are left out."""
        named = self.named(key).values("pk")[:limit]
        keys = OrganisationAlias.objects.filter(organisation__in=named).values_list(
            "key", flat=True
        )
        return sorted(
            {k for k in keys if len(k) >= (3 if any("\u2e80" <= ch <= "\u9fff" for ch in k) else 5)}
        )

    def listed(self) -> OrganisationQuerySet:
        """Organisations the public directory shows (not those registered and awaiting review)."""
        return self.filter(listed=True)


class Organisation(BilingualName):
    slug = models.SlugField(max_length=120, unique=True)
    abbreviation = models.CharField(max_length=60, blank=True)
    category = models.CharField(max_length=32, choices=Category.choices, default=Category.OTHER)
    iati_type = models.CharField(max_length=4, blank=True, help_text="IATI OrganisationType code")
    iati_identifier = models.CharField(max_length=200, null=True, blank=True, unique=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    website = models.URLField(blank=True)
    description_zh = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    source = models.CharField(max_length=32, choices=Source.choices, default=Source.USER)
    provenance = models.ForeignKey(
        Provenance, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    listed = models.BooleanField(
        default=True,
        help_text="Shown in the public directory. An organisation registered through the grant "
        "portal is listed once grants staff approve its admin's claim.",
    )
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_zh", "name_en"]
        indexes = [models.Index(fields=["category"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_zh="") | ~models.Q(name_en=""),
                name="organisation_has_a_name",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationAlias(models.Model):
    """A printed form of an organisation's name, kept verbatim; matching goes through these."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=500)
    key = models.CharField(max_length=500, db_index=True, editable=False)
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key"], name="organisation_alias_key_unique")
        ]

    def __str__(self) -> str:
        return self.alias

"""Writes for organisations. Names are matched only through the alias table, which keeps every
printed form verbatim."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import ForeignObjectRel
from django.utils.text import slugify

from partnerhub.core.audit import audit_each, audit_record
from partnerhub.core.exceptions import InvalidInput
from partnerhub.core.models import Provenance, Source
from partnerhub.core.services import apply_changes, editable_fields
from partnerhub.core.text import join_search_text, search_key
from partnerhub.organisations.models import CATEGORY_IATI_TYPE, Organisation, OrganisationAlias
from partnerhub.reference.models import Country


def _unique_slug(base: str) -> str:
    root = slugify(base, allow_unicode=False)[:100] or "org"
    slug, n = root, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug


def _refresh_search_text(organisation: Organisation) -> None:
    aliases = list(organisation.aliases.values_list("alias", flat=True))
    organisation.search_text = join_search_text(
        organisation.name_zh, organisation.name_en, organisation.abbreviation, *aliases
    )
    organisation.save(update_fields=["search_text"])


@transaction.atomic
def organisation_create(
    *,
    name_zh: str = "",
    name_en: str = "",
    abbreviation: str = "",
    category: str = "other",
    iati_type: str = "",
    iati_identifier: str | None = None,
    country: Country | None = None,
    website: str = "",
    slug: str = "",
    aliases: list[str] | None = None,
    source: str = Source.USER,
    provenance: Provenance | None = None,
    listed: bool = True,
) -> Organisation:
    """Create an organisation with its aliases (its own names are always aliases too)."""
    organisation = Organisation(
        slug=slug or _unique_slug(name_en or abbreviation or iati_identifier or name_zh),
        name_zh=name_zh,
        name_en=name_en,
        abbreviation=abbreviation,
        category=category,
        iati_type=iati_type or CATEGORY_IATI_TYPE.get(category, ""),
        iati_identifier=iati_identifier or None,
        country=country,
        website=website,
        source=source,
        provenance=provenance,
        listed=listed,
    )
    organisation.full_clean()
    organisation.save()
    for alias in [name_zh, name_en, abbreviation, *(aliases or [])]:
        if alias:
            organisation_add_alias(organisation=organisation, alias=alias)
    _refresh_search_text(organisation)
    audit_record(action="create", instance=organisation, summary=organisation.name)
    return organisation


def organisation_add_alias(*, organisation: Organisation, alias: str, language: str = "") -> None:
    """Attach a printed form to an organisation; a form already taken by another one is refused."""
    key = search_key(alias)
    existing = OrganisationAlias.objects.filter(key=key).first()
    if existing is not None:
        if existing.organisation_id != organisation.pk:
            raise InvalidInput(
                f"The name {alias!r} already belongs to organisation {existing.organisation_id}.",
                f"名稱「{alias}」已屬於另一個組織（{existing.organisation_id}）。",
                field="alias",
            )
        return
    OrganisationAlias.objects.create(
        organisation=organisation, alias=alias, key=key, language=language
    )
    # Search reads the aliases through search_text, so a form added later must reach it too.
    _refresh_search_text(organisation)


def organisation_find(*, name: str) -> Organisation | None:
    """The organisation one of whose aliases folds to the same key as ``name``."""
    alias = (
        OrganisationAlias.objects.select_related("organisation")
        .filter(key=search_key(name))
        .first()
    )
    return alias.organisation if alias else None


def organisation_get_or_create(
    *, printed_name: str, category: str = "other", source: str = Source.USER, **fields: object
) -> tuple[Organisation, bool]:
    """Find an organisation by any printed form, or create it with that form as its name."""
    found = organisation_find(name=printed_name)
    if found is not None:
        return found, False
    is_zh = any("\u4e00" <= ch <= "\u9fff" for ch in printed_name)
    names = {"name_zh": printed_name} if is_zh else {"name_en": printed_name}
    names.update({k: v for k, v in fields.items() if k in {"name_zh", "name_en"} and v})  # type: ignore[misc]
    rest = {k: v for k, v in fields.items() if k not in {"name_zh", "name_en"}}
    return organisation_create(category=category, source=source, **names, **rest), True  # type: ignore[arg-type]


#: Slugs made when an organisation had no Latin name to make one from (「org-30」).
_PLACEHOLDER_SLUG = re.compile(r"^(org|ngo|c)(-\d+)?$")


@transaction.atomic
def organisation_fill_missing(
    *,
    organisation: Organisation,
    name_zh: str = "",
    name_en: str = "",
    abbreviation: str = "",
    country: Country | None = None,
) -> Organisation:
    """Fill the fields an organisation lacks (never overwrite one), and give an organisation that
    only had a placeholder slug one made from its new English name."""
    changes: dict[str, Any] = {}
    for name, value in (
        ("name_zh", name_zh),
        ("name_en", name_en),
        ("abbreviation", abbreviation),
    ):
        if value and not getattr(organisation, name):
            changes[name] = value
    # An English "name" that is only the abbreviation ("EBRD") gives way to the full name.
    if name_en and organisation.name_en and organisation.name_en == abbreviation != name_en:
        changes["name_en"] = name_en
    if country is not None and organisation.country_id is None:
        changes["country_id"] = country.pk
    if changes.get("name_en") and _PLACEHOLDER_SLUG.match(organisation.slug):
        changes["slug"] = _unique_slug(changes["name_en"])
    if not changes:
        return organisation
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    for alias in (name_zh, name_en, abbreviation):
        # A form another organisation already holds (two bodies abbreviated CIP) stays with it.
        if alias and not OrganisationAlias.objects.filter(key=search_key(alias)).exists():
            organisation_add_alias(organisation=organisation, alias=alias)
    _refresh_search_text(organisation)
    audit_record(
        action="update",
        instance=organisation,
        summary=organisation.name,
        changes={k: str(v) for k, v in changes.items()},
    )
    return organisation


ORGANISATION_FIELDS = editable_fields(Organisation, derived={"search_text"})


def _own_names(organisation: Organisation) -> list[str]:
    return [n for n in (organisation.name_zh, organisation.name_en, organisation.abbreviation) if n]


def _set_aliases(
    organisation: Organisation, aliases: Sequence[str | tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Make the alias table hold exactly ``aliases`` and the organisation's own names.

    Each alias is a printed form or a ``(printed form, language)`` pair. Returns the forms added
    and the forms removed, for the audit row.
    """
    wanted: dict[str, tuple[str, str]] = {}
    for item in [*_own_names(organisation), *aliases]:
        alias, language = (item, "") if isinstance(item, str) else item
        if alias.strip():
            wanted.setdefault(search_key(alias), (alias, language))
    stored = {a.key: a for a in organisation.aliases.all()}
    removed = [stored[k].alias for k in stored.keys() - wanted.keys()]
    OrganisationAlias.objects.filter(
        organisation=organisation, key__in=stored.keys() - wanted.keys()
    ).delete()
    added = []
    for key, (alias, language) in wanted.items():
        row = stored.get(key)
        if row is None:
            organisation_add_alias(organisation=organisation, alias=alias, language=language)
            added.append(alias)
        elif (row.alias, row.language) != (alias, language):
            row.alias, row.language = alias, language
            row.save(update_fields=["alias", "language"])
            added.append(alias)
    return added, removed


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    aliases: Sequence[str | tuple[str, str]] | None = None,
    actor: Any = None,
    **changes: Any,
) -> Organisation:
    """Change an organisation's fields; new names become aliases, old ones stay findable.

    ``aliases``, when given, is the whole list of extra printed forms (each a string or a
    ``(form, language)`` pair): forms not in it are removed, except the organisation's own names.
    """
    if changes.get("iati_identifier") == "":
        changes["iati_identifier"] = None  # unique, so "no identifier" must be NULL
    diff = apply_changes(organisation, changes, allowed=ORGANISATION_FIELDS)
    organisation.full_clean()
    organisation.save()
    if aliases is not None:
        added, removed = _set_aliases(organisation, aliases)
    else:
        keep = list(organisation.aliases.values_list("alias", "language"))
        added, removed = _set_aliases(organisation, keep)
    if added or removed:
        diff["aliases"] = [sorted(removed), sorted(added)]
    _refresh_search_text(organisation)
    if diff:
        audit_record(
            action="update",
            instance=organisation,
            summary=organisation.name,
            changes=diff,
            actor=actor,
        )
    return organisation


@transaction.atomic
def organisation_merge(*, keep: Organisation, drop: Organisation) -> Organisation:
    """Merge ``drop`` into ``keep``: every link and printed form moves over, then ``drop`` goes.

    The links are found through the model's reverse relations, so apps above this one
    (participations, event organisers) are moved without being imported here.
    """
    if keep.pk == drop.pk:
        return keep
    moved: dict[str, int] = {}
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel) or not relation.one_to_many:
            continue
        model = relation.related_model
        if model is OrganisationAlias or not isinstance(model, type):
            continue
        name = relation.field.name
        count = model._default_manager.filter(**{name: drop}).update(**{name: keep})
        if count:
            moved[model._meta.label] = count
    OrganisationAlias.objects.filter(organisation=drop).update(organisation=keep)
    summary = f"{drop.name} → {keep.name}"
    audit_record(action="delete", instance=drop, summary=summary, changes={"merged_into": keep.pk})
    drop.delete()
    _refresh_search_text(keep)
    audit_record(action="update", instance=keep, summary=summary, changes={"moved": moved})
    return keep


@transaction.atomic
def organisation_delete_unnamed(*, organisation: Organisation) -> None:
    """Delete an organisation row made for printed text that names no organisation (「民間」).

    The rows that cited it keep their printed text: each relation's ``SET_NULL`` leaves them
    pointing nowhere, which is how an unnamed participant is stored.
    """
    organisation_delete(organisation=organisation)


@transaction.atomic
def organisation_delete(*, organisation: Organisation, actor: Any = None) -> None:
    """Delete an organisation and its aliases; activities and events keep the printed names."""
    audit_record(
        action="delete",
        instance=organisation,
        summary=organisation.name,
        changes={"slug": [organisation.slug, None]},
        actor=actor,
    )
    organisation.delete()


@dataclass
class OrganisationRecord:
    """An organisation as an importer knows it, for :func:`organisation_bulk_create`."""

    slug: str
    name_zh: str = ""
    name_en: str = ""
    abbreviation: str = ""
    category: str = "other"
    iati_type: str = ""
    iati_identifier: str | None = None
    source: str = Source.USER
    aliases: list[str] = field(default_factory=list)


@transaction.atomic
def organisation_bulk_create(
    *,
    records: Sequence[OrganisationRecord],
    provenance: Provenance | None = None,
    actor: Any = None,
) -> list[Organisation]:
    """Create many organisations in a few statements (importers), with aliases and audit rows.

    Like :func:`organisation_create`, every name becomes an alias so the name matcher finds the
    organisation later; a form that already names another organisation stays with that one.
    """
    organisations = []
    for record in records:
        names = (record.name_zh, record.name_en, record.abbreviation, *record.aliases)
        organisation = Organisation(
            slug=record.slug,
            name_zh=record.name_zh,
            name_en=record.name_en,
            abbreviation=record.abbreviation,
            category=record.category,
            iati_type=record.iati_type,
            iati_identifier=record.iati_identifier or None,
            source=record.source,
            provenance=provenance,
            search_text=join_search_text(*names, record.iati_identifier),
        )
        # Uniqueness is the caller's (one query for the batch), so only the row's own rules here.
        organisation.full_clean(validate_unique=False)
        organisations.append(organisation)
    created = Organisation.objects.bulk_create(organisations)
    wanted: dict[str, OrganisationAlias] = {}
    for organisation, record in zip(created, records, strict=True):
        for alias in (record.name_zh, record.name_en, record.abbreviation, *record.aliases):
            key = search_key(alias)
            if key and key not in wanted:
                wanted[key] = OrganisationAlias(organisation=organisation, alias=alias, key=key)
    taken = set(OrganisationAlias.objects.filter(key__in=wanted).values_list("key", flat=True))
    OrganisationAlias.objects.bulk_create(v for k, v in wanted.items() if k not in taken)
    audit_each(action="create", instances=created, actor=actor)
    return created

"""Derive stage: from validated organisations to the lists every page shows.

All ordering rules live here, so pages, search and data agree: the municipality's own
organisations (soort: gemeente) first, then by name; on a doelgroep page the ones that
name the doelgroep before the ones for everyone; a landelijk organisation in every gemeente.
The filter rule lives here too (matches_filters), one for the wegwijzer and the search page's state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import schema
from kaart import record_types
from kaart.project import Project
from kaart.text import fold, slugify

FACET_PAGES = ("fase", "rol", "doelgroep", "activiteit")  # the facets with a page per key: /fase/<key>/ (docs/urls.md)


@dataclass(frozen=True)
class Gemeente:
    """A gemeente that occurs in the data: its name as written and its URL slug."""

    naam: str
    slug: str


@dataclass
class Derived:
    """The lists pages are made of: slugs in display order, per facet key and per gemeente."""

    order: list[str]
    by_facet: dict[str, dict[str, list[str]]]
    gemeenten: list[Gemeente]
    by_gemeente: dict[str, list[str]]
    gemeente_slugs: dict[str, list[str]]


def display_key(org: record_types.Organisatie) -> tuple:
    """Sort key: the municipality's own first, then by name (case and accents ignored)."""
    return (org.soort != "gemeente", fold(org.naam), org.naam)


def gemeenten_of(organisations: dict[str, record_types.Organisatie]) -> list[Gemeente]:
    """Every gemeente named in the data, by name; names that fold to one slug are one gemeente."""
    by_slug: dict[str, str] = {}
    for slug in sorted(organisations):
        for naam in organisations[slug].werkgebied.gemeenten:
            by_slug.setdefault(slugify(naam), naam)
    return sorted((Gemeente(naam, slug) for slug, naam in by_slug.items()), key=lambda g: (fold(g.naam), g.slug))


def derive(project: Project) -> Derived:
    """Order organisations and group them by fase, rol, doelgroep, activiteit and gemeente."""
    orgs = project.organisations
    order = sorted(orgs, key=lambda slug: (display_key(orgs[slug]), slug))
    by_facet = group_by_facet(project, order)
    gemeenten = gemeenten_of(orgs)
    gemeente_slugs = {slug: sorted({slugify(n) for n in orgs[slug].werkgebied.gemeenten}) for slug in orgs}
    # One pass over the organisations (not one per gemeente): linear at national scale.
    by_gemeente: dict[str, list[str]] = {g.slug: [] for g in gemeenten}
    for s in order:
        for gemeente in by_gemeente if orgs[s].werkgebied.landelijk else gemeente_slugs[s]:
            by_gemeente[gemeente].append(s)
    return Derived(order, by_facet, gemeenten, by_gemeente, gemeente_slugs)


def group_by_facet(project: Project, slugs: list[str]) -> dict[str, dict[str, list[str]]]:
    """Per facet and key the organisations of `slugs` (in display order) that have it, in that order;
    on a doelgroep the ones that name it first, then those for iedereen."""
    orgs = project.organisations
    by_facet: dict[str, dict[str, list[str]]] = {}
    for facet, attribute in schema.FACET_FIELDS.items():
        keys = getattr(project.vocab, facet)
        by_facet[facet] = lists = {key: [] for key in keys}
        for s in slugs:  # one pass, not one per key: in display order as the lists are
            for key in getattr(orgs[s], attribute):
                lists[key].append(s)
    everyone = by_facet["doelgroep"].get(schema.IEDEREEN, [])
    for key, named_slugs in by_facet["doelgroep"].items():
        if key != schema.IEDEREEN:
            named = set(named_slugs)
            named_slugs.extend(s for s in everyone if s not in named)
    return by_facet


def facets_per_gemeente(project: Project, derived: Derived) -> dict[str, dict[str, dict[str, list[str]]]] | None:
    """Per gemeente slug its facet lists (landelijke organisations included), when the map has at least
    `lijsten_per_gemeente_vanaf` gemeenten; None when the facet pages list the whole map."""
    if len(derived.gemeenten) < project.settings.lijsten_per_gemeente_vanaf:
        return None
    return {g.slug: group_by_facet(project, derived.by_gemeente[g.slug]) for g in derived.gemeenten}


@dataclass(frozen=True)
class FacetList:
    """A facet page's list in three parts, in display order: `kaartjes` as full cards, then as a short
    list (name and phone) `landelijk` (the landelijke ones that have the key, on a gemeente's page)
    and `iedereen` (on a doelgroep page, those for iedereen that do not name it)."""

    kaartjes: list[str]
    landelijk: list[str]
    iedereen: list[str]

    def __len__(self) -> int:
        return len(self.kaartjes) + len(self.landelijk) + len(self.iedereen)


def facet_list(project: Project, facet: str, key: str, slugs: list[str], per_gemeente: bool) -> FacetList:
    """`slugs` (a facet page's list) split for a light page: a full card only for what is special to
    the page; on a doelgroep page the ones that name it stay before those for iedereen."""
    orgs = project.organisations
    iedereen = []
    if facet == "doelgroep" and key != schema.IEDEREEN:
        iedereen = [s for s in slugs if key not in orgs[s].doelgroepen]
    named = [s for s in slugs if key in getattr(orgs[s], schema.FACET_FIELDS[facet])]
    if not per_gemeente:
        return FacetList(named, [], iedereen)
    landelijk = [s for s in named if orgs[s].werkgebied.landelijk]
    return FacetList([s for s in named if not orgs[s].werkgebied.landelijk], landelijk, iedereen)


def has_inloop(org: record_types.Organisatie) -> bool:
    """Whether residents can walk in without an appointment somewhere."""
    return any(uur.vorm == "inloop" for loc in org.locaties for uur in loc.spreekuren)


def melding_current(org: record_types.Organisatie, project: Project) -> bool:
    """A melding shows until and including its `tot` date."""
    return org.melding is not None and org.melding.tot >= project.today


def public_record(slug: str, org: record_types.Organisatie) -> dict:
    """The organisation as open data: slug plus the file's public fields under their own names."""
    return {"slug": slug, **org.model_dump(mode="json", exclude_none=True)}


def is_free(org: record_types.Organisatie) -> bool:
    """Help is free when `aanmelden.kosten` says just "gratis" ("gratis, u betaalt alleen uw belkosten"
    too); "gratis als de gemeente u aanmeldt" or "het eerste gesprek is gratis" is not said to be free."""
    kosten = fold(org.aanmelden.kosten or "").strip()
    return kosten == "gratis" or (kosten.startswith("gratis") and kosten[6:7] in (",", ";", ".", ":"))


# The filters that are a property of the organisation, not a list of keys: chosen as ["1"] (inloop=1).
FLAGS = {"inloop": has_inloop, "gratis": is_free, "anoniem": lambda org: org.aanmelden.anoniem}


def filter_values(org: record_types.Organisatie, name: str, gemeenten: Sequence[str]) -> Sequence[str]:
    """The organisation's values for a filter of keys: a facet's keys, its talen, its soort or its
    gemeente slugs (`gemeenten`)."""
    if name in schema.FACET_FIELDS:
        return getattr(org, schema.FACET_FIELDS[name])
    return {"taal": org.talen, "soort": [org.soort], "gemeente": gemeenten}[name]


def matches_filters(org: record_types.Organisatie, chosen: dict[str, list[str]], gemeenten: Sequence[str] = ()) -> bool:
    """The one filter rule, of the pages and the wegwijzer (templates/assets/filters.js has it for the
    search page and the referral list: tests/test_filter_parity.py): values of one filter OR-ed, filters AND-ed;
    iedereen fits every doelgroep, a landelijk organisation every gemeente. `chosen` maps a filter
    (fase, rol, activiteit, doelgroep, soort, taal, gemeente, or a flag of FLAGS) to the values chosen
    ("1" for a flag that is on); `gemeenten` are the organisation's gemeente slugs."""
    for name, values in chosen.items():
        if not values:
            continue
        if name in FLAGS:
            if not FLAGS[name](org):
                return False
        elif name == "gemeente" and org.werkgebied.landelijk:
            continue
        elif name == "doelgroep" and schema.IEDEREEN in org.doelgroepen:
            continue
        elif not set(values) & set(filter_values(org, name, gemeenten)):
            return False
    return True


def chosen_of(filters: schema.WegwijzerFilters) -> dict[str, list[str]]:
    """A wegwijzer choice's filters as the chosen values of matches_filters (a flag that is on as ["1"])."""
    chosen = {name: (["1"] if value else []) if isinstance(value, bool) else list(value) for name, value in filters}
    return {name: values for name, values in chosen.items() if values}


def urgent_lines(project: Project, derived: Derived) -> list[dict]:
    """Per gemeente the municipality's own debt-help numbers (settings' number as fallback)."""
    orgs = project.organisations
    lines = []
    for gemeente in derived.gemeenten:
        own = [
            s
            for s in derived.by_gemeente[gemeente.slug]
            if orgs[s].soort == "gemeente" and not orgs[s].werkgebied.landelijk and orgs[s].contact.telefoon
        ]
        numbers = [(orgs[s].naam, orgs[s].contact.telefoon) for s in own]
        lines.append(
            {
                "gemeente": gemeente,
                "nummers": numbers or [(project.settings.schuldhulp.naam, project.settings.spoed.telefoon)],
            }
        )
    return lines

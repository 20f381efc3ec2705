"""The wegwijzer's routes: per situation, gemeente and answer, which organisations fit best, in which order.

A resident taps a situation, then (on a map of more than one gemeente) their gemeente, then at most
one follow-up answer, and lands on a short page: at most MAX_BEST organisations that serve that
gemeente or the whole country, the rest folded under "Meer hulp". Every step is a static page, so
the route works without JavaScript; only the next walk-in time is left to the browser's clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial

import schema
from kaart.derive import Derived, Gemeente, chosen_of, matches_filters
from kaart.project import Project
from kaart.text import fold

MAX_BEST = 5
# "Meer hulp" is a short list, not the whole gemeente: a national map's gemeente has ~120
# organisations, and thousands of these pages would carry them all. The gemeente page has them.
MAX_MORE = 20
# More gemeenten than a phone shows in a short list: the home page's urgent line then asks for
# the gemeente first instead of giving the settings' one number, and every list of gemeenten
# (templates/gemeente-kiezer.html) gets its letter links and its narrowing field.
MANY_GEMEENTEN = 12


@dataclass(frozen=True)
class Route:
    """One end page: the organisations in the order the resident sees them."""

    spoedhulp: str | None
    """slug of the gemeente's own debt help, first with a call button (urgent situations only)"""
    beste: list[str]
    meer: list[str]
    totaal: int
    """how many fit in all (beste, meer and what the gemeente page has besides)"""


def wanted_keys(filters: schema.WegwijzerFilters) -> list[tuple[str, set[str]]]:
    """A situation's wanted keys as (organisation field, keys), for the facets it wants any of."""
    return [
        (field, set(getattr(filters, facet))) for facet, field in schema.FACET_FIELDS.items() if getattr(filters, facet)
    ]


def filter_score(org, wanted: list[tuple[str, set[str]]]) -> int:
    """How many of the situation's wanted keys (wanted_keys) the organisation names itself (iedereen does not count)."""
    return sum(len(keys.intersection(getattr(org, field))) for field, keys in wanted)


def first_match(org, criteria: list[dict[str, list[str]]]) -> int:
    """The place of the first `eerst` criterion (as chosen values) the organisation fits (len(criteria) when none)."""
    return next((number for number, wanted in enumerate(criteria) if matches_filters(org, wanted)), len(criteria))


def own_debt_help(project: Project, derived: Derived, gemeente: Gemeente | None) -> str | None:
    """The gemeente's own debt help (soort: gemeente, working there, with a phone number), if any."""
    if gemeente is None:
        return None
    orgs = project.organisations
    return next(
        (
            s
            for s in derived.by_gemeente[gemeente.slug]
            if orgs[s].soort == "gemeente" and not orgs[s].werkgebied.landelijk and orgs[s].contact.telefoon
        ),
        None,
    )


def route(
    project: Project,
    derived: Derived,
    situatie: schema.Situatie,
    gemeente: Gemeente | None,
    antwoord: schema.Antwoord | None = None,
    judged: dict | None = None,
) -> Route:
    """The organisations of one end page: pinned ones first; then help for everyone before help for one
    group (unless a group was asked for) and whole-gemeente before one-wijk help, as those fit fewer
    residents; then the `eerst` criteria (the answer's before the situation's), local before
    landelijk, the closest fit to the situation's filters, and the usual display order.

    `judged` keeps, per organisation, whether it fits this situation and answer and its place apart from
    the display order, for the next gemeente's page: a landelijke organisation is on every gemeente's."""
    orgs = project.organisations
    pool = derived.by_gemeente[gemeente.slug] if gemeente is not None else derived.order
    wanted = [chosen_of(f) for f in [situatie.filters] + ([antwoord.filters] if antwoord else [])]
    left_out = set(situatie.niet)
    pinned = {slug: number for number, slug in enumerate(situatie.vast)}
    criteria = [chosen_of(f) for f in list(antwoord.eerst if antwoord else []) + list(situatie.eerst)]
    groups_asked = bool(situatie.filters.doelgroep or (antwoord and antwoord.filters.doelgroep))
    judged = {} if judged is None else judged
    scored = wanted_keys(situatie.filters)

    def judge(slug: str) -> tuple | None:
        """The organisation's sort key apart from the display order, or None when it does not fit."""
        org = orgs[slug]
        # A pinned organisation shows wherever it works, whatever the filters say: the municipality chose it.
        if slug in left_out or not (slug in pinned or all(matches_filters(org, f) for f in wanted)):
            return None
        only_some = not groups_asked and schema.IEDEREEN not in org.doelgroepen  # e.g. only for ouderen
        return (
            pinned.get(slug, len(pinned)),
            only_some,
            bool(org.werkgebied.wijken),
            first_match(org, criteria),
            org.werkgebied.landelijk,
            -filter_score(org, scored),
        )

    for slug in pool:
        if slug not in judged:
            judged[slug] = judge(slug)
    place = {slug: number for number, slug in enumerate(pool)}
    ranked = sorted((s for s in pool if judged[s] is not None), key=lambda s: (*judged[s], place[s]))
    spoedhulp = own_debt_help(project, derived, gemeente) if situatie.spoed else None
    if spoedhulp in ranked:
        ranked.remove(spoedhulp)
    return Route(spoedhulp, ranked[:MAX_BEST], ranked[MAX_BEST : MAX_BEST + MAX_MORE], len(ranked))


def walk_in_json(org) -> str:
    """The walk-in hours with their place, as the browser's next-walk-in line reads them."""
    return json.dumps(
        [[u.dag, u.van, u.tot, u.vorm, loc.naam] for loc in org.locaties for u in loc.spreekuren if u.vorm == "inloop"],
        ensure_ascii=False,
    )


def end_page(project: Project, derived: Derived, path: str, situatie, gemeente, antwoord=None, judged=None) -> tuple:
    """An end page as (output path, template, its values when asked); `judged` as route's."""
    return (path, "wegwijzer-einde.html", partial(end_values, project, derived, situatie, gemeente, antwoord, judged))


def end_values(project: Project, derived: Derived, situatie, gemeente, antwoord, judged) -> dict:
    """The values of an end page: its route (why each organisation fits: fragments.reasons_renderer)."""
    found = route(project, derived, situatie, gemeente, antwoord, judged)
    return {"situatie": situatie, "gemeente": gemeente, "antwoord": antwoord, "route": found}


def step_page(project: Project, derived: Derived, path: str, situatie, gemeente, judged=None) -> tuple:
    """The page after the gemeente is known: the follow-up question, or straight the end page."""
    if situatie.vraag is None or gemeente is None:
        return end_page(project, derived, path, situatie, gemeente, judged=judged)
    return (path, "wegwijzer-vraag.html", {"situatie": situatie, "gemeente": gemeente})


def wegwijzer_pages(project: Project, derived: Derived) -> list[tuple[str, str, dict]]:
    """Every page of the wegwijzer: /wegwijzer/<situatie>/ (the gemeente asked where the map has more
    than one), /wegwijzer/<situatie>/<gemeente>/ and /wegwijzer/<situatie>/<gemeente>/<antwoord>/."""
    if project.wegwijzer is None:
        return []
    pages = []
    gemeenten = derived.gemeenten
    for situatie in project.wegwijzer.situaties:
        top = f"wegwijzer/{situatie.id}/"
        judged: dict = {}  # route's, for this situation without an answer; one per answer below
        if len(gemeenten) > 1:
            pages.append((top + "index.html", "situatie.html", {"situatie": situatie}))
        else:  # one gemeente (or only landelijke help): no choice to make, the step is skipped
            gemeente = gemeenten[0] if gemeenten else None
            pages.append(step_page(project, derived, top + "index.html", situatie, gemeente, judged))
        answers = situatie.vraag.antwoorden if situatie.vraag else []
        judged_after = [{} for _ in answers]
        for gemeente in gemeenten:
            here = f"{top}{gemeente.slug}/"
            pages.append(step_page(project, derived, here + "index.html", situatie, gemeente, judged))
            for antwoord, judged_here in zip(answers, judged_after):
                path = f"{here}{antwoord.id}/index.html"
                pages.append(end_page(project, derived, path, situatie, gemeente, antwoord, judged_here))
    return pages


def by_letter(gemeenten: list) -> list[tuple[str, list]]:
    """A long list of gemeenten (objects or dicts with a naam) under the first letter or digit of
    their folded name, A to Z ('s-Gravenhage under S); [] for a list short enough to scan."""
    if len(gemeenten) <= MANY_GEMEENTEN:
        return []
    groups: dict[str, list] = {}
    for gemeente in gemeenten:
        naam = gemeente["naam"] if isinstance(gemeente, dict) else gemeente.naam
        letter = next((c for c in fold(naam) if c.isalnum()), "#")
        groups.setdefault(letter, []).append(gemeente)
    return sorted(groups.items())


def many_gemeenten(derived: Derived) -> bool:
    """Whether the map covers so many gemeenten that one phone number cannot speak for them."""
    return len(derived.gemeenten) > MANY_GEMEENTEN


def urgent_situation(project: Project) -> schema.Situatie | None:
    """The first situation marked spoed: where the home page's urgent line sends a resident to choose."""
    return next((s for s in project.wegwijzer.situaties if s.spoed), None) if project.wegwijzer else None

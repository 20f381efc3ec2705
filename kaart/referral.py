"""Values of the helpers' tools: the paper map and the referral page, one per gemeente.

Where the map has one gemeente, the plain path (/print/, /doorverwijzen/) is that gemeente's
page; with more, it lists the gemeenten and each has its own static page, so every page
stays light on a national map and works without JavaScript.
"""

from __future__ import annotations

from kaart.derive import Derived, Gemeente, situation_slugs
from kaart.project import Project

OTHER_HELP = "Andere hulp"  # the paper map's last group: organisations no situation leads to


def own_debt_help(project: Project, derived: Derived, gemeente: Gemeente) -> list[str]:
    """The gemeente's own organisations (soort: gemeente, not landelijk), in display order."""
    orgs = project.organisations
    return [s for s in derived.by_gemeente[gemeente.slug]
            if orgs[s].soort == "gemeente" and not orgs[s].werkgebied.landelijk]


def need_groups(project: Project, derived: Derived, slugs: list[str]) -> list[tuple[str, list[str]]]:
    """The paper map's groups as (heading, slugs): each organisation once, under the first need it meets.

    The needs are the wegwijzer's situations, in the resident's own words. A situation for a
    doelgroep takes only the organisations that name that doelgroep (not every one for
    iedereen), and first: a business owner looks under "Ik ben ondernemer". A situation of
    the municipality's own (soort) is left out: that help heads the map. Without a wegwijzer,
    the phases are the needs.
    """
    if project.wegwijzer is None:
        situations = [(term.label, [s for s in derived.by_facet["fase"][key]]) for key, term in
                      project.vocab.fase.items()]
        claim_order = list(range(len(situations)))
    else:
        kept = [sit for sit in project.wegwijzer.situaties if not sit.filters.soort]
        orgs = project.organisations
        situations = []
        for sit in kept:
            found = situation_slugs(project, derived, sit.filters)
            if sit.filters.doelgroep:
                found = [s for s in found if set(sit.filters.doelgroep) & set(orgs[s].doelgroepen)]
            situations.append((sit.tekst, found))
        claim_order = sorted(range(len(kept)), key=lambda n: not kept[n].filters.doelgroep)
    wanted = set(slugs)
    taken: set[str] = set()
    claimed: dict[int, set[str]] = {}
    for number in claim_order:
        claimed[number] = {s for s in situations[number][1] if s in wanted and s not in taken}
        taken |= claimed[number]
    place = {s: n for n, s in enumerate(slugs)}
    groups = [(heading, sorted(claimed[n], key=place.__getitem__)) for n, (heading, _) in enumerate(situations)]
    rest = [s for s in slugs if s not in taken]
    return [group for group in groups + [(OTHER_HELP, rest)] if group[1]]


def urgent_line(lines: list[dict], gemeente: Gemeente) -> dict:
    """The urgent numbers of one gemeente from the list urgent_lines made."""
    return next(line for line in lines if line["gemeente"].slug == gemeente.slug)


def tool_pages(project: Project, derived: Derived, lines: list[dict]) -> list[tuple[str, str, dict]]:
    """The paper map and (when content/doorverwijzen.md exists) the referral page, per gemeente."""
    gemeenten = derived.gemeenten
    page = next((p for p in project.pages if p.slug == "doorverwijzen"), None)
    pages = []
    for gemeente in gemeenten:
        values = {"gemeente": gemeente, "lijn": urgent_line(lines, gemeente),
                  "eigen": own_debt_help(project, derived, gemeente)}
        print_values = {**values, "groepen": need_groups(project, derived, own_rest(values["eigen"], derived, gemeente))}
        pages.append((f"print/{gemeente.slug}/index.html", "print.html", print_values))
        if len(gemeenten) == 1:
            pages.append(("print/index.html", "print.html", print_values))
        if page is not None:
            pages.append((f"doorverwijzen/{gemeente.slug}/index.html", "doorverwijzen-gemeente.html",
                          {**values, "page": page, "slugs": derived.by_gemeente[gemeente.slug]}))
    if len(gemeenten) != 1:
        pages.append(("print/index.html", "print-gemeenten.html", {}))
    return pages


def own_rest(own: list[str], derived: Derived, gemeente: Gemeente) -> list[str]:
    """A gemeente's organisations without its own debt help (that heads the paper map)."""
    mine = set(own)
    return [s for s in derived.by_gemeente[gemeente.slug] if s not in mine]

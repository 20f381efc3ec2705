"""Values of the helpers' tools: the paper map and the referral page, one per gemeente.

Where the map has one gemeente, the plain path (/print/, /doorverwijzen/) is that gemeente's
page; with more, it lists the gemeenten and each has its own static page, so every page
stays light on a national map and works without JavaScript.
"""

from __future__ import annotations

from kaart.derive import Derived, Gemeente
from kaart.project import Project

OTHER_HELP = "Overige hulp"  # the paper map's last group: organisations without an activiteit
# Up to this many organisations the paper map tells what each does and fits two A4 pages (the
# example's largest gemeente has 26); beyond, it gives only name, phone and walk-in hours, and the
# national organisations as one short list.
FULL_ENTRIES = 32
# A long paper map shows about this many organisations, shared out over its groups (the most
# relevant of each), and says how many more are on the site: listing them all would take more
# than two A4 pages (bench/README.md, "Paper map").
PAPER_ENTRIES = 60
MIN_PER_GROUP = 3


def own_debt_help(project: Project, derived: Derived, gemeente: Gemeente) -> list[str]:
    """The gemeente's own organisations (soort: gemeente, not landelijk), in display order."""
    orgs = project.organisations
    return [
        s
        for s in derived.by_gemeente[gemeente.slug]
        if orgs[s].soort == "gemeente" and not orgs[s].werkgebied.landelijk
    ]


def need_groups(project: Project, slugs: list[str]) -> list[tuple[str, str, list[str]]]:
    """The paper map's groups as (label, uitleg, slugs): each organisation once, under its main activiteit.

    The main activiteit is the first the organisation names; its label says in plain words what
    a resident gets ("Overzicht maken", "Er voor u zijn"). Activiteiten do not overlap the way
    the wegwijzer's situations do, so every group stays short; they come in the taxonomy's order.
    """
    orgs = project.organisations
    by_key: dict[str, list[str]] = {}
    rest = []
    for s in slugs:
        if orgs[s].activiteiten:
            by_key.setdefault(orgs[s].activiteiten[0], []).append(s)
        else:
            rest.append(s)
    groups = [(term.label, term.uitleg, by_key[key]) for key, term in project.vocab.activiteit.items() if key in by_key]
    return groups + ([(OTHER_HELP, "", rest)] if rest else [])


def urgent_line(lines: list[dict], gemeente: Gemeente) -> dict:
    """The urgent numbers of one gemeente from the list urgent_lines made."""
    return next(line for line in lines if line["gemeente"].slug == gemeente.slug)


def tool_pages(project: Project, derived: Derived, lines: list[dict]) -> list[tuple[str, str, dict]]:
    """The paper map and (when content/doorverwijzen.md exists) the referral page, per gemeente."""
    gemeenten = derived.gemeenten
    page = next((p for p in project.pages if p.slug == "doorverwijzen"), None)
    pages = []
    for gemeente in gemeenten:
        values = {
            "gemeente": gemeente,
            "lijn": urgent_line(lines, gemeente),
            "eigen": own_debt_help(project, derived, gemeente),
        }
        print_values = {
            **values,
            **paper_lists(project, own_rest(values["eigen"], derived, gemeente)),
            "totaal": len(derived.by_gemeente[gemeente.slug]),
        }
        pages.append((f"print/{gemeente.slug}/index.html", "print.html", print_values))
        if len(gemeenten) == 1:
            pages.append(("print/index.html", "print.html", print_values))
        if page is not None:
            pages.append(
                (
                    f"doorverwijzen/{gemeente.slug}/index.html",
                    "doorverwijzen-gemeente.html",
                    {**values, "page": page, "slugs": derived.by_gemeente[gemeente.slug]},
                )
            )
    if len(gemeenten) != 1:
        pages.append(("print/index.html", "print-gemeenten.html", {}))
    return pages


def paper_lists(project: Project, slugs: list[str]) -> dict:
    """The paper map's lists as (label, uitleg, slugs shown, how many more): all when the map is short;
    else the most relevant per need and per the national ones, so it stays within two A4 pages."""
    if len(slugs) <= FULL_ENTRIES:
        return {
            "groepen": [(*group, 0) for group in need_groups(project, slugs)],
            "landelijk": [],
            "landelijk_meer": 0,
            "kort": False,
        }
    orgs = project.organisations
    local = [s for s in slugs if not orgs[s].werkgebied.landelijk]
    national = [s for s in slugs if orgs[s].werkgebied.landelijk]
    groups = need_groups(project, local)
    cap = max(MIN_PER_GROUP, PAPER_ENTRIES // (len(groups) + bool(national)))
    shown = [
        (label, uitleg, most_relevant(project, group, cap), max(0, len(group) - cap)) for label, uitleg, group in groups
    ]
    return {
        "groepen": shown,
        "landelijk": most_relevant(project, national, cap),
        "landelijk_meer": max(0, len(national) - cap),
        "kort": True,
    }


def most_relevant(project: Project, slugs: list[str], count: int) -> list[str]:
    """The first `count` organisations for a paper map: callable, with a walk-in hour, working close by."""
    orgs = project.organisations

    def rank(item: tuple[int, str]) -> tuple:
        place, slug = item
        org = orgs[slug]
        walk_in = any(u.vorm == "inloop" for loc in org.locaties for u in loc.spreekuren)
        return (not org.contact.telefoon, not walk_in, len(org.werkgebied.gemeenten or []), place)

    chosen = {slug for _, slug in sorted(enumerate(slugs), key=rank)[:count]}
    return [slug for slug in slugs if slug in chosen]


def own_rest(own: list[str], derived: Derived, gemeente: Gemeente) -> list[str]:
    """A gemeente's organisations without its own debt help (that heads the paper map)."""
    mine = set(own)
    return [s for s in derived.by_gemeente[gemeente.slug] if s not in mine]

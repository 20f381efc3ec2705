"""Derive the regisseur's report: out-of-date entries, gaps and overlaps in the local chain.

The JSON shape is a contract (dashboards read it): verouderd, gaten, overlap, dekking; keys are
only ever added. A landelijk organisation works in every gemeente. Gemeenten are named as in the
files. `dubbel` is the overlap that means something (same activiteit, fase and doelgroep).
"""

from __future__ import annotations

from datetime import date

import schema
from kaart.derive import Derived
from kaart.project import Project
from kaart.text import slugify
from kaart.warnings import is_stale

REPORT_VERSION = 1


def coverage(project: Project, derived: Derived) -> dict[str, dict[str, dict[str, list[str]]]]:
    """gemeente -> fase -> rol -> slugs of the organisations offering that there."""
    orgs = project.organisations
    result = {}
    for gemeente in derived.gemeenten:
        here = derived.by_gemeente[gemeente.slug]
        result[gemeente.naam] = {
            fase: {
                rol: sorted(s for s in here if fase in orgs[s].fases and rol in orgs[s].rollen)
                for rol in project.vocab.rol
            }
            for fase in project.vocab.fase
        }
    return result


def overlaps(project: Project, derived: Derived, threshold: int) -> list[dict]:
    """Combinations of gemeente, fase, rol and doelgroep that `threshold` or more organisations offer."""
    orgs = project.organisations
    found = []
    for gemeente in derived.gemeenten:
        here = derived.by_gemeente[gemeente.slug]
        for fase in project.vocab.fase:
            for rol in project.vocab.rol:
                for doelgroep in project.vocab.doelgroep:
                    slugs = sorted(
                        s
                        for s in here
                        if fase in orgs[s].fases and rol in orgs[s].rollen and doelgroep in orgs[s].doelgroepen
                    )
                    if len(slugs) >= threshold:
                        found.append(
                            {
                                "gemeente": gemeente.naam,
                                "fase": fase,
                                "rol": rol,
                                "doelgroep": doelgroep,
                                "organisaties": slugs,
                            }
                        )
    return found


def doubles(project: Project, derived: Derived, threshold: int) -> list[dict]:
    """`threshold` or more organisations in one gemeente doing one activiteit in one fase for one doelgroep."""
    orgs = project.organisations
    found = []
    for gemeente in derived.gemeenten:
        here = derived.by_gemeente[gemeente.slug]
        for activiteit in project.vocab.activiteit:
            doing = [s for s in here if activiteit in orgs[s].activiteiten]
            for fase in project.vocab.fase:
                for doelgroep in project.vocab.doelgroep:
                    slugs = sorted(s for s in doing if fase in orgs[s].fases and doelgroep in orgs[s].doelgroepen)
                    if len(slugs) >= threshold:
                        found.append(
                            {
                                "gemeente": gemeente.naam,
                                "activiteit": activiteit,
                                "fase": fase,
                                "doelgroep": doelgroep,
                                "organisaties": slugs,
                            }
                        )
    return found


def target_groups(project: Project, derived: Derived) -> dict[str, dict[str, list[str]]]:
    """gemeente -> doelgroep -> slugs of the organisations that name it there."""
    orgs = project.organisations
    return {
        g.naam: {
            doelgroep: sorted(s for s in derived.by_gemeente[g.slug] if doelgroep in orgs[s].doelgroepen)
            for doelgroep in project.vocab.doelgroep
        }
        for g in derived.gemeenten
    }


def months_ago(checked: date, today: date) -> int:
    """Whole months from `checked` to `today` (a month counts once its day is reached)."""
    months = (today.year - checked.year) * 12 + today.month - checked.month
    return months - 1 if today.day < checked.day else months


def stale_entries(project: Project, derived: Derived, months: int) -> list[dict]:
    """The verouderd entries with how long ago, their gemeenten and the organisation's public contact."""
    result = []
    members = [(g.naam, set(derived.by_gemeente[g.slug])) for g in derived.gemeenten]
    for slug, org in sorted(project.organisations.items()):
        if is_stale(org.gecontroleerd, project.today, months):
            result.append(
                {
                    "slug": slug,
                    "gecontroleerd": org.gecontroleerd.isoformat(),
                    "maanden_geleden": months_ago(org.gecontroleerd, project.today),
                    "gemeenten": [naam for naam, here in members if slug in here],
                    "contact": {
                        k: v for k, v in (("telefoon", org.contact.telefoon), ("email", org.contact.email)) if v
                    },
                }
            )
    return result


def missing_parts(project: Project) -> dict[str, list[str]]:
    """Per organisation, what residents or referrers miss: locaties, spreekuren, doorverwijzen."""
    result = {}
    for slug, org in sorted(project.organisations.items()):
        missing = []
        if not org.locaties:
            missing.append("locaties")
        elif not any(loc.spreekuren for loc in org.locaties):
            missing.append("spreekuren")
        if org.doorverwijzen is None:
            missing.append("doorverwijzen")
        if missing:
            result[slug] = missing
    return result


def report_data(project: Project, derived: Derived, months: int | None = None, threshold: int | None = None) -> dict:
    """The whole report as plain values (the JSON contract plus what the text form shows)."""
    months = months or project.settings.verouderd_na_maanden
    threshold = threshold or project.settings.overlap_drempel
    dekking = coverage(project, derived)
    gaten = [
        {"gemeente": gemeente, "fase": fase, "rol": rol}
        for gemeente, fases in dekking.items()
        for fase, rollen in fases.items()
        for rol, slugs in rollen.items()
        if not slugs
    ]
    doelgroepen = target_groups(project, derived)
    return {
        "versie": REPORT_VERSION,
        "peildatum": project.today.isoformat(),
        "instellingen": {"verouderd_na_maanden": months, "overlap_drempel": threshold},
        "verouderd": stale_entries(project, derived, months),
        "gaten": gaten,
        "overlap": overlaps(project, derived, threshold),
        "dekking": dekking,
        "ontbreekt": missing_parts(project),
        "dubbel": doubles(project, derived, threshold),
        "doelgroepen": doelgroepen,
        "gaten_doelgroep": [
            {"gemeente": g, "doelgroep": d}
            for g, groups in doelgroepen.items()
            for d, slugs in groups.items()
            if not slugs and d != schema.IEDEREEN
        ],
    }


def cell_text(report: dict):
    """The function templates use for one matrix cell: the count, with 'GAT' for a gap. Overlap is not
    marked here: a cell's organisations rarely do the same; `dubbel` names those that do."""

    def cell(gemeente: str, fase: str, rol: str, slugs: list[str]) -> str:
        return str(len(slugs)) if slugs else "0 GAT"

    return cell


MISSING_WORDS = {
    "locaties": "geen adres",
    "spreekuren": "geen spreekuur",
    "doorverwijzen": "geen gegevens voor doorverwijzers",
}


def missing_words(parts: list[str]) -> str:
    """What an organisation misses in words: ['locaties', 'doorverwijzen'] -> 'geen adres, geen gegevens ...'."""
    return ", ".join(MISSING_WORDS[p] for p in parts)


def months_words(months: int) -> str:
    """'1 maand geleden', '14 maanden geleden'."""
    return f"{months} maand geleden" if months == 1 else f"{months} maanden geleden"


def for_gemeente(report: dict, naam: str, here: list[str]) -> dict:
    """The report's lists narrowed to one gemeente (what /overzicht/<gemeente>/ shows); here: its slugs."""
    dekking, members = report["dekking"][naam], set(here)
    return {
        "naam": naam,
        "slug": slugify(naam),
        "dekking": dekking,
        "per_fase": {fase: sorted({s for slugs in rollen.values() for s in slugs}) for fase, rollen in dekking.items()},
        "voor_iedereen": report["doelgroepen"][naam].get(schema.IEDEREEN, []),
        "ontbreekt": [(slug, parts) for slug, parts in report["ontbreekt"].items() if slug in members],
        "doelgroepen": report["doelgroepen"][naam],
        "dubbel": [d for d in report["dubbel"] if d["gemeente"] == naam],
        "verouderd": [v for v in report["verouderd"] if naam in v["gemeenten"]],
        "gaten": sum(1 for g in report["gaten"] if g["gemeente"] == naam),
        "gaten_doelgroep": [g["doelgroep"] for g in report["gaten_doelgroep"] if g["gemeente"] == naam],
    }


def template_values(report: dict, derived: Derived) -> dict:
    """What the report templates need besides the report itself."""
    return {
        "r": report,
        "peildag": date.fromisoformat(report["peildatum"]),
        "cell": cell_text(report),
        "missing_words": missing_words,
        "months_words": months_words,
        "gemeenten": [for_gemeente(report, g.naam, derived.by_gemeente[g.slug]) for g in derived.gemeenten],
    }

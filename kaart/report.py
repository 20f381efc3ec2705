"""Derive the regisseur's report: out-of-date entries, gaps and overlaps in the local chain.

The JSON shape is a contract (dashboards read it): verouderd, gaten, overlap, dekking.
A landelijk organisation works in every gemeente. Gemeenten are named as in the files.
"""

from __future__ import annotations

from kaart.derive import Derived
from kaart.project import Project
from kaart.warnings import is_stale

REPORT_VERSION = 1


def coverage(project: Project, derived: Derived) -> dict[str, dict[str, dict[str, list[str]]]]:
    """gemeente -> fase -> rol -> slugs of the organisations offering that there."""
    orgs = project.organisations
    result = {}
    for gemeente in derived.gemeenten:
        here = derived.by_gemeente[gemeente.slug]
        result[gemeente.naam] = {
            fase: {rol: sorted(s for s in here if fase in orgs[s].fases and rol in orgs[s].rollen)
                   for rol in project.vocab.rol}
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
                    slugs = sorted(s for s in here if fase in orgs[s].fases and rol in orgs[s].rollen
                                   and doelgroep in orgs[s].doelgroepen)
                    if len(slugs) >= threshold:
                        found.append({"gemeente": gemeente.naam, "fase": fase, "rol": rol,
                                      "doelgroep": doelgroep, "organisaties": slugs})
    return found


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


def report_data(project: Project, derived: Derived, months: int | None = None,
                threshold: int | None = None) -> dict:
    """The whole report as plain values (the JSON contract plus what the text form shows)."""
    months = months or project.settings.verouderd_na_maanden
    threshold = threshold or project.settings.overlap_drempel
    dekking = coverage(project, derived)
    gaten = [{"gemeente": gemeente, "fase": fase, "rol": rol}
             for gemeente, fases in dekking.items() for fase, rollen in fases.items()
             for rol, slugs in rollen.items() if not slugs]
    verouderd = [{"slug": slug, "gecontroleerd": org.gecontroleerd.isoformat()}
                 for slug, org in sorted(project.organisations.items())
                 if is_stale(org.gecontroleerd, project.today, months)]
    return {
        "versie": REPORT_VERSION,
        "peildatum": project.today.isoformat(),
        "instellingen": {"verouderd_na_maanden": months, "overlap_drempel": threshold},
        "verouderd": verouderd,
        "gaten": gaten,
        "overlap": overlaps(project, derived, threshold),
        "dekking": dekking,
        "ontbreekt": missing_parts(project),
    }


def cell_text(report: dict):
    """The function templates use for one matrix cell: count, 'GAT' for a gap, '!' for overlap."""
    overlapping = {(o["gemeente"], o["fase"], o["rol"]) for o in report["overlap"]}

    def cell(gemeente: str, fase: str, rol: str, slugs: list[str]) -> str:
        if not slugs:
            return "0 GAT"
        return f"{len(slugs)} !" if (gemeente, fase, rol) in overlapping else str(len(slugs))

    return cell

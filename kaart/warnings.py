"""Warnings that keep the map alive: they never fail a build unless `check --strict`."""

from __future__ import annotations

from datetime import date

from kaart.gather import Project
from kaart.problems import Problem


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of the month where that day does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in range(day.day, 27, -1) if day.day > 28 else [day.day]:
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, 28)


def is_stale(checked: date, today: date, months: int) -> bool:
    """An entry is verouderd when it was last checked more than `months` months ago."""
    return checked < months_before(today, months)


def find_warnings(project: Project) -> list[Problem]:
    """Every warning about the organisations, located in their files."""
    found = []
    months = project.settings.verouderd_na_maanden
    for slug, org in sorted(project.organisations.items()):
        doc = project.org_docs[slug]

        def warn(loc: tuple, message: str) -> None:
            found.append(Problem(doc.path, *doc.where(loc), ".".join(map(str, loc)), message, warning=True))

        if is_stale(org.gecontroleerd, project.today, months):
            warn(("gecontroleerd",), f"al meer dan {months} maanden niet gecontroleerd "
                                     f"({org.gecontroleerd.isoformat()}); vraag de organisatie of alles nog klopt")
        if org.melding is not None and org.melding.tot < project.today:
            warn(("melding", "tot"), f"de melding is verlopen op {org.melding.tot.isoformat()}; "
                                     "haal de melding weg")
    return found

"""Warnings that keep the map alive: they never fail a build unless `check --strict`.

Each is located at the line of the file an editor has to look at: an entry not checked for
too long, an expired melding, sentences too long for plain language (B1), a gemeente name that
looks like a typo of another, an organisation nobody can phone or visit, two entries with the
same phone number or website (likely one organisation twice), and a file that disappeared
from the organisations folder (compared with git) without an entry in content/verhuisd.yaml.
find_warnings gathers them all: those about sentences come from kaart/warnings_sentences.py, the
comparisons across files from kaart/warnings_across.py, personal data from kaart/personal.py.
"""

from __future__ import annotations

import os
from datetime import date

from kaart.history import PendingSlugs
from kaart.personal import personal_data_warnings
from kaart.positions import YamlDoc
from kaart.problems import Problem, warning_at
from kaart.project import Project
from kaart.warnings_across import duplicate_warnings, gemeente_warnings
from kaart.warnings_sentences import sentence_warnings


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


def _unreachable_warning(doc: YamlDoc, org) -> list[Problem]:
    """No phone and no address: a resident without internet cannot reach this organisation."""
    if org.contact.telefoon or org.locaties:
        return []
    return [
        warning_at(
            doc,
            ("contact",),
            "geen telefoonnummer en geen adres: wie geen internet heeft, kan deze "
            "organisatie niet bereiken. Vul contact.telefoon in, of een locatie",
            key=True,
        )
    ]


def _disappeared_warnings(project: Project, ref: str, in_git: PendingSlugs | None) -> list[Problem]:
    """Slugs in git's version of the folder (`in_git`, asked at `ref`) that are gone now, without an
    entry in verhuisd.yaml."""
    before = in_git.result() if in_git is not None else None
    if not before:
        return []
    now = {os.path.basename(path)[: -len(".yaml")] for path in _yaml_files(project.organisations_dir)}
    path = os.path.join(project.content_dir, "verhuisd.yaml")
    return [
        Problem(
            path,
            1,
            1,
            "",
            f"'{slug}' staat niet meer in de map met organisaties (in git, {ref}, "
            f"stond {slug}.yaml er nog). Zet in {path} waar hij nu staat "
            f"('{slug}: nieuwe-naam') of '{slug}: gestopt', dan blijven oude links werken",
            warning=True,
        )
        for slug in sorted(before - now - set(project.verhuisd))
    ]


def _yaml_files(folder: str) -> list[str]:
    """The .yaml files of a folder (any name; a badly named file is an error elsewhere)."""
    try:
        return [os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".yaml")]
    except OSError:
        return []


def _schema_warnings(project: Project) -> list[Problem]:
    """The editor's JSON Schema beside the organisations folder no longer matches the vocabulary."""
    from kaart.schemafile import SCHEMA_FILES, schema_folder
    from kaart.schemafile_current import outdated_names

    if not project.organisations_dir:
        return []
    folder = schema_folder(project.organisations_dir)
    if not all((folder / name).exists() for name in SCHEMA_FILES):
        return []
    return [
        Problem(
            os.path.relpath(folder / name),
            1,
            1,
            "",
            "past niet meer bij schema.py of de vocabulaire; maak het opnieuw met: python build.py schema",
            warning=True,
        )
        for name in outdated_names(folder, project.vocab)
    ]


def find_warnings(project: Project, compare_ref: str = "HEAD") -> list[Problem]:
    """Every warning about the organisations, located in their files."""
    # git lists the folder as it was at compare_ref while the warnings below are made.
    in_git = PendingSlugs(project.organisations_dir, compare_ref) if project.organisations_dir else None
    try:
        return _warnings(project, compare_ref, in_git)
    finally:
        if in_git is not None:
            in_git.stop()


def _warnings(project: Project, compare_ref: str, in_git: PendingSlugs | None) -> list[Problem]:
    """find_warnings' list, with git's answer for the files that disappeared (`in_git`) asked already."""
    found = []
    months = project.settings.verouderd_na_maanden
    stale_before = months_before(project.today, months)  # is_stale's limit, the same for every organisation
    for slug, org in sorted(project.organisations.items()):
        doc = project.org_docs[slug]

        def warn(loc: tuple, message: str) -> None:
            found.append(warning_at(doc, loc, message))  # noqa: B023 - called within its own iteration

        if org.gecontroleerd < stale_before:
            warn(
                ("gecontroleerd",),
                f"al meer dan {months} maanden niet gecontroleerd "
                f"({org.gecontroleerd.isoformat()}); vraag de organisatie of alles nog klopt",
            )
        if org.melding is not None and org.melding.tot < project.today:
            warn(("melding", "tot"), f"de melding is verlopen op {org.melding.tot.isoformat()}; haal de melding weg")
        found += sentence_warnings(doc, org)
        found += _unreachable_warning(doc, org)
    found += gemeente_warnings(project)
    found += duplicate_warnings(project)
    found += personal_data_warnings(project)
    found += _disappeared_warnings(project, compare_ref, in_git)
    found += _schema_warnings(project)
    return found

"""Gather: read and validate every input file of a project before anything is written.

The result is a Project (kaart/project.py) of plain, validated values; any error in any file
stops the build with all problems listed at once (a municipality fixes them in one pass, not one
by one).
"""

from __future__ import annotations

import os
from datetime import date

import schema
from kaart import record_types
from kaart.parallel import map_in_two
from kaart.positions import PackedLocations, YamlDoc
from kaart.problems import Problem, UserError
from kaart.project import ContentPage, Project
from kaart.read_files import (
    NO_ORGANISATIONS,
    list_markdown_pages,
    list_yaml_folder,
    read_markdown_file,
    read_yaml_file,
)
from kaart.read_yaml import EMPTY_FILE
from kaart.records import organisation_record
from kaart.validate import gemeente_problems, validate_doc


def _read_model(path: str, model, context: dict, problems: list[Problem]):
    """Read and validate one YAML file; problems are appended, the model returned or None."""
    doc, found = read_yaml_file(path)
    if doc is None:
        problems.extend(found)
        return None, None
    result, found = validate_doc(doc, model, context)
    problems.extend(found)
    return result, doc


def read_organisation(
    path: str, context: dict, problems: list[Problem]
) -> tuple[record_types.Organisatie | None, YamlDoc | None]:
    """One organisation file read and validated: its record (or None) and where its fields stand."""
    model, doc = _read_model(path, schema.Organisatie, context, problems)
    return (None, None) if model is None else (organisation_record(model), doc)


def read_content(content_dir: str, problems: list[Problem]) -> tuple:
    """Settings, vocabulary, synonyms and Markdown pages from the content folder."""
    settings, _ = _read_model(os.path.join(content_dir, "instellingen.yaml"), schema.Instellingen, {}, problems)
    vocab, _ = _read_model(os.path.join(content_dir, "taxonomie.yaml"), schema.Taxonomie, {}, problems)
    synonyms_path = os.path.join(content_dir, "synoniemen.yaml")
    synonyms = schema.Synoniemen(groepen=[])
    if os.path.exists(synonyms_path):
        synonyms, _ = _read_model(synonyms_path, schema.Synoniemen, {}, problems)
    pages = []
    files, found = list_markdown_pages(content_dir)
    problems.extend(found)
    for slug, path in files:
        read, found = read_markdown_file(path)
        problems.extend(found)
        if read is None:
            continue
        doc, body = read
        meta, found = validate_doc(doc, schema.Pagina, {})
        problems.extend(found)
        if meta is not None:
            pages.append(ContentPage(slug, meta, body, path))
    return settings, vocab, synonyms, pages


RESERVED_SLUGS = {
    "zoeken",
    "organisaties",
    "fase",
    "rol",
    "doelgroep",
    "activiteit",
    "gemeente",
    "data",
    "assets",
    "verwijskaart",
    "print",
    "overzicht",
    "wegwijzer",
    "404",
}


def read_organisations(folder: str, context: dict, problems: list[Problem]) -> tuple[dict, dict, dict, set[str]]:
    """Every organisation file of the folder, validated, keyed by slug (on two cores when many); and the
    slugs of all its files, valid or not."""
    organisations, paths, docs = {}, {}, {}
    files, found = list_yaml_folder(folder)
    problems.extend(found)
    if not files and not found:  # a wrong --organisations, or an emptied folder: never publish an empty map
        problems.append(Problem(folder, 1, 1, "", NO_ORGANISATIONS))

    def read_some(some: list[tuple[str, str]]) -> list[tuple]:
        read = []
        for slug, path in some:
            found: list[Problem] = []
            record, doc = read_organisation(path, context, found)
            read.append((slug, path, record, None if record is None else PackedLocations(doc), found))
        return read

    for slug, path, model, where, found in map_in_two(files, read_some):
        problems.extend(found)
        if model is not None:
            organisations[slug], paths[slug], docs[slug] = model, path, where
    return organisations, paths, docs, {slug for slug, _ in files}


def read_partners(folder: str, known_slugs: set[str], problems: list[Problem]) -> dict[str, schema.Partner]:
    """Partner files, each for an organisation that exists."""
    partners = {}
    files, found = list_yaml_folder(folder)
    problems.extend(found)
    for slug, path in files:
        if slug not in known_slugs:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "",
                    f"er is geen organisatie '{slug}'; de naam van een "
                    "partnerbestand is die van het organisatiebestand",
                )
            )
            continue
        model, _ = _read_model(path, schema.Partner, {}, problems)
        if model is not None:
            partners[slug] = model
    return partners


def gather(organisations_dir: str, content_dir: str, today: date, partners_dir: str | None = None) -> Project:
    """Read and validate the whole project, or raise UserError with every problem found."""
    problems: list[Problem] = []
    settings, vocab, synonyms, pages = read_content(content_dir, problems)
    if vocab is None:
        raise UserError(problems)
    context = {"vocab": vocab, "today": today}
    # A file that failed validation still has its slug: its partner file and verhuisd.yaml may name it.
    organisations, paths, docs, file_slugs = read_organisations(organisations_dir, context, problems)
    problems.extend(gemeente_problems(organisations, paths, docs))
    wegwijzer = None
    wegwijzer_path = os.path.join(content_dir, "wegwijzer.yaml")
    if os.path.exists(wegwijzer_path):
        # Pinned and left-out organisations must name a file of the organisations folder.
        wegwijzer, _ = _read_model(wegwijzer_path, schema.Wegwijzer, {**context, "slugs": file_slugs}, problems)
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            problems.append(
                Problem(
                    page.path,
                    1,
                    1,
                    "",
                    f"de naam '{page.slug}' is al in gebruik door de site; kies een andere bestandsnaam",
                )
            )
    partners = None
    if partners_dir is not None:
        partners = read_partners(partners_dir, file_slugs, problems)
    verhuisd = read_verhuisd(content_dir, file_slugs, problems)
    if problems or settings is None or synonyms is None:
        raise UserError(problems)
    return Project(
        today,
        settings,
        vocab,
        synonyms,
        organisations,
        paths,
        docs,
        pages,
        partners,
        wegwijzer=wegwijzer,
        verhuisd=verhuisd,
        organisations_dir=organisations_dir,
        content_dir=content_dir,
    )


def read_verhuisd(content_dir: str, slugs: set[str], problems: list[Problem]) -> dict[str, str]:
    """content/verhuisd.yaml (optional; only comments counts as empty), checked against the slugs."""
    path = os.path.join(content_dir, "verhuisd.yaml")
    if not os.path.exists(path):
        return {}
    doc, found = read_yaml_file(path)
    if doc is None and any(problem.code == EMPTY_FILE for problem in found):
        return {}
    if doc is None:
        problems.extend(found)
        return {}
    model, found = validate_doc(doc, schema.Verhuisd, {"slugs": slugs})
    problems.extend(found)
    return dict(model.root) if model is not None else {}

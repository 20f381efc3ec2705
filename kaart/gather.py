"""Gather: read and validate every input file of a project before anything is written.

The result is a Project of plain, validated values; any error in any file stops the build
with all problems listed at once (a municipality fixes them in one pass, not one by one).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import schema
from kaart.parallel import map_in_two
from kaart.positions import PackedLocations, YamlDoc
from kaart.problems import Problem, UserError
from kaart.read import SLUG_RE, list_yaml_folder, read_markdown_file, read_yaml_file
from kaart.records import Record, record_of
from kaart.validate import validate_doc


@dataclass
class ContentPage:
    """A Markdown page from content/: its slug, front matter and Markdown body."""

    slug: str
    meta: schema.Pagina
    body: str
    path: str


@dataclass
class Project:
    """Everything the build needs, validated: settings, vocabulary, organisations, pages."""

    today: date
    settings: schema.Instellingen
    vocab: schema.Taxonomie
    synonyms: schema.Synoniemen
    organisations: dict[str, Record]
    """slug -> the validated organisation, as a light record of the model (kaart/records.py)"""
    org_paths: dict[str, str]
    org_docs: dict[str, YamlDoc | PackedLocations]
    """slug -> where each field stands in its file (for warnings)"""
    pages: list[ContentPage]
    partners: dict[str, schema.Partner] | None = None
    warnings: list[Problem] = field(default_factory=list)
    wegwijzer: schema.Wegwijzer | None = None
    verhuisd: dict[str, str] = field(default_factory=dict)
    """content/verhuisd.yaml: old slug -> new slug or 'gestopt'"""
    organisations_dir: str = ""
    content_dir: str = ""
    changed: dict[str, date] = field(default_factory=dict)
    """slug -> date of the last git commit that touched its file (kaart/history.py; empty without git)"""
    data_date: date | None = None
    """date of the last git commit that touched the organisations folder (None without git)"""


def _read_model(path: str, model, context: dict, problems: list[Problem]):
    """Read and validate one YAML file; problems are appended, the model returned or None."""
    doc, found = read_yaml_file(path)
    if doc is None:
        problems.extend(found)
        return None, None
    result, found = validate_doc(doc, model, context)
    problems.extend(found)
    return result, doc


def read_organisation(path: str, context: dict, problems: list[Problem]):
    """One organisation file read and validated: its record (or None) and where its fields stand."""
    model, doc = _read_model(path, schema.Organisatie, context, problems)
    return (None, None) if model is None else (record_of(model), doc)


def read_content(content_dir: str, problems: list[Problem]) -> tuple:
    """Settings, vocabulary, synonyms and Markdown pages from the content folder."""
    settings, _ = _read_model(os.path.join(content_dir, "instellingen.yaml"), schema.Instellingen, {}, problems)
    vocab, _ = _read_model(os.path.join(content_dir, "taxonomie.yaml"), schema.Taxonomie, {}, problems)
    synonyms_path = os.path.join(content_dir, "synoniemen.yaml")
    synonyms = schema.Synoniemen(groepen=[])
    if os.path.exists(synonyms_path):
        synonyms, _ = _read_model(synonyms_path, schema.Synoniemen, {}, problems)
    pages = []
    names = sorted(os.listdir(content_dir)) if os.path.isdir(content_dir) else []
    for name in names:
        if not name.endswith(".md") or name.startswith("."):
            continue
        path = os.path.join(content_dir, name)
        slug = name[:-3]
        if not SLUG_RE.match(slug):
            problems.append(Problem(path, 1, 1, "", f"de bestandsnaam '{slug}' mag alleen kleine letters, "
                                                     "cijfers en streepjes bevatten"))
            continue
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


RESERVED_SLUGS = {"zoeken", "organisaties", "fase", "rol", "doelgroep", "gemeente", "data", "assets",
                  "verwijskaart", "print", "overzicht", "wegwijzer", "404"}


def read_organisations(folder: str, context: dict, problems: list[Problem]) -> tuple[dict, dict, dict]:
    """Every organisation file of the folder, validated, keyed by slug (on two cores when many)."""
    organisations, paths, docs = {}, {}, {}
    files, found = list_yaml_folder(folder)
    problems.extend(found)

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
    return organisations, paths, docs


def read_partners(folder: str, known_slugs: set[str], problems: list[Problem]) -> dict[str, schema.Partner]:
    """Partner files, each for an organisation that exists."""
    partners = {}
    files, found = list_yaml_folder(folder)
    problems.extend(found)
    for slug, path in files:
        if slug not in known_slugs:
            problems.append(Problem(path, 1, 1, "", f"er is geen organisatie '{slug}'; de naam van een "
                                                     "partnerbestand is die van het organisatiebestand"))
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
    wegwijzer = None
    wegwijzer_path = os.path.join(content_dir, "wegwijzer.yaml")
    if os.path.exists(wegwijzer_path):
        # Pinned and left-out organisations must name a file of the organisations folder.
        wegwijzer, _ = _read_model(wegwijzer_path, schema.Wegwijzer,
                                   {**context, "slugs": _failed_slugs(organisations_dir)}, problems)
    organisations, paths, docs = read_organisations(organisations_dir, context, problems)
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            problems.append(Problem(page.path, 1, 1, "", f"de naam '{page.slug}' is al in gebruik door de site; "
                                                          "kies een andere bestandsnaam"))
    partners = None
    if partners_dir is not None:
        partners = read_partners(partners_dir, set(organisations) | _failed_slugs(organisations_dir), problems)
    verhuisd = read_verhuisd(content_dir, _failed_slugs(organisations_dir), problems)
    if problems or settings is None or synonyms is None:
        raise UserError(problems)
    return Project(today, settings, vocab, synonyms, organisations, paths, docs, pages, partners,
                   wegwijzer=wegwijzer, verhuisd=verhuisd, organisations_dir=organisations_dir,
                   content_dir=content_dir)


def read_verhuisd(content_dir: str, slugs: set[str], problems: list[Problem]) -> dict[str, str]:
    """content/verhuisd.yaml (optional; only comments counts as empty), checked against the slugs."""
    path = os.path.join(content_dir, "verhuisd.yaml")
    if not os.path.exists(path):
        return {}
    doc, found = read_yaml_file(path)
    if doc is None and found and found[0].message == "het bestand is leeg":
        return {}
    if doc is None:
        problems.extend(found)
        return {}
    model, found = validate_doc(doc, schema.Verhuisd, {"slugs": slugs})
    problems.extend(found)
    return dict(model.root) if model is not None else {}


def _failed_slugs(folder: str) -> set[str]:
    """Slugs of files that exist but failed validation (their partner file is not 'unknown')."""
    files, _ = list_yaml_folder(folder)
    return {slug for slug, _ in files}

"""Render stage: validated data and derived lists in, every output file as bytes out.

HTML lives only in templates/; this module decides which page gets which values. Every
link is relative (`root` is the way back to the site's top), so the site works under any
base path; only sitemap, canonical and JSON-LD use the absolute --base-url.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

import phonenumbers
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

import schema
from kaart.derive import (Derived, has_inloop, melding_current, public_record, search_query, situation_groups,
                          situation_slugs, urgent_lines)
from kaart.export import json_ld, open_data_files
from kaart.gather import Project
from kaart.report import cell_text, report_data
from kaart.search import search_files, search_page_values
from kaart.text import markdown_to_html, slugify

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")
FACET_PAGES = (("fase", "fases"), ("rol", "rollen"), ("doelgroep", "doelgroepen"))
CONTRACT_VERSION = 1
# Content pages that also show data: the Markdown text comes first, the lists follow.
PAGE_TEMPLATES = {"doorverwijzen": "doorverwijzen.html"}


@dataclass(frozen=True)
class Options:
    """What the command line asked for: base URL and whether this is the partner build."""

    base_url: str = ""
    partner: bool = False


@lru_cache(maxsize=4096)  # the same numbers show on many pages
def tel_href(number: str) -> str:
    """A shown phone number as a tel: link target in international form."""
    return "tel:" + phonenumbers.format_number(phonenumbers.parse(number, "NL"), phonenumbers.PhoneNumberFormat.E164)


def whatsapp_href(number: str) -> str:
    """A WhatsApp chat link for a number (opens the resident's own app)."""
    e164 = phonenumbers.format_number(phonenumbers.parse(number, "NL"), phonenumbers.PhoneNumberFormat.E164)
    return "https://wa.me/" + e164.lstrip("+")


def datum(value) -> str:
    """A date in plain Dutch: 2026-09-01 -> '1 september 2026'."""
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def make_environment(templates_dir: str) -> Environment:
    """The Jinja environment: autoescape on, undefined values are errors, our filters."""
    env = Environment(loader=FileSystemLoader(templates_dir), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(tel_href=tel_href, whatsapp_href=whatsapp_href, datum=datum, taalnaam=schema.taalnaam,
                       markdown=markdown_to_html, slugify=slugify, urlquote=lambda s: quote(str(s), safe=""))
    return env


def _root(path: str) -> str:
    """The relative way from an output file back to the site's top folder."""
    depth = path.count("/")
    return "../" * depth if depth else "./"


def organisation_page(project: Project, slug: str) -> tuple[str, str, dict]:
    """The page of one organisation as (output path, template, page-specific values)."""
    org = project.organisations[slug]
    return (f"organisaties/{slug}/index.html", "organisatie.html", {
        "slug": slug, "org": org, "inloop": has_inloop(org),
        "melding": melding_current(org, project),
        "partner": (project.partners or {}).get(slug),
        "bron": repository_path(project.org_paths[slug]),
        "gewijzigd": project.changed.get(slug),
        "uren_json": json.dumps([[u.dag, u.van, u.tot, u.vorm] for loc in org.locaties
                                 for u in loc.spreekuren], ensure_ascii=False),
    })


def page_list(project: Project, derived: Derived) -> list[tuple[str, str, dict]]:
    """Every HTML page as (output path, template, page-specific values)."""
    orgs = project.organisations
    talen = sorted({code for org in orgs.values() for code in org.talen}, key=lambda c: (schema.taalnaam(c), c))
    labels = {"fase": {key: term.label for key, term in project.vocab.fase.items()}}
    pages = [("index.html", "home.html", {}),
             ("zoeken/index.html", "zoeken.html", {
                 "talen": [(code, schema.taalnaam(code)) for code in talen],
                 "labels_json": json.dumps(labels, ensure_ascii=False, sort_keys=True),
                 **search_page_values(project, derived)}),
             ("organisaties/index.html", "organisaties.html", {})]
    for slug in derived.order:
        pages.append(organisation_page(project, slug))
    for facet, _ in FACET_PAGES:
        pages.append((f"{facet}/index.html", "facet-overzicht.html", {"facet": facet}))
        for key, term in getattr(project.vocab, facet).items():
            pages.append((f"{facet}/{key}/index.html", "facet.html",
                          {"facet": facet, "key": key, "term": term, "slugs": derived.by_facet[facet][key]}))
    pages.append(("gemeente/index.html", "facet-overzicht.html", {"facet": "gemeente"}))
    for gemeente in derived.gemeenten:
        pages.append((f"gemeente/{gemeente.slug}/index.html", "gemeente.html",
                      {"gemeente": gemeente, "slugs": derived.by_gemeente[gemeente.slug]}))
    for page in project.pages:
        pages.append((f"{page.slug}/index.html", PAGE_TEMPLATES.get(page.slug, "pagina.html"),
                      {"page": page, "body": markdown_to_html(page.body, shift_headings=0)}))
    pages.append(("print/index.html", "print.html", {}))
    pages.append(("verwijskaart/index.html", "verwijskaart.html", {}))
    if project.wegwijzer is not None:
        for situatie in project.wegwijzer.situaties:
            slugs = situation_slugs(project, derived, situatie.filters)
            pages.append((f"wegwijzer/{situatie.id}/index.html", "situatie.html", {
                "situatie": situatie, "slugs": slugs,
                "groepen": situation_groups(derived, project.vocab, situatie.groeperen, slugs)}))
    if project.partners is not None:
        report = report_data(project, derived)
        pages.append(("overzicht/index.html", "overzicht.html", {"r": report, "cell": cell_text(report)}))
    for old, new in sorted(project.verhuisd.items()):
        pages.append((f"organisaties/{old}/index.html", "verhuisd.html",
                      {"oud": old, "nieuw": None if new == schema.GESTOPT else new}))
    pages.append(("404.html", "404.html", {}))
    return pages


def repository_path(path: str) -> str:
    """A source file's path as the edit link wants it: relative, never the machine's own folders."""
    source = Path(path)
    try:
        return source.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return f"{source.parent.name}/{source.name}"


def url_of(path: str) -> str:
    """The public URL path of an output file: 'fase/nazorg/index.html' -> 'fase/nazorg/'."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def page_renderer(project: Project, derived: Derived, templates_dir: str, options: Options):
    """(render, env, base_url): render(output path, template, values) -> bytes, with what pages share."""
    env = make_environment(templates_dir)
    base_url = options.base_url.rstrip("/") + "/" if options.base_url else ""
    menu = sorted((p for p in project.pages if p.meta.menu is not None), key=lambda p: (p.meta.menu, p.slug))
    common = {
        "project": project, "site": project.settings, "vocab": project.vocab, "derived": derived,
        "orgs": project.organisations, "menu": menu, "partner_build": options.partner, "base_url": base_url,
        "today": project.today, "has_inloop": has_inloop,
        "gemeente_naam": {g.slug: g.naam for g in derived.gemeenten},
        "spoedlijnen": urgent_lines(project, derived), "search_query": search_query,
        "json_ld": lambda slug: json_ld(project, slug, base_url),
    }
    common["kaartje_van"] = card_renderer(env, common)

    def render(path: str, template: str, values: dict) -> bytes:
        # The 404 page is served at any depth, so only an absolute path can lead back.
        root = (urlsplit(base_url).path or "/") if path == "404.html" else _root(path)
        html = env.get_template(template).render(**common, **values, root=root, path=path, url=url_of(path))
        return html.encode("utf-8")

    return render, env, base_url


def card_renderer(env: Environment, common: dict):
    """kaartje_van(slug, root, kop): an organisation's card as the kaartje macro makes it, made once.

    One card shows on many pages (facets, gemeente, wegwijzer, search); with the same way back
    to the top and heading level it is the same HTML, so it is rendered once per process.
    """
    cards: dict[tuple[str, str, str], str] = {}
    orgs = common["orgs"]
    macros = None

    def kaartje_van(slug: str, root: str, kop: str):
        nonlocal macros
        key = (slug, root, kop)
        card = cards.get(key)
        if card is None:
            if macros is None:
                macros = env.get_template("macros.html").make_module(common)
            card = cards[key] = macros.kaartje(slug, orgs[slug], root, kop)
        return card

    return kaartje_van


def render_site(project: Project, derived: Derived, templates_dir: str, options: Options) -> dict[str, bytes]:
    """Every output file of the site, by relative path."""
    render, env, base_url = page_renderer(project, derived, templates_dir, options)
    pages = page_list(project, derived)

    def render_page(number: int) -> tuple[str, bytes]:
        path, template, values = pages[number]
        return path, render(path, template, values)

    # The data files; the search index is the largest job, so it goes first.
    jobs = [lambda: search_files(project, derived),
            lambda: {"data/organisaties.json": organisations_json(project, derived)},
            lambda: open_data_files(project, derived, base_url),
            lambda: {"verwijskaart/kaarten.json": referral_cards_json(project, derived)}]
    files = render_in_parallel(env, pages, render_page, jobs, len(project.organisations))
    page_urls = [url_of(path) for path, template, _ in pages if path != "404.html" and template != "verhuisd.html"]
    files["sitemap.xml"] = env.get_template("sitemap.xml").render(base_url=base_url, urls=page_urls).encode()
    files["robots.txt"] = env.get_template("robots.txt").render(
        base_url=base_url, partner_build=options.partner).encode()
    for asset in sorted(Path(templates_dir, "assets").rglob("*")):
        if asset.is_file():
            files["assets/" + asset.relative_to(Path(templates_dir, "assets")).as_posix()] = asset.read_bytes()
    return files


# From this many organisations on, a second process shares the work (on a machine with 2+ cores).
PARALLEL_FROM = 200


def workers() -> int:
    """How many processes render: KAART_WORKERS, else 2 when the machine has 2 or more cores."""
    given = os.environ.get("KAART_WORKERS", "")
    if given.isdigit() and int(given) >= 1:
        return min(int(given), 2)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def render_in_parallel(env: Environment, pages: list, render_page, jobs: list, organisations: int) -> dict[str, bytes]:
    """Every page and data file, by relative path; on two cores when the site is large enough.

    A forked child (it shares the parent's validated data and compiled templates) first runs
    the data jobs, the search index first, then takes pages from the same counter as the
    parent until none are left, and sends its files back. The bytes do not depend on which
    process made them.
    """
    files: dict[str, bytes] = {}
    if workers() < 2 or organisations < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for number in range(len(pages)):
            path, content = render_page(number)
            files[path] = content
        for job in jobs:
            files.update(job())
        return files
    for template in sorted({template for _, template, _ in pages}):
        env.get_template(template)  # compile once, before the fork, for both processes
    context = multiprocessing.get_context("fork")
    counter = context.Value("l", 0)
    receive, send = context.Pipe(duplex=False)

    def take() -> int | None:
        with counter.get_lock():
            number = counter.value
            counter.value += 1
        return number if number < len(pages) else None

    def child() -> None:
        try:
            made: dict[str, bytes] = {}
            for job in jobs:
                made.update(job())
            while (number := take()) is not None:
                path, content = render_page(number)
                made[path] = content
            send.send(("ok", made))
        except BaseException:  # noqa: BLE001 - the parent reports it as the build's own error
            send.send(("fout", traceback.format_exc()))
        finally:
            send.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        while (number := take()) is not None:
            path, content = render_page(number)
            files[path] = content
        status, made = receive.recv()
    except BaseException:
        process.kill()
        raise
    finally:
        receive.close()
        process.join()
    if status != "ok":
        raise RuntimeError("het tweede bouwproces faalde:\n" + made)
    files.update(made)
    return files


def organisations_json(project: Project, derived: Derived) -> bytes:
    """/data/organisaties.json: the contract's open data, sorted by slug."""
    records = [public_record(slug, project.organisations[slug]) for slug in sorted(project.organisations)]
    data = {"versie": CONTRACT_VERSION, "organisaties": records}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def referral_card(org: schema.Organisatie) -> dict:
    """What a verwijskaart shows of one organisation: name, what, phone, walk-in hours, address, what to bring."""
    inloop = [f"{u.dag} {u.van}-{u.tot} ({loc.naam})" for loc in org.locaties for u in loc.spreekuren
              if u.vorm == "inloop"]
    card = {"n": org.naam, "s": org.samenvatting,
            "adres": [f"{loc.naam}, {loc.adres}, {loc.postcode} {loc.plaats}" for loc in org.locaties[:2]],
            "inloop": inloop[:4],
            "mee": list(org.doorverwijzen.meenemen) if org.doorverwijzen else []}
    if org.contact.telefoon:
        card["tel"] = org.contact.telefoon
    return card


def referral_cards_json(project: Project, derived: Derived) -> bytes:
    """The data the verwijskaart page fills its cards from, by slug."""
    cards = {slug: referral_card(project.organisations[slug]) for slug in sorted(project.organisations)}
    return json.dumps(cards, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")

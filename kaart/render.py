"""Render stage: validated data and derived lists in, every output file handed to a writer.

HTML lives only in templates/; this module decides which page gets which values. Every
link is relative (`root` is the way back to the site's top), so the site works under any
base path; only sitemap, canonical and JSON-LD use the absolute --base-url.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment

import schema
from kaart.derive import (
    FACET_PAGES,
    Derived,
    facet_list,
    facets_per_gemeente,
    has_inloop,
    is_free,
    melding_current,
    urgent_lines,
)
from kaart.export import each_open_data_file, json_ld, organisations_json, referral_cards_json
from kaart.fragments import entry_renderers
from kaart.jsontext import spaced_json
from kaart.parallel import can_fork, in_two, shared_counter
from kaart.project import Project
from kaart.referral import tool_pages
from kaart.render_jinja import make_environment
from kaart.report import report_data, template_values
from kaart.search_files import each_search_file, search_page_values
from kaart.text import markdown_to_html
from kaart.wegwijzer import many_gemeenten, urgent_situation, wegwijzer_pages
from kaart.write import whole

# Content pages that also show data: the Markdown text comes first, the lists follow.
PAGE_TEMPLATES = {"doorverwijzen": "doorverwijzen.html"}
CHUNKS_AT_ONCE = 1024  # template output pieces encoded and written at a time (a card is one piece)
# Below this many organisations the render child is forked before the build waits for its warnings
# (render_in_parallel): at 300 the wait was 10-13 ms of a ~150 ms render; at 3,000 the warnings are
# nearly done when the pages are listed, and the three processes at once raised the tree's peak
# (RSS summed 155-170 -> 180-190 MB, PSS 112 -> 118 MB) for ~1 % of the time.
FORK_BEFORE_WARNINGS_UNTIL = 1000


@dataclass(frozen=True)
class Options:
    """What the command line asked for: base URL and whether this is the partner build."""

    base_url: str = ""
    partner: bool = False


def _root(path: str) -> str:
    """The relative way from an output file back to the site's top folder."""
    depth = path.count("/")
    return "../" * depth if depth else "./"


def organisation_page(project: Project, slug: str) -> tuple[str, str, Callable[[], dict]]:
    """The page of one organisation as (output path, template, its values when asked: page_list)."""
    return (f"organisaties/{slug}/index.html", "organisatie.html", partial(organisation_values, project, slug))


def organisation_values(project: Project, slug: str) -> dict:
    """The values of an organisation's page."""
    org = project.organisations[slug]
    return {
        "slug": slug,
        "org": org,
        "inloop": has_inloop(org),
        "melding": melding_current(org, project),
        "partner": (project.partners or {}).get(slug),
        "bron": repository_path(project.org_paths[slug]),
        "gewijzigd": project.changed.get(slug),
        "uren_json": spaced_json([[u.dag, u.van, u.tot, u.vorm] for loc in org.locaties for u in loc.spreekuren]),
    }


def page_list(project: Project, derived: Derived) -> list[tuple[str, str, dict | Callable[[], dict]]]:
    """Every HTML page as (output path, template, page-specific values). Where the values take work
    (organisation and wegwijzer pages) they are a function that makes them, called when the page is
    rendered: in the process that renders it, after the fork, not all in the one before it."""
    orgs = project.organisations
    talen = sorted({code for org in orgs.values() for code in org.talen}, key=lambda c: (schema.taalnaam(c), c))
    labels = {"fase": {key: term.label for key, term in project.vocab.fase.items()}}
    pages = [
        ("index.html", "home.html", {}),
        (
            "zoeken/index.html",
            "zoeken.html",
            {
                "talen": [(code, schema.taalnaam(code)) for code in talen],
                "labels_json": json.dumps(labels, ensure_ascii=False, sort_keys=True),
                **search_page_values(project, derived),
            },
        ),
        all_organisations_page(project, derived),
    ]
    for slug in derived.order:
        pages.append(organisation_page(project, slug))
    pages += facet_pages(project, derived)
    pages.append(("gemeente/index.html", "facet-overzicht.html", {"facet": "gemeente"}))
    for gemeente in derived.gemeenten:
        pages.append(
            (
                f"gemeente/{gemeente.slug}/index.html",
                "gemeente.html",
                {"gemeente": gemeente, "slugs": derived.by_gemeente[gemeente.slug]},
            )
        )
    for page in project.pages:  # the Markdown is converted when the page is rendered: after the fork
        pages.append(
            (f"{page.slug}/index.html", PAGE_TEMPLATES.get(page.slug, "pagina.html"), partial(page_values, page))
        )
    pages += tool_pages(project, derived, urgent_lines(project, derived))  # paper map, referral list per gemeente
    pages.append(("verwijskaart/index.html", "verwijskaart.html", search_page_values(project, derived)))
    pages.extend(wegwijzer_pages(project, derived))
    if project.partners is not None:
        pages += overview_pages(project, derived)
    for old, new in sorted(project.verhuisd.items()):
        pages.append(
            (
                f"organisaties/{old}/index.html",
                "verhuisd.html",
                {"oud": old, "nieuw": None if new == schema.GESTOPT else new},
            )
        )
    pages.append(("404.html", "404.html", {}))
    return pages


def page_values(page) -> dict:
    """The values of a content page: the page and its Markdown text as HTML."""
    return {"page": page, "body": markdown_to_html(page.body, shift_headings=0)}


def all_organisations_page(project: Project, derived: Derived) -> tuple[str, str, dict]:
    """/organisaties/: every organisation by name, or, from `lijsten_per_gemeente_vanaf` gemeenten on,
    the gemeenten (each links to its gemeente page) and the landelijke organisations."""
    if len(derived.gemeenten) < project.settings.lijsten_per_gemeente_vanaf:
        return ("organisaties/index.html", "organisaties.html", {})
    landelijk = [s for s in derived.order if project.organisations[s].werkgebied.landelijk]
    return ("organisaties/index.html", "organisaties-gemeenten.html", {"landelijk": landelijk})


def facet_pages(project: Project, derived: Derived) -> list[tuple[str, str, dict]]:
    """/fase/ and /fase/<key>/ (the same for each of FACET_PAGES); on a map with many gemeenten
    /fase/<key>/ lists the gemeenten and /fase/<key>/<gemeente>/ the organisations there."""
    split = facets_per_gemeente(project, derived)
    pages = []
    for facet in FACET_PAGES:
        pages.append((f"{facet}/index.html", "facet-overzicht.html", {"facet": facet}))
        for key, term in getattr(project.vocab, facet).items():
            values = {"facet": facet, "key": key, "term": term}
            if split is None:
                lijst = facet_list(project, facet, key, derived.by_facet[facet][key], per_gemeente=False)
                pages.append((f"{facet}/{key}/index.html", "facet.html", {**values, "lijst": lijst}))
                continue
            per_gemeente = [
                (g, facet_list(project, facet, key, split[g.slug][facet][key], per_gemeente=True))
                for g in derived.gemeenten
            ]
            pages.append(
                (
                    f"{facet}/{key}/index.html",
                    "facet-gemeenten.html",
                    {
                        **values,
                        "aantal": len(derived.by_facet[facet][key]),
                        "gemeenten": [(g, len(lijst)) for g, lijst in per_gemeente],
                    },
                )
            )
            pages += [
                (f"{facet}/{key}/{g.slug}/index.html", "facet-gemeente.html", {**values, "gemeente": g, "lijst": lijst})
                for g, lijst in per_gemeente
            ]
    return pages


def overview_pages(project: Project, derived: Derived) -> list[tuple[str, str, dict]]:
    """The partner build's /overzicht/ (the gemeenten, or the one gemeente) and /overzicht/<gemeente>/."""
    values = {**template_values(report_data(project, derived), derived), "links": True, "partners": project.partners}
    several = len(values["gemeenten"]) > 1
    pages = [
        (
            "overzicht/index.html",
            "overzicht.html",
            {**values, "g": None if several else values["gemeenten"][0], "meer_gemeenten": several},
        )
    ]
    for g in values["gemeenten"]:
        pages.append(
            (f"overzicht/{g['slug']}/index.html", "overzicht.html", {**values, "g": g, "meer_gemeenten": several})
        )
    return pages


def repository_path(path: str) -> str:
    """A source file's path as the edit link wants it: relative, never the machine's own folders."""
    if os.path.islink(path):
        return _relative_path(Path(path), os.getcwd())
    folder, name = os.path.split(path)  # os.path, not Path: an organisation page asks for it
    folder = _relative_folder(folder, os.getcwd())  # once per folder: resolving is slow
    return name if folder == "." else f"{folder}/{name}"


@lru_cache(maxsize=None)
def _relative_folder(folder: str, cwd: str) -> str:
    """_relative_path of a folder given as text ('' is the working folder)."""
    return _relative_path(Path(folder), cwd, folder=True)


@lru_cache(maxsize=None)
def _relative_path(source: Path, cwd: str, folder: bool = False) -> str:
    """`source` relative to the working folder `cwd`, else its last part(s)."""
    try:
        return source.resolve().relative_to(Path(cwd).resolve()).as_posix()
    except ValueError:
        return source.name if folder else f"{source.parent.name}/{source.name}"


def url_of(path: str) -> str:
    """The public URL path of an output file: 'fase/nazorg/index.html' -> 'fase/nazorg/'."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def page_renderer(project: Project, derived: Derived, templates_dir: str, options: Options):
    """(render, env, base_url): render(output path, template, values) -> the page's bytes in pieces,
    with what pages share."""
    env = make_environment(templates_dir)
    base_url = options.base_url.rstrip("/") + "/" if options.base_url else ""
    menu = sorted((p for p in project.pages if p.meta.menu is not None), key=lambda p: (p.meta.menu, p.slug))
    common = {
        "project": project,
        "site": project.settings,
        "vocab": project.vocab,
        "derived": derived,
        "orgs": project.organisations,
        "menu": menu,
        "partner_build": options.partner,
        "base_url": base_url,
        "today": project.today,
        "has_inloop": has_inloop,
        "iedereen": schema.IEDEREEN,  # the doelgroep that fits every doelgroep filter (pages and filters.js)
        "gemeente_naam": {g.slug: g.naam for g in derived.gemeenten},
        "spoedlijnen": urgent_lines(project, derived),
        "is_free": is_free,
        "veel_gemeenten": many_gemeenten(derived),
        "spoedsituatie": urgent_situation(project),
        "json_ld": lambda slug: json_ld(project, slug, base_url),
    }
    common.update(entry_renderers(env, common))

    def prepare() -> None:
        """Make the cards and referral entries of every organisation now: list pages show each of them
        (all of them at 300 and at 3,000 organisations), and render_site makes them while it may
        still wait for the warnings."""
        for entries in (common["kaartje_van"], common["verwijzing_van"]):
            entries.prepare(derived.order)

    def render(path: str, template: str, values: dict | Callable[[], dict]) -> Iterator[bytes]:
        """The page as UTF-8 in pieces, made as they are written: a list page of a national map is
        8 to 19 MB, and whole, as str and bytes, it would be there three times over."""
        if callable(values):
            values = values()
        # The 404 page is served at any depth, so only an absolute path can lead back.
        root = (urlsplit(base_url).path or "/") if path == "404.html" else _root(path)
        page = env.get_template(template)
        # What Template.generate does, without its generator around the template's own: every
        # piece of a page (a hundred thousand at 300 organisations) would pass through both.
        chunks = page.root_render_func(
            page.new_context({**common, **values, "root": root, "path": path, "url": url_of(path)})
        )
        try:
            while block := list(islice(chunks, CHUNKS_AT_ONCE)):
                yield "".join(block).encode("utf-8")
        except Exception:
            env.handle_exception()  # raises it again, with the template's own lines in the traceback

    render.prepare = prepare  # type: ignore[attr-defined]
    return render, env, base_url


def render_site(
    project: Project, derived: Derived, templates_dir: str, options: Options, write, before_render=None
) -> list[str]:
    """Hand every output file of the site to write(relative path, bytes) as it is made; returns the paths, sorted.

    before_render(), when given, is called once the pages are listed, before this process renders its
    first page; a forked process may already make the data files meanwhile (render_in_parallel)."""
    render, env, base_url = page_renderer(project, derived, templates_dir, options)
    pages = page_list(project, derived)
    # The pages that list organisations first: the slowest ones, made by this process while a
    # forked one makes the data files, so only this process keeps their cards in memory.
    order = sorted(range(len(pages)), key=lambda number: pages[number][1] == "organisatie.html")

    def render_page(number: int) -> tuple[str, Iterable[bytes]]:
        path, template, values = pages[order[number]]
        return path, render(path, template, values)

    # The data files. The open data files go before the search index: the memory one of them
    # needs for a moment is then reused by the other instead of added to it.
    # Each job gives its files one by one as (path, bytes), so a file is written before the next is made.
    jobs = [
        lambda: each_open_data_file(project, derived, base_url),
        lambda: [("data/organisaties.json", organisations_json(project, derived))],
        lambda: [("verwijskaart/kaarten.json", referral_cards_json(project, derived))],
        lambda: each_search_file(project, derived),
        # The sitemap, robots.txt and the assets: by the child too, not by the parent after both ended.
        lambda: site_files(env, pages, templates_dir, base_url, options).items(),
    ]

    def get_ready() -> None:
        """What this process needs before its first page, done where it may fill the wait for the
        warnings (render_in_parallel)."""
        for template in sorted({template for _, template, _ in pages}):
            env.get_template(template)
        render.prepare()

    paths = render_in_parallel(pages, render_page, jobs, len(project.organisations), write, before_render, get_ready)
    return sorted(paths)


class Collected(dict):
    """A writer that keeps the files in memory: write(path, bytes or pieces of bytes) stores them by path."""

    def __call__(self, path: str, content: bytes | Iterable[bytes]) -> None:
        if path in self:
            raise ValueError(f"'{path}' is twee keer gemaakt")
        self[path] = whole(content)


def write_all(write, files: dict[str, bytes]) -> list[str]:
    """Hand every file of a dict to `write`; returns their paths."""
    for path, content in files.items():
        write(path, content)
    return list(files)


def write_pages(numbers, render_page, write) -> list[str]:
    """Render the pages of these numbers and hand each to `write`; returns their paths."""
    paths = []
    for number in numbers:
        path, content = render_page(number)
        write(path, content)
        paths.append(path)
    return paths


def write_jobs(jobs: list, write) -> list[str]:
    """Run the data jobs one by one and hand each file to `write` as it comes; returns the paths."""
    paths = []
    for job in jobs:
        for path, content in job():
            write(path, content)
            paths.append(path)
    return paths


def site_files(env: Environment, pages: list, templates_dir: str, base_url: str, options: Options) -> dict[str, bytes]:
    """The sitemap, robots.txt and the static assets."""
    page_urls = [url_of(path) for path, template, _ in pages if path != "404.html" and template != "verhuisd.html"]
    files = {
        "sitemap.xml": env.get_template("sitemap.xml").render(base_url=base_url, urls=page_urls).encode(),
        "robots.txt": env.get_template("robots.txt").render(base_url=base_url, partner_build=options.partner).encode(),
    }
    assets = Path(templates_dir, "assets")
    for asset in sorted(assets.rglob("*")):
        if asset.is_file():
            files["assets/" + asset.relative_to(assets).as_posix()] = asset.read_bytes()
    return files


def render_in_parallel(
    pages: list, render_page, jobs: list, organisations: int, write, before_render=None, get_ready=None
) -> list[str]:
    """Hand every page and data file to `write`, on two cores when the site is large enough; returns the paths.

    A forked child (it shares the parent's validated data) first runs the data jobs, then takes
    pages from the same counter as the parent until none are left; the parent calls get_ready()
    and before_render() before its first page. A writer that puts each file on disk (`on_disk`, as
    a Staging) is called by the child too, which then sends back only the paths it wrote; any other
    writer gets the child's files from the parent. The bytes do not depend on which process made them.

    On a map below FORK_BEFORE_WARNINGS_UNTIL the child is forked before before_render() (where the
    build waits for its warnings, made by another worker): it makes the data files while the parent
    gets ready and waits. On a larger map it is forked after: the warnings are mostly done by then,
    and three processes at once would add to the peak of memory (bench/README.md).
    """
    if not can_fork(organisations):  # a worker still running (the warnings') counts as a copy too
        if before_render is not None:
            before_render()  # it waits for that worker to end: then perhaps there is room for a fork
            before_render = None
        if not can_fork(organisations):
            return write_jobs(jobs, write) + write_pages(range(len(pages)), render_page, write)
    fork_first = organisations < FORK_BEFORE_WARNINGS_UNTIL
    if not fork_first and before_render is not None:
        before_render()
    counter = shared_counter()

    def take() -> int | None:
        number = counter()
        return number if number < len(pages) else None

    def parent_work():
        if get_ready is not None:
            get_ready()
        if fork_first and before_render is not None:
            before_render()  # the warnings' worker ends here; the freeze of in_two holds (parallel.thaw_shared)
        return write_pages(iter(take, None), render_page, write)

    def child_work():
        own = write if getattr(write, "on_disk", False) else Collected()
        made = write_jobs(jobs, own) + write_pages(iter(take, None), render_page, own)
        return made if own is write else own

    paths, made = in_two(parent_work, child_work)
    return paths + (write_all(write, made) if isinstance(made, dict) else made)

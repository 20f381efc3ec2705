"""Shared fixtures for the tests of the build (everything except tests/browser/).

Fixtures
    repo            (session) Path of the repository root (the folder with build.py).
    today           (session) "2026-11-26", the --today every test builds with.
    run_build       (session) run_build(*args, cwd=repo, env=None, timeout=60) runs
                    `python build.py ARGS` of the project in `cwd` and returns the
                    CompletedProcess (text, stdout and stderr captured). Every call has a
                    timeout, so a hanging build fails the test instead of the suite.
    run_builds      (session) run_builds([args, (args, {"cwd": ...}), ...]) runs several
                    at once (the machine has cores to spare) and returns their results.
    site_cache      (session) site_cache.build(*args) -> Path: the example built with these
                    extra build.py arguments, once per test run for all xdist workers
                    (support.SiteCache); read-only, copy it (support.copy_site) to change it.
    example_site    (session) Path of the example site (organisations/ + content/), built
                    once with --today; treat it as read-only.
    partner_example_site, base_url_example_site
                    (session) the example with --partners voorbeeld-partners, and with
                    --base-url BASE_URL; read-only.
    split_example_site
                    (session) the example with lijsten_per_gemeente_vanaf: 2 (facet pages and
                    /organisaties/ per gemeente, as on a large map); read-only.
    many_gemeenten_map
                    (session) (organisations, gemeente names, public site, partner site) of a
                    generated map of 15 gemeenten (SiteCache.generated); read-only.
    plain_content   (session) content/ without the files that name example organisations
                    (verhuisd.yaml): the --content for a test's own organisations folder.
    region          a test's own region in tmp_path (support.Region): organisaties/ (empty),
                    a copy of plain_content, write(name, text), args(), gather(); fill it with
                    support.organisation_yaml(*blocks), a small valid organisation file.
    repo_copy       make a throw-away copy of the project (code, templates, content,
                    organisations, voorbeeld-partners) in a temporary folder; for tests
                    that run commands whose failure could damage the folder they run in.
    tree_hashes     tree_hashes(folder) -> {relative path: sha256} of every file in it.
    site_files      site_files(folder, *suffixes) -> sorted relative paths of the files.
    parse_html      parse_html(text) -> HtmlPage with the tags, links and scripts.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import TODAY, Region, SiteCache, run_build_py, shared_tmp, stop_fork_servers

REPO = Path(__file__).resolve().parent.parent
BASE_URL = "https://kaart.example.nl/sub/"
"""The --base-url of the example built with one (base_url_example_site)."""
BUILD_TIMEOUT = 60

# What a copy of the project needs to run build.py (no .git, node_modules, site/, ...).
PROJECT_PARTS = (
    "build.py",
    "schema.py",
    "pyproject.toml",
    "kaart",
    "templates",
    "content",
    "organisations",
    "voorbeeld-partners",
)


# The modules that take longest, longest first (wall time per file from tests/cpu_time.py; figures
# in bench/README.md). pytest-xdist hands out whole modules in collection order (scripts/test.sh
# passes --no-loadscope-reorder), so these start first and the many short modules fill both workers
# at the end, instead of a long module that happens to come late running alone while the other
# worker idles. test_wayfinder and test_gemeente_kiezer share many_gemeenten_map, so they stand apart
# (the later one finds it built instead of waiting for the other worker to build it). Paths are
# relative to tests/; a module not listed keeps its place after them.
SLOW_MODULES = (
    "browser/test_accessibility.py",
    "browser/test_search.py",
    "browser/test_search_shards.py",
    "browser/test_lighthouse.py",
    "browser/test_wayfinder.py",
    "browser/test_gemeente_keuze.py",
    "test_build.py",
    "test_orphans.py",
    "browser/test_zoom.py",
    "test_wayfinder.py",
    "test_editing.py",
    "browser/test_verwijskaart_bouwen.py",
    "browser/test_referral_print.py",
    "browser/test_privacy.py",
    "test_write_stream.py",
    "test_serve.py",
    "test_html_valid.py",
    "browser/test_html_valid_dom.py",
    "test_properties.py",
    "test_read_fast.py",
    "test_open_data.py",
    "test_site_whole.py",
    "test_limits.py",
    "browser/test_hostile_query.py",
    "test_search_shards.py",
    "test_output_guard.py",
    "test_facets_per_gemeente.py",
    "browser/test_open_data_pages.py",
    "test_report.py",
    "test_gemeente_kiezer.py",
    "test_search.py",
    "test_editor_schema.py",
    "test_repository.py",
    "test_referral_print.py",
)
TESTS = Path(__file__).resolve().parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests of SLOW_MODULES first, in that order; within a module and for the rest, as collected."""
    rank = {name: place for place, name in enumerate(SLOW_MODULES)}
    ranks: dict[str, int] = {}  # per module, not per test: resolving 1,500 paths took 0.2 s

    def module_rank(item) -> int:
        where = str(item.path)
        if where not in ranks:
            path = Path(where).resolve()
            ranks[where] = rank.get(path.relative_to(TESTS).as_posix() if TESTS in path.parents else "", len(rank))
        return ranks[where]

    items.sort(key=module_rank)


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory):
    """The builds of a test run keep their compiled templates in the run's temporary folder, never
    in the user's ~/.cache (kaart/template_cache.py); a test that needs another passes KAART_CACHE."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAART_CACHE", str(shared_tmp(tmp_path_factory) / "kaart-cache"))
        yield


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish():
    """The fork servers end before tests/cpu_time.py sums up the session, which then counts them."""
    stop_fork_servers()


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def today() -> str:
    return TODAY


def _run(*args, cwd: Path = REPO, env: dict | None = None, timeout: float = BUILD_TIMEOUT):
    """`python CWD/build.py ARGS` (support.run_build_py: forked from a process that imported it)."""
    return run_build_py(*args, cwd=cwd, env=env, timeout=timeout, script=Path(cwd) / "build.py")


@pytest.fixture(scope="session")
def run_build():
    """run_build(*args, cwd=repo, env=None, timeout=60) -> CompletedProcess."""
    return _run


def _run_many(calls) -> list:
    """Run several builds at once (each is its own process); results in the order given.

    Each call is a tuple of arguments, or (tuple of arguments, {keyword arguments of run_build}).
    """
    jobs = [
        call if len(call) == 2 and isinstance(call[0], tuple) and isinstance(call[1], dict) else (tuple(call), {})
        for call in calls
    ]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(lambda job: _run(*job[0], **job[1]), jobs))


@pytest.fixture(scope="session")
def run_builds():
    """run_builds([args, args, ...]) -> [CompletedProcess, ...], run in parallel."""
    return _run_many


@pytest.fixture(scope="session")
def site_cache(tmp_path_factory) -> SiteCache:
    """Sites built once per test run, shared by all pytest-xdist workers (tests/support.py)."""
    return SiteCache(shared_tmp(tmp_path_factory) / "sites")


@pytest.fixture(scope="session")
def example_site(site_cache) -> Path:
    """The example site, built once per test run (read-only: copy it to change it)."""
    return site_cache.build()


@pytest.fixture(scope="session")
def partner_example_site(site_cache) -> Path:
    """The example with the partner data of voorbeeld-partners/ (read-only)."""
    return site_cache.build("--partners", REPO / "voorbeeld-partners")


@pytest.fixture(scope="session")
def base_url_example_site(site_cache) -> Path:
    """The example built with --base-url BASE_URL (read-only)."""
    return site_cache.build("--base-url", BASE_URL)


@pytest.fixture(scope="session")
def split_example_site(site_cache) -> Path:
    """The example with `lijsten_per_gemeente_vanaf: 2`: its three gemeenten split the facet pages
    and /organisaties/ as a large map's do (read-only)."""
    return site_cache.build(settings={"lijsten_per_gemeente_vanaf": 2})


@pytest.fixture(scope="session")
def many_gemeenten_map(site_cache) -> tuple[Path, list[str], Path, Path]:
    """A generated map of 15 gemeenten (more than kaart.wegwijzer.MANY_GEMEENTEN), 400 organisations,
    about 27 per gemeente: (organisations, gemeente names, public site, partner site without partner
    files); read-only."""
    organisations, names = site_cache.generated(400, seed=5, gemeenten=15)
    partners = site_cache.root / "geen-partners"
    partners.mkdir(exist_ok=True)
    public = site_cache.build("--organisations", organisations)
    partner = site_cache.build("--organisations", organisations, "--partners", partners)
    return organisations, names, public, partner


# Content files that name example organisations: checked against the organisations
# folder, so they belong to organisations/ and not to a test's own folder.
CONTENT_ABOUT_EXAMPLE = ("verhuisd.yaml",)


@pytest.fixture(scope="session")
def plain_content(tmp_path_factory) -> Path:
    """content/ without the files that name example organisations (CONTENT_ABOUT_EXAMPLE):
    the --content for a build or check of a test's own organisations folder."""
    target = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(REPO / "content", target, ignore=shutil.ignore_patterns(*CONTENT_ABOUT_EXAMPLE))
    return target


@pytest.fixture
def region(tmp_path, plain_content) -> Region:
    """A test's own region in tmp_path: organisaties/ (empty) and content/ (a copy of plain_content)."""
    return Region(tmp_path, plain_content)


@pytest.fixture(scope="session")
def repo_copy(tmp_path_factory):
    """repo_copy() -> Path of a new copy of the project in a temporary folder."""

    def make() -> Path:
        target = tmp_path_factory.mktemp("project") / "kaart-project"
        target.mkdir()
        for part in PROJECT_PARTS:
            source = REPO / part
            if source.is_dir():
                shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif source.exists():
                shutil.copy2(source, target / part)
        return target

    return make


def _tree_hashes(folder: Path) -> dict[str, str]:
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def tree_hashes():
    return _tree_hashes


def _site_files(folder: Path, *suffixes: str) -> list[str]:
    folder = Path(folder)
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and (not suffixes or path.name.endswith(suffixes))
    )


@pytest.fixture(scope="session")
def site_files():
    return _site_files


# --- a small HTML reader (the standard library's parser; no extra dependency) ----------

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href")


@dataclass
class HtmlPage:
    """What the tests look at in a page."""

    tags: list[tuple[str, dict]] = field(default_factory=list)
    """Every start tag as (name, {attribute: value}), in document order."""
    links: list[tuple[str, str, str, bool]] = field(default_factory=list)
    """Every URL-valued attribute as (tag, attribute, value, inside <main>)."""
    scripts: list[tuple[dict, str]] = field(default_factory=list)
    """Every <script> element as (attributes, inline text)."""
    main_text: str = ""
    """The text inside <main>, as shown (entities decoded)."""

    def main_hrefs(self) -> list[str]:
        return [value for tag, attr, value, in_main in self.links if in_main and tag == "a" and attr == "href"]

    def find(self, tag: str, **attrs: str) -> list[dict]:
        """The attributes of every `tag` whose attributes include `attrs`."""
        return [
            a for name, a in self.tags if name == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self.main_depth = 0
        self.script: dict | None = None
        self.script_text: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {name: (value or "") for name, value in attrs}
        self.page.tags.append((tag, values))
        if tag == "main":
            self.main_depth += 1
        for name, value in values.items():
            if name in URL_ATTRIBUTES:
                self.page.links.append((tag, name, value, self.main_depth > 0))
        if tag == "script":
            self.script, self.script_text = values, []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "main" and self.main_depth:
            self.main_depth -= 1
        if tag == "script" and self.script is not None:
            self.page.scripts.append((self.script, "".join(self.script_text)))
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script_text.append(data)
        elif self.main_depth:
            self.text.append(data)


def _parse_html(text: str) -> HtmlPage:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.page.main_text = " ".join("".join(reader.text).split())
    return reader.page


@pytest.fixture(scope="session")
def parse_html():
    return _parse_html

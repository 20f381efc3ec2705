"""Gates 5 and 6: the built site is whole, and the build is deterministic.

Whole (crawled as files, with the standard library's HTML parser, no browser):
- every internal link, asset and #anchor of every page resolves to a file and an id;
  the addresses the scripts read (data-index, data-kaarten, ...) and the organisation
  pages they link to from their JSON exist too;
- every link is relative, so the site works under any base path (only the 404 page,
  served at any depth, leads back with a path from the site's top);
- nothing is orphaned: from the home page, following <a href> alone, every page is
  reached, every organisation page included (except the 404 page and the noindex
  pages left at the old address of a moved or stopped organisation);
- sitemap.xml lists exactly the indexable pages.

  Without --base-url there is no absolute address, and a sitemap needs one
  (sitemaps.org: "fully-qualified URLs"). Decided: the build still writes sitemap.xml,
  with paths from the site's top ("/zoeken/"), robots.txt does not announce it, and no
  host is made up; so it is right for a site at the root of its host and harmless
  otherwise. With --base-url every <loc> is absolute under that address, robots.txt
  announces it, and each page's canonical link is its own <loc>.

Deterministic:
- two builds into different folders, from different working folders, with different
  hash seeds, time zones and locales are byte-identical;
- the reference date from SOURCE_DATE_EPOCH gives the same site as --today;
- a build under a faked wall clock (Python's clock set to 2031) is byte-identical to one
  under the real clock, and no "2031" appears: no build time ends up in the output;
- no absolute path of the build machine (the repository, the output or temporary
  folder, the home folder) appears in any file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest

from site_pages import REPO, TODAY, build_example, html_pages

ORIGIN = "https://kaart.example.nl"
BASE_PATH = "/sub/"
BASE_URL = ORIGIN + BASE_PATH
# Attributes that hold an address the page or its scripts load or link to.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data-index", "data-kaarten", "data-zoeken"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Page(HTMLParser):
    """One page's links (tag, attribute, value), ids and the facts the gates look at."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        self.duplicate_ids: set[str] = set()
        self.lang = None
        self.robots = ""
        self.canonical: list[str] = []
        self.refresh: str | None = None
        self.titles: list[str] = []
        self._in_title = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if key in a:
                (self.duplicate_ids if a[key] in self.ids and key == "id" else self.ids).add(a[key])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and a.get("name", "").lower() == "robots":
            self.robots = a.get("content", "").lower()
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.refresh = a.get("content", "")
            match = re.search(r"url\s*=\s*(.+)$", self.refresh, re.I)
            if match:
                self.links.append((tag, "refresh", match.group(1).strip().strip("'\"")))
        if tag == "link" and "canonical" in a.get("rel", "").split():
            self.canonical.append(a.get("href", ""))
        if tag == "title":
            self._in_title = True
            self.titles.append("")
        for name, value in a.items():
            if name in URL_ATTRIBUTES:
                self.links.append((tag, name, value))
            if name == "srcset":
                self.links += [(tag, name, part.split()[0]) for part in value.split(",") if part.strip()]

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.titles[-1] += data


class Site:
    """A built site read as files, as if served at `base_url` (its top folder)."""

    def __init__(self, folder: Path, base_url: str = ORIGIN + "/"):
        self.folder = folder
        self.base_url = base_url
        self.pages = {path: Page((folder / path).read_text(encoding="utf-8")) for path, _ in html_pages(folder)}

    def url_of(self, path: str) -> str:
        return self.base_url + (path[: -len("index.html")] if path.endswith("index.html") else path)

    def file_of(self, url: str) -> str | None:
        """The site file an address points to, or None when it points outside the site."""
        parts = urlsplit(url)
        base = urlsplit(self.base_url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
            return None
        relative = unquote(parts.path[len(base.path) :])
        return relative + "index.html" if relative == "" or relative.endswith("/") else relative

    def indexable(self) -> list[str]:
        """Pages meant to be found: all but the 404 page and noindex pages."""
        return [p for p, page in self.pages.items() if p != "404.html" and "noindex" not in page.robots]


def resolve_all(site: Site, page_path: str, page_url: str | None = None) -> list[str]:
    """Problems with the links of one page, read at page_url (default: its own address)."""
    page = site.pages[page_path]
    page_url = page_url or site.url_of(page_path)
    problems = []
    for tag, attribute, value in page.links:
        where = f"{page_path}: <{tag} {attribute}={value!r}>"
        if not value.strip():
            problems.append(f"{where}: empty address")
            continue
        scheme = urlsplit(value).scheme.lower()
        if scheme in ("mailto", "tel", "data", "sms", "whatsapp"):
            continue
        if value.startswith("#"):  # this same document, wherever it is served
            if value not in ("#", "#top") and unquote(value[1:]) not in page.ids:  # "#": the top
                problems.append(f"{where}: no id {value[1:]!r} in this page")
            continue
        if scheme in ("http", "https") and not value.startswith(site.base_url):
            if tag != "a" or attribute != "href":
                problems.append(f"{where}: loads something from another site")
            continue
        absolute = urljoin(page_url, value)
        target = site.file_of(absolute)
        if target is None:
            problems.append(f"{where}: leads out of the site ({absolute})")
            continue
        if not (site.folder / target).is_file():
            folder = (site.folder / target).parent if target.endswith("index.html") else site.folder / target
            hint = " (a folder: add a trailing /)" if folder.is_dir() and not target.endswith("index.html") else ""
            problems.append(f"{where}: {target} does not exist{hint}")
            continue
        fragment = urlsplit(absolute).fragment
        if fragment and fragment != "top" and target.endswith(".html"):
            ids = site.pages[target].ids if target in site.pages else set()
            if unquote(fragment) not in ids:
                problems.append(f"{where}: no id {fragment!r} in {target}")
    return problems


@pytest.fixture(scope="module")
def site(example_site) -> Site:
    return Site(example_site)


@pytest.fixture(scope="module")
def site_with_base_url(site_cache) -> Site:
    return Site(site_cache.build("--base-url", BASE_URL), BASE_URL)


# --- links, anchors and assets --------------------------------------------------


@pytest.mark.parametrize("variant", ["plain", "base-url"])
def test_every_link_anchor_and_asset_resolves(site, site_with_base_url, variant):
    site = site if variant == "plain" else site_with_base_url
    problems = []
    for path in site.pages:
        problems += resolve_all(site, path)
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(problems[:60])


def test_the_crawler_finds_what_is_broken(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<html lang="nl"><title>x</title><a href="a/">ok</a><a href="a/#er">ok</a><a href="b/">weg</a>'
        '<a href="a/#nergens">anker</a><a href="a">map</a><img src="/x.png"><a href="../../buiten/">uit</a>'
        '<script src="https://cdn.example.org/x.js"></script><a href="#zelf">zelf</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<html lang="nl"><title>a</title><h2 id="er">er</h2>', encoding="utf-8")
    crawl = Site(tmp_path, BASE_URL)
    found = "\n".join(resolve_all(crawl, "index.html"))
    for broken in (
        "b/index.html does not exist",
        "no id 'nergens'",
        "(a folder: add a trailing /)",
        "<img src='/x.png'>: leads out of the site",
        "'../../buiten/'>: leads out of the site",
        "loads something from another site",
        "no id 'zelf' in this page",
    ):
        assert broken in found, f"{broken!r} not found in:\n{found}"
    assert found.count("\n") == 6, found
    assert reachable(crawl) == {"index.html", "a/index.html"}


def test_the_404_page_works_at_any_depth(site, site_with_base_url):
    """A server shows 404.html for any missing address, however deep."""
    for s in (site, site_with_base_url):
        for missing in ("bestaat-niet", "organisaties/bestaat-niet/", "a/b/c/d/"):
            problems = resolve_all(s, "404.html", s.base_url + missing)
            assert not problems, f"404.html at {missing}:\n" + "\n".join(problems)


def test_every_page_is_sound(site):
    """Dutch, titled, ids unique; every page but 404 has relative links only."""
    problems = []
    for path, page in site.pages.items():
        if page.lang != "nl":
            problems.append(f"{path}: <html lang={page.lang!r}>")
        if len(page.titles) != 1 or not page.titles[0].strip():
            problems.append(f"{path}: title {page.titles}")
        if page.duplicate_ids:
            problems.append(f"{path}: duplicate ids {sorted(page.duplicate_ids)}")
        if path == "404.html":
            continue
        for tag, attribute, value in page.links:
            if value.startswith("/"):
                problems.append(
                    f"{path}: <{tag} {attribute}={value!r}> is not relative; the site must work under any base path"
                )
    assert not problems, "\n".join(problems[:60])


def test_addresses_the_scripts_build_from_json_exist(site):
    """Search results and verwijskaart cards link to root + 'organisaties/' + slug + '/'."""
    folder = site.folder
    slugs = set()
    index = folder / "zoeken" / "zoekindex.json"
    assert index.is_file(), "the search page's index zoeken/zoekindex.json is missing"
    slugs |= {doc["u"] for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]}
    cards = folder / "verwijskaart" / "kaarten.json"
    if cards.is_file():
        slugs |= set(json.loads(cards.read_text(encoding="utf-8")))
    data = json.loads((folder / "data" / "organisaties.json").read_text(encoding="utf-8"))
    slugs |= {record["slug"] for record in data["organisaties"]}
    missing = sorted(s for s in slugs if not (folder / "organisaties" / s / "index.html").is_file())
    assert not missing, f"JSON names organisations without a page: {missing}"
    pages = {
        p.parent.name
        for p in (folder / "organisaties").glob("*/index.html")
        if "noindex" not in site.pages[p.relative_to(folder).as_posix()].robots
    }
    assert pages == {record["slug"] for record in data["organisaties"]}, "pages and open data disagree"


# --- nothing orphaned -------------------------------------------------------------


def reachable(site: Site) -> set[str]:
    """Every page reached from index.html by following <a href> (and a redirect) alone."""
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        path = todo.pop()
        for tag, attribute, value in site.pages[path].links:
            if not ((tag == "a" and attribute == "href") or attribute == "refresh"):
                continue
            target = site.file_of(urljoin(site.url_of(path), value))
            if target in site.pages and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_every_page_is_reachable_from_the_home_page_by_links_alone(site):
    reached = reachable(site)
    organisations = [p for p in site.indexable() if re.fullmatch(r"organisaties/[^/]+/index\.html", p)]
    assert len(organisations) >= 1
    orphans = sorted(p for p in site.indexable() if p not in reached)
    assert not orphans, f"pages no link leads to: {orphans}"


# --- sitemap and robots.txt -------------------------------------------------------


def sitemap_locs(site: Site) -> list[str]:
    tree = ET.parse(site.folder / "sitemap.xml")
    root = tree.getroot()
    assert root.tag == SITEMAP_NS + "urlset", root.tag
    return [el.text.strip() for el in root.iter(SITEMAP_NS + "loc")]


def test_the_sitemap_lists_exactly_the_pages_without_a_base_url(site):
    locs = sitemap_locs(site)
    assert len(locs) == len(set(locs)), "the sitemap lists a page twice"
    for loc in locs:
        assert not urlsplit(loc).netloc, f"{loc}: an address with a host, but the build was given none"
    listed = {site.file_of(urljoin(site.base_url + "sitemap.xml", loc)) for loc in locs}
    assert listed == set(site.indexable()), (
        f"not listed: {sorted(set(site.indexable()) - listed)}; listed but no page: {sorted(listed - set(site.indexable()))}"
    )
    robots = (site.folder / "robots.txt").read_text(encoding="utf-8")
    assert "sitemap:" not in robots.lower(), "robots.txt announces a sitemap without an absolute address"


def test_the_sitemap_lists_exactly_the_pages_with_a_base_url(site_with_base_url):
    site = site_with_base_url
    locs = sitemap_locs(site)
    assert len(locs) == len(set(locs)), "the sitemap lists a page twice"
    outside = [loc for loc in locs if not loc.startswith(BASE_URL)]
    assert not outside, f"<loc>s not under {BASE_URL}: {outside[:5]}"
    listed = {site.file_of(loc) for loc in locs}
    assert listed == set(site.indexable()), (
        f"not listed: {sorted(set(site.indexable()) - listed)}; listed but no page: {sorted(listed - set(site.indexable()))}"
    )
    robots = (site.folder / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots.splitlines(), robots
    wrong = [
        f"{path}: {page.canonical}"
        for path, page in site.pages.items()
        if path in listed and page.canonical != [site.url_of(path)]
    ]
    assert not wrong, "canonical links that are not the page's own address:\n" + "\n".join(wrong[:20])


def test_the_partner_build_keeps_out_of_search_engines(partner_example_site):
    out = partner_example_site
    partner = Site(out)
    indexed = [p for p, page in partner.pages.items() if "noindex" not in page.robots]
    assert not indexed, f"partner pages without noindex: {indexed[:10]}"
    robots = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "Disallow: /" in robots, robots


# --- deterministic ----------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    lines = [f"only in the first: {sorted(set(a) - set(b))}"] if set(a) - set(b) else []
    lines += [f"only in the second: {sorted(set(b) - set(a))}"] if set(b) - set(a) else []
    for name in sorted(set(a) & set(b)):
        if a[name] != b[name]:
            x, y = a[name], b[name]
            at = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]), min(len(x), len(y)))
            lines.append(
                f"{name} differs at byte {at}: {x[max(0, at - 60) : at + 60]!r}\n    vs {y[max(0, at - 60) : at + 60]!r}"
            )
    return lines


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, example_site) -> tuple[Path, Path]:
    """The example as the tests build it (any hash seed, the machine's zone) and a build in
    another folder under another name, hash seed, time zone and locale."""
    first = example_site
    elsewhere = tmp_path_factory.mktemp("det-b-elders")
    second = build_example(
        elsewhere / "uitvoer-met-andere-naam",
        "--organisations",
        str(REPO / "organisations"),
        "--content",
        str(REPO / "content"),
        env={"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
        cwd=elsewhere,
    )
    return first, second


def test_two_builds_are_byte_identical(two_builds):
    first, second = two_builds
    diff = differences(tree(first), tree(second))
    assert not diff, "two builds of the same input differ:\n" + "\n".join(diff[:20])


def test_source_date_epoch_gives_the_same_site_as_today(two_builds, tmp_path):
    noon = datetime.fromisoformat(TODAY + "T12:00:00").replace(tzinfo=ZoneInfo("Europe/Amsterdam"))
    epoch_site = build_example(tmp_path / "site", env={"SOURCE_DATE_EPOCH": str(int(noon.timestamp()))})
    diff = differences(tree(two_builds[0]), tree(epoch_site))
    assert not diff, "SOURCE_DATE_EPOCH and --today of the same day give different sites:\n" + "\n".join(diff[:20])


# Runs build.py with Python's clock moved to 2031-07-04 12:34:56 UTC: datetime.now/today/
# utcnow and time.time/localtime/gmtime/strftime all answer with that moment.
FAKE_CLOCK = textwrap.dedent("""\
    import datetime as _dt, runpy, sys, time as _time
    FAKE = _dt.datetime(2031, 7, 4, 12, 34, 56, tzinfo=_dt.timezone.utc)

    class FakeDateTime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return FAKE.astimezone(tz) if tz else FAKE.replace(tzinfo=None)
        @classmethod
        def utcnow(cls):
            return FAKE.replace(tzinfo=None)
        @classmethod
        def today(cls):
            return FAKE.replace(tzinfo=None)

    _dt.datetime = FakeDateTime
    _real = {name: getattr(_time, name) for name in ("localtime", "gmtime", "ctime")}
    _time.time = lambda: FAKE.timestamp()
    _time.time_ns = lambda: int(FAKE.timestamp()) * 10**9
    for _name, _f in _real.items():
        setattr(_time, _name, (lambda f: lambda secs=None: f(FAKE.timestamp() if secs is None else secs))(_f))
    _strftime = _time.strftime
    _time.strftime = lambda fmt, t=None: _strftime(fmt, _time.localtime() if t is None else t)
    sys.argv = [sys.argv[1], *sys.argv[2:]]
    sys.path.insert(0, str(__import__("pathlib").Path(sys.argv[0]).parent))
    runpy.run_path(sys.argv[0], run_name="__main__")
""")


def test_no_wall_clock_time_in_the_output(two_builds, tmp_path):
    wrapper = tmp_path / "nep_klok.py"
    wrapper.write_text(FAKE_CLOCK, encoding="utf-8")
    probe = tmp_path / "klok.py"
    probe.write_text(
        "from datetime import datetime\nfrom zoneinfo import ZoneInfo\nimport time\n"
        "print(datetime.now(ZoneInfo('Europe/Amsterdam')).year, time.localtime().tm_year)\n"
    )
    seen = subprocess.run([sys.executable, str(wrapper), str(probe)], capture_output=True, text=True, timeout=60)
    assert seen.stdout.split() == ["2031", "2031"], f"the fake clock does not work: {seen.stdout} {seen.stderr}"

    out = tmp_path / "site"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, str(wrapper), str(REPO / "build.py"), "build", "--out", str(out), "--today", TODAY],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    built = tree(out)
    leaks = [name for name, content in built.items() if b"2031" in content]
    assert not leaks, f"the faked year 2031 appears in {leaks[:10]}: a build time ends up in the output"
    diff = differences(tree(two_builds[0]), built)
    assert not diff, "the output depends on the wall clock:\n" + "\n".join(diff[:20])


def machine_paths(*extra: Path) -> list[str]:
    """Absolute paths of this machine that must never end up in the output."""
    paths = {
        str(REPO),
        str(REPO.resolve()),
        tempfile.gettempdir().rstrip("/") + "/",
        str(Path.home()) + "/",
        *(str(p) for p in extra),
    }
    return sorted(p for p in paths if len(p) > 2)


def test_no_absolute_path_of_the_build_machine(two_builds):
    problems = []
    for folder in two_builds:
        for name, content in tree(folder).items():
            text = content.decode("utf-8", errors="replace")
            for path in machine_paths(folder, folder.parent):
                if path in text:
                    problems.append(f"{folder.name}/{name} contains {path}")
    assert not problems, "\n".join(problems[:30])


def test_no_machine_path_in_edit_links_with_absolute_source_folders(tmp_path):
    content = tmp_path / "bron" / "content"
    shutil.copytree(REPO / "content", content)
    settings = content / "instellingen.yaml"
    text = settings.read_text(encoding="utf-8")
    assert 'bewerk_url: ""' in text
    settings.write_text(
        text.replace('bewerk_url: ""', 'bewerk_url: "https://git.example.nl/kaart/-/edit/main/{pad}"'), encoding="utf-8"
    )
    out = build_example(
        tmp_path / "site", "--organisations", str(REPO / "organisations"), "--content", str(content), cwd=tmp_path
    )
    problems = [
        f"{name} contains {path}"
        for name, content_bytes in tree(out).items()
        for path in machine_paths(tmp_path)
        if path in content_bytes.decode("utf-8", errors="replace")
    ]
    assert not problems, "\n".join(problems[:10])

"""The build of the example site against its documentation (docs/): pages, lists, URLs, open data, the
command line, the output folder, determinism and the public/partner split.

The example site is built once per session (conftest.example_site); tests that need
another input build into their own temporary folder. Expected values are computed from
the organisation files themselves (read with kaart/read_yaml.py, which test_yaml_traps covers),
not from the build's own derived data.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest

import schema
from kaart.read_files import read_yaml_file
from support import MAANDEN

BASE_URL = "https://kaart.example.nl/sub/"
ORG_LINK = re.compile(r"^/organisaties/([a-z0-9-]+)/$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTNER_FIELDS = {"contactpersoon", "notitie"}


# --- what the files say --------------------------------------------------------------------


def read_folder(folder: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(folder.glob("*.yaml")):
        doc, problems = read_yaml_file(str(path))
        assert doc is not None, problems
        found[path.stem] = doc.data
    return found


@pytest.fixture(scope="module")
def orgs(repo, example_site) -> dict[str, dict]:
    """Every organisation file of the example, as the text it holds."""
    return read_folder(repo / "organisations")


@pytest.fixture(scope="module")
def vocab(repo) -> dict[str, list[str]]:
    doc, _ = read_yaml_file(str(repo / "content" / "taxonomie.yaml"))
    return {facet: list(terms) for facet, terms in doc.data.items()}


@pytest.fixture(scope="module")
def partners(repo) -> dict[str, dict]:
    found = read_folder(repo / "voorbeeld-partners")
    assert found, "voorbeeld-partners/ holds no partner file; the partner tests need the example"
    return found


def fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).lower()


def contract_slug(name: str) -> str:
    """docs/organisatie.md: 'lower case, accents and spaces folded: "Den Haag" -> den-haag'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def display_order(slugs, orgs) -> list[str]:
    """The municipality's own (soort: gemeente) first, then by name."""
    return sorted(slugs, key=lambda s: (orgs[s]["soort"] != "gemeente", fold(orgs[s]["naam"]), s))


def page_url(name: str) -> str:
    return "/" + (name[: -len("index.html")] if name.endswith("index.html") else name)


def org_links(page, name: str) -> list[str]:
    """The organisations a page lists: links to /organisaties/<slug>/ inside <main>, in order."""
    found = []
    for href in page.main_hrefs():
        match = ORG_LINK.match(urlsplit(urljoin("http://site" + page_url(name), href)).path)
        if match:
            found.append(match.group(1))
    return found


@pytest.fixture(scope="module")
def read_page(parse_html):
    def read(site: Path, name: str):
        path = site / name
        assert path.is_file(), f"{name} is missing"
        return parse_html(path.read_text(encoding="utf-8"))

    return read


# --- pages and the lists on them -----------------------------------------------------------


def test_check_exits_0_on_the_example(run_build, today, orgs):
    result = run_build("check", "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"Geen fouten in {len(orgs)} organisaties")
    assert "Traceback" not in result.stderr


def test_every_organisation_has_its_page(example_site, orgs, read_page, repo):
    pages = {p.name for p in (example_site / "organisaties").iterdir() if p.is_dir()}
    moved = repo / "content" / "verhuisd.yaml"  # old addresses that keep working (renamed or stopped)
    doc = read_yaml_file(str(moved))[0] if moved.exists() else None  # None when only comments
    old = set(doc.data or {}) if doc is not None else set()
    assert pages - old == set(orgs)
    for slug, data in orgs.items():
        page = read_page(example_site, f"organisaties/{slug}/index.html")
        assert " ".join(data["naam"].split()) in page.main_text, slug


def test_all_organisations_page_lists_every_one_in_display_order(example_site, orgs, read_page):
    page = read_page(example_site, "organisaties/index.html")
    assert org_links(page, "organisaties/index.html") == display_order(orgs, orgs)


def test_search_page_without_query_lists_all_in_display_order(example_site, orgs, read_page):
    """docs/zoekpagina.md: with no query all organisations, the municipality's own first."""
    page = read_page(example_site, "zoeken/index.html")
    assert org_links(page, "zoeken/index.html") == display_order(orgs, orgs)
    assert page.find("input", type="search", name="q")
    assert page.find("p", id="aantal-resultaten", aria_live="polite") or any(
        a.get("id") == "aantal-resultaten" and a.get("aria-live") == "polite" for _, a in page.tags
    )


@pytest.mark.parametrize("facet, field", [("fase", "fases"), ("rol", "rollen"), ("doelgroep", "doelgroepen")])
def test_facet_pages_list_exactly_the_matching_organisations(example_site, orgs, vocab, read_page, facet, field):
    for key in vocab[facet]:
        name = f"{facet}/{key}/index.html"
        listed = org_links(read_page(example_site, name), name)
        assert len(listed) == len(set(listed)), f"{name} lists an organisation twice"
        explicit = display_order([s for s in orgs if key in orgs[s][field]], orgs)
        if facet == "doelgroep" and key != schema.IEDEREEN:
            everyone = display_order([s for s in orgs if schema.IEDEREEN in orgs[s][field] and s not in explicit], orgs)
            assert listed[: len(explicit)] == explicit, f"{name}: explicit ones first, in display order"
            assert listed[len(explicit) :] == everyone, f"{name}: then the ones for iedereen"
        else:
            assert listed == explicit, name


@pytest.mark.parametrize("facet", ["fase", "rol", "doelgroep"])
def test_facet_overview_links_to_every_key(example_site, vocab, read_page, facet):
    page = read_page(example_site, f"{facet}/index.html")
    targets = {urlsplit(urljoin(f"http://site/{facet}/", h)).path for h in page.main_hrefs()}
    assert {f"/{facet}/{key}/" for key in vocab[facet]} <= targets


def test_gemeente_pages_list_their_organisations_and_every_landelijk_one(example_site, orgs, read_page):
    landelijk = [s for s in orgs if orgs[s]["werkgebied"].get("landelijk") == "true"]
    assert landelijk, "the example has landelijke organisations"
    names = {contract_slug(n): n for d in orgs.values() for n in d["werkgebied"].get("gemeenten") or []}
    on_disk = {p.name for p in (example_site / "gemeente").iterdir() if p.is_dir()}
    assert on_disk == set(names)
    for slug in names:
        name = f"gemeente/{slug}/index.html"
        listed = org_links(read_page(example_site, name), name)
        local = [s for s in orgs if slug in {contract_slug(n) for n in orgs[s]["werkgebied"].get("gemeenten") or []}]
        assert set(listed) == set(local) | set(landelijk), name
        assert listed == display_order(listed, orgs), name
    overview = read_page(example_site, "gemeente/index.html")
    targets = {urlsplit(urljoin("http://site/gemeente/", h)).path for h in overview.main_hrefs()}
    assert {f"/gemeente/{slug}/" for slug in names} <= targets


def test_gemeente_slugs_fold_case_spaces_and_accents(tmp_path, repo, run_build, today, read_page):
    folder = tmp_path / "organisations"
    shutil.copytree(repo / "organisations", folder)
    first = sorted(folder.glob("*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^werkgebied:\n(  .*\n)+",
        "werkgebied:\n  gemeenten: [Den Haag, \"'s-Hertogenbosch\", Súdwest-Fryslân]\n",
        text,
    )
    first.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = run_build("build", "--organisations", folder, "--out", out, "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    for slug in ("den-haag", "s-hertogenbosch", "sudwest-fryslan"):
        name = f"gemeente/{slug}/index.html"
        assert first.stem in org_links(read_page(out, name), name)
    page = read_page(out, f"organisaties/{first.stem}/index.html")
    hrefs = page.main_hrefs()
    assert "../../gemeente/den-haag/" in hrefs and "../../gemeente/sudwest-fryslan/" in hrefs


# --- open data -----------------------------------------------------------------------------


def test_open_data_json(example_site, orgs, repo):
    data = json.loads((example_site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    assert data["versie"] == 1
    records = data["organisaties"]
    slugs = [r["slug"] for r in records]
    assert slugs == sorted(orgs), "one object per organisation, sorted by slug"
    allowed = set(schema.Organisatie.model_fields) | {"slug"}
    for record in records:
        assert set(record) <= allowed, set(record) - allowed
        assert not PARTNER_FIELDS & set(record)
        assert record["naam"] == orgs[record["slug"]]["naam"]
        assert DATE.match(record["gecontroleerd"]), record["gecontroleerd"]
        assert record["gecontroleerd"] == orgs[record["slug"]]["gecontroleerd"]
        if "melding" in record:
            assert DATE.match(record["melding"]["tot"])


def test_open_data_validates_against_the_schema_again(example_site, repo):
    """The records are 'the file's public fields under their own names': valid as a file."""
    doc, _ = read_yaml_file(str(repo / "content" / "taxonomie.yaml"))
    context = {"vocab": schema.Taxonomie.model_validate(doc.data), "today": date(2026, 11, 26)}
    data = json.loads((example_site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    for record in data["organisaties"]:
        fields = {k: v for k, v in record.items() if k != "slug"}
        schema.Organisatie.model_validate(fields, context=context)


# --- links: relative everywhere --------------------------------------------------------------


def external_allowed(repo: Path, orgs: dict) -> set[str]:
    """External addresses that may appear: organisation websites, links written in Markdown."""
    allowed = {d["contact"]["website"] for d in orgs.values() if d.get("contact", {}).get("website")}
    sources = [p.read_text(encoding="utf-8") for p in (repo / "content").glob("*.md")]
    sources += [d.get("beschrijving") or "" for d in orgs.values()]
    for text in sources:
        allowed |= set(re.findall(r"https?://[^\s)\]>\"']+", text))
    return allowed


def assert_links_relative(site: Path, names: list[str], allowed: set[str], read_page) -> None:
    for name in names:
        if name == "404.html":
            continue  # served at any depth, so it links from the root (see render.py)
        for tag, attr, value, _ in read_page(site, name).links:
            where = f"{name}: <{tag} {attr}={value!r}>"
            assert not value.startswith("/"), f"absolute path in {where}"
            scheme = urlsplit(value).scheme.lower()
            if tag == "link" and value.startswith(BASE_URL):
                continue  # <link rel="canonical">, the one place an absolute address is unavoidable
            if scheme in ("http", "https"):
                host = urlsplit(value).netloc
                assert value in allowed or host == "wa.me" or host == "www.openstreetmap.org", (
                    f"external link that no file asked for in {where}"
                )
            else:
                assert scheme in ("", "tel", "mailto", "data"), f"unexpected scheme in {where}"
                if scheme == "data":
                    assert value == "data:,", where


def test_every_link_is_relative(example_site, repo, orgs, site_files, read_page):
    assert_links_relative(example_site, site_files(example_site, ".html"), external_allowed(repo, orgs), read_page)


def test_every_internal_link_resolves(example_site, site_files, read_page):
    for name in site_files(example_site, ".html"):
        if name == "404.html":
            continue
        for tag, attr, value, _ in read_page(example_site, name).links:
            if urlsplit(value).scheme or value.startswith("#"):
                continue
            target = urlsplit(urljoin("http://site" + page_url(name), value)).path.lstrip("/")
            path = example_site / target
            if target == "" or target.endswith("/"):
                path = path / "index.html"
            assert path.is_file(), f"{name}: {attr}={value!r} leads to {target}, which does not exist"


WALL_CLOCK = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
LATER = WALL_CLOCK + timedelta(days=400)
"""A reference date far from the real one, for the test that looks for the real date."""


@pytest.fixture(scope="module")
def builds(tmp_path_factory, run_builds, today, repo_copy) -> dict:
    """The builds the tests below look at, made at once: {name: (output folder, result)}."""
    root = tmp_path_factory.mktemp("builds")
    # Outside git, so no commit date (kaart/history.py) can be mistaken for the wall clock.
    outside_git = repo_copy()
    plan = {
        "no-command": ("--out", root / "no-command", "--today", today),
        "later": (("build", "--out", root / "later", "--today", LATER.isoformat()), {"cwd": outside_git}),
    }
    results = run_builds(list(plan.values()))
    return {name: (root / name, result) for name, result in zip(plan, results)}


def built(builds: dict, name: str) -> Path:
    out, result = builds[name]
    assert result.returncode == 0, f"build {name} failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="module")
def base_url_site(base_url_example_site) -> Path:
    return base_url_example_site


def test_base_url_only_in_sitemap_canonical_and_robots(base_url_site, repo, orgs, site_files, read_page):
    files = site_files(base_url_site)
    for name in files:
        text = (base_url_site / name).read_bytes().decode("utf-8", "replace")
        for url in re.findall(r"https?://kaart\.example\.nl[^\s\"'<>)]*", text):
            assert url.startswith(BASE_URL), f"{name}: {url} is not under {BASE_URL}"
    html = [n for n in files if n.endswith(".html")]
    assert_links_relative(base_url_site, html, external_allowed(repo, orgs), read_page)


def test_base_url_sitemap(base_url_site, orgs):
    locs = re.findall(r"<loc>([^<]*)</loc>", (base_url_site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(BASE_URL) for loc in locs), locs[:5]
    assert BASE_URL in locs
    assert {f"{BASE_URL}organisaties/{slug}/" for slug in orgs} <= set(locs)
    assert len(locs) == len(set(locs))
    robots = (base_url_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots


def test_base_url_canonical(base_url_site, site_files, read_page):
    for name in site_files(base_url_site, ".html"):
        canonical = [
            a["href"] for t, a in read_page(base_url_site, name).tags if t == "link" and a.get("rel") == "canonical"
        ]
        if name == "404.html":
            assert not canonical
            continue
        assert canonical == [BASE_URL + page_url(name).lstrip("/")], name


def test_base_url_404_links_from_the_base_path(base_url_site, read_page):
    for tag, attr, value, _ in read_page(base_url_site, "404.html").links:
        if tag == "a" and not urlsplit(value).scheme and not value.startswith("#"):
            assert value.startswith("/sub/"), value


# --- the output folder: atomic swap and its guard ---------------------------------------------


def test_failed_build_leaves_the_output_exactly_as_it_was(tmp_path, repo, run_build, today, tree_hashes, plain_content):
    folder = tmp_path / "organisations"
    shutil.copytree(repo / "organisations", folder)
    out = tmp_path / "uit" / "site"
    first = run_build("build", "--organisations", folder, "--content", plain_content, "--out", out, "--today", today)
    assert first.returncode == 0, first.stderr
    before = tree_hashes(out)
    assert "index.html" in before
    (folder / "kapot.yaml").write_text("naam: Kapot\nsoort: [\n", encoding="utf-8")
    second = run_build("build", "--organisations", folder, "--content", plain_content, "--out", out, "--today", today)
    assert second.returncode == 1
    assert "kapot.yaml" in second.stdout
    assert "er is niets geschreven" in second.stderr
    assert tree_hashes(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"], "a temporary folder was left behind"
    # Fixed, and one organisation less: the next build replaces the whole folder.
    (folder / "kapot.yaml").unlink()
    gone = sorted(folder.glob("*.yaml"))[0]
    gone.unlink()
    third = run_build("build", "--organisations", folder, "--content", plain_content, "--out", out, "--today", today)
    assert third.returncode == 0, third.stderr
    assert not (out / "organisaties" / gone.stem).exists(), "the page of a removed organisation stayed"
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"], "a temporary folder was left behind"


def test_failed_first_build_creates_no_output(tmp_path, run_build, today, plain_content):
    folder = tmp_path / "organisations"
    folder.mkdir()
    (folder / "kapot.yaml").write_text("naam: [\n", encoding="utf-8")
    out = tmp_path / "uit" / "site"
    result = run_build("build", "--organisations", folder, "--content", plain_content, "--out", out, "--today", today)
    assert result.returncode == 1
    assert not out.exists()


@pytest.fixture(scope="module")
def project(repo_copy) -> Path:
    """A copy of the project: if the guard ever failed, only the copy would be lost."""
    return repo_copy()


REFUSED = [".", "..", "organisations", "content", "templates", "organisations/site", "build.py"]


@pytest.fixture(scope="module")
def guard_results(project, run_builds, today, tree_hashes):
    """`build --out X` for every X of REFUSED, in the copy; and the copy's files before and after."""
    before = tree_hashes(project)
    results = run_builds([(("build", "--out", out, "--today", today), {"cwd": project}) for out in REFUSED])
    return dict(zip(REFUSED, results)), before, tree_hashes(project)


@pytest.mark.parametrize("out", REFUSED)
def test_output_guard_refuses_sources_and_the_project(guard_results, out):
    result = guard_results[0][out]
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("build.py: "), result.stderr
    assert "Traceback" not in result.stderr


def test_output_guard_leaves_the_project_as_it_was(guard_results):
    _, before, after = guard_results
    assert after == before


def test_output_guard_refuses_a_foreign_folder(tmp_path, run_build, today):
    out = tmp_path / "mijn-bestanden"
    out.mkdir()
    (out / "belangrijk.txt").write_text("niet weggooien", encoding="utf-8")
    result = run_build("build", "--out", out, "--today", today)
    assert result.returncode == 2
    assert "geen uitvoer van deze bouw" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["belangrijk.txt"]


def test_output_guard_accepts_an_empty_folder(tmp_path, run_build, today):
    out = tmp_path / "leeg"
    out.mkdir()
    result = run_build("build", "--out", out, "--today", today)
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file()


def test_output_guard_refuses_the_partner_folder(tmp_path, run_build, today, repo):
    result = run_build(
        "build", "--partners", "voorbeeld-partners", "--out", "voorbeeld-partners/site", "--today", today
    )
    assert result.returncode == 2, result.stderr
    assert not (repo / "voorbeeld-partners" / "site").exists()


# --- determinism -----------------------------------------------------------------------------


def same_files(one: dict, other: dict) -> list[str]:
    """The paths whose bytes differ, or that only one of the two has."""
    return sorted(path for path in set(one) | set(other) if one.get(path) != other.get(path))


def test_two_builds_are_byte_identical(builds, example_site, tree_hashes):
    """The shared example build and another one (`python build.py --out ...`, below)."""
    assert same_files(tree_hashes(built(builds, "no-command")), tree_hashes(example_site)) == []


def test_no_command_means_build(builds, example_site, tree_hashes):
    """`python build.py` is `python build.py build` (here with --out, to keep site/ alone)."""
    assert same_files(tree_hashes(built(builds, "no-command")), tree_hashes(example_site)) == []


def test_no_machine_path_in_the_output(example_site, repo, site_files):
    for name in site_files(example_site):
        data = (example_site / name).read_bytes()
        for path in (str(repo), str(example_site), str(example_site.parent), "/tmp/", "/root/", "/home/"):
            assert path.encode() not in data, f"{name} contains {path}"


def date_forms(day: date) -> set[str]:
    return {
        day.isoformat(),
        f"{day.day} {MAANDEN[day.month - 1]} {day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        f"{day.day}-{day.month}-{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
    }


def test_no_wall_clock_time_in_the_output(builds, repo, site_files):
    """Only --today may date the output. Build for a reference date far from the real one
    (so the two cannot be confused) and look for the real date and for clock times."""
    wall = WALL_CLOCK
    out = built(builds, "later")
    sources = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for folder in ("organisations", "content")
        for p in (repo / folder).iterdir()
        if p.is_file()
    )
    forms = {form for form in date_forms(wall) if form not in sources}
    for name in site_files(out):
        if name.startswith("assets/"):
            continue  # copied as they are
        text = (out / name).read_text(encoding="utf-8", errors="replace")
        for form in forms:
            assert form not in text, f"{name} contains today's date {form!r}"
        assert not re.search(r"\b\d{2}:\d{2}:\d{2}\b", text), f"{name} contains a clock time"


# --- partner build and the public/partner split -------------------------------------------------


@pytest.fixture(scope="module")
def partner_site(partner_example_site) -> Path:
    return partner_example_site


def test_partner_build_has_noindex_on_every_page(partner_site, site_files, read_page):
    for name in site_files(partner_site, ".html"):
        robots = [
            a.get("content", "")
            for t, a in read_page(partner_site, name).tags
            if t == "meta" and a.get("name") == "robots"
        ]
        assert robots and "noindex" in robots[0], name


def test_partner_build_robots_disallows_everything(partner_site):
    lines = [line.strip() for line in (partner_site / "robots.txt").read_text(encoding="utf-8").splitlines()]
    assert "Disallow: /" in lines
    assert not any(line.startswith(("Allow:", "Sitemap:")) for line in lines), lines


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_partner_build_shows_each_contact_person(partner_site, partners, read_page):
    for slug, data in partners.items():
        person = data["contactpersoon"]
        name = f"organisaties/{slug}/index.html"
        text = (partner_site / name).read_text(encoding="utf-8")
        page = read_page(partner_site, name)
        assert person["naam"] in page.main_text, name
        if person.get("telefoon"):
            national = digits(person["telefoon"])
            assert any(digits(v).endswith(national.lstrip("0")) for t, a, v, _ in page.links if v.startswith("tel:")), (
                f"{name}: no tel: link for {person['telefoon']}"
            )
            assert national in digits(page.main_text), f"{name}: {person['telefoon']} not shown"
        if person.get("email"):
            assert f'href="mailto:{person["email"]}"' in text, name
        if data.get("notitie"):
            assert " ".join(data["notitie"].split()) in page.main_text, name


def test_partner_build_open_data_has_no_partner_fields(partner_site):
    data = json.loads((partner_site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    for record in data["organisaties"]:
        assert not PARTNER_FIELDS & set(record), record["slug"]


def partner_values(partners: dict[str, dict]) -> tuple[list[str], list[str]]:
    """(texts, phone digit strings) of every partner file."""
    texts, phones = [], []
    for data in partners.values():
        person = data["contactpersoon"]
        texts += [person["naam"]] + [person[k] for k in ("email", "functie") if person.get(k)]
        if data.get("notitie"):
            texts.append(" ".join(data["notitie"].split()))
        if person.get("telefoon"):
            national = digits(person["telefoon"])
            phones += [national, "31" + national.lstrip("0")]
    return texts, phones


def phone_like(text: str) -> set[str]:
    """Digit strings of everything that looks like a phone number, however it is written."""
    return {digits(m) for m in re.findall(r"\+?\d[\d\s().\-/]{6,}\d", text)} | set(re.findall(r"\d{9,}", text))


def assert_no_partner_data(site: Path, partners: dict, site_files) -> None:
    texts, phones = partner_values(partners)
    for name in site_files(site):
        text = (site / name).read_bytes().decode("utf-8", "replace")
        for value in texts:
            if value in {"coördinator"}:
                continue  # a job title may be an ordinary word
            assert value not in text, f"{name} contains partner data {value!r}"
        candidates = phone_like(text)
        for phone in phones:
            assert not any(phone in candidate for candidate in candidates), (
                f"{name} contains the partner phone number {phone}"
            )


def test_public_build_has_no_partner_data(example_site, partners, site_files):
    """The repository holds voorbeeld-partners/; the public build must not read it."""
    assert_no_partner_data(example_site, partners, site_files)


SECRET_PARTNER = """contactpersoon:
  naam: Wilhelmina Zwartkop-Testpersoon
  functie: geheime functie
  telefoon: "06 41 52 63 74"
  email: w.zwartkop@partner.example.nl
notitie: Geheime notitie voor verwijzers, nummer XQZ-81.
"""


def test_public_build_reads_no_partner_folder_in_the_project(repo_copy, run_build, today, site_files):
    """Partner files in the usual places (partners/, voorbeeld-partners/) stay out of a
    public build, even when they sit right beside organisations/."""
    project = repo_copy()
    slug = sorted(p.stem for p in (project / "organisations").glob("*.yaml"))[0]
    for folder in ("partners", "voorbeeld-partners", "content/partners"):
        (project / folder).mkdir(exist_ok=True)
        (project / folder / f"{slug}.yaml").write_text(SECRET_PARTNER, encoding="utf-8")
    out = project.parent / "public"
    result = run_build("build", "--out", out, "--today", today, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    secret = {
        slug: {
            "contactpersoon": {
                "naam": "Wilhelmina Zwartkop-Testpersoon",
                "functie": "geheime functie",
                "telefoon": "06 41 52 63 74",
                "email": "w.zwartkop@partner.example.nl",
            },
            "notitie": "Geheime notitie voor verwijzers, nummer XQZ-81.",
        }
    }
    assert_no_partner_data(out, secret, site_files)
    assert "Zwartkop" not in result.stdout + result.stderr


def test_default_output_folders(repo_copy, run_builds, today):
    """`python build.py` builds into site/; with --partners into site-partners/."""
    project = repo_copy()
    public, partner = run_builds(
        [
            (("--today", today), {"cwd": project}),
            (("build", "--partners", "voorbeeld-partners", "--today", today), {"cwd": project}),
        ]
    )
    assert public.returncode == 0, public.stderr
    assert (project / "site" / "index.html").is_file()
    assert partner.returncode == 0, partner.stderr
    assert 'name="robots"' in (project / "site-partners" / "index.html").read_text(encoding="utf-8")
    assert 'name="robots"' not in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_partner_file_for_an_unknown_slug_is_an_error(tmp_path, run_builds, today):
    folder = tmp_path / "partners"
    folder.mkdir()
    (folder / "bestaat-niet.yaml").write_text(SECRET_PARTNER, encoding="utf-8")
    results = run_builds(
        [
            ("check", "--partners", folder, "--today", today),
            ("build", "--partners", folder, "--out", tmp_path / "site", "--today", today),
        ]
    )
    for command, result in zip(("check", "build"), results):
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert result.stdout.splitlines() == [
            f"{folder}/bestaat-niet.yaml:1:1: er is geen organisatie 'bestaat-niet'; de naam van een "
            "partnerbestand is die van het organisatiebestand"
        ], command
    assert not (tmp_path / "site").exists()


def test_invalid_partner_file_is_located(tmp_path, run_build, today, repo):
    folder = tmp_path / "partners"
    folder.mkdir()
    slug = sorted(p.stem for p in (repo / "organisations").glob("*.yaml"))[0]
    (folder / f"{slug}.yaml").write_text("contactpersoon:\n  naam: Anna\n  telefoon: '123'\n", encoding="utf-8")
    result = run_build("check", "--partners", folder, "--today", today)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{folder}/{slug}.yaml:3:13: contactpersoon.telefoon: '123' is geen geldig")


# --- content pages ---------------------------------------------------------------------------

ATTACK_PAGE = """---
title: Aanval
description: Een pagina met HTML die niet mag.
---
## Gewone kop

Gewone tekst blijft staan.

<script>alert("pagina")</script>
<iframe src="https://kwaadaardig.example.com/"></iframe>
<img src=x onerror=alert("pagina")>
<a href="javascript:alert('a')">html-link</a>
<div onclick="alert('div')">klikbare tekst</div>

[Markdown-link](javascript:alert("md")) en [goede link](https://www.voorbeeld.nl/) en [mail](mailto:a@voorbeeld.nl).
"""


def test_content_page_is_sanitised(tmp_path, repo, run_build, today, read_page):
    content = tmp_path / "content"
    shutil.copytree(repo / "content", content)
    (content / "aanval.md").write_text(ATTACK_PAGE, encoding="utf-8")
    out = tmp_path / "site"
    result = run_build("build", "--content", content, "--out", out, "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (out / "aanval" / "index.html").read_text(encoding="utf-8")
    page = read_page(out, "aanval/index.html")
    main = text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Gewone tekst blijft staan." in page.main_text
    assert "klikbare tekst" in page.main_text
    assert not re.search(r"<\s*(script|iframe|img|object|embed)", main, re.I), main
    assert 'alert("pagina")</script>' not in page.main_text
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
    hrefs = page.main_hrefs()
    assert not any("javascript" in h.lower() for h in hrefs), hrefs
    assert "https://www.voorbeeld.nl/" in hrefs and "mailto:a@voorbeeld.nl" in hrefs


# --- the end of the process ----------------------------------------------------------------------

# build.end_process(7) after output, an exit handler and an object whose finaliser only the
# interpreter's teardown would run.
ENDING = """\
import atexit, sys
sys.path.insert(0, sys.argv[1])
import build

class Kept:
    def __del__(self):
        print("teardown", flush=True)

kept = Kept()
atexit.register(lambda: print("exit handler"))
print("x" * 100_000)
sys.stderr.write("on stderr")
build.end_process(7)
print("not reached")
"""


def test_the_script_ends_after_its_exit_handlers_without_the_teardown():
    """build.py's own process ends at once after main(): every line written, the exit handlers run
    (workers stopped), the exit status kept; the interpreter's teardown is skipped."""
    import subprocess
    import sys

    from support import REPO

    result = subprocess.run(
        [sys.executable, "-c", ENDING, str(REPO)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 7
    assert result.stdout == "x" * 100_000 + "\nexit handler\n"
    assert result.stderr == "on stderr"


# build.py run as the script, with the reading and the warnings telling whether the collector runs.
COLLECTOR = """\
import gc, runpy, sys
sys.path.insert(0, sys.argv[1])
import kaart.gather, kaart.warnings

def told(name, real):
    def stage(*args, **kwargs):
        print(name, gc.isenabled())
        return real(*args, **kwargs)
    return stage

kaart.gather.gather = told("reading", kaart.gather.gather)
kaart.warnings.find_warnings = told("warnings", kaart.warnings.find_warnings)
sys.argv = [sys.argv[1] + "/build.py", "check"]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_the_script_reads_with_the_cycle_collector_off_and_goes_on_with_it():
    """The script's own process imports and reads without the cycle collector (nothing there to
    free) and switches it on for what follows; importlib.metadata, which pydantic imports for its
    plugin lookup, is never loaded. Importing build.py leaves both as they were."""
    import gc
    import subprocess
    import sys

    import build  # noqa: F401
    from kaart import startup
    from support import REPO

    assert gc.isenabled() and not startup._collector_paused[0]
    result = subprocess.run(
        [sys.executable, "-c", COLLECTOR, str(REPO)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["reading False", "warnings True"]


def test_a_build_never_loads_importlib_metadata(tmp_path):
    """pydantic's plugin lookup (the only user of importlib.metadata in a build without editor
    schema files) is skipped, and the stand-in kaart/startup.py puts in its place is never asked
    for more: Python's import log of a whole build has no line for it."""
    import subprocess
    import sys

    import generate  # bench/generate.py, through pytest's pythonpath
    from support import REPO

    generate.generate(5, tmp_path / "organisations", seed=3)
    result = subprocess.run(
        [
            *(sys.executable, "-X", "importtime", "build.py", "build", "--today", "2026-11-26"),
            *("--organisations", str(tmp_path / "organisations"), "--out", str(tmp_path / "site")),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "KAART_CACHE": "uit"},
    )
    imported = [
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    ]
    assert "pydantic" in imported and "schema" in imported
    assert not [name for name in imported if name.startswith("importlib.metadata")]


def test_a_module_standing_in_loads_the_real_one_when_first_asked():
    """kaart/startup.py's stand-in for a module not loaded yet: an import finds it without loading
    anything; the first name asked for loads the real module, and both answer alike from then on."""
    import subprocess
    import sys

    from support import REPO

    code = (
        "import sys; from kaart import startup; startup._stand_in('colorsys'); import colorsys as early; "
        "print(type(sys.modules['colorsys']).__name__, early.rgb_to_hsv(0.2, 0.4, 0.6) == "
        "__import__('colorsys').rgb_to_hsv(0.2, 0.4, 0.6), type(sys.modules['colorsys']).__name__, "
        "early.hls_to_rgb is sys.modules['colorsys'].hls_to_rgb)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["_OnFirstUse", "True", "module", "True"]


def test_importlib_metadata_standing_in_answers_the_dotted_idiom():
    """After the script's start, `import importlib.metadata` then `importlib.metadata.version(...)`
    (as pydantic and markupsafe ask their versions) loads the real module and answers."""
    import subprocess
    import sys

    from support import REPO

    code = (
        "import sys; from kaart import startup; startup.start()\n"
        "import importlib.metadata\n"
        "print(type(sys.modules['importlib.metadata']).__name__)\n"
        "print(importlib.metadata.version('jinja2') == __import__('jinja2').__version__)\n"
        "import pydantic.version; print(bool(pydantic.version.version_info()))\n"
        "print(type(sys.modules['importlib.metadata']).__name__, importlib.metadata is sys.modules['importlib.metadata'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["_OnFirstUse", "True", "True", "module", "True"]


def test_the_script_ends_quietly_when_it_was_started_without_stdout_or_stderr():
    """Started with its output closed (`>&-`, `2>&-`), Python has no sys.stdout or sys.stderr:
    the end neither fails nor prints a traceback, and the exit status stays."""
    import subprocess
    import sys

    from support import REPO

    ending = ENDING.replace('print("x" * 100_000)\nsys.stderr.write("on stderr")\n', "")
    for closed in (1, 2):
        # A parent that closes the descriptor before starting the script, as a shell's >&- does.
        parent = (
            "import os, subprocess, sys\n"
            f"os.close({closed})\n"
            f"sys.exit(subprocess.call([sys.executable, '-c', {ending!r}, {str(REPO)!r}], close_fds=False))\n"
        )
        result = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True, timeout=60)
        assert result.returncode == 7, (closed, result.stderr)
        assert "Traceback" not in result.stderr, (closed, result.stderr)


def test_under_a_profiler_the_script_ends_as_python_does(tmp_path):
    """A profiler (or debugger, or `python -i`) does its work once the script returns: then the end
    is Python's own, so `python -m cProfile -o FILE build.py ...` still writes its file."""
    import subprocess
    import sys

    from support import REPO

    profile = tmp_path / "profiel.out"
    result = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "build.py", "check", "--today", "2026-11-26"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert profile.stat().st_size > 0

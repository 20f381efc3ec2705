"""The parts of the site made for residents, volunteers and the municipality, in the built HTML
(no browser): the wegwijzer, the urgent-help block, meldingen by date, "Klopt er iets niet?",
the print page, the doorverwijzen page and the partner build's /overzicht/.

Expected values come from the source files themselves (content/wegwijzer.yaml,
content/instellingen.yaml, content/taxonomie.yaml and organisations/*.yaml, read here with plain
YAML), never from the code under test, so a rule the build gets wrong shows up as a difference.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
import yaml

from support import REPO

TODAY = "2026-11-26"
ORG_DIR = REPO / "organisations"
CONTENT = REPO / "content"
MELDING_ORG = "geldpunt-bibliotheek-dijkhaven"
# The filters of content/wegwijzer.yaml that the search page also has (docs/urls.md: the search page's query).
SEARCH_FILTERS = ("fase", "rol", "activiteit", "doelgroep", "inloop")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- the source data, read independently -------------------------------------------------


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def organisations(folder: Path = ORG_DIR) -> dict[str, dict]:
    return {p.stem: load_yaml(p) for p in sorted(folder.glob("*.yaml"))}


ORGS = organisations()
WEGWIJZER = load_yaml(CONTENT / "wegwijzer.yaml")
SETTINGS = load_yaml(CONTENT / "instellingen.yaml")
TAXONOMIE = load_yaml(CONTENT / "taxonomie.yaml")
CHOICES = {s["id"]: s for s in WEGWIJZER["situaties"]}


def slug_of_gemeente(naam: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", naam.lower()).strip("-")


def gemeenten(orgs: dict[str, dict]) -> list[str]:
    return sorted({g for org in orgs.values() for g in org["werkgebied"].get("gemeenten", [])})


def works_in(org: dict, gemeente: str) -> bool:
    return bool(org["werkgebied"].get("landelijk")) or gemeente in org["werkgebied"].get("gemeenten", [])


def has_inloop(org: dict) -> bool:
    return any(uur["vorm"] == "inloop" for loc in org.get("locaties") or [] for uur in loc.get("spreekuren") or [])


def matches(org: dict, filters: dict) -> bool:
    """docs/urls.md: values of one filter OR-ed, filters AND-ed; doelgroep also matches iedereen."""
    have = {"fase": org["fases"], "rol": org["rollen"], "activiteit": org.get("activiteiten") or [],
            "soort": [org["soort"]]}
    for name, values in filters.items():
        if name == "inloop":
            if values and not has_inloop(org):
                return False
        elif name == "doelgroep":
            if not (set(values) & set(org["doelgroepen"]) or "iedereen" in org["doelgroepen"]):
                return False
        elif not set(values) & set(have[name]):
            return False
    return True


def tel(number: str) -> str:
    """A Dutch number as a tel: link in international form: '030 200 40 00' -> 'tel:+31302004000'."""
    digits = re.sub(r"\D", "", number)
    assert digits.startswith("0"), number
    return "tel:+31" + digits[1:]


# --- building ------------------------------------------------------------------------------


def run_build(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    command = [sys.executable, str(REPO / "build.py"), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env,
                          stdin=subprocess.DEVNULL)


def build(out: Path, *args: str, today: str = TODAY) -> Path:
    result = run_build("build", "--out", str(out), "--today", today, *args)
    assert result.returncode == 0, f"build {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("wegwijzer") / "site")


@pytest.fixture(scope="module")
def partner_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("partners") / "site", "--partners", str(REPO / "voorbeeld-partners"))


# --- reading pages ------------------------------------------------------------------------


class Element:
    def __init__(self, tag: str, attrs: dict, parent: "Element | None"):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, attrs, parent, [], ""

    @property
    def clean_text(self) -> str:
        return " ".join(self.text.split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, tag: str) -> "Element | None":
        return next((a for a in self.ancestors() if a.tag == tag), None)

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()

    def find_all(self, tag: str, **attrs) -> list["Element"]:
        return [e for e in self.descendants() if e.tag == tag
                and all(e.has_class(v) if k == "class_" else e.attrs.get(k) == v for k, v in attrs.items())]

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()

    def heading(self) -> str:
        """The text of this element's first heading."""
        return next((e.clean_text for e in self.descendants() if e.tag in ("h1", "h2", "h3", "h4")), "")


class Page(HTMLParser):
    """A whole page as a small element tree (enough for links, sections and their text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self._open = [self.root]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self._open[-1])
        self._open[-1].children.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, dict(attrs), self._open[-1])
        self._open[-1].children.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, 0, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                return

    def handle_data(self, data):
        for element in self._open:
            element.text += data

    @property
    def main(self) -> Element:
        found = self.root.find_all("main")
        assert len(found) == 1, "a page has one <main>"
        return found[0]

    @property
    def text(self) -> str:
        return self.root.clean_text


def page(site: Path, url: str) -> Page:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    assert path.is_file(), f"no page {url} in the built site"
    return Page(path.read_text(encoding="utf-8"))


def org_links(element: Element, page_url: str) -> list[tuple[str, Element]]:
    """(slug, <a>) for every link to an organisation page inside element, in document order."""
    found = []
    for a in element.find_all("a"):
        path = urlsplit(urljoin("http://x/" + page_url, a.attrs.get("href", ""))).path
        match = re.fullmatch(r"/organisaties/([a-z0-9-]+)/(index\.html)?", path)
        if match:
            found.append((match.group(1), a))
    return found


def resolve(page_url: str, href: str) -> str:
    """A link's target as a path from the site's top, with its query string."""
    parts = urlsplit(urljoin("http://x/" + page_url, href))
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- the wegwijzer --------------------------------------------------------------------------


def test_wegwijzer_has_six_to_nine_choices():
    assert 6 <= len(WEGWIJZER["situaties"]) <= 9


def test_every_choice_links_to_its_page_and_its_search(site):
    home = page(site, "")
    links = home.main.find_all("a")
    for choice_id, choice in CHOICES.items():
        matching = [a for a in links if resolve("", a.attrs.get("href", "")) == f"/wegwijzer/{choice_id}/"]
        assert len(matching) == 1, f"the home page should link once to wegwijzer/{choice_id}/, found {len(matching)}"
        link = matching[0]
        assert choice["tekst"] in link.clean_text
        assert (site / "wegwijzer" / choice_id / "index.html").is_file(), f"wegwijzer/{choice_id}/ was not built"
        filters = choice["filters"]
        zoeken = link.attrs.get("data-zoeken")
        if set(filters) - set(SEARCH_FILTERS):
            # The search page has no such filter: the pre-rendered page is the only right target.
            assert zoeken is None, f"{choice_id}: search cannot express {sorted(set(filters) - set(SEARCH_FILTERS))}"
            continue
        assert zoeken is not None, f"{choice_id}: no data-zoeken, so JavaScript cannot open the live search"
        target = urlsplit(urljoin("http://x/", zoeken))
        assert target.path == "/zoeken/", f"{choice_id}: data-zoeken={zoeken!r} does not lead to zoeken/"
        query = {k: sorted(v) for k, v in parse_qs(target.query, keep_blank_values=True).items()}
        expected = {k: sorted(v) for k, v in filters.items() if k != "inloop" and v}
        if filters.get("inloop"):
            expected["inloop"] = ["1"]
        assert query == expected, f"{choice_id}: data-zoeken={zoeken!r} does not match the filters {filters}"


@pytest.mark.parametrize("choice_id", sorted(CHOICES))
def test_wegwijzer_page_lists_exactly_the_matching_organisations(site, choice_id):
    choice = CHOICES[choice_id]
    filters = choice["filters"]
    expected = {slug for slug, org in ORGS.items() if matches(org, filters)}
    assert expected, f"{choice_id}: no organisation in the example matches; the test would prove nothing"
    url = f"wegwijzer/{choice_id}/"
    doc = page(site, url)
    links = org_links(doc.main, url)
    assert {slug for slug, _ in links} == expected, (
        f"{choice_id}: listed but not matching {sorted({s for s, _ in links} - expected)}; "
        f"matching but not listed {sorted(expected - {s for s, _ in links})}")
    assert re.search(rf"\b{len(expected)} organisaties\b", doc.main.clean_text), (
        f"{choice_id}: the page should say {len(expected)} organisaties")

    # Group the links by the section they are in (by gemeente, as content/wegwijzer.yaml defaults to).
    groups: dict[str, list[str]] = {}
    for slug, a in links:
        section = a.closest("section")
        groups.setdefault(section.heading() if section is not None else "", []).append(slug)
    if choice.get("groeperen", "gemeente") == "gemeente" and len(gemeenten(ORGS)) > 1:
        for gemeente in gemeenten(ORGS):
            heading = next((h for h in groups if re.search(rf"\b{re.escape(gemeente)}\b", h)), None)
            here = {s for s in expected if works_in(ORGS[s], gemeente)}
            if not here:
                continue
            assert heading is not None, f"{choice_id}: no section for {gemeente} (sections: {list(groups)})"
            assert set(groups[heading]) == here, f"{choice_id}, {gemeente}: {groups[heading]} != {sorted(here)}"
            assert len(groups[heading]) == len(here), f"{choice_id}, {gemeente}: listed twice: {groups[heading]}"
    if filters.get("doelgroep"):
        wanted = set(filters["doelgroep"])
        for heading, slugs in groups.items():
            named = [bool(wanted & set(ORGS[s]["doelgroepen"])) for s in slugs]
            assert named == sorted(named, reverse=True), (
                f"{choice_id} ({heading}): organisations naming {sorted(wanted)} must come before the ones "
                f"for iedereen: {slugs}")


# --- the urgent block -----------------------------------------------------------------------


def urgent_numbers(doc: Page) -> tuple[dict[str, set[str]], Element]:
    """The urgent block, and for each of its lines (li, else the block) its text -> tel: links."""
    blocks = doc.main.find_all("section", class_="spoed") or doc.main.find_all("div", class_="spoed")
    assert len(blocks) == 1, "one urgent-help block (class 'spoed') in <main>"
    lines = {}
    for a in blocks[0].find_all("a"):
        href = a.attrs.get("href", "")
        if href.startswith("tel:"):
            line = a.closest("li") or blocks[0]
            lines.setdefault(line.clean_text, set()).add(href)
    return lines, blocks[0]


def expected_urgent(orgs: dict[str, dict]) -> dict[str, set[str]]:
    """Per gemeente: the soort: gemeente organisations' numbers there, else the settings' number."""
    result = {}
    for gemeente in gemeenten(orgs):
        own = {tel(o["contact"]["telefoon"]) for o in orgs.values()
               if o["soort"] == "gemeente" and gemeente in o["werkgebied"].get("gemeenten", [])
               and o["contact"].get("telefoon")}
        result[gemeente] = own or {tel(SETTINGS["spoed"]["telefoon"])}
    return result


def check_urgent(doc: Page, expected: dict[str, set[str]], where: str) -> None:
    lines, block = urgent_numbers(doc)
    text = block.clean_text
    assert "afsluiting" in text and ("uithuiszetting" in text or "huis uit" in text), (
        f"{where}: the urgent block should name cut-off and eviction: {text[:200]}")
    for gemeente, numbers in expected.items():
        found = [hrefs for line, hrefs in lines.items() if re.search(rf"\b{re.escape(gemeente)}\b", line)]
        assert found, f"{where}: no urgent line for {gemeente}: {list(lines)}"
        assert any(numbers <= hrefs for hrefs in found), f"{where}, {gemeente}: expected {numbers}, got {found}"


@pytest.mark.parametrize("url", ["", "zoeken/"])
def test_urgent_block_has_each_gemeentes_own_number(site, url):
    expected = expected_urgent(ORGS)
    assert len(expected) >= 2
    # The example: every gemeente has its own schuldhulp with its own number.
    assert len({frozenset(v) for v in expected.values()}) == len(expected)
    check_urgent(page(site, url), expected, url or "home")


def test_urgent_block_falls_back_to_the_settings_number(tmp_path):
    orgs_dir = tmp_path / "organisations"
    shutil.copytree(ORG_DIR, orgs_dir)
    removed = [p for p in orgs_dir.glob("*.yaml") if load_yaml(p)["soort"] == "gemeente"
               and load_yaml(p)["werkgebied"].get("gemeenten") == ["Wierdam"]]
    assert len(removed) == 1
    removed[0].unlink()
    out = build(tmp_path / "site", "--organisations", str(orgs_dir))
    expected = expected_urgent(organisations(orgs_dir))
    assert expected["Wierdam"] == {tel(SETTINGS["spoed"]["telefoon"])}
    for url in ("", "zoeken/"):
        check_urgent(page(out, url), expected, f"{url or 'home'} without Wierdam's own schuldhulp")


# --- meldingen by date ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def melding_sites(tmp_path_factory) -> dict[str, Path]:
    tot = str(ORGS[MELDING_ORG]["melding"]["tot"])
    assert tot == "2027-01-04"
    base = tmp_path_factory.mktemp("melding")
    return {day: build(base / day, today=day) for day in ("2026-12-01", "2027-01-04", "2027-01-05")}


def melding_text() -> str:
    return " ".join(ORGS[MELDING_ORG]["melding"]["tekst"].split())


@pytest.mark.parametrize("day, shown", [("2026-12-01", True), ("2027-01-04", True), ("2027-01-05", False)])
def test_melding_on_the_organisation_page_until_and_including_tot(melding_sites, day, shown):
    doc = page(melding_sites[day], f"organisaties/{MELDING_ORG}/")
    text = doc.main.clean_text
    assert (melding_text() in text) == shown, f"--today {day}: melding {'missing' if shown else 'still shown'}"
    if shown:
        # At the top: before the organisation's contact details and description.
        assert text.index(melding_text()) < text.index(" ".join(ORGS[MELDING_ORG]["samenvatting"].split()))
        notes = [e for e in doc.main.descendants() if melding_text() in e.clean_text and e.attrs.get("data-tot")]
        assert notes and notes[-1].attrs["data-tot"] == "2027-01-04", "the browser needs the tot date to hide it"


@pytest.mark.parametrize("day, shown", [("2026-12-01", True), ("2027-01-04", True), ("2027-01-05", False)])
def test_melding_in_the_search_results_without_javascript(melding_sites, day, shown):
    doc = page(melding_sites[day], "zoeken/")
    results = [e for e in doc.main.descendants() if e.attrs.get("id") == "resultaten"]
    assert len(results) == 1, "the search page has one #resultaten"
    item = next(a for slug, a in org_links(results[0], "zoeken/") if slug == MELDING_ORG).closest("li")
    assert item is not None
    assert (melding_text() in item.clean_text) == shown, (
        f"--today {day}: the result for {MELDING_ORG} {'lacks' if shown else 'still has'} its melding")


@pytest.mark.parametrize("day, warns", [("2027-01-04", False), ("2027-01-05", True)])
def test_check_warns_when_a_melding_has_expired(day, warns):
    result = run_build("check", "--today", day)
    assert result.returncode == 0, "a warning does not fail check"
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if f"{MELDING_ORG}.yaml" in line and "melding" in line]
    assert bool(lines) == warns, f"--today {day}: melding warning lines {lines}"
    if warns:
        assert re.match(rf"organisations/{MELDING_ORG}\.yaml:\d+:\d+: ", lines[0]), lines[0]
        strict = run_build("check", "--strict", "--today", day)
        assert strict.returncode == 1


# --- "Klopt er iets niet?" -------------------------------------------------------------------


def report_links(doc: Page) -> list[str]:
    return [a.attrs["href"] for a in doc.main.find_all("a")
            if a.attrs.get("href", "").startswith("mailto:" + SETTINGS["redactie"]["email"])]


def test_every_organisation_page_has_a_mailto_with_its_name(site):
    for slug, org in ORGS.items():
        doc = page(site, f"organisaties/{slug}/")
        links = report_links(doc)
        assert links, f"{slug}: no mailto link to the editors ({SETTINGS['redactie']['email']})"
        assert "Klopt er iets niet" in doc.main.clean_text
        subject = parse_qs(urlsplit(links[0]).query).get("subject", [""])[0]
        assert org["naam"] in unquote(subject), f"{slug}: subject {subject!r} does not name {org['naam']!r}"
        assert not [a for a in doc.main.find_all("a") if "bestand" in a.clean_text and "aan" in a.clean_text], (
            f"{slug}: no edit link when the settings give no bewerk_url")


def test_edit_link_when_the_settings_give_a_pattern(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = (content / "instellingen.yaml").read_text(encoding="utf-8")
    pattern = "https://git.example.nl/gemeente/kaart/-/edit/main/{pad}"
    settings = settings.replace('bewerk_url: ""', f'bewerk_url: "{pattern}"')
    assert pattern in settings
    (content / "instellingen.yaml").write_text(settings, encoding="utf-8")
    out = build(tmp_path / "site", "--content", str(content), "--organisations", "organisations")
    for slug in ("schuldhulp-dijkhaven", MELDING_ORG):
        doc = page(out, f"organisaties/{slug}/")
        hrefs = [a.attrs.get("href") for a in doc.main.find_all("a")]
        assert pattern.replace("{pad}", f"organisations/{slug}.yaml") in hrefs, hrefs


# --- print and doorverwijzen ----------------------------------------------------------------


# The paper map per gemeente and the referral list per gemeente: tests/test_referral_print.py.


# --- the municipality's overview ------------------------------------------------------------


def test_overzicht_only_in_the_partner_build(site, partner_site):
    assert not (site / "overzicht").exists(), "the public build must not have /overzicht/"
    assert "/overzicht/<" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    doc = page(partner_site, "overzicht/")
    text = doc.main.clean_text
    assert "GAT" in text and "!" in text and "Verouderd" in text
    for gemeente in gemeenten(ORGS):
        assert any(gemeente in t for t in (e.clean_text for e in doc.main.find_all("caption"))), gemeente

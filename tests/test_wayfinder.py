"""The parts of the site made for residents, volunteers and the municipality, in the built HTML
(no browser): the wegwijzer, the urgent-help block, meldingen by date, "Klopt er iets niet?",
the print page, the doorverwijzen page and the partner build's /overzicht/.

Expected values come from the source files themselves (content/wegwijzer.yaml,
content/instellingen.yaml, content/taxonomie.yaml and organisations/*.yaml, read here with plain
YAML), never from the code under test, so a rule the build gets wrong shows up as a difference.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest

from kaart.text import slugify
from support import REPO, run_build_py, yaml_data

TODAY = "2026-11-26"
ORG_DIR = REPO / "organisations"
CONTENT = REPO / "content"
MELDING_ORG = "geldpunt-bibliotheek-dijkhaven"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- the source data, read independently -------------------------------------------------


def load_yaml(path: Path):
    return yaml_data(path.read_text(encoding="utf-8"))


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
    have = {
        "fase": org["fases"],
        "rol": org["rollen"],
        "activiteit": org.get("activiteiten") or [],
        "soort": [org["soort"]],
    }
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
    return run_build_py(*args, cwd=cwd, timeout=300)


def build(out: Path, *args: str, today: str = TODAY) -> Path:
    result = run_build("build", "--out", str(out), "--today", today, *args)
    assert result.returncode == 0, f"build {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def site(example_site) -> Path:
    return example_site


@pytest.fixture(scope="module")
def partner_site(partner_example_site) -> Path:
    return partner_example_site


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
        return [
            e
            for e in self.descendants()
            if e.tag == tag and all(e.has_class(v) if k == "class_" else e.attrs.get(k) == v for k, v in attrs.items())
        ]

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


def test_every_choice_links_to_its_static_page(site):
    """Issue 12: a choice opens its own path page (with or without JavaScript), not the search."""
    home = page(site, "")
    links = home.main.find_all("a")
    for choice_id, choice in CHOICES.items():
        matching = [a for a in links if resolve("", a.attrs.get("href", "")) == f"/wegwijzer/{choice_id}/"]
        assert len(matching) == 1, f"the home page should link once to wegwijzer/{choice_id}/, found {len(matching)}"
        assert choice["tekst"] in matching[0].clean_text
        assert "data-zoeken" not in matching[0].attrs, f"{choice_id}: JavaScript must not send it to the search"
        assert (site / "wegwijzer" / choice_id / "index.html").is_file(), f"wegwijzer/{choice_id}/ was not built"


def serves(org: dict, gemeente: str) -> bool:
    return works_in(org, gemeente)


def free(org: dict) -> bool:
    kosten = (org["aanmelden"].get("kosten") or "").strip().lower()
    return kosten == "gratis" or (kosten.startswith("gratis") and kosten[6:7] in ",;.:")


def fits(org: dict, filters: dict) -> bool:
    """matches() plus the wegwijzer's own filters gratis and anoniem."""
    rest = {k: v for k, v in filters.items() if k not in ("gratis", "anoniem")}
    if filters.get("gratis") and not free(org):
        return False
    if filters.get("anoniem") and not org["aanmelden"].get("anoniem"):
        return False
    return matches(org, rest)


def end_pages() -> list[tuple[str, str, dict | None, str]]:
    """(choice id, gemeente, answer or None, URL) of every end page of the example."""
    found = []
    for choice_id, choice in CHOICES.items():
        for gemeente in gemeenten(ORGS):
            base = f"wegwijzer/{choice_id}/{slug_of_gemeente(gemeente)}/"
            answers = (choice.get("vraag") or {}).get("antwoorden") or []
            found += [(choice_id, gemeente, a, base + a["id"] + "/") for a in answers] or [
                (choice_id, gemeente, None, base)
            ]
    return found


def shown_before_meer(doc: Page, url: str) -> tuple[list[str], list[str]]:
    """Organisations linked before the "Meer hulp" fold, and those inside it, in page order."""
    before, inside = [], []
    for slug, a in org_links(doc.main, url):
        (inside if any(e.tag == "details" for e in a.ancestors()) else before).append(slug)
    return list(dict.fromkeys(before)), list(dict.fromkeys(inside))


def test_the_situation_page_asks_the_gemeente_and_lists_no_organisation(site):
    assert len(gemeenten(ORGS)) > 1, "the example covers more than one gemeente"
    for choice_id, choice in CHOICES.items():
        url = f"wegwijzer/{choice_id}/"
        doc = page(site, url)
        assert doc.main.find_all("h1")[0].clean_text == choice["tekst"]
        assert org_links(doc.main, url) == [], f"{url} lists organisations; it should ask the gemeente first"
        targets = {resolve(url, a.attrs.get("href", "")) for a in doc.main.find_all("a")}
        for gemeente in gemeenten(ORGS):
            assert f"/{url}{slug_of_gemeente(gemeente)}/" in targets, f"{url}: no link for {gemeente}"


@pytest.mark.parametrize("choice_id, gemeente, answer, url", end_pages(), ids=[e[3] for e in end_pages()])
def test_end_page_shows_at_most_five_that_serve_the_gemeente(site, choice_id, gemeente, answer, url):
    choice = CHOICES[choice_id]
    doc = page(site, url)
    assert doc.main.find_all("h1")[0].clean_text == choice["tekst"], "the end page is headed with the situation"
    filters = [choice["filters"]] + ([answer.get("filters") or {}] if answer else [])
    left_out = set(choice.get("niet") or [])
    expected = [
        s for s, o in ORGS.items() if serves(o, gemeente) and s not in left_out and all(fits(o, f) for f in filters)
    ]
    before, inside = shown_before_meer(doc, url)
    urgent = bool(choice.get("spoed"))
    assert len(before) <= 5 + urgent, f"{url}: {len(before)} organisations before 'Meer hulp': {before}"
    for slug in before + inside:
        assert serves(ORGS[slug], gemeente), f"{url}: {slug} does not serve {gemeente}"
        assert slug in expected or (urgent and slug == before[0]), f"{url}: {slug} does not fit the choice"
    assert not set(before) & set(inside), f"{url}: shown twice: {set(before) & set(inside)}"
    own = own_debt_help(gemeente)[:1] if urgent else []
    assert len(before) == min(len(set(expected) - set(own)), 5) + len(own), (url, before, expected)
    if len(expected) <= 25:  # the fold holds up to 20: then nothing that fits is missing
        assert set(before + inside) >= set(expected), (
            f"{url}: fits but not shown: {sorted(set(expected) - set(before + inside))}"
        )
    if len(expected) > 5 + urgent:
        folds = [d for d in doc.main.find_all("details") if "Meer hulp" in d.clean_text]
        assert len(folds) == 1, f"{url}: the rest should be folded under 'Meer hulp'"
    # The gemeente travels: every other situation links to its page for this gemeente.
    targets = {resolve(url, a.attrs.get("href", "")) for a in doc.main.find_all("a")}
    for other in CHOICES:
        if other != choice_id:
            assert f"/wegwijzer/{other}/{slug_of_gemeente(gemeente)}/" in targets, f"{url}: no link to {other}"


@pytest.mark.parametrize("choice_id, gemeente, answer, url", end_pages(), ids=[e[3] for e in end_pages()])
def test_end_page_puts_help_for_everyone_and_the_whole_gemeente_first(site, choice_id, gemeente, answer, url):
    """docs/wegwijzer.md's order: help for everyone before help for one group (unless a group was
    asked for), then whole-gemeente help before help for a few wijken."""
    choice = CHOICES[choice_id]
    before, inside = shown_before_meer(page(site, url), url)
    listed = before[1:] + inside if choice.get("spoed") else before + inside
    group_asked = bool(
        choice["filters"].get("doelgroep") or (answer and (answer.get("filters") or {}).get("doelgroep"))
    )

    def rank(slug: str) -> tuple:
        org = ORGS[slug]
        return (not group_asked and "iedereen" not in org["doelgroepen"], bool(org["werkgebied"].get("wijken")))

    ranks = [rank(slug) for slug in listed]
    assert ranks == sorted(ranks), f"{url}: order {list(zip(listed, ranks))}"


def own_debt_help(gemeente: str, orgs: dict[str, dict] = ORGS) -> list[str]:
    return [
        s
        for s, o in orgs.items()
        if o["soort"] == "gemeente"
        and gemeente in o["werkgebied"].get("gemeenten", [])
        and o["contact"].get("telefoon")
    ]


@pytest.mark.parametrize("gemeente", gemeenten(ORGS))
def test_urgent_choice_puts_the_gemeentes_debt_help_first_with_a_call_button(site, gemeente):
    urgent = [c for c in CHOICES.values() if c.get("spoed")]
    assert urgent, "content/wegwijzer.yaml has an urgent choice (spoed: true)"
    for choice in urgent:
        assert re.search(r"afsluiting|uithuiszetting|deurwaarder|beslag", choice["tekst"])
        url = f"wegwijzer/{choice['id']}/{slug_of_gemeente(gemeente)}/"
        doc = page(site, url)
        before, _ = shown_before_meer(doc, url)
        own = own_debt_help(gemeente)
        assert own and before[0] == own[0], f"{url}: first {before[:1]}, expected the gemeente's own {own}"
        number = tel(ORGS[own[0]]["contact"]["telefoon"])
        first_call = next(a for a in doc.main.find_all("a") if a.attrs.get("href", "").startswith("tel:"))
        assert first_call.attrs["href"] == number, f"{url}: the first call button is not {number}"
        assert "Bel" in first_call.clean_text


def test_follow_up_question_links_to_each_answer(site):
    asked = [c for c in CHOICES.values() if c.get("vraag")]
    assert asked, "the example has at least one follow-up question"
    for choice in asked:
        for gemeente in gemeenten(ORGS):
            url = f"wegwijzer/{choice['id']}/{slug_of_gemeente(gemeente)}/"
            doc = page(site, url)
            assert choice["vraag"]["tekst"] in doc.main.clean_text
            assert org_links(doc.main, url) == [], f"{url}: the question page lists no organisations"
            targets = {resolve(url, a.attrs.get("href", "")) for a in doc.main.find_all("a")}
            for answer in choice["vraag"]["antwoorden"]:
                assert f"/{url}{answer['id']}/" in targets, f"{url}: no link to the answer {answer['id']}"


def test_an_answer_changes_what_comes_first(site):
    """The anonymous answer puts the organisations for everyone marked anoniem first; the other does not."""
    anonymous = {
        s
        for s, o in ORGS.items()
        if o["aanmelden"].get("anoniem")
        and serves(o, "Dijkhaven")
        and fits(o, CHOICES["geldzorgen"]["filters"])
        and "iedereen" in o["doelgroepen"]
    }
    assert anonymous, "the example has organisations marked anoniem"
    shown = {
        a: shown_before_meer(
            page(site, f"wegwijzer/geldzorgen/dijkhaven/{a}/"), f"wegwijzer/geldzorgen/dijkhaven/{a}/"
        )[0]
        for a in ("anoniem", "meteen-hulp")
    }
    assert set(shown["anoniem"][: len(anonymous)]) == anonymous, shown["anoniem"]
    assert shown["meteen-hulp"][0] not in anonymous, shown["meteen-hulp"]
    doc = page(site, "wegwijzer/geldzorgen/dijkhaven/anoniem/")
    item = org_links(doc.main, "wegwijzer/geldzorgen/dijkhaven/anoniem/")[0][1].closest("li")
    assert "U kunt anoniem bellen" in item.clean_text and "Gratis" in item.clean_text


def test_why_it_fits_shows_the_weekly_walk_in_hours_without_javascript(site):
    url = "wegwijzer/zonder-afspraak/dijkhaven/"
    doc = page(site, url)
    for slug, a in org_links(doc.main, url)[:5]:
        item = a.closest("li")
        for loc in ORGS[slug].get("locaties") or []:
            for uur in loc.get("spreekuren") or []:
                if uur["vorm"] == "inloop":
                    assert loc["naam"] in item.clean_text and uur["dag"] in item.clean_text, (slug, uur)
        wacht = ORGS[slug]["aanmelden"].get("wachttijd")
        if wacht:
            assert " ".join(wacht.split()) in item.clean_text


@pytest.mark.parametrize(
    "url",
    [
        "wegwijzer/brief-afsluiting/dijkhaven/",
        "wegwijzer/post-overzicht/dijkhaven/vaste-helper/",
        "wegwijzer/iemand-naast-me/wierdam/",
    ],
)
def test_why_it_fits_says_gratis_and_wijken_only_when_true(site, url):
    doc = page(site, url)
    reasons = doc.main.find_all("ul", class_="waarom")
    assert reasons, f"{url}: no 'why it fits' lists"
    checked = 0
    for slug, a in org_links(doc.main, url):
        item = (
            a.closest("li")
            if a.closest("section") is None or "spoedhulp" not in (a.closest("section").attrs.get("class") or "")
            else a.closest("section")
        )
        lists = item.find_all("ul", class_="waarom") if item is not None else []
        if not lists:
            continue  # a link in "Meer hulp": no reasons there
        items = [li.clean_text for li in lists[0].find_all("li")]
        assert ("Gratis" in items) == free(ORGS[slug]), (
            f"{url}: {slug} kosten {ORGS[slug]['aanmelden'].get('kosten')!r}"
        )
        wijken = ORGS[slug]["werkgebied"].get("wijken")
        assert any(t.startswith("Alleen voor de wijk") for t in items) == bool(wijken), (slug, items)
        checked += 1
    assert checked >= 3


def test_pinned_and_left_out_organisations(tmp_path):
    """A pinned organisation comes first where it works, even if the filters would not pick it;
    a left-out one never shows."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    text = (content / "wegwijzer.yaml").read_text(encoding="utf-8")
    pinned, dropped = "budgetbeheer-regio-dijkhaven", "schuldhulp-dijkhaven"
    assert not fits(ORGS[pinned], CHOICES["geldzorgen"]["filters"]) and serves(ORGS[pinned], "Dijkhaven")
    assert fits(ORGS[dropped], CHOICES["geldzorgen"]["filters"])
    text = text.replace("  - id: geldzorgen\n", f"  - id: geldzorgen\n    vast: [{pinned}]\n    niet: [{dropped}]\n")
    (content / "wegwijzer.yaml").write_text(text, encoding="utf-8")
    out = build(tmp_path / "site", "--content", str(content), "--organisations", str(ORG_DIR))
    url = "wegwijzer/geldzorgen/dijkhaven/meteen-hulp/"
    before, inside = shown_before_meer(page(out, url), url)
    assert before[0] == pinned, before
    assert dropped not in before + inside


def test_a_map_of_one_gemeente_skips_the_gemeente_step(tmp_path):
    orgs_dir = tmp_path / "organisations"
    orgs_dir.mkdir()
    for p in ORG_DIR.glob("*.yaml"):
        org = load_yaml(p)
        if org["werkgebied"].get("landelijk") or org["werkgebied"].get("gemeenten") == ["Wierdam"]:
            shutil.copy(p, orgs_dir / p.name)
    out = build(tmp_path / "site", "--organisations", str(orgs_dir))
    for choice_id, choice in CHOICES.items():
        url = f"wegwijzer/{choice_id}/"
        doc = page(out, url)
        links = org_links(doc.main, url)
        if choice.get("vraag"):
            targets = {resolve(url, a.attrs.get("href", "")) for a in doc.main.find_all("a")}
            assert {f"/{url}wierdam/{a['id']}/" for a in choice["vraag"]["antwoorden"]} <= targets, url
        else:
            assert "In welke gemeente" not in doc.main.clean_text, f"{url}: asks a gemeente on a map of one"
            assert links or "geen organisatie" in doc.main.clean_text, f"{url}: neither organisations nor a note"
        assert (out / "wegwijzer" / choice_id / "wierdam" / "index.html").is_file()


@pytest.fixture(scope="module")
def many_site(many_gemeenten_map) -> tuple[Path, Path]:
    """A generated map of 15 gemeenten (more than MANY_GEMEENTEN): its organisations and its site."""
    organisations, _, public, _ = many_gemeenten_map
    return organisations, public


def test_a_map_of_many_gemeenten_asks_the_gemeente_from_the_home_page(many_site):
    orgs_dir, out = many_site
    home = page(out, "")
    line = home.main.find_all("p", class_="spoedregel")
    assert len(line) == 1
    hrefs = [resolve("", a.attrs["href"]) for a in line[0].find_all("a")]
    urgent = next(c for c in CHOICES.values() if c.get("spoed"))
    assert hrefs == [f"/wegwijzer/{urgent['id']}/"], f"with 15 gemeenten the urgent line asks the gemeente: {hrefs}"
    doc = page(out, f"wegwijzer/{urgent['id']}/")
    assert org_links(doc.main, f"wegwijzer/{urgent['id']}/") == []
    organisations_there = organisations(orgs_dir)
    some = gemeenten(organisations_there)[3]
    url = f"wegwijzer/{urgent['id']}/{slug_of_gemeente(some)}/"
    before, inside = shown_before_meer(page(out, url), url)
    assert before[0] == own_debt_help(some, organisations_there)[0]
    assert len(before) <= 6 and len(inside) <= 20
    assert all(serves(organisations_there[s], some) for s in before + inside)


def first_letter(naam: str) -> str:
    """The first letter or digit of a folded name: where the list's jump links put it."""
    return next(c for c in unicodedata.normalize("NFKD", naam).lower() if c.isalnum())


def test_a_long_list_of_gemeenten_has_a_jump_link_per_first_letter(many_site):
    """Without JavaScript, a resident of the 15th gemeente taps its first letter instead of scrolling
    past the other 14; every gemeente is under its own letter, each letter once, A to Z."""
    orgs_dir, out = many_site
    url = "wegwijzer/geldzorgen/"
    doc = page(out, url)
    by_id = {e.attrs["id"]: e for e in doc.main.descendants() if e.attrs.get("id")}
    jumps = [a.attrs["href"] for a in doc.main.find_all("ul", class_="letters")[0].find_all("a")]
    names = gemeenten(organisations(orgs_dir))
    letters = sorted({first_letter(n) for n in names})
    assert jumps == [f"#letter-{c}" for c in letters]
    for c in letters:
        heading = by_id[f"letter-{c}"]
        assert heading.tag == "h3" and heading.clean_text == c.upper()
        group = [a.clean_text for a in heading.parent.find_all("a")]
        assert group == [n for n in names if first_letter(n) == c], c
        assert all(
            resolve(url, a.attrs["href"]) == f"/{url}{slugify(a.clean_text)}/" for a in heading.parent.find_all("a")
        )
    assert by_id["gemeente-filter"].tag == "input", "the field that narrows the list (with JavaScript)"
    assert "hidden" in by_id["gemeente-filter"].parent.attrs, "hidden without JavaScript"


def test_a_short_list_of_gemeenten_has_no_jump_links(site):
    doc = page(site, "wegwijzer/geldzorgen/")
    assert doc.main.find_all("ul", class_="letters") == []
    assert not [e for e in doc.main.descendants() if e.attrs.get("id") == "gemeente-filter"]


def test_check_reports_wegwijzer_mistakes_with_file_and_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    text = (content / "wegwijzer.yaml").read_text(encoding="utf-8")
    text = text.replace("    spoed: true\n", "    spoed: true\n    vast: [schuldhulp-dijkhavn]\n", 1)
    text = text.replace("            inloop: true\n", "            inlop: true\n", 1)
    (content / "wegwijzer.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = run_build("check", "--content", str(content))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    vast = next(n for n, line in enumerate(lines, 1) if "schuldhulp-dijkhavn" in line)
    inlop = next(n for n, line in enumerate(lines, 1) if "inlop:" in line)
    assert re.search(
        rf"wegwijzer\.yaml:{vast}:\d+: situaties\[0\]\.vast\[0\]: er is geen organisatie "
        r"'schuldhulp-dijkhavn'; bedoelt u 'schuldhulp-dijkhaven'\?",
        output,
    ), output
    assert re.search(
        rf"wegwijzer\.yaml:{inlop}:\d+: situaties\[\d\]\.vraag\.antwoorden\[0\]\.filters\.inlop: .*"
        r"'inloop'",
        output,
    ), output


def test_check_refuses_an_answer_twice(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    text = (content / "wegwijzer.yaml").read_text(encoding="utf-8")
    assert "        - id: meteen-hulp\n" in text
    (content / "wegwijzer.yaml").write_text(
        text.replace("        - id: meteen-hulp\n", "        - id: anoniem\n"), encoding="utf-8"
    )
    result = run_build("check", "--content", str(content))
    assert result.returncode == 1
    assert re.search(
        r"wegwijzer\.yaml:\d+:\d+: situaties\[1\]\.vraag: het antwoord 'anoniem' staat twee keer",
        result.stdout + result.stderr,
    ), result.stdout + result.stderr


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
        own = {
            tel(o["contact"]["telefoon"])
            for o in orgs.values()
            if o["soort"] == "gemeente"
            and gemeente in o["werkgebied"].get("gemeenten", [])
            and o["contact"].get("telefoon")
        }
        result[gemeente] = own or {tel(SETTINGS["spoed"]["telefoon"])}
    return result


def check_urgent(doc: Page, expected: dict[str, set[str]], where: str) -> None:
    lines, block = urgent_numbers(doc)
    text = block.clean_text
    assert "afsluiting" in text and ("uithuiszetting" in text or "huis uit" in text), (
        f"{where}: the urgent block should name cut-off and eviction: {text[:200]}"
    )
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
    removed = [
        p
        for p in orgs_dir.glob("*.yaml")
        if load_yaml(p)["soort"] == "gemeente" and load_yaml(p)["werkgebied"].get("gemeenten") == ["Wierdam"]
    ]
    assert len(removed) == 1
    removed[0].unlink()
    out = build(tmp_path / "site", "--organisations", str(orgs_dir))
    expected = expected_urgent(organisations(orgs_dir))
    assert expected["Wierdam"] == {tel(SETTINGS["spoed"]["telefoon"])}
    for url in ("", "zoeken/"):
        check_urgent(page(out, url), expected, f"{url or 'home'} without Wierdam's own schuldhulp")


# --- meldingen by date ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def melding_sites(tmp_path_factory, site) -> dict[str, Path]:
    """The example built on a day before the melding's tot (the shared site), on that day and after it."""
    tot = str(ORGS[MELDING_ORG]["melding"]["tot"])
    assert tot == "2027-01-04" and TODAY < tot
    base = tmp_path_factory.mktemp("melding")
    return {TODAY: site, **{day: build(base / day, today=day) for day in ("2027-01-04", "2027-01-05")}}


def melding_text() -> str:
    return " ".join(ORGS[MELDING_ORG]["melding"]["tekst"].split())


@pytest.mark.parametrize("day, shown", [(TODAY, True), ("2027-01-04", True), ("2027-01-05", False)])
def test_melding_on_the_organisation_page_until_and_including_tot(melding_sites, day, shown):
    doc = page(melding_sites[day], f"organisaties/{MELDING_ORG}/")
    text = doc.main.clean_text
    assert (melding_text() in text) == shown, f"--today {day}: melding {'missing' if shown else 'still shown'}"
    if shown:
        # At the top: before the organisation's contact details and description.
        assert text.index(melding_text()) < text.index(" ".join(ORGS[MELDING_ORG]["samenvatting"].split()))
        notes = [e for e in doc.main.descendants() if melding_text() in e.clean_text and e.attrs.get("data-tot")]
        assert notes and notes[-1].attrs["data-tot"] == "2027-01-04", "the browser needs the tot date to hide it"


@pytest.mark.parametrize("day, shown", [(TODAY, True), ("2027-01-04", True), ("2027-01-05", False)])
def test_melding_in_the_search_results_without_javascript(melding_sites, day, shown):
    doc = page(melding_sites[day], "zoeken/")
    results = [e for e in doc.main.descendants() if e.attrs.get("id") == "resultaten"]
    assert len(results) == 1, "the search page has one #resultaten"
    item = next(a for slug, a in org_links(results[0], "zoeken/") if slug == MELDING_ORG).closest("li")
    assert item is not None
    assert (melding_text() in item.clean_text) == shown, (
        f"--today {day}: the result for {MELDING_ORG} {'lacks' if shown else 'still has'} its melding"
    )


@pytest.mark.parametrize("day, warns", [("2027-01-04", False), ("2027-01-05", True)])
def test_check_warns_when_a_melding_has_expired(day, warns):
    result = run_build("check", "--today", day)
    assert result.returncode == 0, "a warning does not fail check"
    lines = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if f"{MELDING_ORG}.yaml" in line and "melding" in line
    ]
    assert bool(lines) == warns, f"--today {day}: melding warning lines {lines}"
    if warns:
        assert re.match(rf"organisations/{MELDING_ORG}\.yaml:\d+:\d+: ", lines[0]), lines[0]
        strict = run_build("check", "--strict", "--today", day)
        assert strict.returncode == 1


# --- "Klopt er iets niet?" -------------------------------------------------------------------


def report_links(doc: Page) -> list[str]:
    return [
        a.attrs["href"]
        for a in doc.main.find_all("a")
        if a.attrs.get("href", "").startswith("mailto:" + SETTINGS["redactie"]["email"])
    ]


def test_every_organisation_page_has_a_mailto_with_its_name(site):
    for slug, org in ORGS.items():
        doc = page(site, f"organisaties/{slug}/")
        links = report_links(doc)
        assert links, f"{slug}: no mailto link to the editors ({SETTINGS['redactie']['email']})"
        assert "Klopt er iets niet" in doc.main.clean_text
        subject = parse_qs(urlsplit(links[0]).query).get("subject", [""])[0]
        assert org["naam"] in unquote(subject), f"{slug}: subject {subject!r} does not name {org['naam']!r}"
        assert not [a for a in doc.main.find_all("a") if "bestand" in a.clean_text and "aan" in a.clean_text], (
            f"{slug}: no edit link when the settings give no bewerk_url"
        )


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
    index = page(partner_site, "overzicht/").main.clean_text
    for gemeente in gemeenten(ORGS):
        assert gemeente in index, gemeente
        doc = page(partner_site, f"overzicht/{slug_of_gemeente(gemeente)}/")
        text = doc.main.clean_text
        assert "GAT" in text and "Dubbel aanbod" in text and "Verouderd" in text
        assert any(gemeente in t for t in (e.clean_text for e in doc.main.find_all("caption"))), gemeente

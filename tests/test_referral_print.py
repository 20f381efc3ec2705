"""The helpers' tools per gemeente, in the built HTML (no browser): the paper map (/print/<g>/)
and the referral list (/doorverwijzen/<g>/), and the plain paths that lead to them.

Expected values come from the source files (organisations/*.yaml, content/*.yaml read here with
plain YAML), never from the code under test.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kaart.referral import OTHER_HELP
from site_pages import build_example
from support import MAANDEN, REPO, yaml_data

ORG_DIR = REPO / "organisations"
CONTENT = REPO / "content"
ENTRY = re.compile(r'<li class="verwijzing"(.*?)</li>', re.S)
PRINT_ITEM = re.compile(r"<li><strong><a href=\"[./]*organisaties/([^/\"]+)/\">(.*?)</li>", re.S)


def load(path: Path):
    return yaml_data(path.read_text(encoding="utf-8"))


ORGS = {p.stem: load(p) for p in sorted(ORG_DIR.glob("*.yaml"))}
SETTINGS = load(CONTENT / "instellingen.yaml")
TAXONOMIE = load(CONTENT / "taxonomie.yaml")


def slug_of(naam: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", naam.lower()).strip("-")


GEMEENTEN = sorted({g for o in ORGS.values() for g in o["werkgebied"].get("gemeenten") or []})


def serves(org: dict, gemeente: str) -> bool:
    return bool(org["werkgebied"].get("landelijk")) or gemeente in (org["werkgebied"].get("gemeenten") or [])


def own(org: dict, gemeente: str) -> bool:
    """The municipality's own debt help: soort gemeente, for this gemeente, not national."""
    return org["soort"] == "gemeente" and not org["werkgebied"].get("landelijk") and serves(org, gemeente)


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&").split())


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def entries(html: str) -> dict[str, list[str]]:
    """The referral list's entries by organisation slug (a list, to see repeats)."""
    found: dict[str, list[str]] = {}
    for entry in ENTRY.findall(html):
        slug = re.search(r'href="[./]*organisaties/([^/"]+)/"', entry).group(1)
        found.setdefault(slug, []).append(entry)
    return found


@pytest.fixture(scope="module")
def site(example_site) -> Path:
    return example_site


@pytest.fixture(scope="module")
def partner_site(partner_example_site) -> Path:
    return partner_example_site


# --- the plain paths lead to one page per gemeente ------------------------------------------


@pytest.mark.parametrize("tool", ["print", "doorverwijzen"])
def test_plain_path_lists_each_gemeente(site, tool):
    assert len(GEMEENTEN) > 1, "the example has several gemeenten"
    main = main_of(read(site, f"{tool}/"))
    links = re.findall(r'href="([a-z0-9-]+)/"', main)
    assert sorted(links) == sorted(slug_of(g) for g in GEMEENTEN), links
    for gemeente in GEMEENTEN:
        assert (site / tool / slug_of(gemeente) / "index.html").is_file()


def test_doorverwijzen_keeps_the_guidance_on_top_and_links_the_verwijskaart(site):
    main = main_of(read(site, "doorverwijzen/"))
    guidance = main.index("Hoe werkt een warme overdracht")
    choice = main.index('href="dijkhaven/"')
    assert guidance < choice, "the guidance comes before the choice of gemeente"
    assert 'href="../verwijskaart/"' in main


# --- the referral list of one gemeente -------------------------------------------------------


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_referral_list_has_each_organisation_of_the_gemeente_once(site, gemeente):
    html = read(site, f"doorverwijzen/{slug_of(gemeente)}/")
    found = entries(html)
    expected = {slug for slug, org in ORGS.items() if serves(org, gemeente)}
    assert set(found) == expected, (sorted(set(found) - expected), sorted(expected - set(found)))
    assert [s for s, items in found.items() if len(items) > 1] == [], "an organisation is listed twice"
    assert 'href="../../verwijskaart/"' in main_of(html)
    for slug, (entry,) in found.items():
        org = ORGS[slug]
        text = text_of(entry)
        for fase in org["fases"]:
            assert TAXONOMIE["fase"][fase]["label"] in text, f"{slug}: phase {fase} not shown"
        where = "Heel Nederland" if org["werkgebied"].get("landelijk") else ", ".join(org["werkgebied"]["gemeenten"])
        assert where in text, f"{slug}: its gemeenten ({where}) not shown"
        d = org.get("doorverwijzen") or {}
        for field in ("wanneer", "werkwijze"):
            if d.get(field):
                assert " ".join(d[field].split()) in text, f"{slug}: {field} missing"
        for item in d.get("meenemen") or []:
            assert item in text, f"{slug}: meenemen '{item}' missing"
        assert ("U hoort hoe het ging" in text) == bool(d.get("terugkoppeling")), f"{slug}: terugkoppeling"
        for facet, field in (("fase", "fases"), ("activiteit", "activiteiten"), ("doelgroep", "doelgroepen")):
            attr = re.search(rf'data-{facet}="([^"]*)"', entry).group(1)
            assert attr.split() == org.get(field, []), f"{slug}: data-{facet} for narrowing"


def test_referral_list_gives_the_direct_contact_only_in_the_partner_build(site, partner_site):
    partners = {p.stem: load(p) for p in (REPO / "voorbeeld-partners").glob("*.yaml")}
    gemeente = "Dijkhaven"
    public = read(site, f"doorverwijzen/{slug_of(gemeente)}/")
    with_partners = entries(read(partner_site, f"doorverwijzen/{slug_of(gemeente)}/"))
    shown = 0
    for slug, data in partners.items():
        person = data["contactpersoon"]
        assert person["naam"] not in public, f"the public build names {person['naam']}"
        if slug in with_partners and person.get("telefoon"):
            entry = text_of(with_partners[slug][0])
            assert person["naam"] in entry and digits(person["telefoon"]) in digits(entry), slug
            shown += 1
    assert shown, "no partner contact of Dijkhaven checked"


# --- the paper map of one gemeente -----------------------------------------------------------


def urgent_numbers(gemeente: str) -> set[str]:
    numbers = {
        digits(o["contact"]["telefoon"]) for o in ORGS.values() if own(o, gemeente) and o["contact"].get("telefoon")
    }
    return numbers or {digits(SETTINGS["spoed"]["telefoon"])}


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_paper_map_has_urgent_number_debt_help_and_each_organisation_once(site, gemeente):
    html = main_of(read(site, f"print/{slug_of(gemeente)}/"))
    spoed = text_of(html[html.index('class="spoed') : html.index("</section>")])
    assert SETTINGS["spoed"]["titel"] in spoed
    for number in urgent_numbers(gemeente):
        assert number in digits(spoed), f"{gemeente}: urgent number {number} missing"
    items = PRINT_ITEM.findall(html)
    slugs = [slug for slug, _ in items]
    expected = {slug for slug, org in ORGS.items() if serves(org, gemeente)}
    assert sorted(slugs) == sorted(expected), "every organisation of the gemeente, each once"
    own_help = html[html.index('id="print-gemeente"') : html.index("</section>", html.index('id="print-gemeente"'))]
    own_slugs = {slug for slug, org in ORGS.items() if own(org, gemeente)}
    assert set(re.findall(r'organisaties/([^/"]+)/', own_help)) == own_slugs, "the gemeente's own help first"
    for slug, item in items:
        org, text = ORGS[slug], text_of(item)
        if org["contact"].get("telefoon"):
            assert digits(org["contact"]["telefoon"]) in digits(text), f"{slug}: phone missing"
        for loc in org.get("locaties") or []:
            for uur in loc.get("spreekuren") or []:
                if uur["vorm"] == "inloop":
                    assert f"{uur['dag']} {uur['van'].replace(':', '.')}-{uur['tot'].replace(':', '.')}" in text, (
                        f"{slug}: walk-in hour {uur} missing"
                    )
    day = SETTINGS["peildatum"]
    assert f"Gemaakt op {day.day} {MAANDEN[day.month - 1]} {day.year}" in text_of(html)
    assert 'id="papier-qr-beeld"' in html


def test_paper_map_groups_by_main_activiteit(site):
    """Each organisation (not the gemeente's own) sits under the label of its first activiteit."""
    html = main_of(read(site, "print/dijkhaven/"))
    groups = re.findall(r'<section class="papiergroep".*?<h3[^>]*>(.*?)</h3>(.*?)</section>', html, re.S)
    labels = [label for label, _ in groups]
    order = [TAXONOMIE["activiteit"][k]["label"] for k in TAXONOMIE["activiteit"]]
    assert labels == [label for label in order if label in labels], "groups in the taxonomy's order"
    for label, body in groups:
        for slug in re.findall(r'organisaties/([^/"]+)/', body):
            first = ORGS[slug]["activiteiten"][0]
            assert TAXONOMIE["activiteit"][first]["label"] == label, f"{slug} under '{label}'"


def test_paper_map_uses_the_base_url_for_its_qr_code(base_url_example_site):
    out = base_url_example_site  # built with --base-url https://kaart.example.nl/sub/ (conftest.BASE_URL)
    html = read(out, "print/wierdam/")
    assert 'data-adres="https://kaart.example.nl/sub/"' in html
    assert "https://kaart.example.nl/sub/" in text_of(main_of(html))


# --- a map of one gemeente: the plain paths are the tools themselves ------------------------


ONLY_WIERDAM = sorted(
    slug
    for slug, org in ORGS.items()
    if org["werkgebied"].get("gemeenten") == ["Wierdam"] or org["werkgebied"].get("landelijk")
)


@pytest.fixture(scope="module")
def one_gemeente_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("een")
    orgs = folder / "organisations"
    orgs.mkdir()
    for slug in ONLY_WIERDAM:
        shutil.copy(ORG_DIR / f"{slug}.yaml", orgs / f"{slug}.yaml")
    content = folder / "content"
    shutil.copytree(CONTENT, content)
    (content / "verhuisd.yaml").unlink()  # it names organisations of the other gemeenten
    return build_example(folder / "site", "--organisations", str(orgs), "--content", str(content))


def test_one_gemeente_print_and_doorverwijzen_are_the_tools(one_gemeente_site):
    site = one_gemeente_site
    paper = read(site, "print/")
    assert "Hulp bij geldzorgen in Wierdam" in paper and "Gemaakt op" in paper
    found = entries(read(site, "doorverwijzen/"))
    assert set(found) == set(ONLY_WIERDAM) and all(len(v) == 1 for v in found.values())
    assert "warme overdracht" in read(site, "doorverwijzen/")


# --- the grouping rule alone ------------------------------------------------------------------


def test_organisation_without_activiteit_goes_under_other_help():
    from types import SimpleNamespace as NS

    from kaart.referral import need_groups

    vocab = NS(activiteit={"a": NS(label="A", uitleg="a"), "b": NS(label="B", uitleg="b")})
    project = NS(
        vocab=vocab,
        organisations={"x": NS(activiteiten=["b", "a"]), "y": NS(activiteiten=[]), "z": NS(activiteiten=["a"])},
    )
    assert need_groups(project, ["x", "y", "z"]) == [("A", "a", ["z"]), ("B", "b", ["x"]), (OTHER_HELP, "", ["y"])]


def test_long_paper_map_is_short_and_lists_national_ones_apart():
    """Past FULL_ENTRIES the map drops the summaries, lists the national organisations apart and
    shows the most relevant of each group, with how many more the site has."""
    from types import SimpleNamespace as NS

    from kaart.referral import FULL_ENTRIES, MIN_PER_GROUP, PAPER_ENTRIES, paper_lists

    vocab = NS(activiteit={"a": NS(label="A", uitleg="a")})

    def org(national: bool):
        return NS(
            activiteiten=["a"], werkgebied=NS(landelijk=national, gemeenten=[]), contact=NS(telefoon="1"), locaties=[]
        )

    few = {f"o{n}": org(n == 0) for n in range(FULL_ENTRIES)}
    lists = paper_lists(NS(vocab=vocab, organisations=few), list(few))
    assert lists == {"groepen": [("A", "a", list(few), 0)], "landelijk": [], "landelijk_meer": 0, "kort": False}
    many = {f"o{n}": org(n == 0) for n in range(FULL_ENTRIES + 1)}
    lists = paper_lists(NS(vocab=vocab, organisations=many), list(many))
    cap = max(MIN_PER_GROUP, PAPER_ENTRIES // 2)  # one group and the national ones share the paper
    assert lists == {
        "groepen": [("A", "a", list(many)[1 : cap + 1], FULL_ENTRIES - cap)],
        "landelijk": ["o0"],
        "landelijk_meer": 0,
        "kort": True,
    }
    national = {f"n{n}": org(True) for n in range(PAPER_ENTRIES)}
    local = {f"o{n}": org(False) for n in range(PAPER_ENTRIES)}
    lists = paper_lists(NS(vocab=vocab, organisations={**local, **national}), [*local, *national])
    assert lists["groepen"] == [("A", "a", list(local)[:cap], PAPER_ENTRIES - cap)]
    assert lists["landelijk"] == list(national)[:cap] and lists["landelijk_meer"] == PAPER_ENTRIES - cap


def test_paper_map_chooses_callable_walk_in_and_local_organisations_first():
    from types import SimpleNamespace as NS

    from kaart.referral import most_relevant

    def org(telefoon="", inloop=False, gemeenten=1):
        uren = [NS(vorm="inloop")] if inloop else [NS(vorm="op-afspraak")]
        return NS(
            contact=NS(telefoon=telefoon), locaties=[NS(spreekuren=uren)], werkgebied=NS(gemeenten=["g"] * gemeenten)
        )

    orgs = {
        "geen-telefoon": org(inloop=True),
        "ver": org("1", True, 3),
        "dichtbij": org("1", True),
        "afspraak": org("1"),
        "ook-dichtbij": org("1", True),
    }
    project = NS(organisations=orgs)
    assert most_relevant(project, list(orgs), 2) == ["dichtbij", "ook-dichtbij"], "kept in the list's order"
    assert most_relevant(project, list(orgs), 4) == ["ver", "dichtbij", "afspraak", "ook-dichtbij"]

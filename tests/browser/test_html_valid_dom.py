"""Gate 3, continued: the markup the scripts make is valid HTML too.

The search results, the no-results help, the filter counts, the verwijskaart's cards
and the open-now status on organisation pages are built in the browser. Each such page
is loaded, its DOM is saved after the scripts ran, and the Nu Html Checker checks it
like any generated page: 0 errors.
"""

from __future__ import annotations

import pytest

from site_pages import organisation_pages, vnu, vnu_report

pytestmark = pytest.mark.node

SCRIPTED = {
    "zoeken-met-resultaten": ("zoeken/?q=huur", "html[data-zoeken='klaar']"),
    "zoeken-geen-resultaten": ("zoeken/?q=xqzwv", "html[data-zoeken='klaar']"),
    "zoeken-met-filters": ("zoeken/?fase=nazorg&doelgroep=jongeren&inloop=1", "html[data-zoeken='klaar']"),
}


def test_markup_made_by_the_scripts_is_valid_html(page, site_server, built_site, tmp_path):
    pages = dict(SCRIPTED)
    orgs = organisation_pages(built_site)[:3]
    if (built_site / "verwijskaart" / "index.html").exists():
        slugs = ",".join(url.split("/")[1] for url in orgs)
        pages["verwijskaart"] = (f"verwijskaart/?lijst={slugs}", "#kaart-lijst li")
    for url in orgs:
        pages[url.strip("/").replace("/", "-")] = (url, "body")
    for name, (url, ready) in pages.items():
        page.goto(site_server + url, wait_until="load")
        page.wait_for_selector(ready, state="attached", timeout=10_000)
        page.wait_for_load_state("networkidle")
        html = page.evaluate("() => document.documentElement.outerHTML")
        (tmp_path / f"{name}.html").write_text("<!DOCTYPE html>\n" + html, encoding="utf-8")
    messages = vnu("--skip-non-html", str(tmp_path))
    assert messages == [], "vnu.jar on the DOM after the scripts ran:\n" + vnu_report(messages, tmp_path)

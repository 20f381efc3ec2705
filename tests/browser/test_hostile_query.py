"""Query strings that name a property of every JavaScript object, in real headless Chromium.

A value from the link (`?lijst=constructor`) that is looked up in a plain object finds the
prototype's property (`'constructor' in {}` is true) and breaks the page. The pages that read
their query string must ignore such a value and keep everything else the link says.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from support import check_each

# Names on Object.prototype (and the one that reaches it); only lower-case ones pass the slug pattern,
# but none may reach an object lookup.
PROTOTYPE_NAMES = [
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "prototype",
    "isprototypeof",
    "tostring",
]
KNOWN = ["huurteam-dijkhaven", "schuldhulpmaatje-dijkhaven"]


def _errors(page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def _fresh(page, site_server: str, errors: list[str]) -> None:
    """As a new tab: no list remembered in this tab's sessionStorage, no errors seen yet."""
    if page.url.startswith(site_server):
        page.evaluate("() => sessionStorage.clear()")
    errors.clear()


def _card_names(page) -> list[str]:
    return [h.strip() for h in page.locator("#verwijskaart li h3").all_inner_texts()]


@pytest.fixture(scope="module")
def names(built_site) -> dict[str, str]:
    data = json.loads((built_site / "verwijskaart" / "kaarten.json").read_text(encoding="utf-8"))
    return {slug: data[slug]["n"] for slug in KNOWN}


def test_verwijskaart_keeps_the_list_around_a_prototype_name(page, site_server, names):
    errors = _errors(page)

    def check(hostile):
        _fresh(page, site_server, errors)
        lijst = ",".join([KNOWN[0], quote(hostile), KNOWN[1]])
        page.goto(f"{site_server}verwijskaart/?lijst={lijst}", wait_until="load")
        page.wait_for_function(
            "() => document.documentElement.getAttribute('data-verwijskaart') === 'klaar'", timeout=10000
        )
        assert _card_names(page) == [names[s] for s in KNOWN], "the shared list stays, without the odd name"
        assert "kan nu niet laden" not in page.locator("#kaart-status").inner_text()
        assert parse_qs(urlsplit(page.url).query)["lijst"] == [",".join(KNOWN)], page.url
        assert errors == []

    check_each(PROTOTYPE_NAMES, check)


def test_verwijskaart_toevoegen_with_a_prototype_name(page, site_server, names):
    errors = _errors(page)

    def check(hostile):
        _fresh(page, site_server, errors)
        page.goto(f"{site_server}verwijskaart/?lijst={KNOWN[0]}&toevoegen={quote(hostile)}", wait_until="load")
        page.wait_for_function(
            "() => document.documentElement.getAttribute('data-verwijskaart') === 'klaar'", timeout=10000
        )
        assert _card_names(page) == [names[KNOWN[0]]]
        assert parse_qs(urlsplit(page.url).query)["lijst"] == [KNOWN[0]], page.url
        assert errors == []

    check_each(PROTOTYPE_NAMES, check)


def test_search_page_works_with_prototype_names_in_every_parameter(page, site_server):
    errors = _errors(page)

    def check(hostile):
        _fresh(page, site_server, errors)
        value = quote(hostile)
        names = ("q", "fase", "rol", "activiteit", "doelgroep", "gemeente", "taal")
        page.goto(f"{site_server}zoeken/?{'&'.join(f'{name}={value}' for name in names)}", wait_until="load")
        page.wait_for_function("() => document.documentElement.getAttribute('data-zoeken') === 'klaar'", timeout=10000)
        assert page.locator("#aantal-resultaten").inner_text().strip(), "the count is shown"
        assert errors == []
        # The filters of the link are no filters the map knows: without them, the word alone is searched.
        page.goto(f"{site_server}zoeken/?q={value}", wait_until="load")
        page.wait_for_function("() => document.documentElement.getAttribute('data-zoeken') === 'klaar'", timeout=10000)
        assert errors == []

    check_each(["constructor", "__proto__", "toString", "hasOwnProperty"], check)

"""The wegwijzer, the urgent block, opening hours and the verwijskaart in real headless Chromium.

The example site is built once (conftest.built_site, --today 2026-11-26) and served on 127.0.0.1.
Clocks are fixed with Playwright's page.clock, so "Nu open" and meldingen are checked at known
instants (UTC, worked out by hand: CET = UTC+1 in winter).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
import yaml

from support import REPO, axe_violations, format_violations, off_origin

WEGWIJZER = yaml.safe_load((REPO / "content" / "wegwijzer.yaml").read_text(encoding="utf-8"))
ORGS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "organisations").glob("*.yaml"))}
SEARCHABLE = [s for s in WEGWIJZER["situaties"]
              if set(s["filters"]) <= {"fase", "rol", "activiteit", "doelgroep", "inloop"}]
ORG_HREF = re.compile(r"/organisaties/([a-z0-9-]+)/$")
MELDING_ORG = "geldpunt-bibliotheek-dijkhaven"  # inloop maandag 13-16, woensdag 14-16, donderdag 9:30-12


def gemeenten() -> list[str]:
    return sorted({g for o in ORGS.values() for g in o["werkgebied"].get("gemeenten", [])})


def prerendered_slugs(built_site: Path, choice_id: str) -> set[str]:
    html = (built_site / "wegwijzer" / choice_id / "index.html").read_text(encoding="utf-8")
    main = html[html.index("<main"):html.index("</main>")]
    return set(re.findall(r'href="(?:\.\./)+organisaties/([a-z0-9-]+)/"', main))


def result_slugs(page) -> list[str]:
    hrefs = page.eval_on_selector_all("#resultaten a[href]", "links => links.map(a => a.href)")
    return [m.group(1) for m in (ORG_HREF.search(urlsplit(h).path) for h in hrefs) if m]


def wait_for_search(page) -> None:
    page.wait_for_function("document.documentElement.getAttribute('data-zoeken') === 'klaar'", timeout=15000)


# --- the wegwijzer ----------------------------------------------------------------------------


def test_with_javascript_choices_open_the_filtered_search(page, site_server, built_site):
    page.goto(site_server, wait_until="load")
    for choice in WEGWIJZER["situaties"]:
        link = page.locator(f'main a[data-zoeken], main a[href$="wegwijzer/{choice["id"]}/"]').filter(
            has_text=choice["tekst"])
        assert link.count() == 1, choice["id"]
        href = urljoin(page.url, link.get_attribute("href"))
        if choice in SEARCHABLE:
            assert urlsplit(href).path == urlsplit(site_server).path + "zoeken/", (
                f"{choice['id']}: with JavaScript the link should open zoeken/, not {href}")
        else:
            assert href.endswith(f"/wegwijzer/{choice['id']}/"), href
    assert SEARCHABLE, "content/wegwijzer.yaml has no choice the search can express"
    for choice in SEARCHABLE:
        page.goto(site_server, wait_until="load")
        page.get_by_role("link", name=re.compile(re.escape(choice["tekst"]))).click()
        page.wait_for_url(re.compile(r"/zoeken/\?"))
        query = {k: sorted(v) for k, v in parse_qs(urlsplit(page.url).query).items()}
        expected = {k: sorted(v) for k, v in choice["filters"].items() if k != "inloop"}
        if choice["filters"].get("inloop"):
            expected["inloop"] = ["1"]
        assert query == expected, f"{choice['id']}: {page.url}"
        page.goto(page.url + "&meer=1", wait_until="domcontentloaded")  # all results, not the best 10
        wait_for_search(page)
        shown = result_slugs(page)
        assert set(shown) == prerendered_slugs(built_site, choice["id"]), (
            f"{choice['id']}: the live search shows other organisations than the pre-rendered page")
        assert page.locator("#aantal-resultaten").inner_text().startswith(str(len(shown)))


def test_without_javascript_choices_go_to_the_prerendered_pages(browser, browser_context_args, site_server):
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    try:
        page = context.new_page()
        for choice in WEGWIJZER["situaties"]:
            page.goto(site_server, wait_until="load")
            page.get_by_role("link", name=re.compile(re.escape(choice["tekst"]))).click()
            page.wait_for_load_state("load")
            assert urlsplit(page.url).path == urlsplit(site_server).path + f"wegwijzer/{choice['id']}/", page.url
            assert page.locator("h1").inner_text().strip() == choice["tekst"]
    finally:
        context.close()


# --- the urgent block -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "zoeken/"])
def test_urgent_block_is_visible(page, site_server, url):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_server + url, wait_until="load")
    if url:
        wait_for_search(page)
    block = page.locator("main .spoed")
    assert block.count() == 1 and block.is_visible()
    text = block.inner_text()
    assert "afsluiting" in text
    for gemeente in gemeenten():
        line = block.locator("li").filter(has_text=gemeente)
        assert line.count() == 1 and line.is_visible(), gemeente
        assert line.locator('a[href^="tel:"]').first.is_visible(), gemeente


def test_urgent_block_on_search_shows_only_the_chosen_gemeente(page, site_server):
    # Issue 4, 2: "with a gemeente filter set, that one; otherwise each".
    page.goto(site_server + "zoeken/?gemeente=wierdam", wait_until="load")
    wait_for_search(page)
    block = page.locator("main .spoed")
    assert block.is_visible()
    visible = [g for g in gemeenten() if block.locator("li").filter(has_text=g).first.is_visible()]
    assert "Wierdam" in block.inner_text() and block.locator('a[href="tel:+31302105500"]').first.is_visible()
    assert visible == ["Wierdam"], f"with gemeente=wierdam the urgent block shows the lines of {visible}"


# --- opening hours and the melding on an organisation page -----------------------------------


@pytest.mark.parametrize("instant, expected", [
    ("2026-12-03T09:00:00Z", "Nu open, inloop tot 12:00"),          # Thursday 10:00 in Amsterdam
    ("2026-12-03T11:30:00Z", "Volgende inloop: maandag 13:00"),     # Thursday 12:30: next is Monday
    ("2026-12-02T12:00:00Z", "Volgende inloop: woensdag 14:00"),    # Wednesday 13:00: later today
    ("2026-12-02T22:30:00Z", "Volgende inloop: donderdag 9:30"),    # Wednesday 23:30: tomorrow
])
def test_organisation_page_shows_open_now_or_the_next_walk_in(page, site_server, instant, expected):
    page.clock.set_fixed_time(instant)
    page.goto(f"{site_server}organisaties/{MELDING_ORG}/", wait_until="load")
    status = page.get_by_text(re.compile(r"^(Nu open|Volgende inloop)"))
    status.wait_for(state="visible", timeout=5000)
    assert status.inner_text().strip() == expected


def test_open_status_ignores_the_visitors_own_time_zone(browser, browser_context_args, site_server):
    context = browser.new_context(**{**browser_context_args, "timezone_id": "America/New_York"})
    try:
        page = context.new_page()
        page.clock.set_fixed_time("2026-12-03T09:00:00Z")  # 04:00 in New York, 10:00 in Amsterdam
        page.goto(f"{site_server}organisaties/{MELDING_ORG}/", wait_until="load")
        status = page.get_by_text(re.compile(r"^(Nu open|Volgende inloop)"))
        status.wait_for(state="visible", timeout=5000)
        assert status.inner_text().strip() == "Nu open, inloop tot 12:00"
    finally:
        context.close()


@pytest.mark.parametrize("instant, shown", [
    ("2027-01-04T22:30:00Z", True),    # 23:30 on the tot day in Amsterdam
    ("2027-01-04T23:00:00Z", False),   # 00:00 the day after
])
def test_browser_hides_the_melding_the_day_after_tot(page, site_server, instant, shown):
    page.clock.set_fixed_time(instant)
    page.goto(f"{site_server}organisaties/{MELDING_ORG}/", wait_until="load")
    tekst = " ".join(ORGS[MELDING_ORG]["melding"]["tekst"].split())
    note = page.get_by_text(tekst)
    assert note.count() == 1, "the build includes the current melding"
    page.wait_for_function("document.readyState === 'complete'")
    assert note.is_visible() == shown


# --- the verwijskaart ---------------------------------------------------------------------


def cards(built_site: Path) -> dict:
    return json.loads((built_site / "verwijskaart" / "kaarten.json").read_text(encoding="utf-8"))


def open_card(page, site_server: str, slugs: list[str]) -> None:
    page.goto(f"{site_server}verwijskaart/?lijst={','.join(slugs)}", wait_until="load")
    page.wait_for_function("n => document.querySelectorAll('#verwijskaart li h3').length === n", arg=len(slugs),
                           timeout=10000)


def test_verwijskaart_from_the_url(page, site_server, requests_log):
    slugs = ["schuldhulpmaatje-dijkhaven", MELDING_ORG, "huurteam-dijkhaven"]
    open_card(page, site_server, slugs)
    names = [h.strip() for h in page.locator("#verwijskaart li h3").all_inner_texts()]
    assert names == [ORGS[s]["naam"] for s in slugs], "the cards show the organisations of the URL, in order"
    first = page.locator("#verwijskaart li").first
    assert re.sub(r"\D", "", ORGS[slugs[0]]["contact"]["telefoon"]) in re.sub(r"\D", "", first.inner_text()), (
        "a card shows the phone number")

    def share_links():
        return {name: page.locator(f"main a:has-text('{name}')").first.get_attribute("href")
                for name in ("WhatsApp", "sms", "e-mail")}

    def check_share(url: str):
        links = share_links()
        encoded = quote(url, safe="")
        assert links["WhatsApp"].startswith("https://wa.me/") and encoded in links["WhatsApp"], links
        assert links["sms"].startswith("sms:") and encoded in links["sms"], links
        assert links["e-mail"].startswith("mailto:") and encoded in links["e-mail"], links

    check_share(page.url)
    qr = page.locator("#verwijskaart img").first
    assert qr.get_attribute("src").startswith("data:image/"), "the QR code is an image made in the page"
    assert qr.evaluate("img => img.naturalWidth") > 20
    qr_before = qr.get_attribute("src")

    page.get_by_role("button", name=re.compile(re.escape(ORGS[MELDING_ORG]["naam"]))).click()
    page.wait_for_function("() => document.querySelectorAll('#verwijskaart li h3').length === 2")
    assert parse_qs(urlsplit(page.url).query)["lijst"] == [f"{slugs[0]},{slugs[2]}"], page.url
    names = [h.strip() for h in page.locator("#verwijskaart li h3").all_inner_texts()]
    assert names == [ORGS[slugs[0]]["naam"], ORGS[slugs[2]]["naam"]]
    check_share(page.url)
    assert qr.get_attribute("src") != qr_before, "the QR code follows the new link"
    assert off_origin(requests_log, site_server) == []


def test_verwijskaart_ignores_unknown_slugs(page, site_server):
    page.goto(f"{site_server}verwijskaart/?lijst=bestaat-niet,huurteam-dijkhaven,<script>",
              wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#verwijskaart li h3').length === 1")
    assert page.locator("#verwijskaart li h3").inner_text().strip() == ORGS["huurteam-dijkhaven"]["naam"]


def pdf_pages(pdf: bytes) -> int:
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    if counts:
        assert max(counts) == pages, f"page objects {pages}, /Count {counts}"
    assert pages > 0, "no page objects found in the PDF"
    return pages


def print_card(page, site_server: str, slugs: list[str]) -> int:
    open_card(page, site_server, slugs)
    page.emulate_media(media="print")
    return pdf_pages(page.pdf(format="A4"))


def fullest(built_site: Path, n: int) -> list[str]:
    """The n organisations with the most text on their card: the hardest case for one A4."""
    data = cards(built_site)
    return sorted(data, key=lambda s: (-len(json.dumps(data[s], ensure_ascii=False)), s))[:n]


@pytest.mark.parametrize("count, pages", [(1, 1), (6, 1), (7, 2), (12, 2)])
def test_verwijskaart_prints_six_to_an_a4(page, site_server, built_site, count, pages):
    assert print_card(page, site_server, fullest(built_site, count)) == pages


# Every line that does not fit inside a printed card's border: [card, line, px too low]. A few px
# over is only the line box's leading under the last line; a clipped line is a whole line height.
CLIPPED = """() => [...document.querySelectorAll('#verwijskaart li')].flatMap(card => {
  const box = card.getBoundingClientRect();
  const inner = box.bottom - parseFloat(getComputedStyle(card).borderBottomWidth);
  return [...card.children].filter(c => getComputedStyle(c).display !== 'none')
    .map(c => [card.querySelector('h3').textContent, c.textContent.slice(0, 60),
               c.getBoundingClientRect().bottom - inner])
    .filter(x => x[2] > 3);
})"""


def test_verwijskaart_print_cuts_nothing_off(page, site_server, built_site):
    """Every card prints whole: name, what they do, phone, walk-in hours, address, what to bring.

    Laid out at the width of an A4 page less its margins (190 mm, 718 CSS px), as when printing.
    """
    page.set_viewport_size({"width": 718, "height": 1000})
    slugs = fullest(built_site, len(cards(built_site)))
    clipped = []
    for start in range(0, len(slugs), 6):
        page.emulate_media(media="screen")
        open_card(page, site_server, slugs[start:start + 6])
        page.emulate_media(media="print")
        clipped += page.evaluate(CLIPPED)
    assert clipped == [], "printed cards cut off their last lines:\n" + "\n".join(
        f"  {name}: '{line}...' ends {over:.0f}px below the card's border" for name, line, over in clipped)


# --- accessibility -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "verwijskaart/?lijst=schuldhulp-dijkhaven,geldpunt-bibliotheek-dijkhaven,huurteam-dijkhaven",
    "wegwijzer/ondernemer/",
    "wegwijzer/geldzorgen/",
    "print/",
    "doorverwijzen/",
])
def test_axe_finds_no_violations(page, site_server, url):
    page.goto(site_server + url, wait_until="load")
    if url.startswith("verwijskaart/"):
        page.wait_for_function("() => document.querySelectorAll('#verwijskaart li h3').length === 3")
    violations = axe_violations(page)
    assert violations == [], f"axe on {url}:\n" + format_violations(violations)

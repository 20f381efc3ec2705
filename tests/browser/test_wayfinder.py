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

from support import REPO, axe_violations, check_each, example_organisations, format_violations, off_origin, yaml_data

WEGWIJZER = yaml_data((REPO / "content" / "wegwijzer.yaml").read_text(encoding="utf-8"))
ORGS = example_organisations()
ORG_HREF = re.compile(r"/organisaties/([a-z0-9-]+)/$")
MELDING_ORG = "geldpunt-bibliotheek-dijkhaven"  # inloop maandag 13-16, woensdag 14-16, donderdag 9:30-12


def gemeenten() -> list[str]:
    return sorted({g for o in ORGS.values() for g in o["werkgebied"].get("gemeenten", [])})


def wait_for_search(page) -> None:
    page.wait_for_function("document.documentElement.getAttribute('data-zoeken') === 'klaar'", timeout=15000)


# --- the wegwijzer ----------------------------------------------------------------------------


def first_screen_box(page, selector: str) -> dict:
    """The element's box at scroll 0, and whether it lies wholly within the viewport."""
    return page.eval_on_selector(
        selector,
        """e => { const r = e.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth}; }""",
    )


def end_page_urls() -> list[str]:
    urls = []
    for choice in WEGWIJZER["situaties"]:
        for gemeente in gemeenten():
            base = f"wegwijzer/{choice['id']}/{gemeente.lower()}/"
            answers = (choice.get("vraag") or {}).get("antwoorden") or []
            urls += [base + a["id"] + "/" for a in answers] or [base]
    return urls


def test_the_route_takes_at_most_three_taps_with_javascript(page, site_server):
    """Issue 12: home -> situation -> gemeente -> answer, each a click, ends on a short list."""
    page.set_viewport_size({"width": 360, "height": 740})
    for choice in WEGWIJZER["situaties"]:
        page.goto(site_server, wait_until="load")
        page.evaluate("() => sessionStorage.clear()")  # a new resident each time (no gemeente remembered)
        page.reload(wait_until="load")
        taps = 0
        page.get_by_role("link", name=re.compile(re.escape(choice["tekst"]))).click()
        taps += 1
        page.wait_for_url(re.compile(f"/wegwijzer/{choice['id']}/$"))
        page.get_by_role("link", name="Wierdam", exact=True).click()
        taps += 1
        if choice.get("vraag"):
            page.wait_for_url(re.compile("/wierdam/$"))
            page.get_by_role("link", name=re.compile(re.escape(choice["vraag"]["antwoorden"][0]["tekst"]))).click()
            taps += 1
        page.wait_for_load_state("load")
        assert taps <= 3
        assert page.locator("h1").inner_text().strip() == choice["tekst"]
        shown = page.locator("main a[href*='/organisaties/']:not(details a)")
        names = {
            ORG_HREF.search(urlsplit(urljoin(page.url, h)).path).group(1)
            for h in shown.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        }
        assert 1 <= len(names) <= 6, f"{choice['id']}: {len(names)} organisations before 'Meer hulp'"
        assert all(
            ORGS[s]["werkgebied"].get("landelijk") or "Wierdam" in ORGS[s]["werkgebied"]["gemeenten"] for s in names
        ), names


def test_home_page_call_link_is_on_the_first_screen(page, site_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_server, wait_until="load")
    link = "main .spoedregel a[href^='tel:']"
    assert page.locator(link).count() == 1
    assert page.locator(link).get_attribute("href") == "tel:+31302004000"
    box = first_screen_box(page, link)
    assert box["inside"], f"the home page's call link is not wholly on the first screen at 360 x 740: {box}"
    assert first_screen_box(page, "main h2#wegwijzer-kop")["inside"], "the main question is on the first screen"


def test_end_page_first_organisation_is_on_the_first_screen(page, site_server):
    page.set_viewport_size({"width": 360, "height": 740})

    def check(url):
        page.goto(site_server + url, wait_until="load")
        urgent = page.locator("main .spoedhulp")
        if urgent.count():
            # Urgent: the gemeente's debt help (name, call button and why) is the first organisation.
            assert first_screen_box(page, "main .spoedhulp .belknop a[href^='tel:']")["inside"], url
            box = first_screen_box(page, "main .spoedhulp h3")
        else:
            box = first_screen_box(page, "main .beste > li:first-child .kaartje")
        assert box["inside"], f"{url}: the first organisation is not wholly on the first screen at 360 x 740: {box}"

    urls = end_page_urls()
    assert len(urls) > 20, "every situation in every gemeente"
    check_each(urls, check)


def test_end_page_shows_the_next_walk_in_and_its_place(page, site_server):
    def check(case):
        instant, expected = case
        page.clock.set_fixed_time(instant)
        page.goto(site_server + "wegwijzer/brief-afsluiting/dijkhaven/", wait_until="load")
        line = page.locator("main .spoedhulp .waarom .volgende")
        assert line.inner_text().strip() == expected
        assert not page.locator("main .spoedhulp .waarom .week").is_visible(), "the weekly hours give way"

    check_each(
        [
            ("2026-12-03T09:00:00Z", "Volgende inloop: dinsdag 9:00, Stadskantoor Dijkhaven"),  # Thursday 10:00
            ("2026-12-01T09:30:00Z", "Nu open, binnenlopen tot 12:00, Stadskantoor Dijkhaven"),  # Tuesday 10:30
        ],
        check,
    )


def test_the_menu_folds_into_one_control_without_javascript(browser, browser_context_args, site_server):
    context = browser.new_context(
        **{**browser_context_args, "java_script_enabled": False, "viewport": {"width": 360, "height": 740}}
    )
    try:
        page = context.new_page()
        page.goto(site_server, wait_until="load")
        menu_link = page.get_by_role("link", name="Alle organisaties")
        assert not menu_link.is_visible(), "on a phone the menu starts folded"
        header = page.locator("header.kop").bounding_box()
        assert header["height"] <= 80, f"the folded header takes {header['height']} px"
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the site's name
        page.keyboard.press("Tab")  # the menu button
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        assert menu_link.is_visible(), "Enter on the menu button unfolds the menu"
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(site_server, wait_until="load")
        assert menu_link.is_visible(), "on a wide screen the menu shows without a click"
    finally:
        context.close()


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


def test_organisation_page_shows_open_now_or_the_next_walk_in(page, site_server):
    def check(case):
        instant, expected = case
        page.clock.set_fixed_time(instant)
        page.goto(f"{site_server}organisaties/{MELDING_ORG}/", wait_until="load")
        status = page.get_by_text(re.compile(r"^(Nu open|Volgende inloop)"))
        status.wait_for(state="visible", timeout=5000)
        assert status.inner_text().strip() == expected

    check_each(
        [
            ("2026-12-03T09:00:00Z", "Nu open, inloop tot 12:00"),  # Thursday 10:00 in Amsterdam
            ("2026-12-03T11:30:00Z", "Volgende inloop: maandag 13:00"),  # Thursday 12:30: next is Monday
            ("2026-12-02T12:00:00Z", "Volgende inloop: woensdag 14:00"),  # Wednesday 13:00: later today
            ("2026-12-02T22:30:00Z", "Volgende inloop: donderdag 9:30"),  # Wednesday 23:30: tomorrow
        ],
        check,
    )


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


def test_browser_hides_the_melding_the_day_after_tot(page, site_server):
    def check(case):
        instant, shown = case
        page.clock.set_fixed_time(instant)
        page.goto(f"{site_server}organisaties/{MELDING_ORG}/", wait_until="load")
        tekst = " ".join(ORGS[MELDING_ORG]["melding"]["tekst"].split())
        note = page.get_by_text(tekst)
        assert note.count() == 1, "the build includes the current melding"
        page.wait_for_function("document.readyState === 'complete'")
        assert note.is_visible() == shown

    check_each(
        [
            ("2027-01-04T22:30:00Z", True),  # 23:30 on the tot day in Amsterdam
            ("2027-01-04T23:00:00Z", False),  # 00:00 the day after
        ],
        check,
    )


# --- the verwijskaart ---------------------------------------------------------------------


def cards(built_site: Path) -> dict:
    return json.loads((built_site / "verwijskaart" / "kaarten.json").read_text(encoding="utf-8"))


def open_card(page, site_server: str, slugs: list[str]) -> None:
    page.goto(f"{site_server}verwijskaart/?lijst={','.join(slugs)}", wait_until="load")
    page.wait_for_function(
        "n => document.querySelectorAll('#verwijskaart li h3').length === n", arg=len(slugs), timeout=10000
    )


def qr_path(page) -> str | None:
    """The drawing of the QR code on the verwijskaart (None before it is made)."""
    return page.evaluate("() => document.querySelector('#kaart-qr svg path')?.getAttribute('d') ?? null")


def qr_modules(page) -> set[tuple[int, int]]:
    """The dark modules the verwijskaart's QR code draws, as (row, column), its quiet zone taken off."""
    view = page.evaluate("() => document.querySelector('#kaart-qr svg').getAttribute('viewBox')")
    size = int(view.split()[2])
    path = qr_path(page)
    assert re.fullmatch(r"(M\d+ \d+h(\d+)v1h-\2z)+", path), "the path is runs of modules, one row high"
    dark = set()
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path):
        dark |= {(int(y) - 2, int(x) - 2 + i) for i in range(int(w))}
    assert all(0 <= r < size - 4 and 0 <= c < size - 4 for r, c in dark), "a module lies in the quiet zone"
    return dark


def qr_modules_for(page, url: str) -> set[tuple[int, int]]:
    """The dark modules of a QR code of url, as the vendored library makes it (error correction M)."""
    rows = page.evaluate(
        """url => { const qr = qrcode(0, 'M'); qr.addData(url); qr.make();
        const n = qr.getModuleCount();
        return Array.from({length: n}, (_, r) => Array.from({length: n}, (_, c) => qr.isDark(r, c))); }""",
        url,
    )
    return {(r, c) for r, row in enumerate(rows) for c, dark in enumerate(row) if dark}


def test_verwijskaart_from_the_url(page, site_server, requests_log):
    slugs = ["schuldhulpmaatje-dijkhaven", MELDING_ORG, "huurteam-dijkhaven"]
    open_card(page, site_server, slugs)
    names = [h.strip() for h in page.locator("#verwijskaart li h3").all_inner_texts()]
    assert names == [ORGS[s]["naam"] for s in slugs], "the cards show the organisations of the URL, in order"
    first = page.locator("#verwijskaart li").first
    assert re.sub(r"\D", "", ORGS[slugs[0]]["contact"]["telefoon"]) in re.sub(r"\D", "", first.inner_text()), (
        "a card shows the phone number"
    )

    def share_links():
        return {
            name: page.locator(f"main a:has-text('{name}')").first.get_attribute("href")
            for name in ("WhatsApp", "sms", "e-mail")
        }

    def check_share(url: str):
        links = share_links()
        encoded = quote(url, safe="")
        assert links["WhatsApp"].startswith("https://wa.me/") and encoded in links["WhatsApp"], links
        assert links["sms"].startswith("sms:") and encoded in links["sms"], links
        assert links["e-mail"].startswith("mailto:") and encoded in links["e-mail"], links

    check_share(page.url)
    assert page.locator("#kaart-qr svg").count() == 0, "the QR code is made when asked for, not on every load"
    assert page.locator("#kaart-qr").is_hidden()
    page.get_by_role("button", name="Toon QR-code").click()
    qr = page.get_by_role("img", name=re.compile("QR-code"))
    assert qr.is_visible() and qr.bounding_box()["width"] >= 100, "the QR code shows, big enough to scan"
    assert qr_modules(page) == qr_modules_for(page, page.url), "the QR code holds the card's link"
    qr_before = qr_path(page)

    page.get_by_role("button", name=re.compile(re.escape(ORGS[MELDING_ORG]["naam"]))).click()
    page.wait_for_function("() => document.querySelectorAll('#verwijskaart li h3').length === 2")
    assert parse_qs(urlsplit(page.url).query)["lijst"] == [f"{slugs[0]},{slugs[2]}"], page.url
    names = [h.strip() for h in page.locator("#verwijskaart li h3").all_inner_texts()]
    assert names == [ORGS[slugs[0]]["naam"], ORGS[slugs[2]]["naam"]]
    check_share(page.url)
    assert qr_path(page) != qr_before and qr_modules(page) == qr_modules_for(page, page.url), (
        "the QR code follows the new link"
    )
    page.get_by_role("button", name="Verberg QR-code").click()
    assert qr.is_hidden()
    assert off_origin(requests_log, site_server) == []


def test_verwijskaart_ignores_unknown_slugs(page, site_server):
    page.goto(f"{site_server}verwijskaart/?lijst=bestaat-niet,huurteam-dijkhaven,<script>", wait_until="load")
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


QR_ON_PAPER = """() => { const svg = document.querySelector('#kaart-qr svg');
  if (!svg) return null;
  const box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height, display: getComputedStyle(svg.parentNode).display}; }"""


def test_the_print_button_puts_the_qr_code_on_paper(page, site_server):
    """The print button makes the QR code before the browser's print dialog reads the page."""
    open_card(page, site_server, ["huurteam-dijkhaven", MELDING_ORG])
    page.evaluate(
        "() => { window.print = () => { window.qrAtPrint = document.querySelector('#kaart-qr svg path')"
        "?.getAttribute('d') ?? null; }; }"
    )
    page.get_by_role("button", name="Print de kaart").click()
    assert page.evaluate("() => window.qrAtPrint") is not None, "the QR code is there when window.print() is called"
    assert qr_modules(page) == qr_modules_for(page, page.url), "it holds the card's link"
    assert page.locator("#kaart-qr").is_hidden(), "on screen it stays behind its button"
    page.emulate_media(media="print")
    on_paper = page.evaluate(QR_ON_PAPER)
    assert on_paper["display"] == "block" and 100 <= on_paper["width"] == on_paper["height"] <= 110, (
        f"on paper the QR code is 28 mm (106 CSS px) square: {on_paper}"
    )


def test_printing_from_the_browser_puts_the_qr_code_on_paper(page, site_server):
    """Ctrl+P or the browser's menu: 'beforeprint' makes the QR code (page.pdf fires it too)."""
    open_card(page, site_server, ["huurteam-dijkhaven"])
    assert qr_path(page) is None
    page.emulate_media(media="print")
    page.pdf(format="A4")
    assert qr_path(page) is not None and qr_modules(page) == qr_modules_for(page, page.url), (
        "the QR code was made for the print"
    )
    on_paper = page.evaluate(QR_ON_PAPER)
    assert on_paper["display"] == "block" and 100 <= on_paper["width"] == on_paper["height"] <= 110, on_paper


def print_card(page, site_server: str, slugs: list[str]) -> int:
    open_card(page, site_server, slugs)
    page.emulate_media(media="print")
    return pdf_pages(page.pdf(format="A4"))


def fullest(built_site: Path, n: int) -> list[str]:
    """The n organisations with the most text on their card: the hardest case for one A4."""
    data = cards(built_site)
    return sorted(data, key=lambda s: (-len(json.dumps(data[s], ensure_ascii=False)), s))[:n]


def test_verwijskaart_prints_six_to_an_a4(page, site_server, built_site):
    def check(case):
        count, pages = case
        page.emulate_media(media="screen")
        assert print_card(page, site_server, fullest(built_site, count)) == pages

    check_each([(1, 1), (6, 1), (7, 2), (12, 2)], check)


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
        open_card(page, site_server, slugs[start : start + 6])
        page.emulate_media(media="print")
        clipped += page.evaluate(CLIPPED)
    assert clipped == [], "printed cards cut off their last lines:\n" + "\n".join(
        f"  {name}: '{line}...' ends {over:.0f}px below the card's border" for name, line, over in clipped
    )


# --- accessibility -------------------------------------------------------------------------


# The wegwijzer's pages, gemeente/, print/ and doorverwijzen/ as served: axe on every generated page
# (test_accessibility.py). Here what only a script makes: the verwijskaart with its cards.
def test_axe_finds_no_violations_on_the_verwijskaart_with_cards(page, site_server):
    url = "verwijskaart/?lijst=schuldhulp-dijkhaven,geldpunt-bibliotheek-dijkhaven,huurteam-dijkhaven"
    page.goto(site_server + url, wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('#verwijskaart li h3').length === 3")
    violations = axe_violations(page)
    assert violations == [], f"axe on {url}:\n" + format_violations(violations)


def test_axe_on_a_phone_with_the_menu_and_meer_hulp_open(page, site_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site_server + "wegwijzer/post-overzicht/dijkhaven/vaste-helper/", wait_until="load")
    page.locator("header summary").click()
    page.locator("main details.meer summary").click()
    assert page.locator("main details.meer a").first.is_visible()
    violations = axe_violations(page)
    assert violations == [], "axe with the menu and 'Meer hulp' open:\n" + format_violations(violations)

"""The helpers' tools in a real browser: the paper map prints on one or two A4 pages with its
QR code, the referral list narrows by need with the /zoeken/ query parameters, works without
JavaScript, starts its list within three phone screens, and axe finds nothing on either.
"""

from __future__ import annotations

import re

import pytest

from support import axe_violations, check_each, example_organisations, format_violations

ORGS = example_organisations()
GEMEENTEN = sorted({g for o in ORGS.values() for g in o["werkgebied"].get("gemeenten") or []})
PHONE = {"width": 360, "height": 740}


def slug_of(naam: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", naam.lower()).strip("-")


def pdf_pages(pdf: bytes) -> int:
    """The page count of a PDF: its page objects, which must agree with the page tree's /Count."""
    objects = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf, re.S)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf, re.S)]
    assert counts and max(counts) == objects, f"page objects {objects}, page tree counts {counts}"
    return objects


def serves(org: dict, gemeente: str) -> bool:
    return bool(org["werkgebied"].get("landelijk")) or gemeente in (org["werkgebied"].get("gemeenten") or [])


def test_paper_map_prints_on_at_most_two_a4_pages(page, site_server):
    def check(gemeente):
        page.goto(site_server + f"print/{slug_of(gemeente)}/", wait_until="load")
        page.wait_for_function("() => document.getElementById('papier-qr-beeld').src.startsWith('data:image/')")
        assert page.locator(".papier-qr").is_visible(), "the QR code shows once the script made it"
        pages = pdf_pages(page.pdf(format="A4"))
        assert 1 <= pages <= 2, f"print/{slug_of(gemeente)}/ prints on {pages} A4 pages"

    check_each(GEMEENTEN, check)


def test_pdf_page_count_is_read_right(page, site_server):
    """The counter itself: a page forced onto three sheets counts three."""
    page.set_content("<p>een</p><p style='break-before: page'>twee</p><p style='break-before: page'>drie</p>")
    assert pdf_pages(page.pdf(format="A4")) == 3


def test_qr_code_points_to_the_site(page, site_server):
    page.goto(site_server + "print/wierdam/", wait_until="load")
    page.wait_for_function("() => document.getElementById('papier-qr-beeld').src.startsWith('data:image/')")
    assert page.locator(".papier-adres").first.inner_text() == site_server


# On screen, the tools' pages as served are among every generated page that test_accessibility.py
# checks with axe; here the narrowed list, and every tool on paper.
TOOLS = ("print/", "print/dijkhaven/", "doorverwijzen/", "doorverwijzen/dijkhaven/")
NARROWED = "doorverwijzen/dijkhaven/?fase=nazorg&doelgroep=jongeren"


def test_axe_on_the_tools(page, site_server):
    def check(case):
        url, media = case
        page.emulate_media(media=media)
        page.goto(site_server + url, wait_until="load")
        violations = axe_violations(page)
        assert violations == [], f"axe on {url} ({media}):\n" + format_violations(violations)

    check_each([(NARROWED, "screen"), *((url, "print") for url in (*TOOLS, NARROWED))], check)


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all(
        ".verwijzing:not([hidden]) h3 a", "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])"
    )


def test_referral_list_narrows_by_need_with_the_search_query(page, site_server):
    gemeente = "Dijkhaven"
    page.goto(
        site_server + f"doorverwijzen/{slug_of(gemeente)}/?activiteit=bemiddelen&doelgroep=ondernemers",
        wait_until="load",
    )
    expected = [
        s
        for s, o in ORGS.items()
        if serves(o, gemeente)
        and "bemiddelen" in o["activiteiten"]
        and ({"ondernemers", "iedereen"} & set(o["doelgroepen"]))
    ]
    assert sorted(visible_slugs(page)) == sorted(expected)
    assert page.locator("#aantal-verwijzingen").inner_text() == f"{len(expected)} organisaties"
    assert page.locator("#vf-activiteit").input_value() == "bemiddelen"
    page.select_option("#vf-fase", "nazorg")
    assert "fase=nazorg" in page.url and "activiteit=bemiddelen" in page.url
    expected = [s for s in expected if "nazorg" in ORGS[s]["fases"]]
    assert sorted(visible_slugs(page)) == sorted(expected)


def test_referral_list_starts_within_three_phone_screens(browser, site_server):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        for gemeente in GEMEENTEN:
            page.goto(site_server + f"doorverwijzen/{slug_of(gemeente)}/", wait_until="load")
            top = page.evaluate("document.querySelector('.verwijzing').getBoundingClientRect().top + scrollY")
            assert top <= 3 * PHONE["height"], f"{gemeente}: the list starts at {top} px, past three screens"
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    finally:
        context.close()


def test_tools_work_without_javascript(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(site_server + "doorverwijzen/", wait_until="load")
        page.click("text=Wierdam")
        assert page.url.endswith("doorverwijzen/wierdam/")
        expected = sorted(s for s, o in ORGS.items() if serves(o, "Wierdam"))
        assert sorted(visible_slugs(page)) == expected, "without JavaScript the whole list shows"
        assert not page.locator("#verwijsfilter").is_visible(), "the narrowing form needs JavaScript"
        page.goto(site_server + "print/", wait_until="load")
        page.click("text=Oosterveen")
        assert page.locator("h1").inner_text() == "Hulp bij geldzorgen in Oosterveen"
        assert page.locator(".papierlijst li").count() > 0
    finally:
        context.close()


# --- a generated gemeente of ~170 organisations ----------------------------------------------


@pytest.fixture(scope="module")
def large_gemeenten(tmp_path_factory, site_cache):
    """A generated region of two gemeenten with 168 organisations each (and 10 national ones)."""
    from support import load_bench

    base = tmp_path_factory.mktemp("papier")
    generate = load_bench("generate")
    names = generate.generate(300, base / "organisations", gemeenten=2, seed=1)
    relevance = load_bench("relevance")
    site = site_cache.build("--organisations", base / "organisations")
    with relevance.serve(site) as base_url:
        yield base_url, [generate.slugify(naam) for naam in names]


def test_paper_map_of_a_large_gemeente_prints_on_at_most_two_a4_pages(page, large_gemeenten):
    base, slugs = large_gemeenten
    for slug in slugs:
        page.goto(base + f"gemeente/{slug}/", wait_until="load")
        total = int(re.search(r"(\d+) organisaties", page.locator("main").inner_text()).group(1))
        assert total >= 160, f"{slug}: the region is as large as meant ({total})"
        page.goto(base + f"print/{slug}/", wait_until="load")
        page.wait_for_function("() => document.getElementById('papier-qr-beeld').src.startsWith('data:image/')")
        shown = page.locator(".papierlijst li").count()
        more = sum(int(n) for n in re.findall(r"En nog (\d+) op de site", page.locator("main").inner_text()))
        assert shown + more == total, f"{slug}: what the paper shows and what it says is on the site add up"
        assert f"alle {total} organisaties" in page.locator(".papier-voet").inner_text()
        pages = pdf_pages(page.pdf(format="A4"))
        assert 1 <= pages <= 2, f"print/{slug}/ of {total} organisations prints on {pages} A4 pages"

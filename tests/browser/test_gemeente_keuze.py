"""The gemeente choice beside the search field: one choice in a list instead of opening the
filters, finding the gemeente among the boxes and folding them again."""

from __future__ import annotations

import re

import pytest

from support import READY, axe_violations, format_violations, load_bench, open_search, shown


def test_choosing_a_gemeente_beside_the_field_filters_and_goes_in_the_url(page, site_server):
    open_search(page, site_server, "?q=huur")
    choice = page.locator("#gemeente-keuze")
    assert choice.is_visible(), "shown once the script runs"
    assert choice.input_value() == ""
    everywhere = shown(page)
    renders = page.evaluate("() => performance.getEntriesByName('zoeken:render').length")
    choice.select_option("wierdam")
    page.wait_for_url("**gemeente=wierdam**")
    page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=renders)
    assert page.locator('input[name=gemeente][value=wierdam]').is_checked()
    assert not page.locator('input[name=gemeente][value=dijkhaven]').is_checked()
    in_wierdam = shown(page)
    assert in_wierdam and set(in_wierdam) < set(everywhere)
    box = page.locator("#gemeente-keuze").bounding_box()
    assert box["y"] + box["height"] <= 740, "on a phone's first screen"


def test_the_choice_follows_the_url_and_the_filter_boxes(page, site_server):
    open_search(page, site_server, "?q=huur&gemeente=oosterveen")
    assert page.locator("#gemeente-keuze").input_value() == "oosterveen"
    box = page.locator('input[name=gemeente][value=wierdam]')
    if not box.is_visible():  # the filters are folded on a phone, open beside the results on a wide screen
        page.locator("#filters > summary").click()
    box.check()
    page.wait_for_url("**gemeente=wierdam**")
    assert page.locator("#gemeente-keuze").input_value() == "", "two gemeenten ticked: no single choice"
    page.go_back()
    page.wait_for_selector(READY, state="attached")
    page.wait_for_function("() => document.getElementById('gemeente-keuze').value === 'oosterveen'")
    assert page.locator("#gemeente-keuze").input_value() == "oosterveen"


def test_without_javascript_the_choice_is_not_shown(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}zoeken/", wait_until="load")
    assert not page.locator("#gemeente-keuze").is_visible()
    context.close()


# --- the home page's choice and the wegwijzer's list of many gemeenten ---------------------------

PHONE = {"width": 360, "height": 740}


def on_first_screen(page, locator) -> bool:
    """Whether the element's whole box lies within the 360 x 740 screen at the current scroll 0."""
    return locator.evaluate("""e => { const r = e.getBoundingClientRect();
        return scrollY === 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }""")


def test_the_home_pages_choice_sends_the_wegwijzer_straight_to_the_gemeente(page, site_server):
    """Choose once, then every situation goes to /wegwijzer/<situatie>/<gemeente>/: the step that
    lists the gemeenten is skipped; the choice lasts this tab (sessionStorage), and no choice stores nothing."""
    page.set_viewport_size(PHONE)
    page.goto(site_server, wait_until="load")
    choice = page.locator("#gemeente-home")
    assert choice.is_visible() and choice.input_value() == ""
    link = page.locator("main .wegwijzer a[data-wegwijzer$='wegwijzer/geldzorgen/']")
    assert link.get_attribute("href").endswith("wegwijzer/geldzorgen/")
    assert page.evaluate("() => sessionStorage.length") == 0, "opening a page stores nothing"
    choice.select_option("oosterveen")
    assert link.get_attribute("href").endswith("wegwijzer/geldzorgen/oosterveen/")
    link.click()
    page.wait_for_url("**/wegwijzer/geldzorgen/oosterveen/")
    page.goto(site_server, wait_until="load")
    assert page.locator("#gemeente-home").input_value() == "oosterveen", "remembered in this tab"
    assert (
        page.locator("main a[data-wegwijzer$='wegwijzer/hulp-gemeente/']")
        .get_attribute("href")
        .endswith("wegwijzer/hulp-gemeente/oosterveen/")
    )
    page.locator("#gemeente-home").select_option("")
    assert (
        page.locator("main a[data-wegwijzer$='wegwijzer/hulp-gemeente/']")
        .get_attribute("href")
        .endswith("wegwijzer/hulp-gemeente/")
    )
    assert page.evaluate("() => sessionStorage.getItem('kaart-gemeente')") is None


def test_a_gemeente_chosen_on_the_search_page_or_in_the_wegwijzer_list_is_remembered(page, site_server):
    open_search(page, site_server, "?q=huur")
    page.locator("#gemeente-keuze").select_option("wierdam")
    page.wait_for_url("**gemeente=wierdam**")
    page.goto(site_server, wait_until="load")
    assert page.locator("#gemeente-home").input_value() == "wierdam"
    page.goto(site_server + "wegwijzer/ondernemer/", wait_until="load")
    page.get_by_role("link", name="Dijkhaven", exact=True).click()
    page.wait_for_url("**/wegwijzer/ondernemer/dijkhaven/")
    page.goto(site_server, wait_until="load")
    assert page.locator("#gemeente-home").input_value() == "dijkhaven"


@pytest.fixture(scope="module")
def many_server(tmp_path_factory, site_cache):
    """A generated map of 450 organisations in 15 gemeenten (about 30 each, as tests/test_wayfinder.py's):
    the wegwijzer lists the gemeenten with jump links per letter."""
    relevance = load_bench("relevance")
    generate = load_bench("generate")
    base = tmp_path_factory.mktemp("veel")
    names = generate.generate(450, base / "organisations", gemeenten=15, seed=5)
    site = site_cache.build("--organisations", base / "organisations")
    with relevance.serve(site) as base_url:
        yield base_url, sorted(names, key=lambda n: generate.fold(n))


def test_typing_narrows_the_list_of_gemeenten_with_a_live_count(page, many_server):
    base, names = many_server
    page.set_viewport_size(PHONE)
    page.goto(base + "wegwijzer/geldzorgen/", wait_until="load")
    field = page.get_by_label("Typ de naam van uw gemeente")
    assert on_first_screen(page, field)
    assert page.locator("#gemeente-aantal").get_attribute("aria-live") == "polite"
    last = names[-1]
    field.fill(last[2:].lower())  # part of the name, any case
    shown = page.locator("main .lettergroep li:visible a")
    assert last in shown.all_inner_texts() and shown.count() < len(names)
    assert page.locator("#gemeente-aantal").inner_text() == (
        "1 gemeente gevonden. Druk op Enter om verder te gaan."
        if shown.count() == 1
        else f"{shown.count()} gemeenten gevonden"
    )
    target = page.locator("main .lettergroep a", has_text=last).first
    assert on_first_screen(page, target), "the resident's gemeente is on the first screen, no scrolling"
    assert not page.locator("main .letters").is_visible(), "the letter links step aside while filtering"
    field.fill("xqzw")
    assert page.locator("main .lettergroep li:visible").count() == 0
    assert page.locator("#gemeente-aantal").inner_text().startswith("Geen gemeente gevonden")
    field.fill("")
    assert page.locator("main .lettergroep li:visible").count() == len(names)
    field.fill(names[0][:2])
    if page.locator("main .lettergroep li:visible").count() > 1:
        field.press("Enter")
        page.wait_for_timeout(300)
        assert page.url.endswith("/wegwijzer/geldzorgen/"), "Enter does nothing while several are left"
    field.fill(last)
    field.press("Enter")  # the name typed, Enter: the whole step in one go
    page.wait_for_url(f"**/wegwijzer/geldzorgen/{generate_slug(last)}/")
    page.goto(base, wait_until="load")
    assert page.locator("#gemeente-home").input_value() == generate_slug(last), "remembered"


def generate_slug(name: str) -> str:
    return load_bench("generate").slugify(name)


def test_without_javascript_a_letter_link_jumps_to_the_gemeenten_of_that_letter(browser, many_server):
    base, names = many_server
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "wegwijzer/geldzorgen/", wait_until="load")
        assert not page.locator(".gemeente-filter").is_visible()
        last = names[-1]
        letter = next(c for c in generate_slug(last) if c.isalnum())
        jump = page.locator(f"main .letters a[href='#letter-{letter}']")
        assert on_first_screen(page, jump)
        jump.click()
        target = page.locator("main .lettergroep a", has_text=last).first
        assert target.evaluate(
            "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
        ), "after the jump the gemeente is on the screen"
        target.focus()  # keyboard only: the link, then Enter
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/wegwijzer/geldzorgen/{generate_slug(last)}/")
    finally:
        context.close()


@pytest.mark.parametrize("url", ["doorverwijzen/", "print/"])
def test_the_helpers_pages_pick_a_gemeente_the_same_way(page, many_server, url):
    """The same picker as the resident's: the field narrows the list, Enter opens the one left. A
    helper's choice is not the resident's own gemeente: nothing is remembered."""
    base, names = many_server
    page.set_viewport_size(PHONE)
    page.goto(base + url, wait_until="load")
    field = page.get_by_label("Typ de naam van de gemeente")
    last = names[-1]
    field.fill(last[1:].upper())
    shown = page.locator("main .lettergroep li:visible > a")
    assert last in shown.all_inner_texts() and shown.count() < len(names)
    assert "gevonden" in page.locator("#gemeente-aantal").inner_text()
    field.fill(last)
    field.press("Enter")
    page.wait_for_url(f"**/{url}{generate_slug(last)}/")
    assert page.evaluate("() => sessionStorage.getItem('kaart-gemeente')") is None


def test_without_javascript_the_helpers_list_has_its_letter_links(browser, many_server):
    base, names = many_server
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "doorverwijzen/", wait_until="load")
        assert not page.locator(".gemeente-filter").is_visible()
        last = names[-1]
        page.locator(f"main .letters a[href='#letter-{next(c for c in generate_slug(last) if c.isalnum())}']").click()
        page.locator("main .lettergroep a", has_text=last).first.click()
        page.wait_for_url(f"**/doorverwijzen/{generate_slug(last)}/")
    finally:
        context.close()


def test_axe_finds_nothing_on_the_long_list_filtered_and_on_the_home_choice(page, many_server):
    base, _ = many_server
    page.goto(base + "wegwijzer/geldzorgen/", wait_until="load")
    page.get_by_label("Typ de naam van uw gemeente").fill("a")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    page.goto(base + "doorverwijzen/", wait_until="load")
    page.get_by_label("Typ de naam van de gemeente").fill("a")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)
    page.goto(base, wait_until="load")
    assert page.locator("#gemeente-home").is_visible()
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_on_a_map_of_many_gemeenten_the_urgent_line_follows_the_home_pages_choice(page, many_server):
    """Two taps to the gemeente's own urgent number: choose the gemeente, tap the urgent line."""
    base, names = many_server
    page.set_viewport_size(PHONE)
    page.goto(base, wait_until="load")
    line = page.locator("main .spoedregel a")
    assert line.inner_text().startswith("Kies uw gemeente")
    name = names[-1]
    page.locator("#gemeente-home").select_option(label=name)
    assert name in line.inner_text()
    line.click()
    page.wait_for_url(re.compile(rf"/wegwijzer/[a-z0-9-]+/{re.escape(generate_slug(name))}/$"))
    call = page.locator("main .spoedhulp a[href^='tel:']").first
    assert on_first_screen(page, call), "the gemeente's own number on the first screen"

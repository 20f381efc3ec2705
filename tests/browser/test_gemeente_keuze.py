"""The gemeente choice beside the search field: one choice in a list instead of opening the
filters, finding the gemeente among the boxes and folding them again."""

from __future__ import annotations

from support import READY, open_search, shown


def test_choosing_a_gemeente_beside_the_field_filters_and_goes_in_the_url(page, site_server):
    open_search(page, site_server, "?q=huur")
    choice = page.locator("#gemeente-keuze")
    assert choice.is_visible(), "shown once the script runs"
    assert choice.input_value() == ""
    everywhere = shown(page)
    choice.select_option("wierdam")
    page.wait_for_url("**gemeente=wierdam**")
    page.wait_for_timeout(300)
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
    page.wait_for_timeout(300)
    assert page.locator("#gemeente-keuze").input_value() == "oosterveen"


def test_without_javascript_the_choice_is_not_shown(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_server}zoeken/", wait_until="load")
    assert not page.locator("#gemeente-keuze").is_visible()
    context.close()

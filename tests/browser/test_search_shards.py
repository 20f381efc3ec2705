"""The search page with a search file per gemeente (issue 6), in real headless Chromium.

The example region is built twice: as usual (one file, the `built_site` of conftest.py) and with
`zoekindex: per-gemeente`. The per-gemeente site fetches only what the state needs: a gemeente's
file and the landelijk one; without a gemeente only the landelijk one (and the page asks for the
gemeente), and the whole map only when the resident asks for all gemeenten (`overal=1`). Over all
gemeenten both sites search the same file; within a gemeente typos, longer words and compound
parts are looked up among the words of the files searched, so the order can differ a little from
the one-file site. The same URL always gives the same order on one site, whatever the resident did
before.

Every relevance query in every gemeente is compared between the two sites' files in Node, as the
page searches them (tests/test_search_shards.py): seconds there, minutes page by page here. Here
the page itself: which files it fetches, that a few URLs show what the one-file site shows, the
gemeente pages without JavaScript, failures, and axe.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from support import (
    axe_violations,
    check_each,
    count_text,
    format_violations,
    load_bench,
    off_origin,
    open_search,
    shown,
)

relevance = load_bench("relevance")
GEMEENTEN = ["dijkhaven", "oosterveen", "wierdam"]


@pytest.fixture(scope="module")
def sharded_site(site_cache):
    site = site_cache.build(zoekindex="per-gemeente")
    assert (site / "zoeken" / "landelijk.json").is_file()
    assert {p.stem for p in (site / "zoeken" / "index").glob("*.json")} == set(GEMEENTEN)
    return site


@pytest.fixture(scope="module")
def sharded_server(sharded_site):
    with relevance.serve(sharded_site) as base_url:
        yield base_url


def search_files(urls: list[str]) -> list[str]:
    """The search files among requested URLs, as paths below zoeken/."""
    paths = [urlsplit(u).path for u in urls]
    return sorted(p.split("/zoeken/", 1)[1] for p in paths if "/zoeken/" in p and p.endswith(".json"))


def both(page, site_server, sharded_server, query: str) -> tuple[list[str], list[str]]:
    open_search(page, site_server, query)
    one = shown(page)
    open_search(page, sharded_server, query)
    return one, shown(page)


def test_a_search_in_a_gemeente_fetches_its_file_and_the_landelijk_one(page, requests_log, sharded_server):
    open_search(page, sharded_server, "?gemeente=wierdam&q=huur")
    assert search_files(requests_log) == ["index/wierdam.json", "landelijk.json"]
    assert shown(page), "results for huur in Wierdam"
    assert off_origin(requests_log, sharded_server) == []


def test_the_same_url_shows_the_same_results_as_with_one_file(page, site_server, sharded_server):
    def check(query):
        one, sharded = both(page, site_server, sharded_server, "?meer=1" + ("&" + query[1:] if query else ""))
        assert sharded == one
        assert count_text(page).split()[0] == str(len(one))

    check_each(
        [
            "?gemeente=wierdam&q=huur",
            "?gemeente=dijkhaven&q=ik+kan+mijn+huur+niet+betalen",
            "?gemeente=oosterveen",
            "?gemeente=dijkhaven&q=schulhulp&doelgroep=jongeren",
            "?gemeente=wierdam&gemeente=oosterveen&q=maatje",
            "?gemeente=oosterveen&q=gebarentolk&inloop=1",
            "?overal=1&q=huur",
            "?overal=1",
            "?overal=1&gemeente=nergens&q=huur",
            "?gemeente=nergens&gemeente=nergens&gemeente=wierdam&q=huur",
        ],
        check,
    )


def test_ticking_gemeenten_fetches_only_what_is_new(page, requests_log, site_server, sharded_server):
    open_search(page, sharded_server, "?gemeente=wierdam&q=geld")
    assert search_files(requests_log) == ["index/wierdam.json", "landelijk.json"]
    assert page.locator("span[data-aantal-voor='f-gemeente-wierdam']").inner_text() != ""
    assert page.locator("span[data-aantal-voor='f-gemeente-dijkhaven']").inner_text() == "", (
        "the count of a gemeente whose file is not loaded is not known"
    )
    renders = page.evaluate("() => performance.getEntriesByName('zoeken:render').length")
    page.locator("label[for='f-gemeente-oosterveen']").click()
    page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=renders)
    assert search_files(requests_log) == ["index/oosterveen.json", "index/wierdam.json", "landelijk.json"]
    with_two = shown(page)
    assert page.locator("span[data-aantal-voor='f-gemeente-oosterveen']").inner_text() != ""

    renders = page.evaluate("() => performance.getEntriesByName('zoeken:render').length")
    page.locator("label[for='f-gemeente-wierdam']").click()
    page.locator("label[for='f-gemeente-oosterveen']").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('gemeente')")
    page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=renders)
    page.wait_for_function("() => document.getElementById('resultaten').getAttribute('aria-busy') === 'false'")
    assert search_files(requests_log) == ["index/oosterveen.json", "index/wierdam.json", "landelijk.json"], (
        "no gemeente: the landelijke ones, not the whole map"
    )
    landelijk = shown(page)
    assert landelijk and count_text(page).split()[0] == str(len(landelijk))
    counts = [page.locator(f"span[data-aantal-voor='f-gemeente-{g}']").inner_text() for g in GEMEENTEN]
    assert counts == ["", "", ""], "the gemeenten's counts are not known"

    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('gemeente').length === 1")
    page.go_back()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('gemeente').length === 2")
    page.wait_for_function("n => document.querySelectorAll('#resultaten li').length === n", arg=len(with_two))
    assert shown(page) == with_two

    one, whole = both(page, site_server, sharded_server, "?overal=1&q=geld")
    assert whole == one and set(landelijk) < set(whole)
    counts = [page.locator(f"span[data-aantal-voor='f-gemeente-{g}']").inner_text() for g in GEMEENTEN]
    assert all(c.startswith("(") for c in counts), "with the whole map every count is known"
    assert with_two == both(page, site_server, sharded_server, "?gemeente=wierdam&gemeente=oosterveen&q=geld")[0]


def test_without_javascript_the_results_are_the_gemeente_pages(
    browser, browser_context_args, sharded_site, sharded_server
):
    """No JavaScript, per gemeente: #resultaten links to the page of every gemeente, with how many
    organisations help there (landelijke ones included, as on that page), and the texts say so."""
    docs = relevance.map_docs(sharded_site)
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(sharded_server + "zoeken/?gemeente=wierdam&q=huur", wait_until="load")
    main = page.locator("main").inner_text()
    assert "JavaScript" in main and "kies uw gemeente" in main and "alle organisaties" not in main
    assert count_text(page) == f"{len(docs)} organisaties in {len(GEMEENTEN)} gemeenten"
    links = page.locator("#resultaten a")
    assert links.count() == len(GEMEENTEN)
    for i, gemeente in enumerate(GEMEENTEN):
        link = links.nth(i)
        assert link.get_attribute("href").endswith(f"gemeente/{gemeente}/")
        n = sum(1 for d in docs.values() if d.get("l") or gemeente in d["g"])
        assert link.inner_text().split()[-2:] == [str(n), "organisaties"], link.inner_text()
    links.nth(GEMEENTEN.index("wierdam")).click()
    page.wait_for_load_state("load")
    assert page.locator("main a[href*='organisaties/']").count() >= 1
    context.close()


def test_without_javascript_on_one_file_every_organisation_is_listed(
    browser, browser_context_args, built_site, site_server
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "zoeken/", wait_until="load")
    assert "Hieronder staan alle organisaties" in page.locator("main").inner_text()
    assert len(shown(page)) == len(relevance.map_docs(built_site))
    context.close()


def test_a_failed_search_file_shows_the_gemeenten_and_says_so(page, sharded_server):
    page.route("**/zoeken/index/wierdam.json", lambda route: route.fulfill(status=404, body="weg"))
    page.goto(sharded_server + "zoeken/?gemeente=wierdam&q=huur", wait_until="domcontentloaded")
    page.wait_for_function("() => document.getElementById('aantal-resultaten').textContent.includes('lukt nu niet')")
    assert "alle organisaties" not in count_text(page) and "gemeente" in count_text(page)
    assert page.locator("#resultaten a[href$='gemeente/wierdam/']").count() == 1

    open_search(page, sharded_server, "?overal=1&q=huur")  # later: the whole map's results are on the page
    assert shown(page)
    page.locator("label[for='f-gemeente-wierdam']").click()
    page.wait_for_function("() => document.getElementById('aantal-resultaten').textContent.includes('lukt nu niet')")
    assert shown(page) == [], "the gemeente links again, not the results of before"
    assert page.locator("#resultaten a[href$='gemeente/dijkhaven/']").count() == 1
    assert page.locator("#resultaten").get_attribute("aria-busy") == "false"


def test_a_search_file_of_another_format_is_a_failed_load(page, site_server, built_site):
    def old_format(route):
        response = route.fetch()
        data = response.json()
        data["versie"] -= 1
        route.fulfill(response=response, json=data)

    page.route("**/zoeken/zoekindex.json", old_format)
    page.goto(site_server + "zoeken/?q=huur", wait_until="domcontentloaded")
    page.wait_for_function("() => document.getElementById('aantal-resultaten').textContent.includes('lukt nu niet')")
    assert count_text(page) == "Zoeken lukt nu niet. Hieronder staan alle organisaties."
    assert len(shown(page)) == len(relevance.map_docs(built_site))
    assert page.locator("#filters").is_hidden()


def test_an_unknown_gemeente_is_never_fetched(page, requests_log, sharded_server):
    open_search(page, sharded_server, "?gemeente=nergens&gemeente=nergens&q=huur")
    assert search_files(requests_log) == ["landelijk.json"], "not a gemeente of the map: no gemeente, no 404s"
    assert page.locator("#gemeente-vraag").is_visible() and "heel Nederland" in count_text(page)
    assert page.locator(".geen-resultaten").inner_text().startswith("Bij de hulp voor heel Nederland vinden we niets")
    open_search(page, sharded_server, "?gemeente=nergens&q=geldzorgen")
    assert shown(page) and set(shown(page)) <= {"geldzorgenlijn-nederland", "ondernemers-geldlijn"}, "the landelijke"


def ticked(page, gemeente: str, on: bool) -> None:
    """Tick or untick a gemeente and wait until the new state's results are complete."""
    renders = page.evaluate("() => performance.getEntriesByName('zoeken:render').length")
    page.locator(f"label[for='f-gemeente-{gemeente}']").click()
    page.wait_for_function(
        "([g, on]) => new URLSearchParams(location.search).getAll('gemeente').includes(g) === on", arg=[gemeente, on]
    )
    page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=renders)
    page.wait_for_function("() => document.getElementById('resultaten').getAttribute('aria-busy') === 'false'")


@pytest.mark.parametrize("query", ["geldproblemen", "schulhulp", "huurachterstand", "maatje", "formulieren"])
def test_the_same_url_gives_the_same_order_whatever_came_before(page, sharded_server, query):
    """?q=...&gemeente=wierdam opened fresh, reached from the whole map, and reached by ticking and
    unticking another gemeente: the same organisations in the same order (the search runs over the
    files the URL needs, not over whatever else is loaded)."""
    open_search(page, sharded_server, f"?gemeente=wierdam&q={query}")
    fresh = shown(page)
    open_search(page, sharded_server, f"?overal=1&q={query}")
    ticked(page, "wierdam", True)
    assert shown(page) == fresh, "after the whole map"
    ticked(page, "oosterveen", True)
    ticked(page, "oosterveen", False)
    assert shown(page) == fresh, "after another gemeente"


def test_axe_finds_no_violation_with_files_per_gemeente(page, sharded_server):
    def check(query):
        open_search(page, sharded_server, query)
        violations = axe_violations(page)
        assert violations == [], f"axe on zoeken/{query}:\n" + format_violations(violations)

    check_each(["?gemeente=wierdam&q=huur", "?gemeente=dijkhaven&q=xqzwv", ""], check)


# --- a generated map large enough for files per gemeente and long lists -------------------------


@pytest.fixture(scope="module")
def region_server(tmp_path_factory, site_cache):
    """A generated region of 600 organisations in 10 gemeenten, with a file per gemeente."""
    base = tmp_path_factory.mktemp("regio")
    speed = load_bench("search_speed")
    organisations = speed.generate_region(600, base / "organisations")
    site = site_cache.build("--organisations", organisations, zoekindex="per-gemeente")
    assert (site / "zoeken" / "landelijk.json").is_file()
    docs = relevance.map_docs(site)
    with relevance.serve(site) as base_url:
        yield base_url, list(docs), docs


def all_shown(page) -> list[str]:
    page.wait_for_function("() => document.getElementById('resultaten').getAttribute('aria-busy') === 'false'")
    return shown(page)


def test_a_long_list_is_complete_in_order_with_short_cards_after_the_first(page, requests_log, region_server):
    base, order, docs = region_server
    open_search(page, base, "?overal=1&meer=1")
    assert search_files(requests_log) == ["landelijk.json", "zoekindex.json"], (
        "all gemeenten: the whole map (and the preloaded landelijk file)"
    )
    assert all_shown(page) == order, "every organisation, the municipality's own first, then by name"
    assert count_text(page).startswith(f"{len(order)} ")
    items = page.locator("#resultaten li")
    assert items.count() == len(order)
    assert page.locator("#resultaten li").nth(10).locator(".feiten").count() == 1, "the first results: full cards"
    assert page.locator("#resultaten li").nth(len(order) - 1).locator(".feiten").count() == 0, "far down: short cards"
    assert (
        page.evaluate("() => getComputedStyle(document.querySelectorAll('#resultaten > ul')[1]).contentVisibility")
        == "auto"
    )
    assert page.locator("#resultaten a[href*='organisaties/']").count() == len(order), "one link per result"

    renders = page.evaluate("() => performance.getEntriesByName('zoeken:render').length")
    page.locator("#q").fill("schulden")
    page.locator("#q").fill("huur")
    page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=renders)
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'huur'")
    open_search(page, base, "?overal=1&meer=1&q=huur")  # a new query shows the best 10: all of them again
    found = all_shown(page)
    assert len(found) == len(set(found)) == page.locator("#resultaten li").count() == int(count_text(page).split()[0])
    assert found and len(found) < len(order)


def test_a_long_list_passes_axe(page, region_server):
    base, _, _ = region_server
    open_search(page, base, "?overal=1&q=geld")
    page.wait_for_function("() => document.getElementById('resultaten').getAttribute('aria-busy') === 'false'")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_in_a_gemeente_of_a_region_only_its_file_and_the_landelijk_one(page, requests_log, region_server):
    base, order, docs = region_server
    gemeente = sorted({g for d in docs.values() for g in d["g"]})[0]
    open_search(page, base, f"?meer=1&gemeente={gemeente}")
    assert search_files(requests_log) == [f"index/{gemeente}.json", "landelijk.json"]
    expected = [s for s in order if docs[s].get("l") or gemeente in docs[s]["g"]]
    assert all_shown(page) == expected


def test_a_late_file_does_not_stop_a_long_list(page, region_server):
    """A gemeente's file that arrives after the resident has moved on changes nothing: the long
    list of the state shown now is completed (it stopped at the first 50, aria-busy stuck on true)."""
    base, order, docs = region_server
    gemeente = sorted({g for d in docs.values() for g in d["g"]})[0]
    held = []
    page.route("**/zoeken/index/*.json", lambda route: held.append(route))
    open_search(page, base, "?overal=1&meer=1")
    assert all_shown(page) == order
    page.evaluate("""() => {  // frames held until released, as on a very slow phone: the list cannot
        // complete while the test looks (a fixed delay lost the race on a loaded machine)
        const frame = window.requestAnimationFrame.bind(window);
        window.heldFrames = [];
        window.requestAnimationFrame = callback => { window.heldFrames.push(callback); return 0; };
        window.releaseFrames = () => {
            window.requestAnimationFrame = frame;
            window.heldFrames.splice(0).forEach(callback => frame(callback));
        };
    }""")
    page.locator(f"label[for='f-gemeente-{gemeente}']").click()
    page.wait_for_function("() => new URLSearchParams(location.search).has('gemeente')")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(20)
    assert held, "the gemeente's file was asked for"
    page.go_back()  # moved on: the whole map again
    page.wait_for_function("() => !new URLSearchParams(location.search).has('gemeente')")
    assert page.locator("#resultaten li").count() < len(order), "the long list is being completed"
    with page.expect_response("**/zoeken/index/*.json"):
        held[0].continue_()
    page.wait_for_timeout(200)  # the late file is handled while the list is still being completed
    page.evaluate("() => window.releaseFrames()")
    page.wait_for_function(
        "() => document.getElementById('resultaten').getAttribute('aria-busy') === 'false'", timeout=15_000
    )
    assert shown(page) == order
    assert count_text(page).startswith(f"{len(order)} ")


# --- no gemeente chosen on a map with a file per gemeente: the landelijke ones, and ask -----------


def landelijk_slugs(docs: dict[str, dict]) -> set[str]:
    return {s for s, d in docs.items() if d.get("l")}


def wait_rendered(page, renders: int) -> None:
    page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=renders)
    page.wait_for_function("() => document.getElementById('resultaten').getAttribute('aria-busy') === 'false'")


def renders_so_far(page) -> int:
    return page.evaluate("() => performance.getEntriesByName('zoeken:render').length")


def test_without_a_gemeente_only_the_landelijke_are_searched_and_the_page_asks(page, requests_log, region_server):
    """A resident on a phone does not download the whole map: /zoeken/?q=... without a gemeente
    searches the landelijke organisations at once and asks for the gemeente."""
    base, order, docs = region_server
    landelijk = landelijk_slugs(docs)
    assert landelijk, "the generated region has landelijke organisations"
    open_search(page, base, "?meer=1")
    page.wait_for_load_state("networkidle")
    assert search_files(requests_log) == ["landelijk.json"], "not the whole map"
    assert all_shown(page) == [s for s in order if s in landelijk]
    assert count_text(page).startswith(f"{len(landelijk)} organisaties")
    assert "heel Nederland" in count_text(page), "the count says what was searched"
    ask = page.locator("#gemeente-vraag")
    assert ask.is_visible() and "Kies uw gemeente" in ask.inner_text()
    assert page.locator(".gemeente-keuze").evaluate("e => e.classList.contains('vraagt')")
    assert page.locator("#gemeente-keuze").get_attribute("aria-describedby") == "gemeente-vraag-tekst"

    open_search(page, base, "?q=geld")
    assert page.locator("#zoekkop").inner_text() == "Hulp bij: geld"
    found = shown(page)
    assert found and set(found) <= landelijk
    assert "zoekindex.json" not in search_files(requests_log)


def test_choosing_a_gemeente_searches_its_file(page, requests_log, region_server):
    base, order, docs = region_server
    gemeente = sorted({g for d in docs.values() for g in d["g"]})[1]
    open_search(page, base, "?meer=1")
    renders = renders_so_far(page)
    page.locator("#gemeente-keuze").select_option(gemeente)
    page.wait_for_url(f"**gemeente={gemeente}**")
    wait_rendered(page, renders)
    assert search_files(requests_log) == [f"index/{gemeente}.json", "landelijk.json"]
    assert shown(page) == [s for s in order if docs[s].get("l") or gemeente in docs[s]["g"]]
    assert "heel Nederland" not in count_text(page)
    assert not page.locator(".gemeente-keuze").evaluate("e => e.classList.contains('vraagt')")
    assert page.evaluate("() => sessionStorage.getItem('kaart-gemeente')") == gemeente, "gemeente.js remembers it"


def test_zoek_in_alle_gemeenten_loads_the_whole_map(page, requests_log, region_server):
    base, order, docs = region_server
    open_search(page, base, "?meer=1")
    assert search_files(requests_log) == ["landelijk.json"]
    renders = renders_so_far(page)
    page.locator("#overal").click()
    page.wait_for_url("**overal=1**")
    wait_rendered(page, renders)
    assert search_files(requests_log) == ["landelijk.json", "zoekindex.json"]
    assert "alle gemeenten" in page.locator("#zoekkop").inner_text()
    assert count_text(page).split()[0] == str(len(order)) and "alle gemeenten" in count_text(page)
    page.locator("#meer a").click()  # meer=1 was dropped with the new, larger set: Toon meer shows the rest
    page.wait_for_url("**meer=1**")
    assert all_shown(page) == order
    assert not page.locator("#overal").is_visible()

    page.go_back()
    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('overal')")
    page.wait_for_function(
        "n => document.querySelectorAll('#resultaten li').length === n", arg=len(landelijk_slugs(docs))
    )
    assert set(shown(page)) == landelijk_slugs(docs)


def test_zoek_in_alle_gemeenten_with_the_keyboard(page, requests_log, region_server):
    base, order, docs = region_server
    open_search(page, base, "?q=geld")
    page.locator("#q").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "gemeente-keuze"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "overal"
    renders = renders_so_far(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**overal=1**")
    wait_rendered(page, renders)
    assert "zoekindex.json" in search_files(requests_log)
    assert page.evaluate("() => document.activeElement.id") == "uitslag", "focus on the results, not lost"


def test_a_remembered_gemeente_is_used_and_said(page, requests_log, region_server):
    base, order, docs = region_server
    gemeente = sorted({g for d in docs.values() for g in d["g"]})[2]
    open_search(page, base, "")
    page.evaluate("g => sessionStorage.setItem('kaart-gemeente', g)", gemeente)
    requests_log.clear()
    open_search(page, base, "?q=geld")
    assert search_files(requests_log) == [f"index/{gemeente}.json", "landelijk.json"]
    assert page.evaluate("() => new URLSearchParams(location.search).getAll('gemeente')") == [gemeente]
    assert page.locator("#gemeente-keuze").input_value() == gemeente
    naam = page.locator("#gemeente-keuze option:checked").inner_text()
    assert page.locator("#zoekkop").inner_text() == f"Hulp bij: geld, in {naam}"
    assert f"U koos eerder {naam}" in page.locator("#gemeente-vraag").inner_text(), "says so, and how to change"
    renders = renders_so_far(page)
    page.locator("#gemeente-keuze").select_option("")
    wait_rendered(page, renders)
    assert "Kies uw gemeente" in page.locator("#gemeente-vraag").inner_text()
    assert page.evaluate("() => sessionStorage.getItem('kaart-gemeente')") is None

    requests_log.clear()
    page.evaluate("g => sessionStorage.setItem('kaart-gemeente', g)", gemeente)
    open_search(page, base, "?overal=1&q=geld")
    assert search_files(requests_log) == ["landelijk.json", "zoekindex.json"], (
        "asked for the whole map: the memory does not narrow it (the landelijk file is preloaded)"
    )
    requests_log.clear()
    page.evaluate("() => sessionStorage.setItem('kaart-gemeente', 'nergens')")
    open_search(page, base, "?q=geld")
    assert search_files(requests_log) == ["landelijk.json"], "a gemeente the map does not know is no choice"


def test_the_landelijke_state_passes_axe(page, region_server):
    base, _, _ = region_server
    open_search(page, base, "?q=geld")
    violations = axe_violations(page)
    assert violations == [], format_violations(violations)


def test_on_a_phone_the_question_and_the_first_landelijke_result_are_on_the_first_screen(
    browser, browser_context_args, region_server
):
    base, _, _ = region_server
    context = browser.new_context(
        **browser_context_args, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        open_search(page, base, "?q=geld")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for selector in ("#zoekkop", "#gemeente-keuze", "#gemeente-vraag", "#resultaten article h2 a"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= 740, f"{selector} on the first screen: {box}"
        link = page.locator("#overal").bounding_box()
        assert link["height"] >= 44 - 0.5, "a 44 px target"
    finally:
        context.close()

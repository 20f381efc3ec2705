"""The search page in real headless Chromium: typing, filters, URL state, keyboard, XSS,
no JavaScript, no results, accessibility, the first screen of a phone, the result cards, and the
relevance benchmark through the page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from support import (
    READY,
    REPO,
    axe_violations,
    check_each,
    count_text,
    format_violations,
    load_bench,
    off_origin,
    open_search,
    shown,
)

GROUPS = {"fase": "f", "rol": "r", "activiteit": "a", "doelgroep": "d", "gemeente": "g", "taal": "t"}
PHONE = {"width": 360, "height": 740}
TOP = 10  # results shown before "Toon meer"
COUNT = re.compile(r"(\d+) organisaties? gevonden(: (\d+) (passen|past) goed, (\d+) andere)?")
XSS = "<img src=x onerror=window.__xss=1>"


@pytest.fixture(scope="module")
def docs(built_site) -> dict[str, dict]:
    data = json.loads((built_site / "zoeken" / "zoekindex.json").read_text(encoding="utf-8"))
    return {d["u"]: d for d in data["docs"]}


def count_of(page) -> int:
    return int(re.match(r"\d+", count_text(page)).group())


def matches(doc: dict, group: str, value: str) -> bool:
    if group == "gemeente" and doc.get("l"):
        return True
    if group == "doelgroep" and "iedereen" in doc["d"]:
        return True
    return value in doc[GROUPS[group]]


def renders(page) -> int:
    return page.evaluate("() => performance.getEntriesByName('zoeken:render').length")


# --- typing ------------------------------------------------------------------------------------


def test_typing_updates_results_and_the_live_count_debounced(page, site_server):
    open_search(page, site_server)
    total = count_of(page)
    live = page.locator("#aantal-resultaten")
    assert live.get_attribute("aria-live") == "polite"
    label = page.locator("label[for='q']")
    assert label.is_visible() and label.inner_text().strip(), "the search field has a visible label"
    before = renders(page)
    page.locator("input[type='search'][name='q']").press_sequentially("huurachterstand", delay=20)
    page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=before)
    page.wait_for_timeout(400)  # the debounce (at most 150 ms) and any late render
    assert renders(page) - before < len("huurachterstand"), "typing is debounced, not a search per key"
    assert shown(page)[0] == "huurteam-dijkhaven"
    assert count_of(page) == len(shown(page)) < total
    assert COUNT.fullmatch(count_text(page)), count_text(page)
    assert parse_qs(urlsplit(page.url).query)["q"] == ["huurachterstand"], "the query is in the URL"
    page.locator("#q").fill("")
    page.wait_for_function(
        "n => /^" + str(total) + " /.test(document.getElementById('aantal-resultaten').textContent)", arg=None
    )
    assert len(shown(page)) == min(total, TOP), "an empty field lists everything again, the best 10 first"


# --- the result card -----------------------------------------------------------------------------


def test_a_card_shows_what_a_resident_acts_on_and_no_vocabulary(page, site_server, docs, built_site):
    page.clock.set_fixed_time("2026-12-02T12:00:00Z")  # a Wednesday, 13:00 in Amsterdam
    open_search(page, site_server, "?q=geldpunt")
    first = page.locator("#resultaten li").first
    text = first.inner_text()
    doc = docs["geldpunt-bibliotheek-dijkhaven"]
    assert doc["n"] in text and doc["s"] in text and doc["p"] in text
    assert "Gratis" in text, "kosten: gratis"
    assert "Volgende inloop: woensdag 14:00 in Bibliotheek Noord, Zeedijkstraat 44" in text, text
    for label in ("Fase", "Voordat u hulp vraagt bij de gemeente", "Doelgroep", "Iedereen"):
        assert label not in text, f"no vocabulary on a resident's card: {label!r}"
    call = first.locator("a[href^='tel:']")
    assert call.count() == 1 and call.get_attribute("href") == "tel:+31302330909"
    assert call.inner_text() == "Bel " + doc["tel"]
    route = first.locator("a[href^='https://www.openstreetmap.org/directions']")
    assert route.count() == 1 and route.text_content().strip() == "Route naar Bibliotheek Noord"
    assert route.inner_text().strip().startswith("Route"), "'Route' shown, the place read out"
    assert "Zeedijkstraat%2044" in route.get_attribute("href"), "the route to where the next walk-in is"
    for link in (call, route):
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, f"a target big enough to tap: {box}"
    assert first.locator("a[href*='organisaties/']").count() == 1, "one link to the organisation's page"


def test_the_script_builds_the_card_the_server_renders(browser, browser_context_args, site_server):
    """One card: the list without JavaScript and the live results are the same card, the walk-in line
    aside (the weekly hours without a clock, the next walk-in with one)."""

    def cards(page):
        return page.eval_on_selector_all(
            "#resultaten li article",
            r"""els => els.map(a => ({
            tags: [...a.querySelectorAll('*')].filter(e => !e.closest('.inloop')).map(e => e.tagName + '.' + e.className),
            text: [...a.querySelectorAll('h2, [data-veld=samenvatting], .knop-bel, .gratis, [data-deel=plaats]')]
                  .map(e => e.textContent.trim().replace(/\s+/g, ' ')),
            hrefs: [...a.querySelectorAll('h2 a, .knop-bel')].map(e => e.getAttribute('href').replace(/^(\.\.\/)+/, ''))}))""",
        )

    static = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = static.new_page()
    page.goto(site_server + "zoeken/", wait_until="load")
    server = cards(page)
    static.close()
    live = browser.new_context(**browser_context_args)
    page = live.new_page()
    page.clock.set_fixed_time("2026-12-02T12:00:00Z")
    open_search(page, site_server, "?meer=1")
    script = cards(page)
    live.close()
    assert len(server) == len(script) == 30
    assert server == script, "the same card, element for element (the walk-in line and the route's place aside)"


# --- filters -----------------------------------------------------------------------------------


def test_each_filter_narrows_to_what_its_count_promised(page, site_server, docs):
    open_search(page, site_server)
    total = count_of(page)
    names = page.eval_on_selector_all("#filters input[type=checkbox]", "els => [...new Set(els.map(e => e.name))]")
    assert set(GROUPS) | {"inloop"} <= set(names), names
    for name in sorted(set(GROUPS) | {"inloop"}):
        open_search(page, site_server)
        options = page.eval_on_selector_all(
            f"#filters input[name='{name}']",
            """els => els.map(e => ({id: e.id, value: e.value,
                 n: parseInt(document.querySelector(`[data-aantal-voor="${e.id}"]`).textContent.replace(/\\D/g, ''))}))""",
        )
        narrowing = [o for o in options if 0 < o["n"] < total]
        assert narrowing, f"filter {name}: no option narrows the list ({options})"
        option = min(narrowing, key=lambda o: o["n"])
        page.locator(f"label[for='{option['id']}']").click()
        page.wait_for_function(
            "n => !document.getElementById('aantal-resultaten').textContent.startsWith(n + ' ')", arg=total
        )
        slugs = shown(page)
        assert option["n"] == count_of(page) and len(slugs) == min(option["n"], TOP), f"filter {name}={option['value']}"
        if name == "inloop":
            assert all(docs[s].get("i") for s in slugs)
        else:
            assert all(matches(docs[s], name, option["value"]) for s in slugs), f"{name}={option['value']}: {slugs}"
        assert option["value"] in parse_qs(urlsplit(page.url).query)[name]


def test_values_of_one_filter_are_ored_and_filters_anded(page, site_server, docs):
    open_search(page, site_server, "?meer=1&fase=nazorg")
    nazorg = set(shown(page))
    open_search(page, site_server, "?meer=1&fase=nazorg&fase=begeleiding")
    either = set(shown(page))
    assert nazorg < either
    assert either == {s for s, d in docs.items() if {"nazorg", "begeleiding"} & set(d["f"])}
    open_search(page, site_server, "?meer=1&fase=nazorg&fase=begeleiding&gemeente=wierdam")
    both = set(shown(page))
    assert both < either
    assert all("wierdam" in docs[s]["g"] or docs[s].get("l") for s in both)


def test_filters_combine_with_a_query(page, site_server, docs):
    open_search(page, site_server, "?meer=1&q=schulden")
    query_only = shown(page)
    open_search(page, site_server, "?meer=1&q=schulden&gemeente=oosterveen&inloop=1")
    combined = shown(page)
    assert combined and len(combined) < len(query_only)
    assert combined == [s for s in query_only if s in combined], "the query's rank order is kept"
    assert all(docs[s].get("i") and ("oosterveen" in docs[s]["g"] or docs[s].get("l")) for s in combined)
    assert page.locator("#q").input_value() == "schulden"
    assert page.locator("#f-gemeente-oosterveen").is_checked() and page.locator("#f-inloop-1").is_checked()


def test_doelgroep_puts_explicit_matches_before_iedereen(page, site_server, docs):
    for doelgroep in ("jongeren", "ouderen", "gezinnen"):
        for query in ("", "&q=geld"):
            open_search(page, site_server, f"?meer=1&doelgroep={doelgroep}{query}")
            slugs = shown(page)
            explicit = [doelgroep in docs[s]["d"] for s in slugs]
            assert any(explicit) and not all(explicit), (doelgroep, slugs)
            assert explicit == sorted(explicit, reverse=True), f"{doelgroep}{query}: iedereen came first: {slugs}"


# --- URL state ---------------------------------------------------------------------------------


def test_a_link_with_a_query_shows_its_results_without_typing(page, site_server):
    open_search(page, site_server, "?q=huur")
    assert page.locator("#q").input_value() == "huur"
    assert shown(page)[0] == "huurteam-dijkhaven"


def test_reload_and_back_and_forward_restore_the_state(page, site_server):
    open_search(page, site_server)
    page.locator("#q").fill("schulden")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'schulden'")
    with_query, n_query = shown(page), count_of(page)
    page.locator("label[for='f-fase-nazorg']").click()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('fase').includes('nazorg')")
    with_filter, n_filter = shown(page), count_of(page)
    page.locator("label[for='f-gemeente-wierdam']").click()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('gemeente').includes('wierdam')")
    with_both = shown(page)
    assert count_of(page) < n_filter < n_query

    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector(READY, state="attached")
    assert shown(page) == with_both and page.locator("#q").input_value() == "schulden"
    assert page.locator("#f-fase-nazorg").is_checked() and page.locator("#f-gemeente-wierdam").is_checked()

    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('gemeente')")
    page.wait_for_function("n => document.querySelectorAll('#resultaten li').length === n", arg=len(with_filter))
    assert shown(page) == with_filter
    assert page.locator("#f-fase-nazorg").is_checked() and not page.locator("#f-gemeente-wierdam").is_checked()

    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('fase')")
    page.wait_for_function("n => document.querySelectorAll('#resultaten li').length === n", arg=len(with_query))
    assert shown(page) == with_query and page.locator("#q").input_value() == "schulden"
    assert not page.locator("#f-fase-nazorg").is_checked()

    page.go_forward()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('fase').includes('nazorg')")
    page.wait_for_function("n => document.querySelectorAll('#resultaten li').length === n", arg=len(with_filter))
    assert shown(page) == with_filter


# --- keyboard ----------------------------------------------------------------------------------


def _tab_until(page, predicate: str, limit: int = 150) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}"):
            return presses
    raise AssertionError(f"Tab never reached {predicate}")


FOCUS_VISIBLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return el.matches(':focus-visible') && (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    || style.boxShadow !== 'none');
}"""


def test_keyboard_only_reaches_field_and_filters_and_space_ticks(page, site_server):
    open_search(page, site_server)
    total = count_of(page)
    _tab_until(page, "el => el.id === 'q'")
    assert page.evaluate(FOCUS_VISIBLE), "the search field shows where the focus is"
    page.keyboard.type("geld")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'geld'")
    _tab_until(page, "el => el.type === 'checkbox' && el.name === 'doelgroep' && el.value === 'jongeren'")
    assert page.evaluate(FOCUS_VISIBLE), "a filter shows where the focus is"
    before = count_text(page)
    page.keyboard.press("Space")
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('doelgroep').includes('jongeren')")
    page.wait_for_function("t => document.getElementById('aantal-resultaten').textContent !== t", arg=before)
    assert page.evaluate("() => document.activeElement.checked && document.activeElement.value === 'jongeren'")
    assert page.evaluate(FOCUS_VISIBLE), "focus stays on the ticked filter, visibly"
    assert count_of(page) < total
    page.keyboard.press("Space")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('doelgroep')")
    assert page.evaluate("() => !document.activeElement.checked")


# --- safety ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Path:
    """The example region plus an organisation whose name and summary hold an HTML tag."""
    root = tmp_path_factory.mktemp("xss")
    orgs = root / "organisations"
    shutil.copytree(REPO / "organisations", orgs)
    org = yaml.safe_load((REPO / "organisations" / "geldwerkplaats-noord.yaml").read_text(encoding="utf-8"))
    org["naam"] = f"Kwaadaardig {XSS}"
    org["samenvatting"] = f"Samenvatting {XSS} met een tag."
    org["trefwoorden"] = ["kwaadaardig"]
    (orgs / "kwaadaardig.yaml").write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = root / "site"
    result = subprocess.run(
        [sys.executable, "build.py", "build", "--organisations", str(orgs), "--out", str(out), "--today", "2026-11-26"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_result_text_is_text_never_html(browser, browser_context_args, xss_site):
    relevance = load_bench("relevance")
    with relevance.serve(xss_site) as base:
        context = browser.new_context(**browser_context_args)
        page = context.new_page()
        for query in ("?q=kwaadaardig", "?q=img", "?meer=1"):
            open_search(page, base, query)
            assert "kwaadaardig" in shown(page)
            card = page.locator("#resultaten li", has_text="Kwaadaardig").first
            assert XSS in card.inner_text(), "the tag shows as the letters it is"
            assert page.locator("#resultaten img").count() == 0
            assert page.evaluate("() => window.__xss") is None
        context.close()


def test_the_search_page_asks_nothing_of_other_hosts(page, requests_log, site_server):
    open_search(page, site_server, "?q=huur")
    assert any(u.endswith("zoekindex.json") for u in requests_log)
    assert off_origin(requests_log, site_server) == []


# --- without JavaScript, and no results --------------------------------------------------------


def test_without_javascript_every_organisation_is_listed(browser, browser_context_args, site_server, docs):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server + "zoeken/?q=huur", wait_until="load")
    assert sorted(shown(page)) == sorted(docs), "the page lists every organisation"
    notice = page.locator("main .zonder-script")
    assert notice.is_visible() and "Zoeken met een woord werkt alleen als JavaScript aan staat" in notice.inner_text()
    assert notice.locator("a[href='../']").count() == 1, "the wegwijzer on the home page"
    for facet in ("fase", "doelgroep", "gemeente", "rol"):
        assert notice.locator(f"a[href$='{facet}/']").count() == 1, f"a link to the {facet} pages"
    assert not page.locator("#filters").is_visible(), "filters that need a script are not shown"
    assert not page.locator("#meer").is_visible(), "Toon meer needs a script too"
    assert page.locator("#zoekkop").inner_text() == "Zoeken"
    context.close()


# --- results first: the phone's first screen, the best 10, the count ----------------------------


def whole_box_on_first_screen(page, selector: str) -> dict:
    """The element's box at scroll 0; fails unless it lies wholly within 360 x 740."""
    box = page.evaluate(
        """s => { window.scrollTo(0, 0); const r = document.querySelector(s).getBoundingClientRect();
                                  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }""",
        selector,
    )
    assert box["top"] >= 0 and box["left"] >= 0 and box["bottom"] <= 740 and box["right"] <= 360, f"{selector}: {box}"
    return box


def test_the_first_result_and_its_call_button_are_on_the_first_screen_of_a_phone(page, site_server):
    page.set_viewport_size(PHONE)

    def check(query):
        open_search(page, site_server, query)
        assert page.locator(".voorbeeld").is_visible(), "measured with the example banner"
        whole_box_on_first_screen(page, "#resultaten li h2 a")
        whole_box_on_first_screen(page, "#resultaten li .knop-bel")
        assert not page.locator("#filters").get_attribute("open") is not None, "the filters are folded on a phone"
        assert page.locator("#filters summary").is_visible()

    check_each(
        [
            "?q=huur",
            "?gemeente=wierdam&q=schulden",
            "?gemeente=dijkhaven&q=post",
            "?q=stroom+afgesloten&gemeente=oosterveen",
            "",
        ],
        check,
    )


def test_filters_fold_into_one_control_that_counts_the_chosen_ones(page, site_server):
    page.set_viewport_size(PHONE)
    open_search(page, site_server, "?gemeente=wierdam&inloop=1&q=geld")
    summary = page.locator("#filters summary")
    assert "(2 gekozen)" in summary.inner_text()
    assert not page.locator("#f-inloop-1").is_visible(), "folded"
    summary.click()
    assert page.locator("#f-inloop-1").is_visible() and page.locator("#f-inloop-1").is_checked()
    page.locator("label[for='f-inloop-1']").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('inloop')")
    assert "(1 gekozen)" in summary.inner_text()
    skip = page.locator("#filters a", has_text="Naar de resultaten")
    assert skip.is_visible()
    skip.click()
    assert page.evaluate("() => document.activeElement.id") == "uitslag", "the link moves focus to the results"
    page.set_viewport_size({"width": 1280, "height": 800})
    open_search(page, site_server)
    assert page.locator("#filters").get_attribute("open") is not None, "open beside the results on a wide screen"
    filters, results = page.locator("#filters").bounding_box(), page.locator("#resultaten").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"] and results["y"] < 500, (filters, results)


def test_the_heading_says_what_was_asked(page, site_server):
    open_search(page, site_server, "?q=huur")
    assert page.locator("h1").inner_text() == "Hulp bij: huur"
    assert page.title().startswith("Hulp bij: huur | ")
    open_search(page, site_server, "?q=stroom+afgesloten&gemeente=wierdam")
    assert page.locator("h1").inner_text() == "Hulp bij: stroom afgesloten, in Wierdam"
    open_search(page, site_server, "?doelgroep=jongeren&inloop=1")
    assert page.locator("h1").inner_text() == "Hulp bij: Jongeren tot 27 jaar, Inloop zonder afspraak"
    open_search(page, site_server, "?gemeente=wierdam&gemeente=oosterveen")
    assert page.locator("h1").inner_text() == "Hulp in Oosterveen of Wierdam"
    open_search(page, site_server)
    assert page.locator("h1").inner_text() == "Zoeken"


def test_best_ten_then_toon_meer_which_a_shared_link_keeps(page, site_server, docs):
    open_search(page, site_server, "?q=hulp+bij+brieven")
    total = count_of(page)
    assert total > TOP + 5
    assert len(shown(page)) == TOP
    more = page.locator("#meer a")
    assert more.is_visible() and f"nog {total - TOP}" in more.inner_text()
    assert parse_qs(urlsplit(more.get_attribute("href")).query) == {"q": ["hulp bij brieven"], "meer": ["1"]}
    best = shown(page)
    more.click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('meer') === '1'")
    page.wait_for_function("n => document.querySelectorAll('#resultaten li').length === n", arg=total)
    everything = shown(page)
    assert everything[:TOP] == best and len(everything) == total
    assert not page.locator("#meer").is_visible()
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused.endswith(f"organisaties/{everything[TOP]}/"), "focus goes on to the first new result"
    shared = page.url
    open_search(page, site_server, "?" + urlsplit(shared).query)
    assert shown(page) == everything, "a shared link with meer=1 shows them all"
    page.locator("label[for='f-inloop-1']").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('inloop') === '1'")
    assert parse_qs(urlsplit(page.url).query)["meer"] == ["1"], "a filter narrows the whole list asked for"
    page.wait_for_function("() => document.getElementById('resultaten').getAttribute('aria-busy') === 'false'")
    assert len(shown(page)) == count_of(page) < total
    page.locator("#q").fill("schulden")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'schulden'")
    assert "meer" not in parse_qs(urlsplit(page.url).query), "a new query shows the best 10 again"
    assert len(shown(page)) == min(TOP, count_of(page))


def test_matches_of_only_a_common_word_come_after_and_the_count_says_so(page, site_server, docs):
    open_search(page, site_server, "?meer=1&q=huur")
    huur = shown(page)
    assert COUNT.fullmatch(count_text(page)).group(2), "budgetbeheer names huur only in passing"
    open_search(page, site_server, "?meer=1&q=hulp+huur")
    match = COUNT.fullmatch(count_text(page))
    assert match and match.group(2), count_text(page)
    total, good, other = int(match.group(1)), int(match.group(3)), int(match.group(5))
    slugs = shown(page)
    assert good + other == total == len(slugs) == len(docs), "every organisation says hulp"
    assert slugs[:good] == huur[:good] and good < len(huur) + 1, "the ones about huur first"
    assert f"{good} passen goed, {other} andere" in count_text(page) or good == 1
    note = page.locator("#resultaten .minder-goed")
    assert note.count() == 1 and "minder goed" in note.inner_text()
    open_search(page, site_server, "?meer=1&q=hulp+bij+brieven")
    match = COUNT.fullmatch(count_text(page))
    good = int(match.group(3))
    slugs = shown(page)
    open_search(page, site_server, "?meer=1&q=brieven")
    assert set(slugs[:good]) == set(shown(page)[:good]), "the good ones are the ones that match 'brieven' well"
    assert 0 < good < 20
    open_search(page, site_server, "?q=gokken")
    assert COUNT.fullmatch(count_text(page)).group(2) is None, "all match well: no split"
    assert page.locator("#resultaten .minder-goed").count() == 0


def test_urgent_words_put_the_gemeentes_own_debt_help_first_with_its_call_button(page, site_server, docs):
    page.set_viewport_size(PHONE)

    def check(case):
        query, gemeente, own = case
        open_search(page, site_server, f"?q={query}&gemeente={gemeente}")
        assert shown(page)[0] == own, shown(page)[:3]
        first = page.locator("#resultaten li").first
        assert first.locator(".knop-bel").get_attribute("href").startswith("tel:+31")
        whole_box_on_first_screen(page, "#resultaten li .knop-bel")

    check_each(
        [
            ("stroom afgesloten", "wierdam", "schuldhulp-wierdam"),
            ("brief van de deurwaarder", "oosterveen", "schuldhulp-oosterveen"),
            ("gasafsluiting", "dijkhaven", "schuldhulp-dijkhaven"),
            ("we moeten ons huis uit", "oosterveen", "schuldhulp-oosterveen"),
            ("ik kom op straat te staan", "dijkhaven", "schuldhulp-dijkhaven"),
            ("ze halen het gas eraf", "wierdam", "schuldhulp-wierdam"),
            ("beslag op mijn loon", "wierdam", "schuldhulp-wierdam"),
        ],
        check,
    )


def test_urgent_words_without_a_gemeente_bring_up_every_gemeentes_number(page, site_server):
    page.set_viewport_size(PHONE)
    open_search(page, site_server, "?q=stroom+afgesloten")
    order = page.evaluate(
        """() => [...document.querySelectorAll('main .spoed, main #resultaten')].map(e => e.id || 'spoed')"""
    )
    assert order == ["spoed", "resultaten"], "the urgent block comes above the results"
    numbers = page.locator("main .spoed a[href^='tel:']")
    assert numbers.count() == 3, "every gemeente's number"
    for i in range(numbers.count()):
        whole_box_on_first_screen(page, f"main .spoed li:nth-child({i + 1}) a[href^='tel:']")
    open_search(page, site_server, "?q=we+moeten+ons+huis+uit")
    order = page.evaluate(
        """() => [...document.querySelectorAll('main .spoed, main #resultaten')].map(e => e.id || 'spoed')"""
    )
    assert order == ["spoed", "resultaten"], "an urgent phrase of several words too"
    for ordinary in ("huur", "ik ga het huis uit", "apparaten uitzetten"):
        open_search(page, site_server, "?q=" + ordinary)
        order = page.evaluate(
            """() => [...document.querySelectorAll('main .spoed, main #resultaten')].map(e => e.id || 'spoed')"""
        )
        assert order == ["resultaten", "spoed"], f"otherwise it stays below them ({ordinary})"


def test_no_results_is_kind_and_offers_the_municipality_and_the_phases(page, site_server):
    open_search(page, site_server, "?q=xqzwv")
    assert count_text(page).startswith("0 ")
    box = page.locator("#resultaten")
    text = box.inner_text()
    assert "We vinden niets" in text
    tel = box.locator("a[href^='tel:']")
    assert tel.count() == 1 and tel.first.inner_text().strip(), "the municipality's own phone number"
    phases = box.locator("a[href*='fase/']")
    assert phases.count() == 4, "a link to every phase page"
    assert shown(page) == []


# --- accessibility -----------------------------------------------------------------------------


def test_axe_finds_no_violation_on_the_search_states(page, site_server):
    queries = ["?q=huur", "?q=xqzwv", "?fase=nazorg&doelgroep=jongeren&q=geld", "", "?q=stroom+afgesloten"]
    queries.append("?meer=1&q=hulp+bij+brieven")

    def check(case):
        size, query = case
        page.set_viewport_size(size)
        open_search(page, site_server, query)
        violations = axe_violations(page)
        assert violations == [], f"axe on zoeken/{query} at {size}:\n" + format_violations(violations)

    check_each([(size, query) for size in (PHONE, {"width": 1280, "height": 800}) for query in queries], check)


# --- relevance ---------------------------------------------------------------------------------

# Every query through the page's own URL handling, in one page: the URL set as a link would set it,
# then the popstate zoeken.js answers (writeForm(readUrl()), then show, as at a page load), and the
# links read from #resultaten when it is no longer busy. A sample is also opened as a page of its
# own (what bench/relevance.py does for every query), and must show the same.
RANK_BY_URL = """async queries => {
  const shown = [];
  for (const q of queries) {
    history.pushState(null, '', '?meer=1&q=' + encodeURIComponent(q));
    window.dispatchEvent(new PopStateEvent('popstate'));
    const results = document.getElementById('resultaten');
    while (results.getAttribute('aria-busy') !== 'false') await new Promise(r => setTimeout(r, 5));
    shown.push(Array.from(results.querySelectorAll('a[href]'), a => a.href));
  }
  return shown;
}"""
SAMPLE = 12  # queries also opened as a page of their own


def slugs_of(hrefs: list[str]) -> list[str]:
    """The organisations linked, in order, once each (as bench/relevance.py reads them)."""
    slugs: list[str] = []
    for href in hrefs:
        match = re.search(r"/organisaties/([a-z0-9-]+)/?$", urlsplit(href).path)
        if match and match.group(1) not in slugs:
            slugs.append(match.group(1))
    return slugs


def test_relevance_benchmark_meets_its_targets(page, site_server):
    """bench/relevance.py's queries through the real page: success@5 >= 0.95, MRR >= 0.85."""
    relevance = load_bench("relevance")
    queries = relevance.load_queries(relevance.QUERIES)
    assert len(queries) >= 60
    open_search(page, site_server, "?meer=1&q=")
    shown = [slugs_of(hrefs) for hrefs in page.evaluate(RANK_BY_URL, [q["vraag"] for q in queries])]
    step = max(1, len(queries) // SAMPLE)
    for q, got in list(zip(queries, shown))[::step]:
        assert relevance.result_slugs(page, site_server, q["vraag"]) == got, (
            f"{q['vraag']!r}: a page of its own differs"
        )
    rows = []
    for q, got in zip(queries, shown):
        rank = next((i + 1 for i, slug in enumerate(got) if slug in q["goed"]), None)
        rows.append({**q, "top": got[:5], "aantal": len(got), "rang": rank})
    summary = relevance.summarise(rows)
    misses = [(r["vraag"], r["rang"], r["top"]) for r in summary["missers"] if not r["rang"] or r["rang"] > 5]
    assert summary["success@5"] >= relevance.TARGET_SUCCESS, f"success@5 {summary['success@5']:.3f}: {misses}"
    assert summary["mrr"] >= relevance.TARGET_MRR, f"MRR {summary['mrr']:.3f}"

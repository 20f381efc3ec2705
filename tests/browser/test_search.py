"""The search page in real headless Chromium: typing, filters, URL state, keyboard, XSS,
no JavaScript, no results, accessibility, and the relevance benchmark through the page."""

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

from support import (READY, REPO, axe_violations, count_text, format_violations, load_bench, off_origin, open_search,
                     shown)

GROUPS = {"fase": "f", "rol": "r", "activiteit": "a", "doelgroep": "d", "gemeente": "g", "taal": "t"}
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
    assert re.fullmatch(r"\d+ organisaties? gevonden", count_text(page))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["huurachterstand"], "the query is in the URL"
    page.locator("#q").fill("")
    page.wait_for_function("n => /^" + str(total) + " /.test(document.getElementById('aantal-resultaten').textContent)",
                           arg=None)
    assert len(shown(page)) == total, "an empty field lists everything again"


def test_results_show_name_summary_phases_place_and_walk_in(page, site_server, docs):
    open_search(page, site_server, "?q=geldpunt")
    first = page.locator("#resultaten li").first
    text = first.inner_text()
    doc = docs["geldpunt-bibliotheek-dijkhaven"]
    assert doc["n"] in text and doc["s"] in text and doc["p"] in text
    assert "Voordat u hulp vraagt bij de gemeente" in text, "the phase label"
    assert "zonder afspraak" in text, "the walk-in hour"


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
                 n: parseInt(document.querySelector(`[data-aantal-voor="${e.id}"]`).textContent.replace(/\\D/g, ''))}))""")
        narrowing = [o for o in options if 0 < o["n"] < total]
        assert narrowing, f"filter {name}: no option narrows the list ({options})"
        option = min(narrowing, key=lambda o: o["n"])
        page.locator(f"label[for='{option['id']}']").click()
        page.wait_for_function("n => !document.getElementById('aantal-resultaten').textContent.startsWith(n + ' ')",
                               arg=total)
        slugs = shown(page)
        assert len(slugs) == option["n"] == count_of(page), f"filter {name}={option['value']}"
        if name == "inloop":
            assert all(docs[s].get("i") for s in slugs)
        else:
            assert all(matches(docs[s], name, option["value"]) for s in slugs), f"{name}={option['value']}: {slugs}"
        assert option["value"] in parse_qs(urlsplit(page.url).query)[name]


def test_values_of_one_filter_are_ored_and_filters_anded(page, site_server, docs):
    open_search(page, site_server, "?fase=nazorg")
    nazorg = set(shown(page))
    open_search(page, site_server, "?fase=nazorg&fase=begeleiding")
    either = set(shown(page))
    assert nazorg < either
    assert either == {s for s, d in docs.items() if {"nazorg", "begeleiding"} & set(d["f"])}
    open_search(page, site_server, "?fase=nazorg&fase=begeleiding&gemeente=wierdam")
    both = set(shown(page))
    assert both < either
    assert all("wierdam" in docs[s]["g"] or docs[s].get("l") for s in both)


def test_filters_combine_with_a_query(page, site_server, docs):
    open_search(page, site_server, "?q=schulden")
    query_only = shown(page)
    open_search(page, site_server, "?q=schulden&gemeente=oosterveen&inloop=1")
    combined = shown(page)
    assert combined and len(combined) < len(query_only)
    assert combined == [s for s in query_only if s in combined], "the query's rank order is kept"
    assert all(docs[s].get("i") and ("oosterveen" in docs[s]["g"] or docs[s].get("l")) for s in combined)
    assert page.locator("#q").input_value() == "schulden"
    assert page.locator("#f-gemeente-oosterveen").is_checked() and page.locator("#f-inloop-1").is_checked()


def test_doelgroep_puts_explicit_matches_before_iedereen(page, site_server, docs):
    for doelgroep in ("jongeren", "ouderen", "gezinnen"):
        for query in ("", "&q=geld"):
            open_search(page, site_server, f"?doelgroep={doelgroep}{query}")
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
    with_query = shown(page)
    page.locator("label[for='f-fase-nazorg']").click()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('fase').includes('nazorg')")
    with_filter = shown(page)
    page.locator("label[for='f-gemeente-wierdam']").click()
    page.wait_for_function("() => new URLSearchParams(location.search).getAll('gemeente').includes('wierdam')")
    with_both = shown(page)
    assert len(with_both) < len(with_filter) < len(with_query)

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
    result = subprocess.run([sys.executable, "build.py", "build", "--organisations", str(orgs), "--out", str(out),
                             "--today", "2026-11-26"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_result_text_is_text_never_html(browser, browser_context_args, xss_site):
    relevance = load_bench("relevance")
    with relevance.serve(xss_site) as base:
        context = browser.new_context(**browser_context_args)
        page = context.new_page()
        for query in ("?q=kwaadaardig", "?q=img", ""):
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
    assert "JavaScript" in page.locator("main").inner_text(), "the page says typing to search needs JavaScript"
    for facet in ("fase", "doelgroep", "gemeente"):
        assert page.locator(f"main a[href$='{facet}/']").count() >= 1, f"a link to the {facet} pages"
    assert not page.locator("#filters").is_visible(), "filters that need a script are not shown"
    context.close()


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

@pytest.mark.parametrize("query", ["?q=huur", "?q=xqzwv", "?fase=nazorg&doelgroep=jongeren&q=geld", ""])
def test_axe_finds_no_violation_on_the_search_states(page, site_server, query):
    open_search(page, site_server, query)
    violations = axe_violations(page)
    assert violations == [], f"axe on zoeken/{query}:\n" + format_violations(violations)


# --- relevance ---------------------------------------------------------------------------------

def test_relevance_benchmark_meets_its_targets(page, site_server):
    """bench/relevance.py's queries through the real page: success@5 >= 0.95, MRR >= 0.85."""
    relevance = load_bench("relevance")
    queries = relevance.load_queries(relevance.QUERIES)
    assert len(queries) >= 60
    summary = relevance.evaluate(page, site_server, queries)
    misses = [(r["vraag"], r["rang"], r["top"]) for r in summary["missers"] if not r["rang"] or r["rang"] > 5]
    assert summary["success@5"] >= relevance.TARGET_SUCCESS, f"success@5 {summary['success@5']:.3f}: {misses}"
    assert summary["mrr"] >= relevance.TARGET_MRR, f"MRR {summary['mrr']:.3f}"

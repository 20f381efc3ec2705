"""Gate 1: accessibility (WCAG 2.1 AA) of the built example site, in a real browser.

axe-core checks every page type with the WCAG 2.0/2.1 A and AA rules, on screen and in
print. The rest of this file checks what axe cannot see:

- the keyboard alone: the skip link is the first stop and moves focus to <main>, every
  stop shows a visible focus indicator, the order is the document order, there is no
  trap (tabbing on comes back round to the top), and the whole find-and-filter flow
  works without a mouse;
- reflow (WCAG 1.4.10): no horizontal scrolling at 360 CSS px wide (320 px and 200% zoom,
  with cut-off text and the keyboard, on every page type: test_zoom.py);
- text spacing (WCAG 1.4.12) at 320 px;
- touch targets of at least 44 x 44 CSS px (WCAG 2.5.5), with that criterion's own
  "inline" exception: a link inside a sentence or block of running text is exempt;
- prefers-reduced-motion: no transition or animation runs when the user asks for less motion.
"""

from __future__ import annotations

import re

import pytest

from site_pages import CONTRACT_TYPES, Server, html_pages, page_types
from support import axe_violations, check_each, format_violations

SEARCH_READY = "html[data-zoeken='klaar']"


@pytest.fixture(scope="module")
def types(built_site) -> dict[str, str]:
    return page_types(built_site)


def open_page(page, base_url: str, url: str, scripts: bool = True) -> None:
    """Load a page and wait until it is ready (the search page: its index is loaded)."""
    response = page.goto(base_url + url, wait_until="load")
    assert response is not None and response.status == 200, (
        f"GET {base_url + url} answered {response and response.status}"
    )
    if scripts and url.startswith("zoeken/"):
        page.wait_for_selector(SEARCH_READY, state="attached", timeout=10_000)


def assert_no_axe_violations(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe (WCAG 2.0/2.1 A+AA) on {where}:\n" + format_violations(violations)


# --- axe on every page type -------------------------------------------------------


def test_the_example_has_every_page_type(types):
    missing = [name for name in CONTRACT_TYPES if name not in types]
    assert not missing, f"the example site lacks page types {missing}; the gates cannot check them"


def test_axe_finds_no_violation_on_any_page(page, site_server, built_site, types):
    """Every page type of the contract, then every other generated page, so that content pages,
    every organisation (each with its own data) and page types added later are checked too; and
    the other states a query makes in the gates' list of page types (the verwijskaart with a list)."""
    missing = [name for name in CONTRACT_TYPES if name not in types]
    assert not missing, f"no page of type {missing} in the example site"
    contract = [types[name] for name in CONTRACT_TYPES]
    states = [url for url in types.values() if "?" in url and url not in contract]
    assert "verwijskaart/?lijst=" in " ".join(states), "the verwijskaart with a list is not checked"
    others = [url for _, url in html_pages(built_site) if url not in contract]
    failures = []
    for url in dict.fromkeys(contract + others + states):
        open_page(page, site_server, url)
        lang = page.evaluate("() => document.documentElement.lang")
        if lang != "nl":
            failures.append(f"{url}: <html lang> is {lang!r}, not 'nl'")
        violations = axe_violations(page)
        if violations:
            failures.append(f"{url or 'home'}:\n{format_violations(violations)}")
    assert not failures, "axe (WCAG 2.0/2.1 A+AA):\n" + "\n".join(failures)


@pytest.fixture(scope="module")
def partner_site(partner_example_site):
    """The partner build of the example (contact persons, the regisseur's overview), served."""
    out = partner_example_site
    with Server(out) as base_url:
        yield out, base_url


def test_axe_finds_no_violation_in_the_partner_build(page, partner_site, built_site):
    """What only the partner build has: its own pages (the regisseur's overview), pages
    with contact persons (organisation pages, doorverwijzen), and its banner (home)."""
    site, base_url = partner_site
    own = [url for path, url in html_pages(site) if not (built_site / path).exists()]
    persons = [
        url
        for path, url in html_pages(site)
        if url.startswith("organisaties/") and "Contactpersoon" in (site / path).read_text(encoding="utf-8")
    ]
    urls = ["", *own, *persons[:3], *[u for u in ("doorverwijzen/",) if (site / u / "index.html").exists()]]
    assert own and persons, "the partner build has no pages of its own or no contact persons"
    failures = []
    for url in urls:
        open_page(page, base_url, url)
        violations = axe_violations(page)
        if violations:
            failures.append(f"{url or 'home'}:\n{format_violations(violations)}")
    assert not failures, "axe (WCAG 2.0/2.1 A+AA) in the partner build:\n" + "\n".join(failures)


def test_the_overview_fits_a_phone_with_large_targets(browser, browser_context_args, partner_site):
    """The regisseur's overview (/overzicht/ and a gemeente's page) at 360 px: no sideways scrolling,
    and its matrix links, which replace the table's columns there, are 44 px targets."""
    site, base_url = partner_site
    urls = ["overzicht/", *sorted(f"overzicht/{p.parent.name}/" for p in (site / "overzicht").glob("*/index.html"))]
    assert len(urls) > 1, "the example has more than one gemeente: /overzicht/<gemeente>/ expected"
    context = browser.new_context(
        **browser_context_args, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        failures = []
        for url in urls:
            open_page(page, base_url, url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                failures.append(f"{url}: scrollWidth {width} > 360: {page.evaluate(OVERFLOW_JS)['wide']}")
            for target in page.evaluate(TARGETS_JS):
                if not target["inline"] and (target["width"] < MIN_TARGET - 0.5 or target["height"] < MIN_TARGET - 0.5):
                    failures.append(f"{url}: {target['width']:.0f} x {target['height']:.0f} px: {target['html']}")
        assert not failures, "the overview on a phone:\n" + "\n".join(failures[:40])
    finally:
        context.close()


# The page types of a map with many gemeenten (docs/urls.md, "Kaarten met veel gemeenten").
SPLIT_TYPES = {
    "facet-gemeenten": "fase/nazorg/",
    "facet-gemeente": "fase/nazorg/dijkhaven/",
    "doelgroep-gemeente": "doelgroep/jongeren/wierdam/",
    "organisaties-gemeenten": "organisaties/",
}


@pytest.fixture(scope="module")
def split_site(split_example_site):
    """The example with its facet pages and /organisaties/ per gemeente, served."""
    with Server(split_example_site) as base_url:
        yield split_example_site, base_url


def test_axe_on_the_pages_per_gemeente(page, split_site):
    site, base_url = split_site

    def check(name):
        url = SPLIT_TYPES[name]
        assert (site / url / "index.html").is_file(), f"{url} is not built"
        open_page(page, base_url, url)
        assert_no_axe_violations(page, f"{name} ({url})")

    check_each(list(SPLIT_TYPES), check)


def test_the_pages_per_gemeente_fit_a_phone_with_large_targets(browser, browser_context_args, split_site):
    """At 360 px: no sideways scrolling, and every link that is not in running text a 44 px target."""
    site, base_url = split_site
    context = browser.new_context(
        **browser_context_args, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        failures = []
        for url in SPLIT_TYPES.values():
            open_page(page, base_url, url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                failures.append(f"{url}: scrollWidth {width} > 360: {page.evaluate(OVERFLOW_JS)['wide']}")
            for target in page.evaluate(TARGETS_JS):
                if not target["inline"] and (target["width"] < MIN_TARGET - 0.5 or target["height"] < MIN_TARGET - 0.5):
                    failures.append(f"{url}: {target['width']:.0f} x {target['height']:.0f} px: {target['html']}")
        assert not failures, "the pages per gemeente on a phone:\n" + "\n".join(failures[:40])
    finally:
        context.close()


def test_axe_on_the_search_page_without_javascript(page, site_server):
    """Pages work without JavaScript (docs/zoekpagina.md); the search page then shows its <noscript>
    help and lists everything. axe itself needs scripting (a context with JavaScript off
    never settles axe's promise), so the page is served as a browser without JavaScript
    sees it: its <script> elements removed and its <noscript> content made part of the page."""

    def without_scripts(route):
        response = route.fetch()
        html = response.text()
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
        html = html.replace("<noscript>", "").replace("</noscript>", "")
        route.fulfill(response=response, body=html)

    page.route(re.compile(r".*/zoeken/(\?.*)?$"), without_scripts)
    for url in ("zoeken/", "zoeken/?q=huur"):
        open_page(page, site_server, url, scripts=False)
        assert page.locator("#resultaten a").count() > 0, "without JavaScript the search page lists nothing"
        assert_no_axe_violations(page, f"{url} without JavaScript")


PRINTED = ("home", "organisatie-met-locaties", "organisatie-zonder-locaties", "zoeken-met-resultaten")
PRINT_PAGES = ("print", "verwijskaart")  # pages made for paper, when the site has them


def test_axe_in_print(page, site_server, types):
    page.emulate_media(media="print")
    names = [*PRINTED, *(name for name in PRINT_PAGES if name in types)]
    failures = []
    for name in names:
        open_page(page, site_server, types[name])
        violations = axe_violations(page)
        if violations:
            failures.append(f"{name} (print):\n{format_violations(violations)}")
    assert not failures, "axe in print media:\n" + "\n".join(failures)


# --- the keyboard ----------------------------------------------------------------

# The elements Tab should stop at, in document order (no positive tabindex is allowed).
TABBABLE_JS = """() => {
  const all = Array.from(document.querySelectorAll('*'));
  const candidates = document.querySelectorAll(
    'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]');
  const radioSeen = new Set();
  const out = [];
  for (const el of candidates) {
    if (el.disabled || el.tabIndex < 0 || el.type === 'hidden') continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    if (el.type === 'radio') {  // a radio group is one stop: its checked radio, else its first
      const key = (el.form ? all.indexOf(el.form) : -1) + '/' + el.name;
      if (radioSeen.has(key)) continue;
      const group = Array.from(document.querySelectorAll('input[type=radio]'))
        .filter(r => r.name === el.name && r.form === el.form && !r.disabled);
      const stop = group.find(r => r.checked) || group[0];
      radioSeen.add(key);
      out.push(all.indexOf(stop));
      continue;
    }
    out.push(all.indexOf(el));
  }
  return {stops: out, positive: Array.from(document.querySelectorAll('[tabindex]'))
    .filter(el => el.tabIndex > 0).map(el => el.outerHTML.slice(0, 120))};
}"""

# The focused element, how its focus shows and whether it can be seen.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const all = Array.from(document.querySelectorAll('*'));
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(cx, cy);
  const label = el.labels && el.labels.length ? el.labels[0] : null;
  return {
    index: all.indexOf(el),
    html: el.outerHTML.slice(0, 120),
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor,
    boxShadow: s.boxShadow,
    inViewport: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth && r.width > 0,
    onTop: !!hit && (hit === el || el.contains(hit) || hit.contains(el) || (label && label.contains(hit))),
    background: (() => {  // what the outline is drawn on: the first opaque background behind it
      for (let n = el.parentElement; n; n = n.parentElement) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && c !== 'transparent' && !/rgba\\(.*, 0\\)$/.test(c)) return c;
      }
      return 'rgb(255, 255, 255)';
    })(),
  };
}"""

UNFOCUSED_JS = """index => {
  if (document.activeElement) document.activeElement.blur();
  const s = getComputedStyle(document.querySelectorAll('*')[index]);
  return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
          outlineColor: s.outlineColor, boxShadow: s.boxShadow};
}"""


def _rgb(color: str) -> tuple[float, ...]:
    inside = color[color.index("(") + 1 : color.index(")")]
    return tuple(float(part) for part in inside.replace("/", ",").split(",")[:3])


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(color):
        channels = [c / 255 for c in _rgb(color)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focus_problem(focused: dict, unfocused: dict) -> str | None:
    """Why this focus indicator is not good enough, or None."""
    outline = focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2
    shadow = focused["boxShadow"] != "none"
    changed = any(focused[k] != unfocused[k] for k in ("outlineStyle", "outlineWidth", "outlineColor", "boxShadow"))
    if not (outline or shadow) or not changed:
        return "no visible focus indicator (outline or box-shadow that appears on focus)"
    if outline and not shadow and contrast(focused["outlineColor"], focused["background"]) < 3:
        return f"focus outline {focused['outlineColor']} has contrast below 3:1 against {focused['background']}"
    if not focused["inViewport"]:
        return "the focused element is not scrolled into view"
    if not focused["onTop"]:
        return "the focused element is hidden under another element"
    return None


KEYBOARD_PAGES = (
    "home",
    "zoeken-met-resultaten",
    "zoeken-geen-resultaten",
    "organisatie-met-locaties",
    "organisatie-zonder-locaties",
    "fase",
    "organisaties",
    "404",
)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, site_server, types):
    check_each(
        ["home", "zoeken", "organisatie-met-locaties", "fase", "404"],
        lambda name: skip_link_check(page, site_server, types[name]),
    )


def skip_link_check(page, site_server: str, url: str) -> None:
    """The skip link is the first Tab stop, on screen, moves focus to <main>, and Tab goes on inside it."""
    open_page(page, site_server, url)
    page.keyboard.press("Tab")
    first = page.evaluate(
        "() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),"
        " text: document.activeElement.textContent.trim(),"
        " top: document.activeElement.getBoundingClientRect().top,"
        " left: document.activeElement.getBoundingClientRect().left})"
    )
    assert first["href"] and first["href"].startswith("#"), f"the first Tab stop is not a skip link: {first}"
    assert first["top"] >= 0 and first["left"] >= 0, f"the focused skip link is not on screen: {first}"
    target = first["href"][1:]
    page.keyboard.press("Enter")
    active = page.evaluate("() => ({id: document.activeElement.id, tag: document.activeElement.tagName})")
    assert active == {"id": target, "tag": "MAIN"}, f"after the skip link, focus is on {active}, not <main>"
    # The next Tab goes to the first stop inside main, not back to the header.
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside, "after the skip link, Tab does not continue inside <main>"


# A page of its own each: once Tab has left a page for the browser, a later page in the same tab
# no longer lets focus leave after its last stop.
@pytest.mark.parametrize("name", KEYBOARD_PAGES)
def test_tab_order_focus_indicator_and_no_trap(page, site_server, types, name):
    """Tab through the whole page: every stop in document order with a visible focus
    indicator, and on past the last one back round to the first (no trap)."""
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site_server, types[name])
    found = page.evaluate(TABBABLE_JS)
    assert not found["positive"], f"positive tabindex breaks the logical order: {found['positive']}"
    expected = found["stops"]
    assert expected, "nothing on the page can be reached with Tab"
    visited, problems, records = [], [], {}
    for _ in range(len(expected) + 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:  # past the last stop, focus leaves the page (to the browser)
            visited.append(None)
            continue
        visited.append(focused["index"])
        records.setdefault(focused["index"], focused)
    stops = [i for i in visited if i is not None]
    assert stops[: len(expected)] == expected, (
        f"Tab does not follow the document order (or skips or traps):\nexpected {expected}\nvisited  {visited}"
    )
    assert None in visited[len(expected) :] and expected[0] in stops[len(expected) :], (
        f"after the last stop Tab does not come back round to the first (a keyboard trap?): {visited}"
    )
    for index, focused in records.items():
        problem = focus_problem(focused, page.evaluate(UNFOCUSED_JS, index))
        if problem:
            problems.append(f"{focused['html']}: {problem}")
    assert not problems, "focus indicator problems:\n" + "\n".join(problems)


def test_the_focus_check_sees_a_missing_indicator(page, site_server):
    """The focus test above is itself tested: with the site's focus style taken away
    (by a user style sheet), it must complain."""
    open_page(page, site_server, "")
    page.evaluate("""() => { const sheet = new CSSStyleSheet();
      sheet.replaceSync(':focus-visible, :focus { outline: none !important; box-shadow: none !important; }');
      document.adoptedStyleSheets = [sheet]; }""")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED_JS)
    assert focus_problem(focused, page.evaluate(UNFOCUSED_JS, focused["index"])) is not None


def _tab_to(page, predicate_js: str, limit: int = 200) -> None:
    """Press Tab until the focused element satisfies predicate_js (el => bool)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate_js})(el); }}"):
            return
    raise AssertionError(f"Tab never reached an element with {predicate_js}")


def test_find_and_filter_with_the_keyboard_only(page, site_server):
    """Home: type a word and search; the search page: tick a filter with Space, then open
    the first result with Enter. No mouse, no script-driven clicks."""
    open_page(page, site_server, "")
    _tab_to(page, "el => el.type === 'search'")
    page.keyboard.type("huur")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/?q=huur")
    page.wait_for_selector(SEARCH_READY, state="attached")
    count = page.locator("#aantal-resultaten").inner_text()
    assert count[0].isdigit() and not count.startswith("0"), f"no results for 'huur': {count!r}"
    first_result = page.locator("#resultaten a").first.get_attribute("href")

    # Change the query with the keyboard: clear the field and type another word.
    _tab_to(page, "el => el.id === 'q'")
    page.keyboard.press("Control+A")
    page.keyboard.type("post")
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'post'")

    _tab_to(page, "el => el.type === 'checkbox' && el.name === 'fase'")
    box = page.evaluate("() => ({name: document.activeElement.name, value: document.activeElement.value})")
    page.keyboard.press("Space")
    page.wait_for_function(
        "([n, v]) => new URLSearchParams(location.search).getAll(n).includes(v)", arg=[box["name"], box["value"]]
    )
    assert page.evaluate("() => document.activeElement.checked"), "Space did not tick the focused filter"

    _tab_to(page, "el => !!el.closest('#resultaten') && el.tagName === 'A'")
    href = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert "/organisaties/" in page.url, f"Enter on a result did not open an organisation page: {page.url}"
    assert first_result  # the first search had a result link


# --- reflow, zoom and text spacing -----------------------------------------------

OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > width + 1 && el.checkVisibility()) wide.push(el.outerHTML.slice(0, 100));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5)};
}"""

# 320 px and 200% zoom, with cut-off text and the keyboard, are in test_zoom.py.
VIEWPORTS = {
    "360px": ({"width": 360, "height": 740}, 1),
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_horizontal_scrolling(browser, browser_context_args, site_server, types, viewport):
    size, scale = VIEWPORTS[viewport]
    context = browser.new_context(
        **browser_context_args, viewport=size, device_scale_factor=scale, is_mobile=scale == 1, has_touch=scale == 1
    )
    try:
        page = context.new_page()
        failures = []
        for name, url in types.items():
            open_page(page, site_server, url)
            result = page.evaluate(OVERFLOW_JS)
            if result["scrollWidth"] > result["width"]:
                failures.append(
                    f"{name} ({url}): {result['scrollWidth']} > {result['width']} px; too wide: {result['wide']}"
                )
        assert not failures, f"horizontal scrolling at {viewport}:\n" + "\n".join(failures)
    finally:
        context.close()


# WCAG 1.4.12's spacing, set through a constructed style sheet (the site's CSP rightly
# refuses an inline <style>; a constructed sheet is how a user style sheet would do it).
TEXT_SPACING_JS = """() => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('* { line-height: 1.5 !important; letter-spacing: 0.12em !important;'
    + ' word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""


def test_text_spacing_does_not_break_the_layout(browser, browser_context_args, site_server, types):
    context = browser.new_context(**browser_context_args, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        failures = []
        for name in ("home", "zoeken-met-resultaten", "organisatie-met-locaties", "fase", "organisaties"):
            open_page(page, site_server, types[name])
            page.evaluate(TEXT_SPACING_JS)
            result = page.evaluate(OVERFLOW_JS)
            if result["scrollWidth"] > result["width"]:
                failures.append(f"{name}: {result['scrollWidth']} > {result['width']} px; too wide: {result['wide']}")
        assert not failures, "WCAG 1.4.12 text spacing makes the page scroll sideways:\n" + "\n".join(failures)
    finally:
        context.close()


# --- touch targets ---------------------------------------------------------------

# Links, buttons and form fields with their target size. A checkbox or radio counts
# together with its label (a tap on the label ticks it). WCAG 2.5.5's "inline"
# exception: a link that is part of a sentence or block of text (display inline, with
# other text in the same block around it) is exempt, as its size is set by the line.
TARGETS_JS = """() => {
  const blockOf = el => {
    for (let n = el.parentElement; n; n = n.parentElement) {
      if (!getComputedStyle(n).display.startsWith('inline')) return n;
    }
    return document.body;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    if (el.type === 'hidden' || !el.checkVisibility({visibilityProperty: true})) continue;
    if (el.classList.contains('skiplink')) continue;  // off screen until focused; checked when focused
    const style = getComputedStyle(el);
    let rect = el.getBoundingClientRect();
    if ((el.type === 'checkbox' || el.type === 'radio') && el.labels) {
      let [l, t, r, b] = [rect.left, rect.top, rect.right, rect.bottom];
      for (const label of el.labels) {
        const lr = label.getBoundingClientRect();
        l = Math.min(l, lr.left); t = Math.min(t, lr.top); r = Math.max(r, lr.right); b = Math.max(b, lr.bottom);
      }
      rect = {width: r - l, height: b - t};
    }
    let inline = false;
    if (el.tagName === 'A' && style.display === 'inline') {
      const block = blockOf(el);
      const rest = block.textContent.replace(el.textContent, '');
      inline = /[A-Za-z0-9\\u00C0-\\u024F]/.test(rest);
    }
    out.push({html: el.outerHTML.slice(0, 110), width: rect.width, height: rect.height, inline: inline,
              where: el.closest('main') ? 'main' : (el.closest('header') ? 'header' : 'footer')});
  }
  return out;
}"""

MIN_TARGET = 44


@pytest.mark.parametrize("width", [360, 768])
def test_touch_targets_are_at_least_44_px(browser, browser_context_args, site_server, types, width):
    """On a phone and a tablet, in main, header and footer of every page type. (A link
    alone on its line can pass on a phone only because its text wraps to two lines.)"""
    context = browser.new_context(
        **browser_context_args, viewport={"width": width, "height": 900}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        failures = []
        for name, url in types.items():
            open_page(page, site_server, url)
            for target in page.evaluate(TARGETS_JS):
                if target["inline"]:
                    continue
                if target["width"] < MIN_TARGET - 0.5 or target["height"] < MIN_TARGET - 0.5:
                    failures.append(
                        f"{name}: {target['width']:.0f} x {target['height']:.0f} px "
                        f"in {target['where']}: {target['html']}"
                    )
        assert not failures, (
            f"touch targets smaller than {MIN_TARGET} x {MIN_TARGET} CSS px "
            f"({len(failures)}):\n" + "\n".join(sorted(set(failures))[:60])
        )
    finally:
        context.close()


def test_the_focused_skip_link_is_a_large_target(page, site_server):
    page.set_viewport_size({"width": 360, "height": 740})
    open_page(page, site_server, "")
    page.keyboard.press("Tab")
    box = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); return {w: r.width, h: r.height}; }"
    )
    assert box["w"] >= MIN_TARGET and box["h"] >= MIN_TARGET, f"skip link is {box}"


# --- reduced motion --------------------------------------------------------------

MOTION_JS = """() => {
  const moving = [];
  const seconds = list => list.split(',').map(v => parseFloat(v) * (v.trim().endsWith('ms') ? 0.001 : 1));
  for (const el of [document.documentElement, ...document.documentElement.querySelectorAll('*')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const transition = Math.max(...seconds(s.transitionDuration));
      const animation = s.animationName !== 'none' ? Math.max(...seconds(s.animationDuration)) : 0;
      if (transition > 0 || animation > 0) {
        moving.push((pseudo || '') + el.outerHTML.slice(0, 80) + ` transition ${s.transitionDuration}`
          + ` animation ${s.animationName} ${s.animationDuration}`);
      }
    }
  }
  return {moving: moving.slice(0, 10), scroll: getComputedStyle(document.documentElement).scrollBehavior};
}"""


def test_prefers_reduced_motion_is_honoured(browser, browser_context_args, site_server, types):
    context = browser.new_context(**browser_context_args, reduced_motion="reduce")
    try:
        page = context.new_page()
        assert page.evaluate("() => matchMedia('(prefers-reduced-motion: reduce)').matches")
        failures = []
        for name in ("home", "zoeken-met-resultaten", "organisatie-met-locaties", "fase", "404"):
            open_page(page, site_server, types[name])
            # Focus and hover states are where transitions usually hide.
            page.keyboard.press("Tab")
            result = page.evaluate(MOTION_JS)
            if result["moving"] or result["scroll"] == "smooth":
                failures.append(f"{name}: {result}")
        assert not failures, "motion despite prefers-reduced-motion: reduce:\n" + "\n".join(failures)
    finally:
        context.close()

"""Gate: every page type at 200% zoom and at WCAG 1.4.10's reflow width, with the keyboard.

Browser zoom is a smaller CSS viewport at a higher pixel ratio: a 1280 x 800 window at 200% is
a 640 x 400 CSS px viewport at device scale 2 (document.body.style.zoom would scale the page,
not the viewport). 320 CSS px is WCAG's own reflow width (1280 px at 400%).

The pages are the gates' one list (site_pages.page_types: one page of every URL shape of the
example, the search page with a query, the verwijskaart with a list, the 404 page), plus what
only other builds have: the partner build's overview (`overzicht/`, `overzicht/<gemeente>/`) and
the page left at a stopped organisation's address (verhuisd.yaml). On each page:

- no horizontal scrolling of the page (a wide table may scroll inside its own container);
- no text cut off: no visible element that hides overflow (overflow hidden or clip, or an
  ellipsis) has more content than its box shows;
- with the keyboard: the skip link moves focus to <main>, whose heading is then on screen, and
  the next Tab reaches the first control in <main>, on screen, not covered, with a visible focus
  indicator.
"""

from __future__ import annotations

import pytest

from browser.test_accessibility import FOCUSED_JS, OVERFLOW_JS, UNFOCUSED_JS, focus_problem, open_page
from site_pages import Server, page_types

VIEWPORTS = {
    "zoom-200%": ({"width": 640, "height": 400}, 2),  # a 1280 x 800 window at 200%
    "320px": ({"width": 320, "height": 640}, 1),
}

# Visible boxes that hide overflow and whose content is larger than the box. Screen-reader-only
# text (a 1 px box) and scroll containers (overflow auto or scroll) are not cut-off text.
CLIPPED_JS = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    const hides = v => v === 'hidden' || v === 'clip';
    const ellipsis = s.textOverflow === 'ellipsis';
    if (!hides(s.overflowX) && !hides(s.overflowY) && !ellipsis) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2 || !el.checkVisibility({visibilityProperty: true})) continue;
    if (!el.textContent.trim()) continue;
    const wide = (hides(s.overflowX) || ellipsis) && el.scrollWidth > el.clientWidth + 1;
    const tall = hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if (wide || tall) {
      out.push(`${el.outerHTML.slice(0, 100)} (${el.scrollWidth} x ${el.scrollHeight} in `
               + `${el.clientWidth} x ${el.clientHeight})`);
    }
  }
  return out.slice(0, 5);
}"""

HEADING_JS = """() => {
  const main = document.querySelector('main');
  const h = main && main.querySelector('h1');
  if (!h) return {found: false};
  const r = h.getBoundingClientRect();
  return {found: true, text: h.textContent.trim().slice(0, 60), active: document.activeElement === main,
          onScreen: r.top >= -1 && r.left >= -1 && r.top < innerHeight && r.right <= innerWidth + 1}
}"""


@pytest.fixture(scope="module")
def moved_site(moved_example_site):
    """The example with a stopped organisation (budgetcafe-wierdam) in verhuisd.yaml, served."""
    with Server(moved_example_site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def partner_server(partner_example_site):
    with Server(partner_example_site) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def gate_pages(built_site, site_server, partner_example_site, partner_server, moved_site):
    """[(name, base url, url)]: every page type of the gates' list, then the other builds' pages."""
    pages = [(name, site_server, url) for name, url in page_types(built_site).items()]
    overview = sorted(p.parent.name for p in (partner_example_site / "overzicht").glob("*/index.html"))
    assert overview, "the partner build has no /overzicht/<gemeente>/ pages"
    pages += [
        ("partner: overzicht", partner_server, "overzicht/"),
        ("partner: overzicht-item", partner_server, f"overzicht/{overview[0]}/"),
        ("verhuisd (gestopt)", moved_site, "organisaties/budgetcafe-wierdam/"),
    ]
    return pages


def keyboard_problem(page) -> str | None:
    """Skip link, heading on screen, the first control in <main> focused visibly; or what fails."""
    page.keyboard.press("Tab")
    href = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
    if not href.startswith("#"):
        return f"the first Tab stop is not the skip link ({href!r})"
    page.keyboard.press("Enter")
    heading = page.evaluate(HEADING_JS)
    if not heading["found"]:
        return "<main> has no <h1>"
    if not heading["active"]:
        return "the skip link does not move focus to <main>"
    if not heading["onScreen"]:
        return f"after the skip link the heading {heading['text']!r} is not on screen"
    page.keyboard.press("Tab")
    if not page.evaluate("() => !!document.activeElement.closest('main')"):
        return "after the skip link, Tab does not reach a control in <main>"
    focused = page.evaluate(FOCUSED_JS)
    problem = focus_problem(focused, page.evaluate(UNFOCUSED_JS, focused["index"]))
    return f"first control {focused['html']}: {problem}" if problem else None


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_type_reflows_and_works_with_the_keyboard(browser, browser_context_args, gate_pages, viewport):
    size, scale = VIEWPORTS[viewport]
    context = browser.new_context(
        **browser_context_args, viewport=size, device_scale_factor=scale, is_mobile=scale == 1, has_touch=scale == 1
    )
    try:
        page = context.new_page()
        failures = []
        for name, base_url, url in gate_pages:
            open_page(page, base_url, url)
            where = f"{name} ({url or 'home'})"
            result = page.evaluate(OVERFLOW_JS)
            if result["scrollWidth"] > result["width"]:
                failures.append(
                    f"{where}: scrolls sideways, {result['scrollWidth']} > {result['width']} px: {result['wide']}"
                )
            clipped = page.evaluate(CLIPPED_JS)
            if clipped:
                failures.append(f"{where}: text cut off: {clipped}")
            problem = keyboard_problem(page)
            if problem:
                failures.append(f"{where}: {problem}")
        assert not failures, f"at {viewport}:\n" + "\n".join(failures)
    finally:
        context.close()


def test_the_clipping_check_sees_cut_off_text(page, site_server):
    """The check above is itself tested: a heading squeezed into a box that hides overflow."""
    page.set_viewport_size({"width": 640, "height": 400})
    open_page(page, site_server, "")
    page.evaluate("""() => { const sheet = new CSSStyleSheet();
      sheet.replaceSync('main h1 { height: 0.5em; overflow: hidden; }');
      document.adoptedStyleSheets = [sheet]; }""")
    assert page.evaluate(CLIPPED_JS), "a heading cut to half a line is not seen as cut off"

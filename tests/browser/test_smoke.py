"""The home page of the built example site, in a real browser."""

from support import axe_violations, format_violations, off_origin


def test_home_page_loads_is_dutch_and_accessible(page, requests_log, site_server):
    response = page.goto(site_server, wait_until="load")
    assert response is not None and response.status == 200, f"GET {site_server} answered {response and response.status}"

    assert page.locator("html").get_attribute("lang") == "nl"

    violations = axe_violations(page)
    assert violations == [], "axe (WCAG 2.1 A/AA):\n" + format_violations(violations)

    assert requests_log, "the browser recorded no requests at all"
    assert off_origin(requests_log, site_server) == [], "requests left the site's own origin"

"""Gate 4: private. A resident's visit is nobody else's business.

Every page type is loaded (and the scripted pages used) in one browser context while
every request is recorded: all of them go to the site's own origin, none fails, and
afterwards there are no cookies, nothing in localStorage, sessionStorage, IndexedDB,
the Cache API or a service worker. The Content-Security-Policy meta tag of every page is
parsed: scripts only from the site itself (no inline script, no eval), nothing from any
other origin; and the site works under it (no violation is reported while it is used,
the search finds things). A last test shows that the policy really is enforced.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from site_pages import html_pages, page_types
from support import off_origin

SEARCH_READY = "html[data-zoeken='klaar']"

# Collected in every page before its own scripts run (Playwright's init scripts are
# injected by the browser, not subject to the page's CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
"""

STORAGE_JS = """async () => {
  const databases = indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [];
  const workers = navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0;
  const cacheNames = self.caches ? await caches.keys() : [];
  return {cookie: document.cookie, local: Object.keys(localStorage), session: Object.keys(sessionStorage),
          indexedDB: databases, serviceWorkers: workers, caches: cacheNames, csp: window.__cspViolations || null};
}"""


class Watch:
    """Everything a browser context does that a privacy gate must see."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        context.add_init_script(WATCH_CSP)
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("requestfailed", lambda request: self.failed.append(f"{request.url} ({request.failure})"))
        context.on(
            "response",
            lambda response: (
                response.status >= 400 and self.failed.append(f"{response.url} answered {response.status}")
            ),
        )
        # Nothing may leave the machine, even if a page asked: other origins are aborted
        # (and still recorded above, so the test fails on them).
        context.route(lambda url: bool(off_origin([url], base_url)), lambda route: route.abort())

    def attach(self, page) -> None:
        page.on(
            "console",
            lambda message: (
                message.type in ("error", "warning") and self.console.append(f"{message.type}: {message.text}")
            ),
        )


@pytest.fixture
def watch(context, site_server) -> Watch:
    return Watch(context, site_server)


def open_page(page, base_url: str, url: str) -> None:
    response = page.goto(base_url + url, wait_until="load")
    assert response is not None and response.status == 200, f"GET {url} answered {response and response.status}"
    if url.startswith("zoeken/"):
        page.wait_for_selector(SEARCH_READY, state="attached", timeout=10_000)


# Tabs of the one context that take turns: a page is checked once its network has been idle for
# 500 ms (Playwright's networkidle), which it mostly has been by the time its tab's turn comes back.
TABS = 3


def test_every_page_type_stays_on_the_site_and_stores_nothing(context, page, watch, site_server, built_site):
    tabs = [page, *(context.new_page() for _ in range(TABS - 1))]
    for tab in tabs:
        watch.attach(tab)
    problems = []

    def check(tab, name: str, url: str) -> None:
        if tab.evaluate("() => !!document.querySelector('script[src]')"):
            tab.wait_for_load_state("networkidle")  # what its scripts fetch later
        assert tab.evaluate("() => document.visibilityState") == "visible", "a tab in the background"
        found = tab.evaluate(STORAGE_JS)
        stored = {k: v for k, v in found.items() if v and k != "csp"}
        if stored:
            problems.append(f"{name} ({url}) stores something: {stored}")
        if found["csp"]:
            problems.append(f"{name} ({url}) breaks its own CSP: {found['csp']}")
        if found["csp"] is None:
            problems.append(f"{name} ({url}): the CSP watcher did not run")

    loaded = {}
    for turn, (name, url) in enumerate(page_types(built_site).items()):
        tab = tabs[turn % TABS]
        if tab in loaded:
            check(tab, *loaded.pop(tab))
        open_page(tab, site_server, url)
        loaded[tab] = (name, url)
    for tab, (name, url) in loaded.items():
        check(tab, name, url)
    assert off_origin(watch.requests, site_server) == [], "requests to another origin"
    assert watch.requests, "no requests were recorded at all"
    assert not watch.failed, "failed requests:\n" + "\n".join(watch.failed)
    assert context.cookies() == [], f"cookies were set: {context.cookies()}"
    assert not problems, "\n".join(problems)
    assert not watch.console, "console errors or warnings (CSP reports show up here):\n" + "\n".join(watch.console)


def test_searching_filtering_and_the_scripted_pages_stay_private(context, page, watch, site_server, built_site):
    """Use what the scripts do: search, filter, open a result, the wegwijzer, the verwijskaart."""
    watch.attach(page)
    open_page(page, site_server, "zoeken/")
    page.fill("#q", "huur")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'huur'")
    count = page.locator("#aantal-resultaten").inner_text()
    assert count[:1].isdigit() and not count.startswith("0"), f"search does not work under the CSP: {count!r}"
    page.locator("#filters input[type=checkbox]").first.check()
    page.locator("#resultaten a").first.click()
    page.wait_for_load_state("load")
    assert "/organisaties/" in page.url
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    for url in (f"verwijskaart/?lijst={slug}", ""):
        if (built_site / (url.split("?")[0] or ".") / "index.html").exists():
            open_page(page, site_server, url)
            page.wait_for_load_state("networkidle")
    found = page.evaluate(STORAGE_JS)
    assert not found["csp"], f"CSP violations: {found['csp']}"
    assert {k: v for k, v in found.items() if v and k != "csp"} == {}, f"something was stored: {found}"
    assert off_origin(watch.requests, site_server) == [], "requests to another origin"
    assert not watch.failed, "failed requests:\n" + "\n".join(watch.failed)
    assert context.cookies() == []
    assert not watch.console, "\n".join(watch.console)


def test_the_policy_is_enforced(context, page, watch, site_server):
    """An injected inline script does not run and an image from elsewhere is not loaded:
    the CSP is in force, and the watcher above would see a breach."""
    open_page(page, site_server, "")
    page.evaluate("""() => {
      const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      const img = document.createElement('img'); img.src = 'https://tracker.example.invalid/pixel.gif';
      document.body.appendChild(img);
    }""")
    page.wait_for_function("() => window.__cspViolations.length >= 2")
    assert page.evaluate("() => window.__inlineRan") is None, "an inline script ran despite the CSP"
    violations = page.evaluate("() => window.__cspViolations")
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith("img-src") and "tracker.example.invalid" in v for v in violations), violations
    # Chromium reports the blocked image as a request that failed with reason "csp":
    # it never left the browser (the test's own route would have aborted it otherwise).
    tracker = [f for f in watch.failed if "tracker.example.invalid" in f]
    assert tracker and all(f.endswith("(csp)") for f in tracker), tracker


# --- the policy itself, in every generated page ------------------------------------


class _Head(HTMLParser):
    """The CSP meta tags, where they stand, and everything that could run or style inline."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.csp: list[str] = []
        self.referrer: list[str] = []
        self.csp_position: int | None = None
        self.loads_before_csp: list[str] = []
        self.inline: list[str] = []
        self.position = 0
        self.in_head = False
        self.script_type: str | None = None
        self.script_src = ""
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.position += 1
        a = {k: (v or "") for k, v in attrs}
        if tag == "head":
            self.in_head = True
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp.append(a.get("content", ""))
            self.csp_position = self.csp_position or self.position
            if not self.in_head:
                self.inline.append("CSP meta tag outside <head> (ignored there)")
        if tag == "meta" and a.get("name", "").lower() == "referrer":
            self.referrer.append(a.get("content", ""))
        if self.csp_position is None and (tag in ("script", "style") or (tag == "link" and "href" in a)):
            if not (tag == "link" and a.get("rel") == "icon" and a.get("href", "").startswith("data:")):
                self.loads_before_csp.append(f"<{tag} {a}>")
        for name, value in a.items():
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}=...> event handler attribute")
            if name == "style":
                self.inline.append(f"<{tag} style=...> inline style (refused by style-src 'self')")
            if name in ("href", "src", "action", "formaction") and re.match(
                r"\s*(javascript|vbscript|data):", value, re.I
            ):
                # An image (or the empty icon) from a data: address cannot run anything.
                if not (re.match(r"data:(,|image/)", value) and (tag == "img" or a.get("rel") == "icon")):
                    self.inline.append(f"<{tag} {name}={value[:40]!r}>")
        if tag == "style":
            self.inline.append("<style> element (refused by style-src 'self')")
        if tag == "script":
            self.script_type, self.script_src, self.script_text = a.get("type", ""), a.get("src", ""), []

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.script_type is not None:
            text = "".join(self.script_text).strip()
            if not self.script_src and self.script_type != "application/ld+json":
                self.inline.append(f"inline <script>: {text[:60]!r}")
            if self.script_src and text:
                self.inline.append(f"<script src> with inline text: {text[:60]!r}")
            if re.match(r"\s*(https?:)?//", self.script_src):
                self.inline.append(f"script from an absolute address: {self.script_src}")
            self.script_type = None

    def handle_data(self, data):
        if self.script_type is not None:
            self.script_text.append(data)


def parse_policy(content: str) -> dict[str, list[str]]:
    """'default-src 'self'; img-src 'self' data:' -> {'default-src': ["'self'"], 'img-src': ["'self'", 'data:']}."""
    policy: dict[str, list[str]] = {}
    for part in content.split(";"):
        words = part.split()
        if words:
            name = words[0].lower()
            assert name not in policy, f"directive {name} appears twice (the second is ignored)"
            policy[name] = words[1:]
    return policy


# Sources each directive may have. Nothing allows another host, inline code or eval.
ALLOWED_SOURCES = {"img-src": {"'self'", "data:"}}
DEFAULT_ALLOWED = {"'self'", "'none'"}
REQUIRED = {"default-src": ["'self'"], "script-src": ["'self'"], "object-src": ["'none'"]}


def policy_problems(content: str) -> list[str]:
    policy = parse_policy(content)
    problems = []
    for name, sources in REQUIRED.items():
        if policy.get(name) != sources:
            problems.append(f"{name} is {policy.get(name)}, must be exactly {sources}")
    if policy.get("base-uri") not in (["'none'"], ["'self'"]):
        problems.append(f"base-uri is {policy.get('base-uri')}; without it an injected <base> redirects scripts")
    if policy.get("form-action") not in (["'self'"], ["'none'"]):
        problems.append(f"form-action is {policy.get('form-action')}; forms must only send to the site")
    for name, sources in policy.items():
        if name in ("upgrade-insecure-requests", "block-all-mixed-content"):
            continue
        allowed = ALLOWED_SOURCES.get(name, DEFAULT_ALLOWED)
        for source in sources:
            if source not in allowed:
                problems.append(f"{name} allows {source}")
    return problems


@pytest.fixture(scope="module")
def partner_build(partner_example_site):
    return partner_example_site


@pytest.mark.parametrize("variant", ["public", "partner"])
def test_every_page_has_a_strict_content_security_policy(built_site, partner_build, variant):
    site = built_site if variant == "public" else partner_build
    failures = []
    for path, _ in html_pages(site):
        reader = _Head()
        reader.feed((site / path).read_text(encoding="utf-8"))
        reader.close()
        if len(reader.csp) != 1:
            failures.append(f"{path}: {len(reader.csp)} CSP meta tags")
            continue
        failures += [f"{path}: {p}" for p in policy_problems(reader.csp[0])]
        failures += [f"{path}: loads {item} before the CSP meta tag, unprotected" for item in reader.loads_before_csp]
        failures += [f"{path}: {item}" for item in reader.inline]
        if reader.referrer != ["no-referrer"]:
            failures.append(
                f"{path}: referrer policy {reader.referrer}, not no-referrer: a click on an outside "
                "link would tell that site which help page the resident read"
            )
    assert not failures, "Content-Security-Policy:\n" + "\n".join(failures[:60])


def test_the_policy_checker_rejects_what_it_should():
    good = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'"
    )
    assert policy_problems(good) == []
    for bad in (
        good.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        good.replace("script-src 'self'", "script-src 'self' https://cdn.example.org"),
        good.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
        good.replace("default-src 'self'", "default-src *"),
        good.replace("style-src 'self'", "style-src 'self' https://fonts.example.org"),
        good.replace("; base-uri 'none'", ""),
        good.replace("script-src 'self'; ", ""),
    ):
        assert policy_problems(bad), bad

"""Fixtures for tests in a real browser: Debian's Chromium driven by Playwright,
against the example site built once per session and served on 127.0.0.1.

Fixtures
    built_site     (session) Path of the example site, built with build.py.
    site_server    (session) base URL "http://127.0.0.1:PORT/" serving built_site.
    moved_example_site
                   (session) Path of the example built with a renamed and a stopped
                   organisation in verhuisd.yaml (MOVED), once per run; read-only.
    page, context  Playwright's, in Debian's Chromium (see below).
    requests_log   list of the URL of every request the test's context makes.

Helpers to use with them are in tests/support.py: axe_violations(page),
format_violations(violations), off_origin(urls, base_url).

No tool may download a browser here, so Playwright never runs `playwright
install`: it launches /usr/bin/chromium (apt-get install chromium). With the
pytest-playwright plugin installed, this file only adjusts its launch and context
options; without it, the small stand-in fixtures at the end give the same
`browser`, `context` and `page`.
"""

from __future__ import annotations

import fcntl
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import CHROMIUM_FLAGS, CHROMIUM_HINT, REPO, chromium_path, require, shared_tmp

try:  # the pytest-playwright plugin, when installed
    import pytest_playwright  # noqa: F401

    HAVE_PYTEST_PLAYWRIGHT = True
except ImportError:
    HAVE_PYTEST_PLAYWRIGHT = False


CONTEXT_ARGS = {"locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Every test in tests/browser/ carries the `browser` marker (-m 'not browser')."""
    inside: dict[str, bool] = {}  # per module: resolving a path for each of 1,500 tests took 0.2 s
    for item in items:
        where = str(item.path)
        if where not in inside:
            inside[where] = HERE in Path(where).resolve().parents
        if inside[where]:
            item.add_marker(pytest.mark.browser)


# --- the site under test ---------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(example_site) -> Path:
    """The example site, built once per test run (tests/conftest.py); read-only."""
    return example_site


MOVED = "geldmaatjes-dijkhaven: schuldhulpmaatje-dijkhaven\nbudgetcafe-wierdam: gestopt\n"
"""verhuisd.yaml of moved_example_site: one organisation renamed, one stopped."""


@pytest.fixture(scope="session")
def moved_example_site(site_cache, tmp_path_factory) -> Path:
    """The example with MOVED as its verhuisd.yaml, built once per run for every worker (read-only)."""
    folder = shared_tmp(tmp_path_factory) / "verhuisd"
    content = folder / "content"
    with open(shared_tmp(tmp_path_factory) / "verhuisd.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker writes the content, the others wait for it
        if not content.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(REPO / "content", folder / "half")
            (folder / "half" / "verhuisd.yaml").write_text(MOVED, encoding="utf-8")
            (folder / "half").rename(content)
    return site_cache.build("--content", content)


@pytest.fixture(scope="session")
def site_server(built_site: Path, tmp_path_factory):
    """Serve built_site on 127.0.0.1 and a free port; yields the base URL.

    The server is asked for port 0, so the system picks a free port and there is
    no race with other processes; the port is read from its first line.
    """
    log_path = tmp_path_factory.mktemp("server") / "http.server.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(built_site), "0"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=log,  # request log; a file, so that it never fills a pipe
    )
    try:
        # "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
        first = proc.stdout.readline().decode(errors="replace")
        match = re.search(r"port (\d+)", first)
        if not match:
            proc.kill()
            proc.wait()
            pytest.fail(
                f"http.server did not start (exit {proc.returncode}): {first!r}\n"
                + log_path.read_text(errors="replace"),
                pytrace=False,
            )
        base_url = f"http://127.0.0.1:{match.group(1)}/"
        _wait_until_answers(base_url, proc)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        log.close()


def _wait_until_answers(url: str, proc: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            pytest.fail(f"http.server exited with {proc.returncode}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if with an error status (no index.html)
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"http.server at {url} did not answer in {timeout} s", pytrace=False)
            time.sleep(0.05)


# --- the browser -----------------------------------------------------------------

if HAVE_PYTEST_PLAYWRIGHT:

    @pytest.fixture(scope="session")
    def browser_type_launch_args(browser_type_launch_args):
        """pytest-playwright's launch options, with Debian's Chromium."""
        executable = chromium_path()
        require("Debian's chromium", executable is not None, CHROMIUM_HINT)
        return {
            **browser_type_launch_args,
            "executable_path": executable,
            "args": CHROMIUM_FLAGS,
        }

    @pytest.fixture(scope="session")
    def browser_context_args(browser_context_args):
        """pytest-playwright's context options, with a Dutch locale and time zone."""
        return {**browser_context_args, **CONTEXT_ARGS}

else:
    # Stand-ins for the pytest-playwright plugin's fixtures of the same names.
    from playwright.sync_api import sync_playwright

    @pytest.fixture(scope="session")
    def browser_type_launch_args():
        executable = chromium_path()
        require("Debian's chromium", executable is not None, CHROMIUM_HINT)
        return {"headless": True, "executable_path": executable, "args": CHROMIUM_FLAGS}

    @pytest.fixture(scope="session")
    def browser_context_args():
        return dict(CONTEXT_ARGS)

    @pytest.fixture(scope="session")
    def playwright():
        with sync_playwright() as pw:
            yield pw

    @pytest.fixture(scope="session")
    def browser(playwright, browser_type_launch_args):
        browser = playwright.chromium.launch(**browser_type_launch_args)
        yield browser
        browser.close()

    @pytest.fixture
    def context(browser, browser_context_args):
        context = browser.new_context(**browser_context_args)
        yield context
        context.close()

    @pytest.fixture
    def page(context):
        return context.new_page()


@pytest.fixture
def requests_log(context) -> list[str]:
    """The URL of every request made in this test's browser context.

    Request this fixture before the first page.goto(): it sees every request of
    every page and frame of the context, including ones that a route aborted.
    """
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    return urls

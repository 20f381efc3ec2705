"""Shared helpers for the tests: where the repository and the outside tools are,
and one rule for a missing tool.

The rule (`require`): on a developer's machine a test that needs a tool that is
not installed is *skipped*, with the command that installs it; on CI (env
CI=true) it *fails*, because CI installs every tool itself (.ci/run) and must
never pass by silently skipping the checks.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import importlib.util
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser_flags import CHROMIUM, CHROMIUM_FLAGS  # noqa: F401  (CHROMIUM_FLAGS: for the browser tests)

REPO = Path(__file__).resolve().parent.parent
"""The repository root (the folder with build.py and pyproject.toml)."""

DEBIAN_CHROMIUM = Path(CHROMIUM)
TODAY = "2026-11-26"
"""The --today every test builds with, so that the output is reproducible."""

MAANDEN = tuple("januari februari maart april mei juni juli augustus september oktober november december".split())
"""The months as the site writes a date ("1 september 2026"), written here, not taken from the code under test."""


def yaml_data(text: str):
    """A YAML text's data, read by libyaml (the pure-Python reader made collecting the tests seconds slower)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def example_organisations() -> dict:
    """The example's organisation files as data, by slug."""
    return {p.stem: yaml_data(p.read_text(encoding="utf-8")) for p in sorted((REPO / "organisations").glob("*.yaml"))}


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(tool_description: str, available: bool, install_hint: str) -> None:
    """Skip (locally) or fail (on CI) the calling test when a tool is missing.

    Call it at the top of a test or fixture:

        require("Java runtime (for vnu.jar)", java_path() is not None,
                "apt-get install -y --no-install-recommends default-jre-headless")
    """
    if available:
        return
    if on_ci():
        pytest.fail(
            f"{tool_description} is missing on CI; .ci/run should have installed it (install with: {install_hint})",
            pytrace=False,
        )
    message = f"{tool_description} is not installed; install with: {install_hint}"
    try:  # report the skip at the test, not at this line (as a skip in a test body is)
        skip = pytest.skip.Exception(message, _use_item_location=True)
    except TypeError:  # that keyword is pytest's own; without it, a plain skip
        skip = pytest.skip.Exception(message)
    raise skip


def chromium_path() -> str | None:
    """Debian's Chromium (the only browser these machines may use), or None."""
    if DEBIAN_CHROMIUM.exists():
        return str(DEBIAN_CHROMIUM)
    return shutil.which("chromium")


def java_path() -> str | None:
    return shutil.which("java")


def node_path() -> str | None:
    return shutil.which("node")


def node_modules() -> Path:
    """The repository's node_modules folder (made by `npm ci`; may not exist)."""
    return REPO / "node_modules"


def vnu_jar() -> Path:
    """The Nu Html Checker from the npm package vnu-jar."""
    return node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"


def axe_script() -> Path:
    """axe-core's browser bundle from the npm package axe-core."""
    return node_modules() / "axe-core" / "axe.min.js"


CHROMIUM_HINT = "apt-get install -y --no-install-recommends chromium"
JAVA_HINT = "apt-get install -y --no-install-recommends default-jre-headless"
NODE_HINT = "apt-get install -y nodejs npm"
NPM_CI_HINT = "npm ci (in the repository root; scripts/test.sh does it)"


# --- browser tests (fixtures in tests/browser/conftest.py) -----------------------

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def origin(url: str) -> tuple[str, str]:
    """(scheme, host:port) of a URL."""
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def off_origin(urls: list[str], base_url: str) -> list[str]:
    """The URLs whose scheme, host and port differ from base_url's.

    data: and blob: URLs are made in the page itself and never leave it, so they
    are not counted.
    """
    site = origin(base_url)
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob") and origin(u) != site]


def axe_violations(page, tags=WCAG_TAGS) -> list[dict]:
    """Run axe-core (from node_modules) on the page; return its violations.

    axe is evaluated through the DevTools protocol (page.evaluate), not added as a
    <script> element (page.add_script_tag), because the site's own
    Content-Security-Policy rightly blocks inline scripts, and turning CSP off in
    the browser (bypass_csp) would hide the site's real behaviour from the tests.
    """
    script = axe_script()
    require("npm package axe-core (node_modules/axe-core)", script.is_file(), NPM_CI_HINT)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(script.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    return page.evaluate("async options => (await axe.run(document, options)).violations", options)


def check_each(items, check) -> None:
    """Run check(item) for every item, in one test and one browser page (a new page costs more than
    a page load), and fail with every item whose check failed, not only the first."""
    failures = []
    for item in items:
        try:
            check(item)
        except AssertionError as error:
            failures.append(f"{item}: {error}")
    assert not failures, f"{len(failures)} of {len(items)} failed:\n" + "\n".join(failures)


def format_violations(violations: list[dict]) -> str:
    """One line per violation and affected element, for an assert message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} - {v['helpUrl']}")
        for node in v["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


# --- the search page in the browser (tests/browser/test_search*.py) ---------------------------


def load_bench(name: str):
    """A script of bench/ as a module (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


READY = "html[data-zoeken='klaar']"


def open_search(page, base: str, query: str = "") -> None:
    """Open /zoeken/ with a query string and wait until search is ready."""
    page.goto(f"{base}zoeken/{query}", wait_until="domcontentloaded")
    page.wait_for_selector(READY, state="attached", timeout=15_000)


def shown(page) -> list[str]:
    """Slugs of the organisations in #resultaten, in order."""
    hrefs = page.eval_on_selector_all("#resultaten a[href]", "links => links.map(a => a.href)")
    slugs = []
    for href in hrefs:
        match = re.search(r"/organisaties/([a-z0-9-]+)/$", urlsplit(href).path)
        if match and match.group(1) not in slugs:
            slugs.append(match.group(1))
    return slugs


def count_text(page) -> str:
    """The text of the result count."""
    return page.locator("#aantal-resultaten").inner_text()


# --- sites built once per test run (fixture site_cache in tests/conftest.py) -------------------


class SiteCache:
    """Sites built once per test run, shared by every test and every pytest-xdist worker.

    site_cache.build("--partners", "voorbeeld-partners") builds the example with those extra
    arguments (and --today TODAY) the first time any test asks for it, and returns the same folder
    to every later caller, in any worker: the folder is named after the arguments, and a file lock
    per folder makes the other workers wait for the one that builds. Treat a cached site as
    read-only; a test that changes a site copies it first (copy_site), or builds its own when it
    tests the build itself.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def build(
        self, *args, cwd: Path = REPO, zoekindex: str | None = None, today: str = TODAY, settings: dict | None = None
    ) -> Path:
        """The example (or --organisations/--content given in args) built with these arguments;
        `zoekindex` and `settings` change content/instellingen.yaml of a copy of content/."""
        args = tuple(str(a) for a in args)
        key = json.dumps(
            {
                "args": args,
                "cwd": str(cwd),
                "zoekindex": zoekindex,
                "today": today,
                **({"settings": settings} if settings else {}),
            },
            sort_keys=bool(settings),
        )
        folder = self.root / hashlib.sha256(key.encode()).hexdigest()[:16]
        with open(self.root / f"{folder.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            done = folder / "gebouwd.json"
            if done.is_file():
                return folder / "site"
            shutil.rmtree(folder, ignore_errors=True)  # a build of this run that failed before
            folder.mkdir()
            extra = []
            wanted = {**({"zoekindex": zoekindex} if zoekindex else {}), **(settings or {})}
            if wanted:
                extra = ["--content", str(content_with_settings(folder / "content", wanted))]
            command = ["build", "--out", str(folder / "site"), "--today", today, *extra, *args]
            result = run_build_py(*command, cwd=cwd, timeout=600)
            if result.returncode != 0:
                pytest.fail(
                    f"building a site for the tests failed (exit {result.returncode}): "
                    f"build.py {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}",
                    pytrace=False,
                )
            done.write_text(key, encoding="utf-8")
            return folder / "site"

    def generated(self, count: int, seed: int, gemeenten: int | None = None) -> tuple[Path, list[str]]:
        """(folder, gemeente names) of bench/generate.py's `count` organisations, made once per test
        run for every worker, as build() makes a site; read-only."""
        key = json.dumps({"generate": count, "seed": seed, "gemeenten": gemeenten})
        folder = self.root / f"gen-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        with open(self.root / f"{folder.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            done = folder / "gemaakt.json"
            if not done.is_file():
                import generate  # bench/generate.py, through pytest's pythonpath

                shutil.rmtree(folder, ignore_errors=True)
                names = generate.generate(count, folder / "organisations", gemeenten=gemeenten, seed=seed)
                done.write_text(json.dumps(names), encoding="utf-8")
            return folder / "organisations", json.loads(done.read_text(encoding="utf-8"))


def content_with_zoekindex(folder: Path, mode: str) -> Path:
    """A copy of content/ into `folder` whose instellingen.yaml sets zoekindex to `mode`."""
    return content_with_settings(folder, {"zoekindex": mode})


def content_with_settings(folder: Path, values: dict) -> Path:
    """A copy of content/ into `folder` whose instellingen.yaml sets these top-level settings."""
    shutil.copytree(REPO / "content", folder)
    settings = folder / "instellingen.yaml"
    lines = [line for line in settings.read_text(encoding="utf-8").splitlines() if line.split(":", 1)[0] not in values]
    settings.write_text("\n".join([*lines, *(f"{k}: {v}" for k, v in values.items())]) + "\n", encoding="utf-8")
    return folder


def copy_site(site: Path, target: Path) -> Path:
    """A copy of a (cached) site that a test may change."""
    shutil.copytree(site, target, symlinks=True)
    return target


def shared_tmp(tmp_path_factory) -> Path:
    """A temporary folder of this test run that every pytest-xdist worker sees (each worker's
    own base temp is a subfolder of the run's)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


# --- a test's own small region (fixture `region` in tests/conftest.py) ---------------------------

ORGANISATION = {
    "naam": "naam: Hulp",
    "soort": "soort: vrijwilligersorganisatie",
    "samenvatting": "samenvatting: Wij helpen u met uw post.",
    "werkgebied": "werkgebied:\n  gemeenten: [Dijkhaven]",
    "fases": "fases: [voor-aanmelding]",
    "rollen": "rollen: [praktische-steun]",
    "doelgroepen": "doelgroepen: [iedereen]",
    "aanmelden": "aanmelden:\n  manieren: [zelf-bellen]",
    "contact": 'contact:\n  telefoon: "030 123 45 67"',
    "gecontroleerd": "gecontroleerd: 2026-11-01",
}
"""The blocks of a small valid organisation file, in their order (naam on line 1, samenvatting on
line 3, werkgebied.gemeenten on line 5, contact on line 11)."""


def organisation_yaml(*blocks: str) -> str:
    """A small valid organisation file: each block ("field: ...", maybe several lines) replaces the
    block of its field in ORGANISATION, or is added at the end."""
    chosen = dict(ORGANISATION)
    for block in blocks:
        if block:
            chosen[block.split(":", 1)[0]] = block.rstrip("\n")
    return "\n".join(chosen.values()) + "\n"


class Region:
    """A test's own region in a temporary folder: organisaties/ (empty at first) and content/ (a copy
    of the example's content without the files that name example organisations)."""

    def __init__(self, path: Path, content: Path):
        self.path = Path(path)
        self.organisations = self.path / "organisaties"
        self.content = self.path / "content"
        self.organisations.mkdir()
        shutil.copytree(content, self.content)

    def write(self, name: str, text: str) -> Path:
        """Write organisaties/NAME.yaml, or, for a NAME with a slash, that file in the region."""
        path = self.path / name if "/" in name else self.organisations / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def args(self) -> tuple:
        """The build.py arguments that point at this region."""
        return ("--organisations", self.organisations, "--content", self.content)

    def gather(self, today: str = TODAY):
        """The region read as the build reads it (kaart.gather.gather)."""
        from datetime import date

        from kaart.gather import gather

        return gather(str(self.organisations), str(self.content), date.fromisoformat(today))


# --- build.py without a new interpreter each time ---------------------------------------------

# A process that has imported build.py forks one child per run: the child is a fresh process with
# its own folder, environment, stdout, stderr and exit status, as `python build.py ARGS` is, without
# importing Python's and the project's modules again (about half a second of CPU, ~150 times per
# test run). Runs alternate between two such processes, so two builds a test compares never share
# a hash seed. A copy of the project (conftest.repo_copy) gets a fork server of its own, which imports
# the copy's build.py, as soon as it runs build.py more than once. What only takes effect when an
# interpreter starts (a hash seed, a locale, TZ, other PYTHON* settings) or stdin input still get a real
# `python build.py`.
_FORK_SERVER = r"""
import json, os, sys
sys.path[0] = sys.argv[1]
import build, kaart.serve  # noqa: F401  (everything a run imports, once)
build.later_stages()
requests, answers = os.fdopen(os.dup(0), "r"), os.fdopen(os.dup(1), "w")
null = os.open(os.devnull, os.O_RDWR)
os.dup2(null, 0)
os.dup2(null, 1)
for line in requests:
    run = json.loads(line)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        requests.close()
        answers.close()
        for fd, name in ((1, "stdout"), (2, "stderr")):
            os.dup2(os.open(run[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
        os.chdir(run["cwd"])
        os.environ.clear()
        os.environ.update(run["env"])
        sys.argv = [run["script"], *run["args"]]
        if run["prelude"]:
            exec(run["prelude"], {"__name__": "__prelude__"})
        sys.exit(build.main(run["args"]))
    answers.write(json.dumps({"pid": pid}) + "\n")
    answers.flush()
    _, status, usage = os.wait4(pid, 0)
    answers.write(json.dumps({"status": os.waitstatus_to_exitcode(status),
                              "cpu": usage.ru_utime + usage.ru_stime}) + "\n")
    answers.flush()
"""
_SAFE_ENV = ("SOURCE_DATE_EPOCH", "PATH", "HOME", "KAART_", "GIT_", "PYTHONDONTWRITEBYTECODE")
FORKED_CPU = [0.0]
"""CPU seconds of the runs forked so far in this process (for tests/cpu_time.py)."""


class _ForkServer:
    def __init__(self, root: Path = REPO):
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", _FORK_SERVER, str(root)],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.pending = b""
        self.busy = False
        self.forked_cpu = 0.0

    def answer(self, timeout: float | None = None) -> dict | None:
        """The server's next line as data; None when it did not come within the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([self.process.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(f"the build.py fork server stopped (exit {self.process.wait()})")
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return json.loads(line)

    def run(self, command: list[str], cwd, env: dict, timeout: float, folder: Path, prelude: str | None = None):
        """Run build.py with these arguments in a forked child; a CompletedProcess, like subprocess.run."""
        out, err = folder / "stdout", folder / "stderr"
        request = {
            "script": command[1],
            "args": command[2:],
            "cwd": str(cwd),
            "env": env,
            "stdout": str(out),
            "stderr": str(err),
            "prelude": prelude,
        }
        self.process.stdin.write((json.dumps(request) + "\n").encode())
        self.process.stdin.flush()
        pid = self.answer()["pid"]
        answer = self.answer(timeout)
        timed_out = answer is None
        if timed_out:
            os.kill(pid, signal.SIGKILL)  # not reaped yet (the server waits for it), so still ours
            answer = self.answer()
        FORKED_CPU[0] += answer["cpu"]
        self.forked_cpu += answer["cpu"]
        stdout, stderr = (path.read_text(encoding="utf-8", errors="replace") for path in (out, err))
        if timed_out:
            raise subprocess.TimeoutExpired(command, timeout, output=stdout, stderr=stderr)
        return subprocess.CompletedProcess(command, answer["status"], stdout, stderr)

    def stop(self) -> None:
        """End the server and wait for it (so its CPU counts as the test run's)."""
        self.process.stdin.close()
        self.process.wait(timeout=30)
        FORKED_CPU[0] -= self.forked_cpu  # now in RUSAGE_CHILDREN, with the server's own
        self.forked_cpu = 0.0


class _ForkServers:
    """At least `least` fork servers of the project in `root`, taken in turn, and more when runs overlap
    (run_builds uses threads)."""

    def __init__(self, root: Path = REPO, least: int = 2):
        self.root, self.least = root, least
        self.lock = threading.Lock()
        self.servers: list[_ForkServer] = []
        self.last = -1

    def take(self) -> _ForkServer:
        with self.lock:
            if not self.servers:
                atexit.register(self.stop)
            while len(self.servers) < self.least:
                self.servers.append(_ForkServer(self.root))
            count = len(self.servers)
            for step in range(1, count + 1):
                index = (self.last + step) % count
                if not self.servers[index].busy:
                    break
            else:
                self.servers.append(_ForkServer(self.root))
                index = count
            self.last = index
            self.servers[index].busy = True
            return self.servers[index]

    def give_back(self, server: _ForkServer) -> None:
        with self.lock:
            server.busy = False

    def stop(self) -> None:
        with self.lock:
            servers, self.servers = self.servers, []
        for server in servers:
            server.stop()


_servers = _ForkServers()
_copies: dict[Path, _ForkServers | None] = {}
"""Per copy of the project: None after its first run (a new interpreter), then its fork servers."""
_copies_lock = threading.Lock()


def stop_fork_servers() -> None:
    """End every fork server and wait for it, so that its CPU counts as the test run's (tests/cpu_time.py);
    a later run starts new ones."""
    _servers.stop()
    with _copies_lock:
        copies = [servers for servers in _copies.values() if servers is not None]
    for servers in copies:
        servers.stop()


def _servers_of(root: Path) -> _ForkServers | None:
    """The fork servers for build.py in `root`, or None for a new interpreter (a copy's first run)."""
    if root == REPO.resolve():
        return _servers
    with _copies_lock:
        if root not in _copies:
            _copies[root] = None
            return None
        if _copies[root] is None:
            _copies[root] = _ForkServers(root, least=1)
        return _copies[root]


# `python -c` of a new interpreter that runs a prelude before build.main, as a forked run does.
_WITH_PRELUDE = """
import sys
sys.path.insert(0, sys.argv[1])
import build
exec(sys.argv[2], {"__name__": "__prelude__"})
sys.exit(build.main(sys.argv[3:]))
"""


def run_build_py(
    *args,
    cwd: Path = REPO,
    env: dict | None = None,
    timeout: float = 60,
    script: Path | None = None,
    prelude: str | None = None,
):
    """`python build.py ARGS` in `cwd` (SOURCE_DATE_EPOCH unset, `env` added); the CompletedProcess
    (text stdout and stderr). script: another copy's build.py (a new interpreter the first time, then
    that copy's fork server). prelude: Python code the new process runs just before build.main (a test
    that patches a stage)."""
    script = Path(script or REPO / "build.py")
    command = [sys.executable, str(script), *map(str, args)]
    if prelude is not None and script.resolve() != (REPO / "build.py").resolve():
        raise ValueError("a prelude runs only with this repository's build.py")
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env["PYTHONDONTWRITEBYTECODE"] = "1"
    full_env.update(env or {})
    servers = None if any(not key.startswith(_SAFE_ENV) for key in env or {}) else _servers_of(script.resolve().parent)
    if servers is None:
        if prelude is not None:
            command = [sys.executable, "-c", _WITH_PRELUDE, str(REPO), prelude, *command[2:]]
        return subprocess.run(
            command,
            cwd=cwd,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    server = servers.take()
    try:
        with tempfile.TemporaryDirectory(prefix="build-py-") as folder:
            return server.run(command, cwd, full_env, timeout, Path(folder), prelude)
    finally:
        servers.give_back(server)

"""The pages of a built site, found in the built output itself (not hard-coded), so the
quality gates follow the site as page types are added and work for any region.

    html_pages(site)   every generated HTML page as (output path, url)
    page_types(site)   {name: url}, one page of every type the contract names, plus
                       one page of every other folder the build made
    org_with_and_without_locations(site)
    build_example(out, *args)   build the example with other options (partner, --base-url)
    Server(folder)              `with Server(folder) as base_url:` serves it on 127.0.0.1
    vnu(*args), vnu_report(messages, root)   run vnu.jar --errors-only; its messages as text

A url is relative to the site's top ("zoeken/?q=huur"); join it to the served base URL.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from support import JAVA_HINT, NPM_CI_HINT, java_path, require, run_build_py, vnu_jar

# The search states of the issue: results, no results, filters applied.
SEARCH_STATES = {
    "zoeken": "zoeken/",
    "zoeken-met-resultaten": "zoeken/?q=huur",
    "zoeken-geen-resultaten": "zoeken/?q=xqzwv",
    "zoeken-met-filters": "zoeken/?fase=nazorg&doelgroep=jongeren",
}
FACETS = ("fase", "rol", "doelgroep", "activiteit", "gemeente")

# The page types of the URL contract (docs/urls.md); every built example must have each of them.
CONTRACT_TYPES = (
    "home",
    *SEARCH_STATES,
    "organisaties",
    "organisatie-met-locaties",
    "organisatie-zonder-locaties",
    *(f"{f}-overzicht" for f in FACETS),
    *FACETS,
    "404",
)


def url_of(relative: str) -> str:
    """'fase/nazorg/index.html' -> 'fase/nazorg/'; 'index.html' -> ''."""
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def html_pages(site: Path) -> list[tuple[str, str]]:
    """Every generated .html file as (path relative to the site, its url), sorted."""
    return [
        (p.relative_to(site).as_posix(), url_of(p.relative_to(site).as_posix())) for p in sorted(site.rglob("*.html"))
    ]


def organisation_pages(site: Path) -> list[str]:
    """The url of every organisation page (not the pages left at a moved or stopped one's old address)."""
    return [
        f"organisaties/{p.parent.name}/"
        for p in sorted((site / "organisaties").glob("*/index.html"))
        if '<article class="organisatie"' in p.read_text(encoding="utf-8")
    ]


def org_with_and_without_locations(site: Path, largest: bool = False) -> tuple[str | None, str | None]:
    """The first organisation page with a location (an address) and the first without;
    with `largest`, the largest of each."""
    with_loc = without_loc = None
    urls = organisation_pages(site)
    if largest:
        urls.sort(key=lambda url: -(site / url / "index.html").stat().st_size)
    for url in urls:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        if 'class="locatie"' in html:
            with_loc = with_loc or url
        else:
            without_loc = without_loc or url
    return with_loc, without_loc


def page_types(site: Path, largest: bool = False) -> dict[str, str]:
    """One url of every page type, by name: the contract's types, then one page of every
    other URL shape the build made (content pages, print, wegwijzer, ...: a top-level folder,
    then one `*` per further folder, so `wegwijzer/*/*/*/` is the wegwijzer's follow-up answer),
    then the states a query makes (the verwijskaart with a list). The quality gates (axe, zoom
    and reflow, bench/lighthouse.py) all use this one list. With `largest`, each shape's
    largest page (the worst case) instead of its first."""
    types = {"home": ""}
    types.update(SEARCH_STATES)
    types["organisaties"] = "organisaties/"
    with_loc, without_loc = org_with_and_without_locations(site, largest)
    if with_loc:
        types["organisatie-met-locaties"] = with_loc
    if without_loc:
        types["organisatie-zonder-locaties"] = without_loc
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        name = folder.name
        if name in ("zoeken", "organisaties"):
            continue
        if (folder / "index.html").is_file():
            types[f"{name}-overzicht" if name in FACETS else name] = f"{name}/"
        base = name if name in FACETS else f"{name}-item"
        for depth in range(1, 4):
            pages = sorted(folder.glob("/".join(["*"] * depth) + "/index.html"))
            if largest:
                pages.sort(key=lambda p: -p.stat().st_size)
            if pages:
                types[base + "-item" * (depth - 1)] = url_of(pages[0].relative_to(site).as_posix())
    if (site / "verwijskaart" / "index.html").is_file():
        slugs = [url.split("/")[1] for url in organisation_pages(site)[:3]]
        types["verwijskaart-met-lijst"] = "verwijskaart/?lijst=" + ",".join(slugs)
    types["404"] = "404.html"
    return types


# --- building and serving another variant of the example (partner build, --base-url) ---

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"


def build_example(out: Path, *args: str, env: dict | None = None, cwd: Path = REPO) -> Path:
    """Build the example into `out` with extra build.py arguments; fail the test if it fails."""
    cmd = ["build", "--out", str(out), *args]
    if "--today" not in args and "SOURCE_DATE_EPOCH" not in (env or {}):
        cmd += ["--today", TODAY]
    result = run_build_py(*cmd, cwd=cwd, env=env, timeout=300)
    if result.returncode != 0:
        pytest.fail(
            f"build failed (exit {result.returncode}): build.py {' '.join(cmd)}\n{result.stderr[-4000:]}", pytrace=False
        )
    return out


class Server:
    """`with Server(folder) as base_url:` serves folder on 127.0.0.1 and a free port."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(self.folder), "0"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        match = re.search(r"port (\d+)", self.proc.stdout.readline().decode(errors="replace"))
        if not match:
            self.__exit__()
            raise RuntimeError("http.server did not start")
        url = f"http://127.0.0.1:{match.group(1)}/"
        deadline = time.monotonic() + 15
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError(f"http.server at {url} does not answer") from None
                time.sleep(0.05)
        return url

    def __exit__(self, *exc) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


# --- the Nu Html Checker ----------------------------------------------------------


# One short run: the quick compiler only and one garbage collector thread take half the CPU of
# Java's defaults (bench/README.md, the test suite's time); a deeper stack, which the checker's
# schema needs with the quick compiler.
VNU_JAVA_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m")


def vnu(*args: str) -> list[dict]:
    """Run vnu.jar with --errors-only and return its error messages."""
    java = java_path()
    require("Java runtime (for vnu.jar)", java is not None, JAVA_HINT)
    require("npm package vnu-jar (node_modules/vnu-jar)", vnu_jar().is_file(), NPM_CI_HINT)
    result = subprocess.run(
        [java, *VNU_JAVA_FLAGS, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--stdout", *args],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(
            f"vnu.jar gave no JSON (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}",
            pytrace=False,
        )
    if result.returncode != 0 and not messages:
        pytest.fail(f"vnu.jar failed (exit {result.returncode}):\n{result.stderr[-2000:]}", pytrace=False)
    return messages


def file_of(message: dict) -> str:
    """The file a vnu message is about ('file:/tmp/x/a.html' -> '/tmp/x/a.html')."""
    url = message.get("url", "")
    if not url.startswith("file:"):
        return url
    return "/" + urllib.parse.unquote(url[len("file:") :]).lstrip("/")


def vnu_report(messages: list[dict], root: Path) -> str:
    """vnu's messages, one per line with file (relative to root), line, column and extract."""
    lines = []
    for m in messages[:80]:
        where = file_of(m).replace(str(Path(root).resolve()) + "/", "")
        lines.append(
            f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: "
            f"{m['message']}\n    {(m.get('extract') or '').strip()[:140]!r}"
        )
    return "\n".join(lines)

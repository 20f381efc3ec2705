"""Gate 2: Lighthouse (npm lighthouse, pinned in package-lock.json) on Debian's Chromium.

Four pages (home, search with a query, an organisation page, a wegwijzer answer) served over
http://127.0.0.1; accessibility, best practices and SEO must score 100. Only those three
categories are run: the performance score depends on the machine's load, so it is no check here;
bench/lighthouse.py measures it on every page type against its target of 95.

One Node process launches Chromium once and runs Lighthouse on the four pages in turn, each in a
new tab with its storage reset (as the CLI does, without a Node start and a Chromium start per
page). A failing category lists every audit that lost points, with what Lighthouse found.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from site_pages import org_with_and_without_locations
from support import (
    CHROMIUM_FLAGS,
    CHROMIUM_HINT,
    NODE_HINT,
    NPM_CI_HINT,
    chromium_path,
    node_modules,
    node_path,
    require,
)

pytestmark = pytest.mark.node

GATED = ("accessibility", "best-practices", "seo")
CHROME_FLAGS = ["--headless=new", *CHROMIUM_FLAGS]
PAGES = ("home", "zoeken", "organisatie", "wegwijzer")

# Lighthouse's own CLI (cli/run.js) does the same for one URL: chrome-launcher starts Chromium,
# lighthouse() connects to its port and audits the page in a new tab.
RUN_LIGHTHOUSE = """
import {writeFileSync} from 'node:fs';
import {pathToFileURL} from 'node:url';
const [lighthousePath, launcherPath, request] = process.argv.slice(1);
const {default: lighthouse} = await import(pathToFileURL(lighthousePath));
const launcher = await import(pathToFileURL(launcherPath));
const {chromePath, chromeFlags, categories, pages} = JSON.parse(request);
const chrome = await launcher.launch({chromePath, chromeFlags});
try {
  for (const {url, report} of pages) {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories,
      disableFullPageScreenshot: true,
    });
    writeFileSync(report, result.report);
  }
} finally {
  chrome.kill();
}
"""


def run_lighthouse(pages: dict[str, str], folder) -> dict[str, dict]:
    """Lighthouse's report of each url ({name: url}) with the GATED categories, by name."""
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    core = node_modules() / "lighthouse" / "core" / "index.js"
    require("npm package lighthouse (node_modules/lighthouse)", core.is_file(), NPM_CI_HINT)
    launcher = node_modules() / "chrome-launcher" / "dist" / "index.js"
    chrome = chromium_path()
    require("Debian's chromium", chrome is not None, CHROMIUM_HINT)
    request = {
        "chromePath": chrome,
        "chromeFlags": CHROME_FLAGS,
        "categories": list(GATED),
        "pages": [{"url": url, "report": str(folder / f"{name}.json")} for name, url in pages.items()],
    }
    cmd = [node, "--input-type=module", "-e", RUN_LIGHTHOUSE, str(core), str(launcher), json.dumps(request)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=240 * len(pages), stdin=subprocess.DEVNULL)
    missing = [name for name in pages if not (folder / f"{name}.json").is_file()]
    assert result.returncode == 0 and not missing, (
        f"lighthouse failed (exit {result.returncode}) on {missing or list(pages.values())}:\n{result.stderr[-3000:]}"
    )
    return {name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in pages}


@pytest.fixture(scope="module")
def reports(site_server, built_site, tmp_path_factory) -> dict[str, tuple[str, dict]]:
    """{page name: (url, Lighthouse's report)}, from one Lighthouse run over PAGES."""
    urls = {
        "home": "",
        "zoeken": "zoeken/?q=huur",
        "organisatie": org_with_and_without_locations(built_site)[0] or "organisaties/",
        "wegwijzer": "wegwijzer/brief-afsluiting/dijkhaven/",
    }
    found = run_lighthouse({name: site_server + urls[name] for name in PAGES}, tmp_path_factory.mktemp("lighthouse"))
    return {name: (urls[name], found[name]) for name in PAGES}


def lost_points(report: dict, category: str) -> list[str]:
    """Every audit of a category that counts and did not pass, with what it found."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
            lines.append(
                f"  {audit['id']} (score {audit['score']}): {audit['title']} {audit.get('displayValue') or ''}".rstrip()
            )
            items = (audit.get("details") or {}).get("items") or []
            for item in items[:5]:
                node = item.get("node") or {}
                lines.append(f"      {node.get('snippet') or item.get('url') or json.dumps(item)[:160]}")
    return lines


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_100(site_server, reports, capsys, name):
    path, report = reports[name]
    url = site_server + path
    assert not report.get("runtimeError"), report.get("runtimeError")
    assert report["requestedUrl"] == url, f"the report is of {report['requestedUrl']}, not {url}"
    scores = {key: category["score"] for key, category in report["categories"].items()}
    with capsys.disabled():
        print(
            f"\nLighthouse {path or 'home'}: " + ", ".join(f"{key} {round(100 * (scores[key] or 0))}" for key in GATED)
        )
    failures = []
    for category in GATED:
        if scores[category] != 1:
            failures.append(f"{category}: {scores[category]}")
            failures += lost_points(report, category)
    assert not failures, f"Lighthouse on {url} below 100:\n" + "\n".join(failures)

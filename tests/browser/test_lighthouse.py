"""Gate 2: Lighthouse (npm lighthouse, pinned in package-lock.json) on Debian's Chromium.

Three pages (home, search with a query, an organisation page) served over
http://127.0.0.1; accessibility, best practices and SEO must score 100. The
performance score (mobile preset, Lighthouse's default) is printed, not asserted:
it depends on the machine's load. bench/ reports it against its target of 95.

A failing category lists every audit that lost points, with what Lighthouse found.
About 11 s a page.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from site_pages import org_with_and_without_locations
from support import CHROMIUM_HINT, NODE_HINT, NPM_CI_HINT, chromium_path, node_modules, node_path, require

pytestmark = pytest.mark.node

GATED = ("accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PAGES = ("home", "zoeken", "organisatie", "wegwijzer")


def run_lighthouse(url: str, report_path) -> dict:
    node = node_path()
    require("Node.js", node is not None, NODE_HINT)
    cli = node_modules() / "lighthouse" / "cli" / "index.js"
    require("npm package lighthouse (node_modules/lighthouse)", cli.is_file(), NPM_CI_HINT)
    chrome = chromium_path()
    require("Debian's chromium", chrome is not None, CHROMIUM_HINT)
    cmd = [
        node,
        str(cli),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=accessibility,best-practices,seo,performance",
        "--output=json",
        f"--output-path={report_path}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert result.returncode == 0 and report_path.is_file(), (
        f"lighthouse failed (exit {result.returncode}) on {url}:\n{result.stderr[-3000:]}"
    )
    return json.loads(report_path.read_text(encoding="utf-8"))


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
def test_lighthouse_scores_100(site_server, built_site, tmp_path, capsys, name):
    urls = {
        "home": "",
        "zoeken": "zoeken/?q=huur",
        "organisatie": org_with_and_without_locations(built_site)[0] or "organisaties/",
        "wegwijzer": "wegwijzer/brief-afsluiting/dijkhaven/",
    }
    url = site_server + urls[name]
    report = run_lighthouse(url, tmp_path / "lighthouse.json")
    assert not report.get("runtimeError"), report.get("runtimeError")
    scores = {key: category["score"] for key, category in report["categories"].items()}
    with capsys.disabled():
        print(
            f"\nLighthouse {urls[name] or 'home'}: performance (mobile) {round(100 * (scores['performance'] or 0))}, "
            + ", ".join(f"{key} {round(100 * (scores[key] or 0))}" for key in GATED)
        )
    failures = []
    for category in GATED:
        if scores[category] != 1:
            failures.append(f"{category}: {scores[category]}")
            failures += lost_points(report, category)
    assert not failures, f"Lighthouse on {url} below 100:\n" + "\n".join(failures)

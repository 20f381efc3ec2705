"""Lighthouse on every page type, on a phone: the mobile performance score and the page weight.

    python bench/lighthouse.py                         # the example and a generated region of 3,000
    python bench/lighthouse.py --regions voorbeeld     # only the example
    python bench/lighthouse.py --site DIR              # an already built site
    python bench/lighthouse.py --json bench/results-lighthouse.json

A page type is a shape of URL path: the first folder, then one `*` per further folder
(`fase/*/`, `wegwijzer/*/*/`, `organisaties/*/`); each content page is a type of its own. Of
each type the largest page is measured, as the worst case. Lighthouse (npm, pinned in
package-lock.json) runs with its default mobile preset (a slow 4G phone) on Debian's Chromium,
against the site served on 127.0.0.1. The search page is opened with a query, as a resident
arriving from the home page does.

It prints per region one row per page type: the performance score (goal: at least 95), the
accessibility, best-practices and SEO scores (the test suite gates these at 100 on three pages),
the page's HTML size gzipped and the largest HTML page of the whole site (goal: at most 100 KB
gzip). The performance score depends on the machine's load, which is why it is measured here and
not asserted in the tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance import CHROMIUM, build_site, serve  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PERFORMANCE_GOAL, LARGEST_GOAL_KB = 95, 100


def gzip_size(path: Path) -> int:
    """Bytes of a file after gzip (level 6, as static hosts serve it)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_types(site: Path) -> dict[str, Path]:
    """The largest HTML page of each URL shape: {shape: file}."""
    largest: dict[str, tuple[int, Path]] = {}
    for path in site.rglob("*.html"):
        parts = path.relative_to(site).parts
        if parts[-1] != "index.html" and parts != ("404.html",):
            continue
        folders = parts[:-1]
        shape = "/".join([folders[0], *["*"] * (len(folders) - 1)]) + "/" if folders else parts[-1]
        size = path.stat().st_size
        if shape not in largest or size > largest[shape][0]:
            largest[shape] = (size, path)
    return {shape: path for shape, (_, path) in sorted(largest.items())}


def url_path(site: Path, page: Path) -> str:
    """The URL path of a page file; the search page with a query."""
    relative = page.relative_to(site).as_posix()
    path = relative[: -len("index.html")] if relative.endswith("index.html") else relative
    return path + "?q=huur" if path == "zoeken/" else path


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile preset): {category: score 0-100}, or {'fout': ...}."""
    cli = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
    cmd = ["node", str(cli), url, f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}",
           "--output=json", f"--output-path={report}", "--quiet"]
    result = subprocess.run(cmd, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
                            timeout=300, stdin=subprocess.DEVNULL)
    if result.returncode != 0 or not report.is_file():
        return {"fout": result.stderr.strip().splitlines()[-1][:120] if result.stderr.strip() else "geen rapport"}
    data = json.loads(report.read_text(encoding="utf-8"))
    return {key: round(100 * (data["categories"][key]["score"] or 0)) for key in CATEGORIES}


def measure(site: Path, tmp: Path) -> dict:
    """Lighthouse on the largest page of every type of a built site, and the largest page overall."""
    rows = []
    with serve(site) as base:
        for shape, page in page_types(site).items():
            path = url_path(site, page)
            scores = lighthouse(base + path, tmp / "lighthouse.json")
            rows.append({"soort": shape, "url": path, "gzip_kb": round(gzip_size(page) / 1024, 1), **scores})
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=gzip_size)
    return {"rows": rows, "largest": {"url": largest.relative_to(site).as_posix(),
                                      "gzip_kb": round(gzip_size(largest) / 1024, 1)},
            "files": sum(1 for p in site.rglob("*") if p.is_file()),
            "mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1)}


def print_region(name: str, result: dict) -> None:
    """One table per region, then the goals."""
    print(f"\n## {name}: {result['files']} files, {result['mb']} MB\n")
    print("| page type | largest page | performance | accessibility | best practices | SEO | HTML gzip KB |")
    print("|---|---|---|---|---|---|---|")
    for r in result["rows"]:
        scores = " | ".join(str(r.get(key, r.get("fout", "?"))) for key in CATEGORIES)
        print(f"| {r['soort']} | {r['url']} | {scores} | {r['gzip_kb']} |")
    low = [r["soort"] for r in result["rows"] if r.get("performance", 0) < PERFORMANCE_GOAL]
    print(f"- performance >= {PERFORMANCE_GOAL} on every page type: "
          + ("yes" if not low else f"no ({', '.join(low)})"))
    largest = result["largest"]
    print(f"- largest HTML page {largest['url']}: {largest['gzip_kb']} KB gzip (goal <= {LARGEST_GOAL_KB}): "
          + ("yes" if largest["gzip_kb"] <= LARGEST_GOAL_KB else "no"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", default="voorbeeld,3000", help="voorbeeld and/or sizes to generate")
    parser.add_argument("--site", help="an already built site")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        tmp = Path(tmp)
        sites = []
        if args.site:
            sites.append(("site", Path(args.site)))
        else:
            for region in args.regions.split(","):
                if region == "voorbeeld":
                    sites.append(("voorbeeld (30)", build_site(tmp / "voorbeeld")))
                else:
                    import generate

                    folder = tmp / f"n{region}"
                    generate.generate(int(region), folder / "organisations")
                    sites.append((f"gegenereerd ({region})",
                                  build_site(folder / "site", organisations=folder / "organisations")))
        for name, site in sites:
            results[name] = measure(site, tmp)
            print_region(name, results[name])
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

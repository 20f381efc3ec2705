"""Lighthouse on every page type, on a phone: the mobile performance score and the page weight.

    python bench/lighthouse.py                         # the example and a generated region of 3,000
    python bench/lighthouse.py --regions voorbeeld     # only the example
    python bench/lighthouse.py --site DIR              # an already built site
    python bench/lighthouse.py --pages home,print-item # only these page types (to re-run one alone)
    python bench/lighthouse.py --gzip                  # text files served gzipped, as a static host does
    python bench/lighthouse.py --json bench/results-lighthouse.json

The page types are the quality gates' own list (tests/site_pages.py, page_types): the home page,
the search page with and without a query, every other URL shape (a top-level folder, then one `*`
per further folder: `fase/*/`, `wegwijzer/*/*/*/`, `organisaties/*/`; each content page is a type
of its own), the verwijskaart with a list, and the 404 page. Of each shape the largest page is
measured, as the worst case. On the example, two more builds add what only they have: the partner
build's overview (`overzicht/`, `overzicht/*/`), and a build with an entry in verhuisd.yaml (the
page left at a stopped organisation's address). Lighthouse (npm, pinned in package-lock.json)
runs with its default mobile preset (a slow 4G phone) on Debian's Chromium, against the site
served on 127.0.0.1.

It prints per region one row per page type: the performance score (goal: at least 95), the
accessibility, best-practices and SEO scores (goal 100; the test suite gates these on four pages),
the metrics behind the performance score (LCP, TBT, CLS: a high TBT with a fast LCP on a busy
machine is load, a shift or a late LCP is the page), the page's HTML size gzipped and the largest
HTML page of the whole site (goal: at most 100 KB gzip). The performance score depends on the
machine's load, which is why it is measured here and not asserted in the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "tests"))
from browser_flags import CHROMIUM_FLAGS  # noqa: E402
from relevance import CHROMIUM, TODAY, _QuietHandler, _QuietServer, build_site, serve  # noqa: E402

from site_pages import page_types  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_FLAGS])
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PERFORMANCE_GOAL, LARGEST_GOAL_KB = 95, 100


def gzip_size(path: Path) -> int:
    """Bytes of a file after gzip (level 6, as static hosts serve it)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def page_file(site: Path, url: str) -> Path:
    """The HTML file behind a page's url (its query string left off)."""
    path = url.split("?")[0]
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


class _GzipHandler(_QuietHandler):
    """Text files gzipped (level 6) when the browser accepts it, as a static host serves them."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            not path.is_file()
            or not path.name.endswith(self.TEXT)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_gzip(site: Path):
    """Like relevance.serve, with text files gzipped."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def extra_builds(tmp: Path) -> list[tuple[str, Path, list[tuple[str, str]]]]:
    """The example's pages that only another build has: (name, site, [(page type, url)])."""
    partner = tmp / "partner"
    subprocess.run(
        [
            sys.executable,
            "build.py",
            "build",
            "--out",
            str(partner),
            "--today",
            TODAY,
            "--partners",
            str(REPO / "voorbeeld-partners"),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    own = sorted(p for p in partner.glob("overzicht/**/index.html"))
    largest = max(own[1:], key=lambda p: p.stat().st_size) if len(own) > 1 else None
    pages = [("partner: overzicht", "overzicht/")] if own else []
    if largest:
        pages.append(("partner: overzicht-item", largest.relative_to(partner).parent.as_posix() + "/"))
    content = tmp / "content-verhuisd"
    shutil.copytree(REPO / "content", content)
    (content / "verhuisd.yaml").write_text(
        "geldmaatjes-dijkhaven: schuldhulpmaatje-dijkhaven\nbudgetcafe-wierdam: gestopt\n", encoding="utf-8"
    )
    moved = build_site(tmp / "verhuisd", content=content)
    return [
        ("voorbeeld, partnerbuild", partner, pages),
        ("voorbeeld, verhuisd.yaml", moved, [("verhuisd (gestopt)", "organisaties/budgetcafe-wierdam/")]),
    ]


def lighthouse(url: str, report: Path) -> dict:
    """One Lighthouse run (mobile preset): {category: score 0-100, metric: value}, or {'fout': ...}."""
    cli = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
    cmd = [
        "node",
        str(cli),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    result = subprocess.run(
        cmd,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0 or not report.is_file():
        return {"fout": result.stderr.strip().splitlines()[-1][:120] if result.stderr.strip() else "geen rapport"}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: round(100 * (data["categories"][key]["score"] or 0)) for key in CATEGORIES}
    audits = data["audits"]
    lost = [
        ref["id"]
        for key in CATEGORIES[1:]
        for ref in data["categories"][key]["auditRefs"]
        if ref.get("weight") and (audits[ref["id"]].get("score") is not None) and audits[ref["id"]]["score"] < 1
    ]
    return {
        **scores,
        "verloren": lost,
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 1),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def measure(
    site: Path, tmp: Path, pages: list[tuple[str, str]], only: set[str] | None = None, compress: bool = False
) -> dict:
    """Lighthouse on the given pages (page type, url) of a built site, and the site's largest page."""
    rows = []
    with (serve_gzip if compress else serve)(site) as base:
        for name, url in pages:
            if only and name not in only:
                continue
            scores = lighthouse(base + url, tmp / "lighthouse.json")
            print(f"{name} {url}: {scores}", file=sys.stderr, flush=True)  # progress: a region takes minutes
            html = page_file(site, url).read_text(encoding="utf-8")
            rows.append(
                {
                    "soort": name,
                    "url": url,
                    "gzip_kb": round(gzip_size(page_file(site, url)) / 1024, 1),
                    "noindex": '<meta name="robots" content="noindex' in html,
                    **scores,
                }
            )
    html = list(site.rglob("*.html"))
    largest = max(html, key=gzip_size)
    return {
        "rows": rows,
        "largest": {"url": largest.relative_to(site).as_posix(), "gzip_kb": round(gzip_size(largest) / 1024, 1)},
        "files": sum(1 for p in site.rglob("*") if p.is_file()),
        "mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1),
    }


def print_region(name: str, result: dict) -> None:
    """One table per region, then the goals."""
    print(f"\n## {name}: {result['files']} files, {result['mb']} MB\n")
    print(
        "| page type | largest page | performance | accessibility | best practices | SEO "
        "| LCP s | TBT ms | CLS | HTML gzip KB | points lost on |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in result["rows"]:
        scores = " | ".join(str(r.get(key, r.get("fout", "?"))) for key in (*CATEGORIES, "lcp_s", "tbt_ms", "cls"))
        print(f"| {r['soort']} | {r['url']} | {scores} | {r['gzip_kb']} | {', '.join(r.get('verloren', []))} |")
    low = [r["soort"] for r in result["rows"] if r.get("performance", 0) < PERFORMANCE_GOAL]
    print(
        f"- performance >= {PERFORMANCE_GOAL} on every page type: " + ("yes" if not low else f"no ({', '.join(low)})")
    )
    # A page that asks not to be indexed (the partner build, an old address) loses SEO's is-crawlable on purpose.
    below = [
        f"{r['soort']} {key}"
        for r in result["rows"]
        for key in CATEGORIES[1:]
        if r.get(key, 0) < 100 and not (key == "seo" and r.get("noindex") and r.get("verloren") == ["is-crawlable"])
    ]
    print(
        "- accessibility, best practices and SEO 100 on every page type (is-crawlable on a noindex page on purpose): "
        + ("yes" if not below else f"no ({', '.join(below)})")
    )
    largest = result["largest"]
    print(
        f"- largest HTML page {largest['url']}: {largest['gzip_kb']} KB gzip (goal <= {LARGEST_GOAL_KB}): "
        + ("yes" if largest["gzip_kb"] <= LARGEST_GOAL_KB else "no")
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", default="voorbeeld,3000", help="voorbeeld and/or sizes to generate")
    parser.add_argument("--site", help="an already built site")
    parser.add_argument("--pages", help="only these page types, comma-separated (as in the table)")
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="serve text files gzipped, as a static host does (default: as they are, like http.server)",
    )
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    only = set(args.pages.split(",")) if args.pages else None
    results = {}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        tmp = Path(tmp)
        sites = []
        if args.site:
            sites.append(("site", Path(args.site), None))
        else:
            for region in args.regions.split(","):
                if region == "voorbeeld":
                    sites.append(("voorbeeld (30)", build_site(tmp / "voorbeeld"), None))
                    sites += extra_builds(tmp)
                else:
                    import generate

                    folder = tmp / f"n{region}"
                    generate.generate(int(region), folder / "organisations")
                    sites.append(
                        (
                            f"gegenereerd ({region})",
                            build_site(folder / "site", organisations=folder / "organisations"),
                            None,
                        )
                    )
        for name, site, pages in sites:
            if pages is None:
                pages = list(page_types(site, largest=True).items())
            results[name] = measure(site, tmp, pages, only, args.gzip)
            print_region(name, results[name])
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

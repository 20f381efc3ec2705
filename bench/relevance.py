"""Relevance of the search page, measured through the real page in headless Chromium.

    python bench/relevance.py                      # build the example region into a tmp folder
    python bench/relevance.py --site site/         # an already built site
    python bench/relevance.py --queries FILE.yaml  # another query set (same format; repeatable)
    python bench/relevance.py --organisations DIR --content DIR   # build another region first
    python bench/relevance.py --check              # exit 1 below the targets
    python bench/relevance.py --zoekindex per-gemeente   # build with a search file per gemeente
    python bench/relevance.py --per-gemeente       # also: every query within each gemeente

--zoekindex overrides `zoekindex` of content/instellingen.yaml for the build (een: one file for
the whole map; per-gemeente: a file per gemeente plus the landelijk one); it needs a build, so
not with --site. --per-gemeente runs
every query once more in each gemeente where one of its right answers works, as
/zoeken/?gemeente=<slug>&q=..., with only those right answers counting: in the per-gemeente
mode that is the search over the gemeente's own file and the landelijk one.

By default two query sets are scored: tests/zoekvragen.yaml (the tuned set: the targets and
--check apply to it) and tests/zoekvragen-heldout.yaml (held out: nobody tunes the search on it,
so it shows whether a change is general; reported, never a gate).

Each query is opened as /zoeken/?overal=1&meer=1&q=... (meer=1: all results, not only the first
page; overal=1: all gemeenten, which a map with a file per gemeente searches only when asked),
the script waits for `html[data-zoeken=klaar]` (set by
zoeken.js once the index is loaded and the results are shown) and reads the links to
organisation pages inside #resultaten, in order. It prints success@5 (share of queries with a
right answer in the first five) and MRR (mean of 1/rank of the first right answer, 0 if none,
over all results), per kind of query, and every miss with what came up instead.

The helpers here (build, serve, browser) are also used by bench/search_speed.py and the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(1, str(REPO / "tests"))
from browser_flags import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

TODAY = "2026-11-26"
QUERIES = REPO / "tests" / "zoekvragen.yaml"
HELDOUT = REPO / "tests" / "zoekvragen-heldout.yaml"
TARGET_SUCCESS, TARGET_MRR = 0.95, 0.85
ORG_LINK = re.compile(r"/organisaties/([a-z0-9-]+)/?$")


# --- building and serving ------------------------------------------------------------------


def with_zoekindex(content: Path | None, mode: str, folder: Path) -> Path:
    """A copy of the content folder (default: the repository's) whose instellingen.yaml sets zoekindex."""
    folder = Path(folder)
    shutil.copytree(content or REPO / "content", folder)
    settings = folder / "instellingen.yaml"
    lines = [line for line in settings.read_text(encoding="utf-8").splitlines() if not line.startswith("zoekindex:")]
    settings.write_text("\n".join(lines + [f"zoekindex: {mode}"]) + "\n", encoding="utf-8")
    return folder


def build_site(
    out: Path, organisations: Path | None = None, content: Path | None = None, zoekindex: str | None = None
) -> Path:
    """Build a site with build.py into `out` (reference date fixed); return `out`.
    `zoekindex` (een, per-gemeente) overrides the content's setting, through a copy of the content
    in a temporary folder (removed after the build: nothing is left beside `out`)."""
    with tempfile.TemporaryDirectory(prefix="zoeken-content-") as tmp:
        if zoekindex:
            content = with_zoekindex(content, zoekindex, Path(tmp) / "content")
        cmd = [sys.executable, "build.py", "build", "--out", str(out), "--today", TODAY]
        if organisations:
            cmd += ["--organisations", str(organisations)]
        if content:
            cmd += ["--content", str(content)]
        result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise SystemExit(f"build failed ({' '.join(cmd[1:])}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a browser that hangs up mid-file is no error here
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve a folder on 127.0.0.1 and a free port, in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def browser():
    """Debian's Chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@contextlib.contextmanager
def site_for(args) -> Path:
    """The site to measure: --site as given, or a fresh build in a temporary folder."""
    if args.site:
        yield Path(args.site)
        return
    with tempfile.TemporaryDirectory(prefix="zoeken-bench-") as tmp:
        yield build_site(Path(tmp) / "site", args.organisations, args.content, getattr(args, "zoekindex", None))


# --- the queries -----------------------------------------------------------------------------


def load_queries(path: Path) -> list[dict]:
    """[{vraag, soort, goed: [slug, ...]}, ...] from a zoekvragen YAML file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = data["vragen"] if isinstance(data, dict) else data
    for q in queries:
        q["vraag"] = str(q["vraag"])
        q["goed"] = [str(s) for s in q["goed"]]
        q.setdefault("soort", "overig")
    return queries


def result_slugs(page, base_url: str, query: str, timeout: float = 10_000, gemeente: str | None = None) -> list[str]:
    """The organisations the search page shows for a query (within a gemeente), in rank order."""
    where = f"gemeente={quote(gemeente)}&" if gemeente else "overal=1&"
    page.goto(f"{base_url}zoeken/?{where}meer=1&q={quote(query)}", wait_until="domcontentloaded")
    page.wait_for_selector("html[data-zoeken=klaar]", state="attached", timeout=timeout)
    hrefs = page.eval_on_selector_all("#resultaten a[href]", "links => links.map(a => a.href)")
    slugs: list[str] = []
    for href in hrefs:
        match = ORG_LINK.search(urlsplit(href).path)
        if match and match.group(1) not in slugs:
            slugs.append(match.group(1))
    return slugs


def evaluate(page, base_url: str, queries: list[dict]) -> dict:
    """Run every query through the page; success@5, MRR, per kind, and the misses."""
    rows = []
    for q in queries:
        got = result_slugs(page, base_url, q["vraag"])
        rank = next((i + 1 for i, slug in enumerate(got) if slug in q["goed"]), None)
        rows.append({**q, "top": got[:5], "aantal": len(got), "rang": rank})
    return summarise(rows)


def map_docs(site: Path) -> dict[str, dict]:
    """Slug -> display record of every organisation, from the site's whole-map search file."""
    data = json.loads((Path(site) / "zoeken" / "zoekindex.json").read_text(encoding="utf-8"))
    return {d["u"]: d for d in data["docs"]}


def evaluate_per_gemeente(page, base_url: str, queries: list[dict], docs: dict[str, dict]) -> dict:
    """Every query in every gemeente where one of its right answers works (landelijk ones work
    everywhere); only those answers count."""
    gemeenten = sorted({g for d in docs.values() for g in d["g"]})
    rows = []
    for q in queries:
        for gemeente in gemeenten:
            goed = [s for s in q["goed"] if s in docs and (docs[s].get("l") or gemeente in docs[s]["g"])]
            if not goed:
                continue
            got = result_slugs(page, base_url, q["vraag"], gemeente=gemeente)
            rank = next((i + 1 for i, slug in enumerate(got) if slug in goed), None)
            rows.append(
                {
                    **q,
                    "vraag": f"{q['vraag']} [{gemeente}]",
                    "goed": goed,
                    "top": got[:5],
                    "aantal": len(got),
                    "rang": rank,
                }
            )
    return summarise(rows)


def summarise(rows: list[dict]) -> dict:
    """success@5 and MRR over the rows, per kind, and the rows not answered on top."""

    def scores(subset):
        n = len(subset) or 1
        return {
            "n": len(subset),
            "success@5": sum(1 for r in subset if r["rang"] and r["rang"] <= 5) / n,
            "mrr": sum(1 / r["rang"] for r in subset if r["rang"]) / n,
        }

    kinds = sorted({r["soort"] for r in rows})
    return {
        **scores(rows),
        "per_soort": {k: scores([r for r in rows if r["soort"] == k]) for k in kinds},
        "missers": [r for r in rows if not r["rang"] or r["rang"] > 1],
        "rijen": rows,
    }


def report(summary: dict, out=sys.stdout, targets: bool = True) -> None:
    """The table per kind of query, the total, and every query whose first right answer is not on top."""
    print(f"{'soort':<14}{'n':>4}{'success@5':>11}{'MRR':>7}", file=out)
    for kind, s in summary["per_soort"].items():
        print(f"{kind:<14}{s['n']:>4}{s['success@5']:>11.3f}{s['mrr']:>7.3f}", file=out)
    goal = (
        f"   (doel: success@5 >= {TARGET_SUCCESS}, MRR >= {TARGET_MRR})"
        if targets
        else "   (achtergehouden: geen doel)"
    )
    print(f"{'totaal':<14}{summary['n']:>4}{summary['success@5']:>11.3f}{summary['mrr']:>7.3f}{goal}", file=out)
    misses = summary["missers"]
    if misses:
        print("\nNiet op plaats 1 (rang van het eerste goede antwoord; - = niet in de resultaten):", file=out)
        for r in sorted(misses, key=lambda r: (r["rang"] is not None and r["rang"] <= 5, r["rang"] or 0)):
            rank = r["rang"] if r["rang"] else "-"
            print(f"  [{rank}] {r['vraag']!r} ({r['soort']}, {r['aantal']} resultaten)", file=out)
            print(f"        goed: {', '.join(r['goed'][:4])}{' ...' if len(r['goed']) > 4 else ''}", file=out)
            print(f"        top5: {', '.join(r['top']) or '(niets)'}", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", help="an already built site folder (default: build the example into a tmp dir)")
    parser.add_argument(
        "--queries",
        action="append",
        help="zoekvragen YAML, may be repeated (default: tests/zoekvragen.yaml, then the held-out "
        "tests/zoekvragen-heldout.yaml); --check applies to the first",
    )
    parser.add_argument("--organisations", help="build from this organisations folder")
    parser.add_argument("--content", help="build with this content folder")
    parser.add_argument(
        "--zoekindex",
        choices=["een", "per-gemeente"],
        help="build with this search-file mode (overrides content/instellingen.yaml)",
    )
    parser.add_argument(
        "--per-gemeente", action="store_true", help="also run every query within each gemeente of its right answers"
    )
    parser.add_argument("--json", help="also write the full results to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when below the targets")
    args = parser.parse_args(argv)
    if args.site and (args.zoekindex or args.organisations or args.content):
        parser.error(
            "--zoekindex, --organisations and --content build a site: not with --site "
            "(build it in that mode yourself, or leave out --site)"
        )
    paths = [Path(q) for q in args.queries] if args.queries else [QUERIES, HELDOUT]
    sets = {str(path): load_queries(path) for path in paths}
    summaries = {}
    with site_for(args) as site, serve(site) as base_url, browser() as chromium:
        page = chromium.new_page(locale="nl-NL", timezone_id="Europe/Amsterdam")
        for name, queries in sets.items():
            summaries[name] = evaluate(page, base_url, queries)
            if args.per_gemeente:
                summaries[name]["per_gemeente"] = evaluate_per_gemeente(page, base_url, queries, map_docs(site))
    for index, (name, summary) in enumerate(summaries.items()):
        print(f"\n=== {display_name(name)} ===")
        report(summary, targets=index == 0)
        if args.per_gemeente:
            print("\nBinnen een gemeente (/zoeken/?gemeente=...&q=..., alleen de goede antwoorden die daar werken):")
            report(summary["per_gemeente"], targets=index == 0)
    if len(summaries) > 1:
        print("\nSamenvatting (success@5 / MRR):")
        for name, summary in summaries.items():
            print(f"  {display_name(name):<34}{summary['n']:>4}  {summary['success@5']:.3f} / {summary['mrr']:.3f}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({display_name(n): s for n, s in summaries.items()}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    first = next(iter(summaries.values()))
    ok = first["success@5"] >= TARGET_SUCCESS and first["mrr"] >= TARGET_MRR
    return 0 if ok or not args.check else 1


def display_name(path: str) -> str:
    """A query file's path relative to the repository when it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(REPO))
    except ValueError:
        return path


if __name__ == "__main__":
    sys.exit(main())

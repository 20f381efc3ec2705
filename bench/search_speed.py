"""Speed and download size of the search page, measured in headless Chromium.

    python bench/search_speed.py                 # example region + a generated region of 3,000
    python bench/search_speed.py --n 0           # example region only
    python bench/search_speed.py --n 300 --n 3000
    python bench/search_speed.py --site DIR      # an already built site (instead of the example)

For each region it builds the site into a temporary folder, serves it on 127.0.0.1 and opens
/zoeken/ several times with an empty HTTP cache (in a running browser). It reports:

- bytes: every file the page fetched before the index was searchable, each gzip-compressed
  (level 6, like a web server), as the total and as the search part (scripts + index);
- searchable: ms from navigation start to the `zoeken:klaar` performance mark that zoeken.js
  sets once the index is loaded and the first results are on the page (median of the runs),
  split into fetching the index and loading it (Index.load, first render);
- per query: the `zoeken:render` performance measure zoeken.js puts around the search and the
  rendering of the results (the debounce delay is not in it), median over 20 typed queries,
  each typed three times.

The figures are printed as a table and written to bench/results-zoeken.json.
Targets for the example region: <= 60 KB gzip, <= 100 ms to searchable, <= 30 ms per query.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance  # noqa: E402  (bench/relevance.py: build, serve, browser, queries)

REPO = relevance.REPO
RESULTS = REPO / "bench" / "results-zoeken.json"
TARGETS = {"kb_gzip": 60, "ms_klaar": 100, "ms_query": 30}
RUNS = 7
TYPED = 20


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def generate_region(n: int, folder: Path) -> Path:
    """N organisation files: bench/generate.py when it is there, else copies of the example."""
    generator = REPO / "bench" / "generate.py"
    if generator.is_file():
        spec = importlib.util.spec_from_file_location("bench_generate", generator)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.generate(n, folder)
        return folder
    return clone_example(n, folder)


def clone_example(n: int, folder: Path) -> Path:
    """Fallback generator: the example organisations again and again, in invented gemeenten."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((REPO / "organisations").glob("*.yaml"))
    heads = ["Dijk", "Veen", "Wier", "Oost", "West", "Berg", "Hoog", "Zand", "Brug", "Heem", "Mol", "Eik"]
    tails = ["haven", "veen", "dam", "dijk", "wijk", "hoven", "berg", "dorp", "meer", "horst"]
    places = [h + t for h in heads for t in tails]
    for i in range(n):
        src = sources[i % len(sources)]
        data = yaml.load(src.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        place = places[(i // len(sources)) % len(places)]
        data["naam"] = f"{data['naam']} {place} {i}"[:120]
        if "gemeenten" in data["werkgebied"]:
            data["werkgebied"] = {"gemeenten": [place]}
        for loc in data.get("locaties", []):
            loc["plaats"] = place
        (folder / f"{src.stem}-{i}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                    encoding="utf-8")
    return folder


def typed_queries() -> list[str]:
    """20 queries of the relevance set, spread over its kinds."""
    queries = [q["vraag"] for q in relevance.load_queries(relevance.QUERIES)]
    step = max(1, len(queries) // TYPED)
    return queries[::step][:TYPED]


def measure_loads(browser, base_url: str, runs: int) -> list[dict]:
    """`runs` first visits of /zoeken/ with an empty cache: bytes fetched until searchable, and timings.

    One browser context (a resident's browser is already running): before each visit the page
    goes to about:blank and the HTTP cache is cleared, so every file is fetched again.
    """
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    page.goto(base_url + "assets/style.css")  # start the site's renderer once, outside the measurement
    site = urlsplit(base_url).netloc
    visits = []
    for _ in range(runs):
        page.goto("about:blank")
        cdp.send("Network.clearBrowserCache")
        responses = []
        listener = lambda response: responses.append(response)  # noqa: E731
        page.on("response", listener)
        page.goto(base_url + "zoeken/", wait_until="domcontentloaded")
        page.wait_for_selector("html[data-zoeken=klaar]", state="attached", timeout=60_000)
        page.wait_for_load_state("load")
        page.remove_listener("response", listener)
        timings = page.evaluate("""() => {
            const at = name => (performance.getEntriesByName(name)[0] || {}).startTime;
            const nav = performance.getEntriesByType('navigation')[0];
            return {klaar: at('zoeken:klaar'), start: at('zoeken:start'), index: at('zoeken:index-ontvangen'),
                    load: nav.loadEventStart, dcl: nav.domContentLoadedEventStart};
        }""")
        files = {}
        for response in responses:
            url = urlsplit(response.url)
            if url.netloc != site or response.status != 200:
                continue
            body = response.body()
            files[url.path] = {"bytes": len(body), "gzip": gz(body)}
        visits.append({"timings": timings, "files": files})
    context.close()
    return visits


def measure_queries(browser, base_url: str, queries: list[str], repeat: int = 3) -> list[float]:
    """Durations (ms) of the zoeken:render measure for each typed query."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    page.goto(base_url + "zoeken/", wait_until="domcontentloaded")
    page.wait_for_selector("html[data-zoeken=klaar]", state="attached", timeout=60_000)
    durations = []
    for _ in range(repeat):
        for query in queries:
            before = page.evaluate("() => performance.getEntriesByName('zoeken:render').length")
            page.fill("#q", query)
            page.wait_for_function("n => performance.getEntriesByName('zoeken:render').length > n", arg=before,
                                   timeout=60_000)
            durations.append(page.evaluate(
                "() => { const m = performance.getEntriesByName('zoeken:render'); return m[m.length - 1].duration; }"))
    context.close()
    return durations


def measure_site(browser, site: Path, name: str, organisations: int) -> dict:
    with relevance.serve(site) as base_url:
        loads = measure_loads(browser, base_url, RUNS)
        durations = measure_queries(browser, base_url, typed_queries())
    files = loads[-1]["files"]
    search_parts = {p: f for p, f in files.items() if p.endswith(".js") or p.endswith(".json")}
    klaar = [run["timings"]["klaar"] for run in loads]
    after_load = [run["timings"]["klaar"] - run["timings"]["load"] for run in loads]
    fetch = [run["timings"]["index"] - run["timings"]["start"] for run in loads]
    load = [run["timings"]["klaar"] - run["timings"]["index"] for run in loads]
    return {
        "regio": name, "organisaties": organisations,
        "kb_gzip": round(sum(f["gzip"] for f in files.values()) / 1024, 1),
        "kb_gzip_zoekdeel": round(sum(f["gzip"] for f in search_parts.values()) / 1024, 1),
        "kb_index_gzip": round(sum(f["gzip"] for p, f in files.items() if p.endswith(".json")) / 1024, 1),
        "ms_klaar": round(statistics.median(klaar), 1),
        "ms_na_load": round(statistics.median(after_load), 1),
        "ms_index_ophalen": round(statistics.median(fetch), 1),
        "ms_index_laden": round(statistics.median(load), 1),
        "ms_query": round(statistics.median(durations), 2),
        "ms_query_p90": round(sorted(durations)[int(len(durations) * 0.9) - 1], 2),
        "bestanden": {p: f for p, f in sorted(files.items())},
    }


def print_table(rows: list[dict]) -> None:
    header = (f"{'regio':<22}{'orgs':>6}{'KB gzip':>9}{'(zoek)':>8}{'(index)':>9}{'ms klaar':>10}"
              f"{'na load':>9}{'(ophalen':>10}{'+ laden)':>10}{'ms/query':>10}{'p90':>7}")
    print(header)
    for r in rows:
        print(f"{r['regio']:<22}{r['organisaties']:>6}{r['kb_gzip']:>9.1f}{r['kb_gzip_zoekdeel']:>8.1f}"
              f"{r['kb_index_gzip']:>9.1f}{r['ms_klaar']:>10.1f}{r['ms_na_load']:>9.1f}{r['ms_index_ophalen']:>10.1f}"
              f"{r['ms_index_laden']:>10.1f}{r['ms_query']:>10.2f}{r['ms_query_p90']:>7.2f}")
    print("KB gzip: alles wat de pagina ophaalt tot zoeken kan (zoek: alleen scripts + index); ms klaar: vanaf het"
          " begin van de navigatie; na load: vanaf het load-event (negatief: al klaar voor load)")
    print(f"doel voor het voorbeeld: <= {TARGETS['kb_gzip']} KB gzip, <= {TARGETS['ms_klaar']} ms tot zoekbaar, "
          f"<= {TARGETS['ms_query']} ms per zoekvraag (mediaan)")
    example = rows[0]
    print("bestanden van het voorbeeld (gzip):", ", ".join(
        f"{Path(p).name} {f['gzip'] / 1024:.1f}" for p, f in example["bestanden"].items()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", help="measure this built site as the example region")
    parser.add_argument("--n", type=int, action="append",
                        help="also measure a generated region of N organisations (default 3000; 0: none)")
    parser.add_argument("--out", default=str(RESULTS), help="where to write the figures (JSON)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the example misses a target")
    args = parser.parse_args(argv)
    sizes = [n for n in (args.n or [3000]) if n > 0]
    rows = []
    with relevance.browser() as browser, tempfile.TemporaryDirectory(prefix="zoeken-speed-") as tmp:
        tmp = Path(tmp)
        site = Path(args.site) if args.site else relevance.build_site(tmp / "voorbeeld")
        count = len(json.loads((site / "zoeken" / "zoekindex.json").read_text(encoding="utf-8"))["docs"])
        rows.append(measure_site(browser, site, "voorbeeld (Dijkhaven)", count))
        for n in sizes:
            organisations = generate_region(n, tmp / f"orgs-{n}")
            built = relevance.build_site(tmp / f"site-{n}", organisations)
            rows.append(measure_site(browser, built, f"gegenereerd {n}", n))
    print_table(rows)
    Path(args.out).write_text(json.dumps({"doelen": TARGETS, "metingen": rows}, indent=1, ensure_ascii=False),
                              encoding="utf-8")
    print(f"geschreven: {args.out}")
    example = rows[0]
    ok = all(example[k] <= v for k, v in TARGETS.items())
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())

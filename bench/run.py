"""The benchmark: our build against Hugo + Pagefind on the same generated organisation files.

    python bench/run.py [--sizes 300,3000,20000] [--repeat 3] [--memory-repeat N] [--out-dir DIR]
                        [--no-browser] [--no-serve]

For each size N it generates one synthetic region (bench/generate.py, seed 1) into
bench/work/nN/, converts it once for Hugo (bench/hugo_site.py), and then measures, --repeat
times each, in alternation: our full build, Hugo, and Pagefind on Hugo's output, each after
the previous output of its side is removed. Each command runs as a child process: wall time
from start to exit, CPU time (user + sys of the child and every process it waited for, from
os.wait4). These timed runs are not watched for memory: peak memory comes from
--memory-repeat further runs of each (default: as many), as the largest sum of RSS and of PSS
over the whole process tree, polled every 20 ms with psutil (at least the child's own
ru_maxrss). Both sides write their output side by side in bench/work/nN/uit (one parent
folder, so the disk treats them alike), or under --out-dir: a folder on tmpfs leaves the disk out (the table says which file system it was). Then, in headless
Chromium, the search pages of both sites (bytes a resident downloads before the first result,
gzip; time from load to a searchable index; median time of search-and-render over 20
queries), and at N=3,000 serve mode (time from saving one changed organisation file to the
new page on disk). Medians of the repeats are reported.

Prints one table and writes bench/results.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import psutil

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(REPO / "tests"))

import hugo_site  # noqa: E402
from browser_flags import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from pages import largest_html, largest_page_lines, largest_page_rows  # noqa: E402

import generate  # noqa: E402

TODAY = "2026-11-26"
SEED = 1
QUERIES = [
    "huur",
    "schulden",
    "maatje",
    "post",
    "energierekening",
    "administratie",
    "budgetcoach",
    "voedselbank",
    "jongeren",
    "ondernemer",
    "formulieren",
    "toeslagen",
    "belastingdienst",
    "inloop",
    "gratis",
    "arabisch",
    "thuisadministratie",
    "geldzorgen",
    "deurwaarder",
    "zorgverzekering",
]
FIRST_QUERY = "huur"
CHROMIUM_ARGS = [*CHROMIUM_FLAGS, "--disable-quic"]


# --- measuring one command -------------------------------------------------------------------


def measure(
    cmd: list[str], cwd: Path = REPO, log: Path | None = None, env: dict | None = None, memory: bool = False
) -> dict:
    """Run `cmd` to its end: wall and CPU seconds and exit code; with `memory`, peak memory as well.

    Peak memory is polled (psutil reads every process's smaps every 20 ms), which takes CPU from
    the same two cores and touches the build's page tables; so a run that is timed is never
    polled, and memory comes from runs of its own (bench/README.md)."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=out, env=env)
    peak = peak_pss = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak, peak_pss
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            total = pss = 0
            try:
                tree = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            for p in tree:
                try:
                    # PSS shares a page between the processes that map it (fork), RSS counts it in each.
                    info = p.memory_full_info()
                    total += info.rss
                    pss += getattr(info, "pss", info.rss)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            peak = max(peak, total)
            peak_pss = max(peak_pss, pss)
            stop.wait(0.02)

    poller = threading.Thread(target=poll, daemon=True)
    if memory:
        poller.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    if memory:
        poller.join()
    if log:
        out.close()
    result = {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "exit": proc.returncode,
    }
    if memory:
        result["peak_rss_mb"] = max(peak, usage.ru_maxrss * 1024) / 2**20
        result["peak_pss_mb"] = peak_pss / 2**20
    return result


def median_of(runs: list[dict]) -> dict:
    """Per key the median over the runs (exit: the worst)."""
    result = {key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "exit"}
    result["exit"] = max(abs(run["exit"]) for run in runs)
    result["runs"] = len(runs)
    return result


def tree_size(folder: Path) -> dict:
    """Number of files and their total bytes (apparent size)."""
    count = size = 0
    for root, _, names in os.walk(folder):
        for name in names:
            count += 1
            size += os.path.getsize(os.path.join(root, name))
    return {"files": count, "mb": size / 2**20}


def pagefind_binary() -> list[str]:
    """The Pagefind binary the PyPI wheel ships (no download at run time)."""
    try:
        import pagefind_bin_extended as package

        name = "pagefind_extended"
    except ImportError:
        import pagefind_bin as package

        name = "pagefind"
    return [str(Path(package.__file__).parent / name)]


# --- builds ------------------------------------------------------------------------------------


def prepare(n: int) -> dict:
    """Generate the region and its Hugo copy once; the same files for every measurement."""
    base = WORK / f"n{n}"
    orgs = base / "organisations"
    started = time.perf_counter()
    names = generate.generate(n, orgs, seed=SEED)
    generated = time.perf_counter() - started
    content = base / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(REPO / "content", content)
    started = time.perf_counter()
    hugo_site.write_site(orgs, base / "hugo")
    converted = time.perf_counter() - started
    sizes = {}
    for name in names:
        sizes[name] = 0
    for path in orgs.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for name in names:
            if name in text:
                sizes[name] += 1
    gemeente = max(names, key=lambda g: sizes[g])
    return {
        "base": base,
        "orgs": orgs,
        "content": content,
        "gemeenten": names,
        "gemeente": gemeente,
        "generate_s": generated,
        "hugo_convert_s": converted,
    }


CODE = WORK / "code"


def snapshot_code() -> Path:
    """A copy of our generator (build.py, schema.py, kaart/, templates/) for the whole run.

    Every measurement of ours runs this copy, so edits in the work tree during a run change
    nothing, and serve mode is not woken by them. It is the last commit (git archive HEAD);
    BENCH_WORKTREE=1 measures the work tree as it is instead."""
    if CODE.exists():
        shutil.rmtree(CODE)
    CODE.mkdir(parents=True)
    names = ["build.py", "schema.py", "kaart", "templates"]
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"] + names, cwd=REPO, capture_output=True)
    if archive.returncode == 0 and not os.environ.get("BENCH_WORKTREE"):
        # The committed code, not whatever is half-edited in the work tree.
        subprocess.run(["tar", "-x", "-C", str(CODE)], input=archive.stdout, check=True)
        return CODE / "build.py"
    for name in names:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, CODE / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, CODE / name)
    return CODE / "build.py"


def ours_cmd(region: dict, out: Path) -> list[str]:
    return [
        sys.executable,
        str(CODE / "build.py"),
        "build",
        "--organisations",
        str(region["orgs"]),
        "--content",
        str(region["content"]),
        "--out",
        str(out),
        "--today",
        TODAY,
    ]


def output_folders(region: dict, out_dir: Path | None) -> tuple[Path, Path]:
    """Where our build and Hugo write: side by side in one folder, bench/work/nN/uit/site and
    …/uit/public, or under `out_dir`/nN. One parent for both: on a disk that charges new files for
    the files deleted there lately (this machine's ext4, bench/README.md), the two then pay alike."""
    place = region["base"] / "uit" if out_dir is None else out_dir / region["base"].name
    return place / "site", place / "public"


def shown_path(folder: Path) -> str:
    """A folder as results.json records it: relative to the repository when inside it, so the
    committed file names no path of the machine that ran it."""
    folder = Path(folder).resolve()
    return folder.relative_to(REPO).as_posix() if folder.is_relative_to(REPO) else str(folder)


def file_system(folder: Path) -> str:
    """The type of the file system `folder` is on (ext4, tmpfs, ...), from the mount table."""
    target = os.path.realpath(folder)
    best, kind = "", "onbekend"
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = fields[1].replace("\\040", " ")
                inside = target == point or target.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, kind = point, fields[2]
    except OSError:
        pass
    return kind


def build_commands(region: dict, ours_out: Path, hugo_out: Path) -> dict:
    """The three timed commands and what each removes first: (argv, cwd, folders to remove)."""
    hugo_src = region["base"] / "hugo"
    hugo_cmd = ["hugo", "--quiet", "--source", str(hugo_src), "--destination", str(hugo_out)]
    return {
        "ours": (ours_cmd(region, ours_out), REPO, [ours_out]),
        # Hugo's resource cache goes too: every run of both sides starts without one.
        "hugo": (hugo_cmd, hugo_src, [hugo_out, hugo_src / "resources", hugo_src / ".hugo_build.lock"]),
        "pagefind": (pagefind_binary() + ["--site", str(hugo_out)], hugo_src, []),
    }


def run_builds(commands: dict, log: Path, memory: bool) -> dict:
    """Each command once, in order, after removing what it must not find (previous output)."""
    runs = {}
    for name, (cmd, cwd, remove) in commands.items():
        for folder in remove:
            if folder.is_dir():
                shutil.rmtree(folder)
        runs[name] = measure(cmd, cwd=cwd, log=log, memory=memory)
    return runs


def measure_builds(region: dict, n: int, repeat: int, memory_repeat: int = 1, out_dir: Path | None = None) -> dict:
    """Our build, Hugo and Pagefind, `repeat` times each in alternation, medians.

    The timed runs are not polled for memory; peak memory comes from `memory_repeat` further
    runs of each, polled, the same way for both sides. Both sides write under `out_dir` when
    given (a tmpfs folder leaves the disk out of the figures), else in bench/work/nN."""
    base = region["base"]
    ours_out, hugo_out = output_folders(region, out_dir)
    ours_out.parent.mkdir(parents=True, exist_ok=True)
    hugo_out.parent.mkdir(parents=True, exist_ok=True)
    log = base / "log.txt"
    log.write_bytes(b"")
    commands = build_commands(region, ours_out, hugo_out)
    load_before = os.getloadavg()[0]
    timed = [run_builds(commands, log, memory=False) for _ in range(repeat)]
    load_after = os.getloadavg()[0]
    polled = [run_builds(commands, log, memory=True) for _ in range(memory_repeat)]
    for name in commands:
        if any(run[name]["exit"] for run in timed + polled):
            raise SystemExit(f"{name} faalde bij N={n}; zie {log}")
    runs = {name: [run[name] for run in timed] for name in commands}
    result = {name: median_of(r) for name, r in runs.items()}
    for name in commands:
        for key in ("peak_rss_mb", "peak_pss_mb"):
            result[name][key] = statistics.median(run[name][key] for run in polled) if polled else None
    peer_runs = [
        {
            "wall_s": run["hugo"]["wall_s"] + run["pagefind"]["wall_s"],
            "cpu_s": run["hugo"]["cpu_s"] + run["pagefind"]["cpu_s"],
            "user_s": run["hugo"]["user_s"] + run["pagefind"]["user_s"],
            "sys_s": run["hugo"]["sys_s"] + run["pagefind"]["sys_s"],
            "exit": 0,
        }
        for run in timed
    ]
    result["peer"] = median_of(peer_runs)
    for key in ("peak_rss_mb", "peak_pss_mb"):
        peaks = [max(run["hugo"][key], run["pagefind"][key]) for run in polled]
        result["peer"][key] = statistics.median(peaks) if peaks else None
    result["ours"]["ms_per_org"] = result["ours"]["wall_s"] * 1000 / n
    result["peer"]["ms_per_org"] = result["peer"]["wall_s"] * 1000 / n
    result["ratio_wall"] = result["peer"]["wall_s"] / result["ours"]["wall_s"]
    result["ratio_cpu"] = result["peer"]["cpu_s"] / result["ours"]["cpu_s"]
    result["memory_runs"] = memory_repeat
    result["load_1min"] = {"before": load_before, "after": load_after}
    result["output_folders"] = {"ours": shown_path(ours_out), "peer": shown_path(hugo_out)}
    result["output_file_system"] = file_system(ours_out.parent)
    result["output"] = {"ours": tree_size(ours_out), "peer": tree_size(hugo_out)}
    result["output"]["ours"]["search_index_kb_gzip"] = (
        sum(len(gzip.compress(p.read_bytes(), 6)) for p in (ours_out / "zoeken").rglob("*.json")) / 1024
    )
    result["output"]["peer"]["pagefind_mb"] = tree_size(hugo_out / "pagefind")["mb"]
    for side, folder in (("ours", ours_out), ("peer", hugo_out)):
        result["output"][side]["largest_html"] = largest_html(folder)
    return result


def measure_startup(repeat: int) -> dict:
    """Start-up on its own: `python build.py --help`, `repeat` times, medians.

    It starts Python and imports build.py with every module a build imports at its top (the
    whole pipeline: pydantic models, Jinja, YAML, Markdown, phonenumbers, the stemmer), then
    prints the help: what every build pays before it reads a file. One run first, not timed,
    leaves the bytecode of our modules in the snapshot's __pycache__, as after a user's first build."""
    cmd = [sys.executable, str(CODE / "build.py"), "--help"]
    measure(cmd)
    return median_of([measure(cmd) for _ in range(repeat)])


# --- serve mode --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_serve(region: dict, changes: int = 5) -> dict:
    """Time from saving one changed organisation file to its new page on disk, `changes` times."""
    out = region["base"] / "serve-site"
    if out.exists():
        shutil.rmtree(out)
    port = free_port()
    log = open(region["base"] / "serve-log.txt", "wb")
    cmd = [
        sys.executable,
        str(CODE / "build.py"),
        "serve",
        "--organisations",
        str(region["orgs"]),
        "--content",
        str(region["content"]),
        "--out",
        str(out),
        "--today",
        TODAY,
        "--port",
        str(port),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=log)
    result: dict = {"changes": []}
    try:
        deadline = time.time() + 900
        while time.time() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"serve stopte (exit {proc.returncode}); zie {log.name}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        result["first_build_s"] = time.perf_counter() - started
        time.sleep(1.0)  # let the first poll of the sources settle
        log_path = region["base"] / "serve-log.txt"

        def rebuilds() -> int:
            return log_path.read_text(encoding="utf-8", errors="replace").count("Opnieuw gebouwd in")

        files = sorted(region["orgs"].glob("*.yaml"))
        for k in range(changes):
            path = files[(k * 7919) % len(files)]
            page = out / "organisaties" / path.stem / "index.html"
            marker = f"Gewijzigd{k}x{int(time.time() * 1000) % 100000}"
            text = path.read_text(encoding="utf-8")
            changed = text.replace("samenvatting: >-\n  ", f"samenvatting: >-\n  {marker} ", 1)
            assert changed != text
            before = rebuilds()
            saved = time.perf_counter()
            path.write_text(changed, encoding="utf-8")
            seen = None
            while time.perf_counter() - saved < 60:
                try:
                    if marker.encode() in page.read_bytes():
                        seen = time.perf_counter() - saved
                        break
                except OSError:
                    pass
                time.sleep(0.002)
            path.write_text(text, encoding="utf-8")  # put it back, and let serve catch up
            result["changes"].append(seen)
            # Wait until serve is idle: a full rebuild finished after the file was put back (one
            # started earlier is cancelled by that change).
            until = time.time() + 600
            while time.time() < until and rebuilds() <= before:
                time.sleep(0.1)
            time.sleep(0.3)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    seen = [c for c in result["changes"] if c is not None]
    result["median_ms"] = statistics.median(seen) * 1000 if seen else None
    full = [
        float(m)
        for m in re.findall(
            r"Opnieuw gebouwd in (\d+) ms", (region["base"] / "serve-log.txt").read_text(encoding="utf-8")
        )
    ]
    result["full_rebuild_median_ms"] = statistics.median(full) if full else None
    result["max_ms"] = max(seen) * 1000 if seen else None
    return result


# --- the browser -------------------------------------------------------------------------------


class StaticServer:
    """`python -m http.server` for a folder, in its own process (not competing with us)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


MARK_READY = """
(() => {
  const seen = (name, key) => {
    const root = document.documentElement;
    if (root && root.getAttribute(name) === 'klaar' && window[key] === undefined) window[key] = performance.now();
  };
  new MutationObserver(() => { seen('data-zoeken', '__klaar'); seen('data-eerste', '__eerste'); })
    .observe(document, { attributes: true, subtree: true, attributeFilter: ['data-zoeken', 'data-eerste'] });
})();
"""

SEARCH_ONCE = """
async (q) => {
  const input = document.querySelector('input[name=q]');
  const form = input.form;
  const count = document.getElementById('aantal-resultaten');
  const results = document.getElementById('resultaten');
  return await new Promise((resolve) => {
    let t0;
    const done = () => {
      if (results.getAttribute('aria-busy') === 'true') return;
      observer.disconnect();
      resolve({ ms: performance.now() - t0, links: results.querySelectorAll('a').length });
    };
    const observer = new MutationObserver(done);
    observer.observe(count, { childList: true, characterData: true, subtree: true });
    observer.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
    setTimeout(() => { observer.disconnect(); resolve(null); }, 20000);
    t0 = performance.now();
    input.value = q;
    form.requestSubmit();
  });
}
"""


def gzip_size(folder: Path, url: str, cache: dict) -> int:
    """The gzip size of the served file behind `url` (what a compressing host would send)."""
    path = unquote(urlsplit(url).path)
    target = folder / path.lstrip("/")
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    if target not in cache:
        cache[target] = len(gzip.compress(target.read_bytes(), 6)) if target.is_file() else 0
    return cache[target]


def browser_page_run(browser, server: StaticServer, path: str, wait_for: str, cache: dict) -> dict:
    """Open `path` in a fresh context (empty cache): when `wait_for` was set, and the bytes fetched by then."""
    context = browser.new_context(bypass_csp=True)  # lets the harness evaluate its probes; fetches are the same
    page = context.new_page()
    page.add_init_script(MARK_READY)
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(server.url + path.lstrip("/"))
    page.wait_for_function(f"() => window.{wait_for} !== undefined", timeout=120_000)
    at = page.evaluate(f"window.{wait_for}")
    urls = list(fetched)
    result = {
        "ms": at,
        "requests": len(urls),
        "kb_gzip": sum(gzip_size(server.folder, u, cache) for u in urls) / 1024,
        "links": page.evaluate("document.querySelectorAll('#resultaten a').length"),
    }
    return {"result": result, "page": page, "context": context}


def measure_browser(region: dict, repeat: int, folders: dict) -> dict:
    """The search pages of both sites in headless Chromium (`folders`: where each side's build wrote)."""
    from playwright.sync_api import sync_playwright

    from generate import slugify

    gemeente = region["gemeente"]
    sites = {
        "ours": {
            "folder": REPO / folders["ours"],
            "page": "zoeken/",
            "gemeente": slugify(gemeente),
            "first": "__klaar",
        },
        "pagefind": {
            "folder": REPO / folders["peer"],
            "page": "zoeken/",
            "gemeente": gemeente,
            "first": "__eerste",
        },
    }
    result: dict = {"gemeente": gemeente, "first_query": FIRST_QUERY}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for name, site in sites.items():
                server = StaticServer(site["folder"])
                cache: dict = {}
                try:
                    loads, firsts_g, firsts_all, searches = [], [], [], []
                    for _ in range(repeat):
                        # Load to searchable: the plain search page.
                        run = browser_page_run(browser, server, site["page"], "__klaar", cache)
                        loads.append(run["result"])
                        page = run["page"]
                        times = []
                        for q in QUERIES:
                            found = page.evaluate(SEARCH_ONCE, q)
                            times.append(found["ms"] if found else None)
                        run["context"].close()
                        searches.append(times)
                        # A resident's first search within their gemeente, and over the whole map.
                        for target, query in (
                            (firsts_g, f"?gemeente={quote(site['gemeente'])}&q={FIRST_QUERY}"),
                            (firsts_all, f"?q={FIRST_QUERY}"),
                        ):
                            run = browser_page_run(browser, server, site["page"] + query, site["first"], cache)
                            target.append(run["result"])
                            run["context"].close()
                    flat = [t for times in searches for t in times if t is not None]
                    result[name] = {
                        "load_to_searchable_ms": statistics.median(r["ms"] for r in loads),
                        "load_kb_gzip": statistics.median(r["kb_gzip"] for r in loads),
                        "first_result_gemeente_ms": statistics.median(r["ms"] for r in firsts_g),
                        "first_result_gemeente_kb_gzip": statistics.median(r["kb_gzip"] for r in firsts_g),
                        "first_result_all_ms": statistics.median(r["ms"] for r in firsts_all),
                        "first_result_all_kb_gzip": statistics.median(r["kb_gzip"] for r in firsts_all),
                        "query_median_ms": statistics.median(flat) if flat else None,
                        "query_max_ms": max(flat) if flat else None,
                        "queries_failed": sum(t is None for times in searches for t in times),
                    }
                finally:
                    server.close()
        finally:
            browser.close()
    return result


# --- the report --------------------------------------------------------------------------------


def machine() -> dict:
    """What this ran on."""
    cpu = ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "niet gevonden"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "hugo": version(["hugo", "version"]),
        "pagefind": version(pagefind_binary() + ["--version"]),
        "chromium": version([CHROMIUM, "--version"]),
    }


def fmt(value, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table(results: dict) -> str:
    """One table: a row per measure, a column per size."""
    sizes = list(results["sizes"])
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, get, digits: int = 2) -> None:
        values = []
        for n in sizes:
            try:
                values.append(fmt(get(results["sizes"][n]), digits))
            except (KeyError, TypeError):
                values.append("-")
        rows.append((label, values))

    row("output of both builds on (file system)", lambda r: r["builds"]["output_file_system"])
    row("load average (1 min) before the builds", lambda r: r["builds"]["load_1min"]["before"])
    row("ours: wall s", lambda r: r["builds"]["ours"]["wall_s"])
    row("ours: CPU s", lambda r: r["builds"]["ours"]["cpu_s"])
    row("ours: of which system s", lambda r: r["builds"]["ours"]["sys_s"])
    row("ours: peak RSS MB (tree)", lambda r: r["builds"]["ours"]["peak_rss_mb"], 0)
    row("ours: peak PSS MB (tree)", lambda r: r["builds"]["ours"]["peak_pss_mb"], 0)
    row("ours: ms per organisation", lambda r: r["builds"]["ours"]["ms_per_org"])
    row("ours: start-up wall s (build.py --help)", lambda r: r["startup"]["wall_s"])
    row("ours: start-up CPU s", lambda r: r["startup"]["cpu_s"])
    row("hugo: wall s", lambda r: r["builds"]["hugo"]["wall_s"])
    row("pagefind: wall s", lambda r: r["builds"]["pagefind"]["wall_s"])
    row("peer (hugo+pagefind): wall s", lambda r: r["builds"]["peer"]["wall_s"])
    row("peer: CPU s", lambda r: r["builds"]["peer"]["cpu_s"])
    row("peer: of which system s", lambda r: r["builds"]["peer"]["sys_s"])
    row("peer: peak RSS MB", lambda r: r["builds"]["peer"]["peak_rss_mb"], 0)
    row("peer: peak PSS MB", lambda r: r["builds"]["peer"]["peak_pss_mb"], 0)
    row("peer: ms per organisation", lambda r: r["builds"]["peer"]["ms_per_org"])
    row("RATIO wall peer/ours (>=1: we win)", lambda r: r["builds"]["ratio_wall"])
    row("ratio CPU peer/ours", lambda r: r["builds"]["ratio_cpu"])
    row("ours: files", lambda r: r["builds"]["output"]["ours"]["files"])
    row("ours: output MB", lambda r: r["builds"]["output"]["ours"]["mb"], 1)
    row("ours: search index KB gzip", lambda r: r["builds"]["output"]["ours"]["search_index_kb_gzip"], 0)
    row("peer: files", lambda r: r["builds"]["output"]["peer"]["files"])
    row("peer: output MB", lambda r: r["builds"]["output"]["peer"]["mb"], 1)
    largest_page_rows(row)
    for name in ("ours", "pagefind"):
        row(f"{name}: load to searchable ms", lambda r, k=name: r["browser"][k]["load_to_searchable_ms"], 0)
        row(f"{name}: load KB gzip", lambda r, k=name: r["browser"][k]["load_kb_gzip"], 0)
        row(
            f"{name}: first result in gemeente KB gzip",
            lambda r, k=name: r["browser"][k]["first_result_gemeente_kb_gzip"],
            0,
        )
        row(f"{name}: first result in gemeente ms", lambda r, k=name: r["browser"][k]["first_result_gemeente_ms"], 0)
        row(f"{name}: first result whole map KB gzip", lambda r, k=name: r["browser"][k]["first_result_all_kb_gzip"], 0)
        row(f"{name}: first result whole map ms", lambda r, k=name: r["browser"][k]["first_result_all_ms"], 0)
        row(f"{name}: query median ms (20)", lambda r, k=name: r["browser"][k]["query_median_ms"], 1)
    row("serve: save to page on disk, median ms", lambda r: r["serve"]["median_ms"], 0)
    row("serve: then whole site rebuilt, median ms", lambda r: r["serve"]["full_rebuild_median_ms"], 0)
    width = max(len(label) for label, _ in rows)
    head = "N".ljust(width) + "".join(f"{int(n):>12,}" for n in sizes)
    lines = [head, "-" * len(head)]
    for label, values in rows:
        lines.append(label.ljust(width) + "".join(f"{v:>12}" for v in values))
    return "\n".join(lines + largest_page_lines(results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark: onze bouw tegen Hugo + Pagefind.")
    parser.add_argument("--sizes", default="300,3000,20000", help="aantallen organisaties, komma's ertussen")
    parser.add_argument("--repeat", type=int, default=3, help="herhalingen per meting (mediaan)")
    parser.add_argument(
        "--memory-repeat",
        type=int,
        default=None,
        help="metingen van het piekgeheugen per bouw (mediaan), apart van de getimede; standaard --repeat",
    )
    parser.add_argument(
        "--out-dir",
        default=None,
        help="map waarin beide bouwen hun uitvoer schrijven (standaard bench/work/nN), bv. een tmpfs-map",
    )
    parser.add_argument("--serve-size", type=int, default=3000, help="N waarbij serve gemeten wordt")
    parser.add_argument("--no-browser", action="store_true", help="sla de metingen in Chromium over")
    parser.add_argument("--no-serve", action="store_true", help="sla de meting van serve over")
    parser.add_argument("--json", default=str(BENCH / "results.json"), help="waar de resultaten heen gaan")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    snapshot_code()
    # A user's Python keeps the bytecode of our modules after the first run; without this a shell
    # with PYTHONDONTWRITEBYTECODE=1 would have every build compile them again (bench/README.md).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    results = {
        "command": "python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "today": TODAY,
        "seed": SEED,
        "repeat": args.repeat,
        "sizes": {},
    }
    for n in sizes:
        print(f"N={n}: genereren ...", file=sys.stderr, flush=True)
        region = prepare(n)
        entry: dict = {
            "gemeenten": len(region["gemeenten"]),
            "generate_s": region["generate_s"],
            "hugo_convert_s": region["hugo_convert_s"],
        }
        print(f"N={n}: bouwen ({args.repeat}x ons, Hugo, Pagefind; dan het geheugen) ...", file=sys.stderr, flush=True)
        entry["startup"] = measure_startup(args.repeat)
        memory_repeat = args.repeat if args.memory_repeat is None else args.memory_repeat
        out_dir = Path(args.out_dir).resolve() if args.out_dir else None
        entry["builds"] = measure_builds(region, n, args.repeat, memory_repeat, out_dir)
        if not args.no_browser:
            print(f"N={n}: Chromium ...", file=sys.stderr, flush=True)
            entry["browser"] = measure_browser(region, args.repeat, entry["builds"]["output_folders"])
        if not args.no_serve and n == args.serve_size:
            print(f"N={n}: serve ...", file=sys.stderr, flush=True)
            entry["serve"] = measure_serve(region)
        results["sizes"][str(n)] = entry
        Path(args.json).write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    text = table(results)
    results["table"] = text
    Path(args.json).write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(text)
    m = results["machine"]
    print(
        f"\n{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}; {m['hugo']}; "
        f"pagefind {m['pagefind']}; {m['chromium']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

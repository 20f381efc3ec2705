"""The main thread's long tasks while a page loads, in one or more built sites, runs interleaved.

    python bench/long_tasks.py SITE [SITE ...]                      # the verwijskaart with a list
    python bench/long_tasks.py SITE_BEFORE SITE_AFTER --page 'zoeken/?q=huur' --runs 9

Lighthouse's TBT on a loaded machine is mostly the load (its simulated 4x CPU slowdown multiplies
every delay it sees). This loads the page in Chromium without throttling at Lighthouse's phone
viewport (412 x 823), A and B alternately, and reads the long tasks (over 50 ms) with a
PerformanceObserver until the page's own script is done (for the verwijskaart: its
data-verwijskaart="klaar"; else the load event). It prints per site the longest task and the
blocking time (the part of each long task over 50 ms, as TBT counts it) of every run and their
medians.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relevance import CHROMIUM, serve  # noqa: E402

PAGE = "verwijskaart/?lijst=blijf-op-koers-nazorgmaatjes,budgetbeheer-regio-dijkhaven,cursus-baas-over-je-geld"
OBSERVE = """new PerformanceObserver(list => { window.__longTasks = (window.__longTasks || [])
  .concat(list.getEntries().map(e => e.duration)); }).observe({type: 'longtask', buffered: true});"""
READY = "() => document.documentElement.dataset.verwijskaart === 'klaar' || !document.getElementById('verwijskaart')"


def one_load(browser, url: str) -> list[float]:
    """The durations (ms) of the long tasks of one fresh load of url."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    try:
        page = context.new_page()
        page.add_init_script(OBSERVE)
        page.goto(url, wait_until="load")
        page.wait_for_function(READY)
        page.wait_for_timeout(300)
        return page.evaluate("() => window.__longTasks || []")
    finally:
        context.close()


def main() -> None:
    """Load the page in every site, interleaved, and print the long tasks per site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built sites (build.py build --out DIR)")
    parser.add_argument("--page", default=PAGE, help=f"the page, relative to the site (default: {PAGE})")
    parser.add_argument("--runs", type=int, default=6, help="loads per site (default 6)")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack, sync_playwright() as p:
        bases = [stack.enter_context(serve(site)) for site in args.sites]
        browser = p.chromium.launch(executable_path=CHROMIUM)
        runs: list[list[list[float]]] = [[] for _ in bases]
        for _ in range(args.runs):
            for i, base in enumerate(bases):
                runs[i].append(one_load(browser, base + args.page))
        browser.close()
    for site, tasks in zip(args.sites, runs):
        longest = [max(t, default=0) for t in tasks]
        blocking = [sum(d - 50 for d in t if d > 50) for t in tasks]
        print(
            f"{site}: longest task ms {[round(x) for x in longest]} (median {statistics.median(longest):.0f}), "
            f"blocking ms {[round(x) for x in blocking]} (median {statistics.median(blocking):.0f})"
        )


if __name__ == "__main__":
    main()

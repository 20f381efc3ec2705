"""Where a build's CPU time goes, stage by stage, in one process (no fork).

    python bench/stages.py [--organisations DIR] [--content DIR] [--runs 3] [--out DIR]

Runs the pipeline of build.py (read and validate, git history, warnings, derive, page list,
template compilation, data files, pages) on a generated region (default: bench/work/n300, made
by bench/run.py or bench/generate.py) and prints the CPU seconds of each stage, the median of
`--runs` fresh processes. Nothing is written unless --out is given: then the files made go to
that folder as a build writes them (kaart/write.py: a staging folder beside it, then the swap,
which removes the previous output, left by the run before), two stages more. Python's start and
the imports are measured as `python build.py --help` (as bench/run.py's start-up row). CPU time,
not wall time: on a shared machine wall time mostly measures the other jobs (bench/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TODAY = "2026-11-26"


def stages(organisations: str, content: str, out: str | None = None) -> dict[str, float]:
    """CPU seconds of each stage of one build, in this process; with `out`, writing the files there too."""
    sys.path.insert(0, str(REPO))
    os.environ["KAART_WORKERS"] = "1"
    import build
    from kaart import export, search_files
    from kaart.derive import derive
    from kaart.gather import gather
    from kaart.history import read_history
    from kaart.render import Options, page_list, page_renderer
    from kaart.warnings import find_warnings
    from kaart.write import Staging, whole

    times: dict[str, float] = {}

    def lap(name: str, work):
        started = time.process_time()
        result = work()
        times[name] = time.process_time() - started
        return result

    project = lap("read and validate", lambda: gather(organisations, content, build.reference_date(TODAY)))
    history = lap("git history", lambda: read_history(organisations))
    project = project.with_history(history.changed, history.latest)
    project = project.with_warnings(lap("warnings", lambda: find_warnings(project, "HEAD"))).for_render()
    derived = lap("derive", lambda: derive(project))
    render, env, base_url = page_renderer(project, derived, build.TEMPLATES, Options())
    pages = lap("page list", lambda: page_list(project, derived))
    lap("compile templates", lambda: [env.get_template(name) for name in sorted({t for _, t, _ in pages})])
    files = lap(
        "open data files", lambda: [(p, whole(c)) for p, c in export.each_open_data_file(project, derived, base_url)]
    )
    lists = lap(
        "organisaties.json and kaarten.json",
        lambda: (export.organisations_json(project, derived), export.referral_cards_json(project, derived)),
    )
    files += [("data/organisaties.json", lists[0]), ("verwijskaart/kaarten.json", lists[1])]
    files += lap("search files", lambda: [(p, whole(c)) for p, c in search_files.each_search_file(project, derived)])
    files += lap(f"pages ({len(pages)})", lambda: [(page[0], whole(render(*page))) for page in pages])
    if out:
        folders = len({os.path.dirname(path) for path, _ in files})
        staging = lap(f"write {len(files)} files, {folders} folders", lambda: write_files(Staging(Path(out)), files))
        lap("swap (removes the previous output)", staging.commit)
    return times


def write_files(staging, files: list[tuple[str, bytes]]):
    """Hand every file to the staging folder, as a build does; the Staging."""
    for path, content in files:
        staging(path, content)
    return staging


def startup() -> float:
    """CPU seconds of `python build.py --help` (user + sys of the child)."""
    before = os.times()
    subprocess.run([sys.executable, str(REPO / "build.py"), "--help"], stdout=subprocess.DEVNULL, check=True)
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CPU-tijd per stap van de bouw, in één proces.")
    parser.add_argument("--organisations", default=str(BENCH / "work" / "n300" / "organisations"))
    parser.add_argument("--content", default=str(BENCH / "work" / "n300" / "content"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=None, help="schrijf de bestanden ook, in deze map (zoals een bouw)")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a single run, as JSON
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(stages(args.organisations, args.content, args.out)))
        return 0
    runs = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, __file__, "--one", "--organisations", args.organisations, "--content", args.content]
            + (["--out", args.out] if args.out else []),
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append({"start-up (build.py --help)": startup(), **json.loads(done.stdout)})
    width = max(len(name) for name in runs[0])
    for name in runs[0]:
        print(f"{name.ljust(width)} {statistics.median(run[name] for run in runs):6.3f}")
    print(f"{'total'.ljust(width)} {statistics.median(sum(run.values()) for run in runs):6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

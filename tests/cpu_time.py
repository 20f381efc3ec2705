"""A pytest plugin that measures the CPU time of each test (for bench/README.md, not a check).

    python -m pytest -p cpu_time -n 2 -m "not browser"      # writes CPU_TIME_DIR/cpu-*.json
    python tests/cpu_time.py CPU_TIME_DIR                      # sums them by file and by test

The CPU of a test is user + sys of the pytest process and of every child it waited for
(getrusage RUSAGE_SELF + RUSAGE_CHILDREN), from the start of its setup to the end of its teardown,
so a build in a fixture counts at the first test that asks for it. Each pytest-xdist worker writes
its own file (also with its whole-session CPU, collection included). CPU_TIME_DIR defaults to
/tmp/kaart-cpu-time.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest


def _cpu() -> float:
    """User + sys seconds of this process, of its waited-for children and of the build.py runs
    forked for it (support.run_build_py)."""
    from support import FORKED_CPU

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + FORKED_CPU[0]


def _folder() -> Path:
    return Path(os.environ.get("CPU_TIME_DIR", "/tmp/kaart-cpu-time"))


_tests: dict[str, list[float]] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    cpu, wall = _cpu(), time.monotonic()
    yield
    _tests[item.nodeid] = [round(_cpu() - cpu, 3), round(time.monotonic() - wall, 3)]


def pytest_sessionfinish(session):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if worker == "main" and getattr(session.config.option, "numprocesses", None):
        return  # the xdist controller runs no tests
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    report = {"worker": worker, "session_cpu": round(_cpu(), 3), "tests": _tests}
    (folder / f"cpu-{worker}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


def summary(folder: Path, top: int = 40) -> str:
    """CPU by worker, by file and the costliest tests, from the files a run wrote."""
    lines, by_file, by_test = [], defaultdict(float), {}
    for path in sorted(folder.glob("cpu-*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        in_tests = sum(cpu for cpu, _ in report["tests"].values())
        wall = sum(w for _, w in report["tests"].values())
        lines.append(
            f"{report['worker']}: session CPU {report['session_cpu']:.1f} s, "
            f"in tests {in_tests:.1f} s CPU, {wall:.1f} s wall, {len(report['tests'])} tests"
        )
        for nodeid, (cpu, w) in report["tests"].items():
            by_file[nodeid.split("::")[0]] += cpu
            by_test[nodeid] = (cpu, w)
    lines.append(f"total in tests: {sum(by_file.values()):.1f} s CPU")
    lines.append("by file:")
    lines += [f"  {cpu:7.1f}  {name}" for name, cpu in sorted(by_file.items(), key=lambda kv: -kv[1])]
    lines.append("by test (CPU, wall):")
    lines += [
        f"  {cpu:7.1f} {w:7.1f}  {name}" for name, (cpu, w) in sorted(by_test.items(), key=lambda kv: -kv[1][0])[:top]
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(Path(sys.argv[1]) if len(sys.argv) > 1 else _folder()))

"""A large map is read by two processes, with the same errors and warnings as one; a second process
only while the memory fits. That a build in two processes writes the bytes of a build in one is
tested on test_write_stream's generated map (test_one_process_and_two_write_the_same_files)."""

from __future__ import annotations

import os

import pytest

import generate  # bench/generate.py, through pytest's pythonpath
from kaart import parallel
from kaart.parallel import PARALLEL_FROM
from kaart.problems import Problem, UserError
from support import run_build_py


def _check_outputs(organisations):
    """`check` output with one and with two processes."""
    outputs = {}
    for workers in ("1", "2"):
        result = run_build_py(
            "check",
            "--organisations",
            organisations,
            "--today",
            "2026-11-26",
            timeout=600,
            env={"KAART_WORKERS": workers},
        )
        outputs[workers] = (result.returncode, result.stdout + result.stderr)
    return outputs


def test_two_processes_read_and_report_like_one(tmp_path):
    """Files are read by two processes from PARALLEL_FROM on: the same errors and warnings, in order."""
    organisations = tmp_path / "organisations"
    generate.generate(PARALLEL_FROM + 10, organisations, seed=7)
    clean = _check_outputs(organisations)
    assert clean["1"] == clean["2"]
    assert clean["2"][0] == 0 and clean["2"][1].count("waarschuwing") > 10
    files = sorted(organisations.glob("*.yaml"))
    for broken in (files[3], files[-3]):  # one in each half
        broken.write_text(broken.read_text(encoding="utf-8").replace("fases:", "fasen:", 1), encoding="utf-8")
    files[-1].write_text("naam: [niet gesloten\n", encoding="utf-8")
    broken = _check_outputs(organisations)
    assert broken["1"] == broken["2"]
    assert broken["2"][0] == 1
    assert f"{files[3].name}:" in broken["2"][1] and f"{files[-3].name}:" in broken["2"][1]
    assert f"{files[-1].name}:2:1: een lijst tussen [ ] is niet goed gesloten" in broken["2"][1]


def test_a_second_process_only_while_twice_the_memory_fits(monkeypatch):
    """A fork counts twice in the process tree's memory: beyond the budget the build stays in one process."""
    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")
    assert parallel.can_fork(parallel.PARALLEL_FROM)
    assert not parallel.can_fork(parallel.PARALLEL_FROM - 1)
    monkeypatch.setattr(parallel, "resident_mb", lambda: 150.0)  # as if the map were read; steady
    budget = int(2 * 150.0 + parallel.expected_growth_mb(10_000))
    monkeypatch.setenv("KAART_GEHEUGEN_MB", str(budget + 5))
    assert parallel.can_fork(10_000)
    assert not parallel.can_fork(11_000), "a bigger map adds more while it is made"
    monkeypatch.setenv("KAART_GEHEUGEN_MB", str(budget - 5))
    assert not parallel.can_fork(10_000)
    assert parallel.map_in_two(list(range(300)), lambda part: [n * 2 for n in part]) == [n * 2 for n in range(300)]
    monkeypatch.setenv("KAART_WORKERS", "1")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")
    assert not parallel.can_fork(10_000)


def test_a_build_reports_the_warnings_a_second_process_made_as_one_does(tmp_path, tree_hashes):
    """From PARALLEL_FROM on a second process makes the warnings while the build lists its pages:
    the same lines on stdout, and the same files, as with one process."""
    organisations = tmp_path / "organisations"
    generate.generate(240, organisations, seed=5)
    results = {}
    for workers in ("1", "2"):
        out = tmp_path / f"site-{workers}"
        args = ("build", "--organisations", organisations, "--out", out, "--today", "2026-11-26")
        results[workers] = run_build_py(*args, timeout=600, env={"KAART_WORKERS": workers})
        assert results[workers].returncode == 0, results[workers].stderr[-3000:]
    assert results["1"].stdout == results["2"].stdout
    assert results["2"].stdout.count("waarschuwing") > 10
    assert tree_hashes(tmp_path / "site-1") == tree_hashes(tmp_path / "site-2")


def test_meanwhile_forks_only_when_it_pays_and_answers_as_here(monkeypatch):
    """Meanwhile runs its work in a worker when can_fork says so, else at once here; the same
    value either way, and the editor's errors raised as the same UserError."""

    def where(value):
        return value, os.getpid()

    def fails():
        raise UserError([Problem("a.yaml", 1, 2, "naam", "fout")])

    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")
    with parallel.Meanwhile(where, "x", size=parallel.PARALLEL_FROM) as forked:
        value, pid = forked.result()
    assert value == "x" and pid != os.getpid()
    with parallel.Meanwhile(where, "x", size=parallel.PARALLEL_FROM - 1) as here:
        assert here.result() == ("x", os.getpid())
    with parallel.Meanwhile(fails, size=parallel.PARALLEL_FROM) as failing:
        with pytest.raises(UserError) as raised:
            failing.result()
    assert [problem.message for problem in raised.value.problems] == ["fout"]
    assert not parallel._running, "no worker left running"


def test_while_forked_runs_its_job_here_once_a_worker_has_started(monkeypatch):
    """A job given to while_forked runs in this process once, while the first in_two's worker
    already works, and not at all when no worker starts; later forks do not run it again."""
    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")
    seen = []

    def job():
        seen.append((os.getpid(), len(parallel._running)))

    def double(part):
        return [n * 2 for n in part]

    with parallel.while_forked(job):
        assert parallel.map_in_two(list(range(10)), double) == [n * 2 for n in range(10)]
    assert seen == [], "no worker for a short list: the caller does the job"
    with parallel.while_forked(job):
        items = list(range(PARALLEL_FROM))
        assert parallel.map_in_two(items, double) == [n * 2 for n in items]
        assert parallel.map_in_two(items, double) == [n * 2 for n in items]
    assert seen == [(os.getpid(), 1)], "once, here, with the worker running"
    assert not parallel._while_worker_starts

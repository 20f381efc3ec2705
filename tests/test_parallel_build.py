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


def test_a_worker_still_running_counts_as_a_third_copy(monkeypatch):
    """can_fork counts each worker that still runs (the warnings') as one more copy of this process."""
    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setattr(parallel, "resident_mb", lambda: 100.0)
    budget = int(2 * 100.0 + parallel.expected_growth_mb(PARALLEL_FROM))
    monkeypatch.setenv("KAART_GEHEUGEN_MB", str(budget + 5))
    assert parallel.can_fork(PARALLEL_FROM)
    with parallel.Meanwhile(os.getpid, size=PARALLEL_FROM) as running:
        assert not parallel.can_fork(PARALLEL_FROM), "three copies do not fit where two do"
        monkeypatch.setenv("KAART_GEHEUGEN_MB", str(budget + 105))
        assert parallel.can_fork(PARALLEL_FROM)
        assert running.result() != os.getpid()
    monkeypatch.setenv("KAART_GEHEUGEN_MB", str(budget + 5))
    assert parallel.can_fork(PARALLEL_FROM)


def test_the_collector_stays_off_what_a_fork_shares_until_the_last_fork_is_done(monkeypatch):
    """freeze_shared is counted: a Meanwhile that ends inside an in_two does not let go of what the
    in_two's fork still shares."""
    import gc

    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")
    gc.unfreeze()
    frozen_inside = []

    def parent_work():
        warnings.result()  # the Meanwhile's end, while the in_two's child runs
        frozen_inside.append(gc.get_freeze_count())
        return 1

    warnings = parallel.Meanwhile(os.getpid, size=PARALLEL_FROM)
    try:
        assert parallel.in_two(parent_work, lambda: 2) == (1, 2)
    finally:
        warnings.result()
    assert frozen_inside and frozen_inside[0] > 0
    assert gc.get_freeze_count() == 0 and parallel._frozen == [0]


def test_the_render_waits_for_its_hook_after_the_fork(monkeypatch):
    """render_in_parallel calls before_render in this process once its child runs (the child begins
    the data files meanwhile), and before everything when it does not fork."""
    from kaart import render

    monkeypatch.setenv("KAART_WORKERS", "2")
    monkeypatch.setenv("KAART_GEHEUGEN_MB", "100000")

    seen = []
    pages = [(f"p{n}.html", "t.html", {}) for n in range(4)]
    written = render.Collected()

    def hook():
        seen.append((os.getpid(), len(parallel._running), sorted(written)))

    jobs = [lambda: [("data/a.json", b"a")]]
    paths = render.render_in_parallel(pages, lambda n: (pages[n][0], [b"x"]), jobs, PARALLEL_FROM, written, hook)
    assert sorted(paths) == sorted(written) and len(paths) == 5
    assert seen == [(os.getpid(), 1, [])], "in this process, the child running, no page made yet"
    seen.clear()
    written = render.Collected()
    render.render_in_parallel(pages, lambda n: (pages[n][0], [b"x"]), jobs, 1, written, hook)
    assert seen == [(os.getpid(), 0, [])]

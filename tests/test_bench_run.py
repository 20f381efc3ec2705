"""bench/run.py: how the benchmark times a build and where both sides write (no timing asserted)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import run  # bench/run.py, through pytest's pythonpath

CHILD = [sys.executable, "-c", "import os; os.fork() or os._exit(0); os.wait()"]


def test_a_timed_run_is_not_polled_for_memory(monkeypatch):
    """Only a memory run starts the poller (it reads smaps every 20 ms); a timed run has no memory figures."""
    started = []
    real_start = run.threading.Thread.start

    def start(thread):
        started.append(thread)
        real_start(thread)

    monkeypatch.setattr(run.threading.Thread, "start", start)
    timed = run.measure(CHILD)
    assert started == []
    assert timed["exit"] == 0 and timed["wall_s"] > 0 and timed["cpu_s"] >= 0
    assert "peak_rss_mb" not in timed and "peak_pss_mb" not in timed
    polled = run.measure(CHILD, memory=True)
    assert len(started) == 1
    assert polled["peak_rss_mb"] > 0 and polled["peak_pss_mb"] >= 0


def test_both_sides_write_beside_each_other_under_out_dir(tmp_path):
    region = {"base": tmp_path / "work" / "n300"}
    ours, peer = run.output_folders(region, None)
    assert ours.parent == peer.parent == region["base"] / "uit"  # one parent: the disk treats both alike
    assert ours.name == "site" and peer.name == "public"
    ours, peer = run.output_folders(region, tmp_path / "elders")
    assert ours == tmp_path / "elders" / "n300" / "site"
    assert peer.parent == ours.parent  # the same folder: the same file system, for both


def test_the_file_system_of_a_folder_comes_from_the_mount_table(tmp_path):
    mounts = [line.split() for line in Path("/proc/mounts").read_text(encoding="utf-8").splitlines()]
    root = next(fields[2] for fields in mounts if fields[1] == "/")
    assert run.file_system(Path("/")) == root
    proc = next(fields[2] for fields in mounts if fields[1] == "/proc")
    assert run.file_system(Path("/proc/self")) == proc  # the deepest mount point holding it
    assert run.file_system(tmp_path) in {fields[2] for fields in mounts}


def test_the_builds_are_removed_before_each_run_and_timed_without_memory(tmp_path, monkeypatch):
    """run_builds removes each side's previous output first, and only memory runs are polled."""
    old = tmp_path / "site"
    (old / "x").mkdir(parents=True)
    seen = []

    def measure(cmd, cwd, log, memory):
        seen.append((cmd[0], old.exists(), memory))
        return {"exit": 0}

    monkeypatch.setattr(run, "measure", measure)
    commands = {"ours": (["ons"], tmp_path, [old]), "hugo": (["hugo"], tmp_path, [tmp_path / "er-niet"])}
    run.run_builds(commands, tmp_path / "log.txt", memory=False)
    run.run_builds(commands, tmp_path / "log.txt", memory=True)
    assert seen == [("ons", False, False), ("hugo", False, False), ("ons", False, True), ("hugo", False, True)]
    assert os.listdir(tmp_path) == []


def test_results_name_the_output_folders_relative_to_the_repository(tmp_path):
    """results.json is committed: a folder inside the repository is recorded relative to it."""
    assert run.shown_path(run.REPO / "bench" / "work" / "n300" / "uit" / "site") == "bench/work/n300/uit/site"
    assert run.shown_path(tmp_path) == str(tmp_path.resolve())

"""Whatever signal stops a build or check, at whatever moment, no worker outlives it.

The build forks a worker to read and another to render (kaart/parallel.py). A stopped or
killed parent must take its worker along within a second, leave the previous output as it
was, and not hold the caller's stdout open (a CI log would hang). A killed build leaves its
temporary folder behind; the next build removes it, but never the one of a build that still runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from support import REPO, run_build_py

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402
from kaart.parallel import PARALLEL_FROM  # noqa: E402

ORGANISATIONS = PARALLEL_FROM + 10  # two processes read and render; each more costs every test


@pytest.fixture(scope="module")
def organisations(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wees") / "organisations"
    generate.generate(ORGANISATIONS, folder, seed=11)
    return folder


def _start(command, organisations, content, out=None):
    """build.py COMMAND on the generated organisations, forking as soon as it may; the Popen."""
    args = [
        sys.executable,
        "build.py",
        command,
        "--organisations",
        str(organisations),
        "--content",
        str(content),
        "--today",
        "2026-11-26",
    ]
    if out is not None:
        args += ["--out", str(out)]
    env = {**os.environ, "KAART_WORKERS": "2", "KAART_GEHEUGEN_MB": "100000"}
    # stderr is a pipe that a worker would hold open if it outlived the build (as a CI log's is);
    # stdout gets hundreds of warnings, which would fill a pipe that nobody reads meanwhile.
    return subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def _build(organisations, content, out):
    """A whole build (run_build_py: forked, no new interpreter) with the settings of _start; the result."""
    args = ["build", "--organisations", organisations, "--content", content, "--out", out, "--today", "2026-11-26"]
    return run_build_py(*args, timeout=600, env={"KAART_WORKERS": "2", "KAART_GEHEUGEN_MB": "100000"})


def children(pid: int) -> list[int]:
    """The workers `pid` started that still run: its children that run Python as it does (not git)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listing:
            found = [int(child) for child in listing.read().split()]
    except OSError:
        return []
    own = program(pid)
    found = [child for child in found if own is not None and program(child) == own]
    if found:  # git, started from the first moment on, runs Python's program until its exec
        time.sleep(0.02)
    return [child for child in found if program(child) == own]


def program(pid: int) -> str | None:
    """The program a process runs, or None when it has ended (a zombie runs none)."""
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its reaper does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def wait_for(predicate, seconds: float = 60.0, step: float = 0.005):
    """predicate()'s first true value within the time, else None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def has_files(folder) -> bool:
    """Whether anything is in the folder yet (False once it is gone)."""
    try:
        return any(folder.iterdir())
    except OSError:
        return False


def temporary_folders(out):
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


@pytest.fixture(scope="module")
def built(organisations, plain_content, tmp_path_factory):
    out = tmp_path_factory.mktemp("uit") / "site"
    result = _build(organisations, plain_content, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _stop_at(process, moment: str, out) -> list[int]:
    """Wait for the moment ('lezen': a reading worker runs; 'renderen': a render worker runs), freeze
    the workers there, and return their pids."""

    def worker():
        if process.poll() is not None:
            pytest.fail(f"the build ended before the moment '{moment}': {process.communicate()[1][-2000:]}")
        if moment == "renderen" and not any(
            f"-{process.pid}-" in name and has_files(out.parent / name) for name in temporary_folders(out)
        ):
            return None  # the first file in its own temporary folder (named with its process id): rendering
        return children(process.pid)

    workers = wait_for(worker)
    assert workers, f"no worker seen at the moment '{moment}'"
    for pid in workers:
        os.kill(pid, signal.SIGSTOP)  # held at this moment until the parent has its signal
    return workers


def _resume(workers) -> None:
    for pid in workers:
        if alive(pid):
            os.kill(pid, signal.SIGCONT)


def _assert_gone(process, workers):
    """The parent ended, did not leave the caller's pipes open, and took its workers within a second."""
    try:
        try:
            _, stderr = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("the caller's stdout stayed open: a worker outlived the build")
        assert wait_for(lambda: not any(alive(pid) for pid in workers), seconds=1.0), (
            "a worker outlived its parent by more than a second"
        )
        return stderr
    finally:
        for pid in workers:  # the test leaves no process behind, whatever it found
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("command, moment", [("check", "lezen"), ("build", "lezen"), ("build", "renderen")])
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_parent_takes_its_worker_along(
    organisations, plain_content, built, tree_hashes, command, moment, signal_number
):
    before = tree_hashes(built)
    process = _start(command, organisations, plain_content, built if command == "build" else None)
    workers = _stop_at(process, moment, built)
    process.send_signal(signal_number)
    _resume(workers)
    stderr = _assert_gone(process, workers)
    if signal_number == signal.SIGTERM:
        assert process.returncode == 130, stderr[-3000:]  # stopped the way Ctrl+C stops it
        assert "Traceback" not in stderr
    else:
        assert process.returncode == -signal.SIGKILL
    assert tree_hashes(built) == before
    if signal_number == signal.SIGTERM:
        assert temporary_folders(built) == [], "a stopped build removes its temporary folder"


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_worker_stops_the_build_cleanly(organisations, plain_content, built, tree_hashes, signal_number):
    before = tree_hashes(built)
    process = _start("build", organisations, plain_content, built)
    workers = _stop_at(process, "renderen", built)
    for pid in workers:
        os.kill(pid, signal_number)
    _resume(workers)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 3, stderr[-3000:]
    assert "het tweede bouwproces stopte" in stderr
    assert tree_hashes(built) == before
    assert temporary_folders(built) == []


def test_the_next_build_removes_only_what_dead_builds_left(organisations, plain_content, built, tree_hashes):
    """A killed build's temporary folder goes with the next build; a running build's stays."""
    killed = _start("build", organisations, plain_content, built)
    workers = _stop_at(killed, "renderen", built)
    killed.kill()
    _resume(workers)
    _assert_gone(killed, workers)
    left = temporary_folders(built)
    assert left, "a killed build leaves its temporary folder (nothing can remove it at once)"

    running = _start("build", organisations, plain_content, built)
    workers = _stop_at(running, "renderen", built)
    os.kill(running.pid, signal.SIGSTOP)  # a build that still runs, however slowly
    try:
        theirs = [name for name in temporary_folders(built) if name not in left]
        assert theirs
        again = _build(organisations, plain_content, built)
        assert again.returncode == 0, again.stderr[-3000:]
        assert temporary_folders(built) == theirs, "only the dead build's folder is removed"
    finally:
        os.kill(running.pid, signal.SIGKILL)
        _resume(workers)
        _assert_gone(running, workers)
    again = _build(organisations, plain_content, built)
    assert again.returncode == 0, again.stderr[-3000:]
    assert temporary_folders(built) == []


def test_a_swap_killed_between_its_two_renames_gets_its_previous_output_back(tmp_path):
    """Killed after the old output was moved aside and before the new one took its place: the next
    build puts the old one back first, and removes the dead build's new folder."""
    from kaart.write import remove_leftovers

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    pid = int(dead.stdout)  # a process that has ended
    out = tmp_path / "site"
    (tmp_path / f".site-oud-{pid}-abc").mkdir()
    (tmp_path / f".site-oud-{pid}-abc" / "index.html").write_text("oud")
    (tmp_path / f".site-nieuw-{pid}-def").mkdir()
    (tmp_path / f".site-nieuw-{os.getpid()}-ghi").mkdir()  # a process that runs: kept
    (tmp_path / ".site-nieuw-xyz").mkdir()  # no owner known: kept
    (tmp_path / ".anders-nieuw-1-x").mkdir()  # another output's
    remove_leftovers(out)
    assert (out / "index.html").read_text() == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [".anders-nieuw-1-x", ".site-nieuw-xyz", f".site-nieuw-{os.getpid()}-ghi", "site"]
    )


LOST_IN_A_FINALISER = """
import os, signal
from kaart import stopping

stopping.install()


class Connection:
    def __del__(self):  # the signal's handler runs in here, as in multiprocessing's connections
        os.kill(os.getpid(), signal.SIGTERM)
        sum(range(10_000))


Connection()
print("verder", flush=True)
try:
    stopping.stop_if_asked()
except KeyboardInterrupt:
    print("gestopt")
"""


def test_a_stop_signal_that_lands_in_a_finaliser_is_not_lost():
    """Python swallows an exception raised in a __del__: a SIGTERM there once let `check` run on and
    exit 0 with "Exception ignored ... KeyboardInterrupt" on stderr. The stop is noted, quietly."""
    result = subprocess.run(
        [sys.executable, "-c", LOST_IN_A_FINALISER], cwd=REPO, capture_output=True, text=True, timeout=30
    )
    assert (result.stdout, result.stderr) == ("verder\ngestopt\n", "")

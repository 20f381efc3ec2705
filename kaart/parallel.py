"""Two cores for the slow stages: a forked worker takes part of a list of jobs.

Forking shares what the parent has read and compiled so far without copying it; the worker
sends only its results back. What comes out does not depend on which process made it.
A fork does count twice in the memory of the process tree (the worker's resident set starts
as the parent's), so the build forks only while twice its current size, plus what the two
processes add while they work, fits its memory budget. A national map (20,000 organisations)
renders on both cores within the default budget; a bigger one stays in one process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import sys
import traceback
from functools import lru_cache

from kaart.problems import UserError

# From this many organisations on, a second process shares the work (on a machine with 2+ cores).
PARALLEL_FROM = 200
# Memory the build's processes may use together, in MB (KAART_GEHEUGEN_MB overrides it).
MEMORY_BUDGET_MB = 600
# What the two processes add together beyond the pages they share, per organisation (search
# analysis, cards, data files being made): measured 146 MB at 20,000 and 22 MB at 3,000
# organisations (peak of the tree minus twice the size at the fork), about 7.3 kB each; with a
# margin. A map of up to about 23,000 organisations then renders on two cores within 600 MB.
GROWTH_KB_PER_ITEM = 8
GROWTH_BASE_MB = 20


def workers() -> int:
    """How many processes work: KAART_WORKERS, else 2 when the machine has 2 or more cores."""
    given = os.environ.get("KAART_WORKERS", "")
    if given.isdigit() and int(given) >= 1:
        return min(int(given), 2)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def can_fork(size: int) -> bool:
    """Whether a job list of this size is worth a second process here, and fits the memory budget."""
    if workers() < 2 or size < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return False
    release_freed_memory()  # before measuring: what is given back is neither counted nor copied
    return 2 * resident_mb() + expected_growth_mb(size) <= memory_budget_mb()


def expected_growth_mb(size: int) -> float:
    """What a fork for a job list of this size adds to the tree's memory while both processes work."""
    return GROWTH_BASE_MB + size * GROWTH_KB_PER_ITEM / 1024


def memory_budget_mb() -> int:
    """KAART_GEHEUGEN_MB, else MEMORY_BUDGET_MB."""
    given = os.environ.get("KAART_GEHEUGEN_MB", "")
    return int(given) if given.isdigit() else MEMORY_BUDGET_MB


def resident_mb() -> float:
    """This process's resident memory now, in MB (its peak so far where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def release_freed_memory() -> None:
    """Give memory freed by Python back to the system (glibc keeps it otherwise), so a fork does
    not count it twice: 40 MB at 20,000 organisations once the field positions are let go."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=None)
def _malloc_trim():
    """glibc's malloc_trim, or None on a system without it (macOS, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def map_in_two(items: list, work) -> list:
    """work(items) as one list, the second half made by a forked worker when that pays."""
    if not can_fork(len(items)):
        return work(items)
    half = (len(items) + 1) // 2
    first, second = in_two(lambda: work(items[:half]), lambda: work(items[half:]))
    return first + second


def receive_whole(receive):
    """The worker's pickled answer, unpickled with the cycle collector paused: it makes no cycles,
    and the collector's passes over a national map's millions of new objects took 0.8 s of 1."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return receive.recv()
    finally:
        if was_enabled:
            gc.enable()


def in_two(parent_work, child_work, context=None) -> tuple:
    """(parent_work(), child_work()), the second run at the same time by a forked worker.

    The worker's result comes back pickled; its UserError is raised here as the same UserError,
    anything else it raises as an internal error with the worker's traceback.
    """
    context = context or multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("ok", child_work()))
        except UserError as error:  # the editor's to fix: the parent reports it as such
            send.send(("userfout", error.problems))
        except BaseException:  # noqa: BLE001 - the parent reports it as the build's own error
            send.send(("fout", traceback.format_exc()))
        finally:
            send.close()

    process = context.Process(target=child, daemon=True)
    # The collector of neither process touches what both share, so its memory pages stay shared.
    gc.freeze()
    try:
        process.start()
        send.close()
        mine = parent_work()
        status, theirs = receive_whole(receive)
    except EOFError:
        process.join()
        raise RuntimeError(f"het tweede bouwproces stopte zonder antwoord (code {process.exitcode})") from None
    except BaseException:
        if process.pid is not None:
            process.kill()  # it must not go on writing after the build has stopped
        raise
    finally:
        send.close()
        receive.close()
        if process.pid is not None:
            process.join()
        gc.unfreeze()
    if status == "userfout":
        raise UserError(theirs)
    if status != "ok":
        raise RuntimeError("het tweede bouwproces faalde:\n" + theirs)
    return mine, theirs

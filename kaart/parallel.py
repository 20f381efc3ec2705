"""The one way the build starts other processes: a worker runs a function and sends one answer.

Forking shares what the parent has read and compiled so far without copying it; the worker
sends only its answer back, and what comes out does not depend on which process made it.

The answer is a tagged pair, the same for every worker (reading, rendering, serve's rebuild):
OK with the value, USER_ERROR with the editor's problems (raised again here as the same
UserError), INTERNAL_ERROR with the worker's traceback (raised here as WorkerError, our bug).
A worker that ends without an answer (killed, out of memory) is a WorkerError too.

A worker never outlives the process that started it: it closes the parent's end of the pipe
(so a send to a parent that is gone fails instead of blocking forever), it is killed by the
system when its parent dies (Linux's parent-death signal; elsewhere the broken pipe ends it
when it sends), it ignores Ctrl+C (which reaches the whole process group; the parent stops it)
and it dies of SIGTERM at once. The parent kills it on any error of its own.

A fork does count twice in the memory of the process tree (the worker's resident set starts
as the parent's), so the build forks only while twice its current size, plus once more for
each worker still running, plus what the processes add while they work, fits its memory budget
(figures: bench/README.md).
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import multiprocessing
import multiprocessing.util  # its exit handler first, so that ours (registered later) runs before it
import os
import signal
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from kaart.problems import UserError
from kaart.stopping import stop_if_asked

# From this many organisations on, a second process shares the work (on a machine with 2+ cores).
PARALLEL_FROM = 200
# Memory the build's processes may use together, in MB (KAART_GEHEUGEN_MB overrides it).
MEMORY_BUDGET_MB = 600
# What the two processes add together beyond the pages they share, per organisation and once
# (search analysis, cards, data files being made); measured, with a margin: bench/README.md.
GROWTH_KB_PER_ITEM = 8
GROWTH_BASE_MB = 20
# Items map_in_two hands out at a time: few enough to even out, enough to keep the counter's lock cheap.
ITEMS_AT_ONCE = 8

OK, USER_ERROR, INTERNAL_ERROR = "ok", "gebruikersfout", "interne-fout"
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_running: set[Worker] = set()  # workers not yet stopped, killed at the latest when this process exits
_may_fork = [True]  # False once this process runs threads (fork_no_more)
_while_worker_starts: list = []  # what this process does first at its next in_two (while_forked)
_frozen = [0]  # how many forks still want the collector to leave what they share alone (shared_frozen)


class WorkerError(RuntimeError):
    """A worker failed or ended without an answer: the build's own fault, never the editor's."""


def workers() -> int:
    """How many processes work: KAART_WORKERS, else 2 when the machine has 2 or more cores."""
    given = os.environ.get("KAART_WORKERS", "")
    if given.isdigit() and int(given) >= 1:
        return min(int(given), 2)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def can_fork(size: int) -> bool:
    """Whether a job list of this size is worth a second process here, and fits the memory budget."""
    if (
        not _may_fork[0]
        or workers() < 2
        or size < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return False
    release_freed_memory()  # before measuring: what is given back is neither counted nor copied
    forks = 1 + len(_running)  # a worker still running (the warnings) holds its copy too
    return (1 + forks) * resident_mb() + expected_growth_mb(size) <= memory_budget_mb()


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
    not count it twice."""
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)


@lru_cache(maxsize=None)
def _libc_function(name: str):
    """A function of Linux's C library (malloc_trim, prctl), or None on another system."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int, forked: bool) -> None:
    """In a worker: be killed by the system when the parent dies; exit now if it died already.

    `parent` is the process that asked for the worker. A worker of the fork server is the
    server's child; the server ends when that process does, and the signal follows from there.
    """
    prctl = _libc_function("prctl")
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # The parent may have died between the fork and the line above: then no signal will come.
    if (os.getppid() != parent) if forked else not _process_exists(parent):
        os._exit(1)


def _process_exists(pid: int) -> bool:
    """Whether a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def _run_worker(send, parents_end, parent: int, nice: int, work, args) -> None:
    """The worker's whole life: watch the parent, run work(*args), send one tagged answer."""
    if parents_end is not None:
        parents_end.close()  # only the parent may hold the reading end, so a send to a dead parent fails
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group; the parent stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # held by the parent while it forked
    die_with_parent(parent, forked=parents_end is not None)
    if nice:
        try:
            os.nice(nice)
        except OSError:
            pass
    try:
        answer = (OK, work(*args))
    except UserError as error:  # the editor's to fix: the parent reports it as such
        answer = (USER_ERROR, error.problems)
    except BaseException:  # noqa: BLE001 - the parent reports it as the build's own error
        answer = (INTERNAL_ERROR, traceback.format_exc())
    try:
        try:
            send.send(answer)
        except BrokenPipeError:
            os._exit(1)  # the parent is gone: nobody to answer
        except Exception:  # noqa: BLE001 - an answer that cannot be sent is our bug, reported as such
            send.send((INTERNAL_ERROR, traceback.format_exc()))
    finally:
        send.close()


class Worker:
    """work(*args) in another process; its answer with result(), or done() to ask without waiting.

    `method` "fork" shares what this process has read and compiled; "forkserver" forks from a
    clean server process that has no threads (for a process that runs threads, like serve:
    a fork copies only the forking thread, and a lock another thread held stays locked in the
    copy). As a context manager, a worker still running when the block ends is killed.
    """

    def __init__(self, work, *args, method: str = "fork", nice: int = 0):
        context = multiprocessing.get_context(method)
        self._receive, send = context.Pipe(duplex=False)
        forked = method == "fork"
        self._process = context.Process(
            target=_run_worker, args=(send, self._receive if forked else None, os.getpid(), nice, work, args)
        )
        self._answer = None
        # A stop signal while starting would leave a process this one does not know of yet.
        with signals_held():
            try:
                self._process.start()
                _running.add(self)
            finally:
                send.close()  # the worker's end: this process only reads
        if forked:  # the worker has its own copy: what the arguments hold may go here before it ends
            self._process._target, self._process._args = None, ()

    def done(self) -> bool:
        """Whether the answer is there (or the worker ended without one)."""
        return self._answer is not None or self._receive.closed or self._receive.poll()

    def result(self):
        """The worker's value; its UserError raised as the same UserError, any other failure as WorkerError."""
        if self._answer is None:
            try:
                self._answer = _receive_whole(self._receive)
                self._process.join(5)  # it ends right after its answer
            except EOFError:
                self._process.join()
                raise WorkerError(f"het tweede bouwproces stopte zonder antwoord ({self._how_it_ended()})") from None
            finally:
                self.stop()
        status, value = self._answer
        if status == USER_ERROR:
            raise UserError(value)
        if status != OK:
            raise WorkerError("het tweede bouwproces faalde:\n" + value)
        return value

    def _how_it_ended(self) -> str:
        code = self._process.exitcode
        return f"signaal {-code}" if code is not None and code < 0 else f"code {code}"

    def stop(self, kill: bool = False) -> None:
        """End the worker (at once with `kill`, else SIGTERM first) and wait for it; idempotent."""
        self._receive.close()
        _running.discard(self)
        if self._process.pid is None:
            return
        if self._process.exitcode is None:
            if kill:
                self._process.kill()
            else:
                self._process.terminate()
                self._process.join(5)
                if self._process.exitcode is None:
                    self._process.kill()
        self._process.join()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *failed) -> None:
        self.stop(kill=True)  # after an error here it must not go on writing; after result() it has ended


@atexit.register  # runs before multiprocessing's own exit handler, which would wait for them
def stop_workers() -> None:
    """Kill every worker this process started that still runs (a stop signal may come between
    a worker's start and the block that would stop it)."""
    for worker in list(_running):
        worker.stop(kill=True)


@contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (where the system allows it)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _receive_whole(receive):
    """The worker's pickled answer, unpickled with the cycle collector paused: it makes no cycles,
    and the collector's passes over a national map's millions of new objects cost most of the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return receive.recv()
    finally:
        if was_enabled:
            gc.enable()


def fork_no_more() -> None:
    """This process starts threads now: from here on it forks no worker of its own (a fork copies
    only the forking thread, and a lock another thread holds stays locked in the copy for good);
    a fork server's workers still may."""
    _may_fork[0] = False


def start_fork_server() -> None:
    """Start the fork server for Worker(method="forkserver") now, with the build imported in it.

    Call it before this process starts threads; the server is a fresh program either way, but
    its start-up then does not delay the first worker.
    """
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(["__main__", "kaart.render", "kaart.warnings"])
    forkserver.ensure_running()


@contextmanager
def while_forked(job) -> Iterator[None]:
    """Inside the block, the first in_two runs job() here right after its worker has started, before
    this process takes its share: work only this process needs (imports for a later stage) is then
    done while the worker has begun, and the work shared by counting gives the worker more. Nothing
    is run when no worker starts: the caller does the job itself after the block."""
    _while_worker_starts.append(job)
    try:
        yield
    finally:
        if job in _while_worker_starts:
            _while_worker_starts.remove(job)


def freeze_shared() -> None:
    """Before a fork: the collector of neither process touches what both share, so its memory pages
    stay shared. Each call sets aside what was made since the last one too; counted: the objects are
    let go (thaw_shared) when the last fork that asked is done."""
    gc.freeze()
    _frozen[0] += 1


def thaw_shared() -> None:
    """The collector may go through the objects freeze_shared set aside again, once no fork needs them."""
    _frozen[0] -= 1
    if _frozen[0] == 0:
        gc.unfreeze()


def in_two(parent_work, child_work) -> tuple:
    """(parent_work(), child_work()), the second run at the same time by a forked worker."""
    freeze_shared()
    try:
        with Worker(child_work) as worker:
            while _while_worker_starts:
                _while_worker_starts.pop(0)()
            mine = parent_work()
            theirs = worker.result()
    finally:
        thaw_shared()
    return mine, theirs


class Meanwhile:
    """work(*args) in a forked worker while this process goes on, when a job of this size pays for
    one (can_fork), else here and now; result() gives its value. As a context manager, a worker
    still running when the block ends is killed."""

    def __init__(self, work, *args, size: int):
        self._worker = None
        if not can_fork(size):
            self._value = work(*args)
            return
        freeze_shared()
        try:
            self._worker = Worker(work, *args)
        except BaseException:
            thaw_shared()
            raise

    def result(self):
        """The work's value (a UserError or WorkerError of the worker raised here, as Worker.result)."""
        if self._worker is not None:
            try:
                self._value = self._worker.result()
            finally:
                self._done()
        return self._value

    def _done(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop(kill=True)
            thaw_shared()

    def __enter__(self) -> Meanwhile:
        return self

    def __exit__(self, *failed) -> None:
        self._done()


def map_in_two(items: list, work) -> list:
    """work(items) as one list, shared with a forked worker when that pays.

    Both processes take the next few items until none are left, so the one that gets more of
    the machine (the other core may be busy with another program) does more of the work."""
    if not can_fork(len(items)):
        return work(items)
    parts = [items[start : start + ITEMS_AT_ONCE] for start in range(0, len(items), ITEMS_AT_ONCE)]
    counter = shared_counter()

    def take_parts() -> list[tuple[int, list]]:
        done = []
        while (number := counter()) < len(parts):
            done.append((number, work(parts[number])))
        return done

    mine, theirs = in_two(take_parts, take_parts)
    return [value for _, made in sorted(mine + theirs, key=lambda part: part[0]) for value in made]


def shared_counter():
    """A counter that the two processes of in_two both take numbers from: take() -> 0, 1, 2, ..."""
    value = multiprocessing.get_context("fork").Value("l", 0)
    lock, owner = value.get_lock(), os.getpid()

    def take() -> int:
        stop_if_asked()  # between two pages or files: a stop signal whose interrupt was lost ends it here
        # A worker killed while it held the lock would leave this process waiting for good.
        while not lock.acquire(timeout=0.5):
            if os.getpid() == owner and not multiprocessing.active_children():
                raise WorkerError("het tweede bouwproces stopte zonder antwoord")
        try:
            number = value.value
            value.value += 1
        finally:
            lock.release()
        return number

    return take

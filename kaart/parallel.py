"""Two cores for the slow stages: a forked worker takes part of a list of jobs.

Forking shares what the parent has read and compiled so far without copying it; the worker
sends only its results back. What comes out does not depend on which process made it.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback

# From this many organisations on, a second process shares the work (on a machine with 2+ cores).
PARALLEL_FROM = 200


def workers() -> int:
    """How many processes work: KAART_WORKERS, else 2 when the machine has 2 or more cores."""
    given = os.environ.get("KAART_WORKERS", "")
    if given.isdigit() and int(given) >= 1:
        return min(int(given), 2)
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def can_fork(size: int) -> bool:
    """Whether a job list of this size is worth a second process here."""
    return workers() >= 2 and size >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods()


def map_in_two(items: list, work) -> list:
    """work(items) as one list, the second half made by a forked worker when that pays."""
    if not can_fork(len(items)):
        return work(items)
    half = (len(items) + 1) // 2
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("ok", work(items[half:])))
        except BaseException:  # noqa: BLE001 - the parent reports it as the build's own error
            send.send(("fout", traceback.format_exc()))
        finally:
            send.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        first = work(items[:half])
        status, second = receive.recv()
    except BaseException:
        process.kill()
        raise
    finally:
        receive.close()
        process.join()
    if status != "ok":
        raise RuntimeError("het tweede bouwproces faalde:\n" + second)
    return first + second

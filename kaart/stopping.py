"""A stop signal is never lost: SIGTERM ends a command the way Ctrl+C does.

The signal's handler raises KeyboardInterrupt wherever the main thread is. When that is inside
a finaliser (a `__del__` the garbage collector runs, as multiprocessing's connections have),
Python prints the exception as "ignored" and goes on, and the build would finish as if nothing
came. So the handler also notes the stop, the note keeps such a lost interrupt quiet, and the
build asks for it at its next step: each page or file it takes, before the swap, at the end.
"""

from __future__ import annotations

import signal
import sys

_asked = [False]


def stop_on_signal(*_) -> None:
    """The SIGTERM handler: note the stop and interrupt; a second SIGTERM does not interrupt the
    cleaning up (workers stopped, temporary folders removed, the old output left as it was)."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _asked[0] = True
    raise KeyboardInterrupt


def stop_if_asked() -> None:
    """Raise KeyboardInterrupt if a stop signal came, also one whose interrupt a finaliser swallowed."""
    if _asked[0]:
        raise KeyboardInterrupt


def _unraisable(report) -> None:
    """sys.unraisablehook: a stop's interrupt lost in a finaliser is not printed (it comes again at
    the next step); anything else is reported as Python reports it."""
    if _asked[0] and isinstance(report.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(report)


def install() -> None:
    """From now on SIGTERM stops this process the way Ctrl+C does, and is never lost."""
    sys.unraisablehook = _unraisable
    signal.signal(signal.SIGTERM, stop_on_signal)

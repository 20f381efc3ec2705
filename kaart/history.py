"""Change history from git: when each organisation file last changed, and which files git knows.

Everything here is optional: without git, outside a checkout or for a file git does not know,
the answer is "nothing known" and the build goes on. Dates are commit dates (committer time,
as a date in Europe/Amsterdam), never the wall clock, so a build stays reproducible. One
`git log` call answers for every file at once, so 20,000 files cost one process, not 20,000;
the build starts it before it reads the files (PendingHistory), so git runs meanwhile; the
program starts it even before its imports (start_early), while the other core has nothing to do.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
GIT_TIMEOUT = 120


@dataclass
class History:
    """What git knows about the organisations folder."""

    changed: dict[str, date] = field(default_factory=dict)
    """slug -> date of the last commit that touched organisations/<slug>.yaml"""
    latest: date | None = None
    """date of the last commit that touched the folder at all (the date of the data)"""


def _git_env() -> dict[str, str]:
    """git's environment: no optional locks (a build only reads), messages in plain C."""
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


class _StartedGit:
    """A git command started now and answered later, so that it runs while the build reads.

    Its output goes to a temporary file, not a pipe: git never waits for this process to read."""

    def __init__(self, arguments: list[str], folder: str):
        self.process = None
        self.output = None
        if not os.path.isdir(folder):
            return
        try:
            self.output = tempfile.TemporaryFile()
            self.process = subprocess.Popen(
                ["git", *arguments],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=self.output,
                stderr=subprocess.DEVNULL,
                env=_git_env(),
            )
        except (OSError, subprocess.SubprocessError):
            self.stop()

    def result(self, deadline: float) -> str | None:
        """git's output, or None when it failed, is missing or did not end by the deadline."""
        if self.process is None:
            return None
        try:
            code = self.process.wait(max(0.0, deadline - time.monotonic()))
            self.output.seek(0)
            text = self.output.read().decode("utf-8", errors="replace")
        except (OSError, subprocess.SubprocessError):
            code, text = None, None
        finally:
            self.stop()
        return text if code == 0 else None

    def stop(self) -> None:
        """End git if it still runs and let go of its output; idempotent."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
        if self.output is not None:
            self.output.close()
            self.output = None


def commit_date(epoch: int) -> date:
    """A commit time as the date it was in the Netherlands."""
    return datetime.fromtimestamp(epoch, AMSTERDAM).date()


class PendingHistory:
    """The history of an organisations folder, asked of git now and answered by result()."""

    def __init__(self, organisations_dir: str):
        self.deadline = time.monotonic() + GIT_TIMEOUT
        # Both at once: the log is thrown away when the clone turns out to be shallow.
        self.shallow = _StartedGit(["rev-parse", "--is-shallow-repository"], organisations_dir)
        self.log = _StartedGit(
            ["log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames", "--", "."], organisations_dir
        )

    def result(self) -> History:
        """Last-change dates of every organisation file, from one `git log` over the folder.

        A shallow clone (CI's default `fetch-depth: 1`) knows only the last commit, which would give
        every file that commit's date: then nothing is known rather than something wrong.
        """
        shallow = (self.shallow.result(self.deadline) or "").strip()
        output = self.log.result(self.deadline) if shallow == "false" else None
        self.stop()
        return _parse_log(output) if output else History()

    def stop(self) -> None:
        """End what git still runs (the build stopped or failed before it asked); idempotent."""
        self.shallow.stop()
        self.log.stop()

    def __enter__(self) -> PendingHistory:
        return self

    def __exit__(self, *failed) -> None:
        self.stop()


def _parse_log(output: str) -> History:
    """The History in `git log --format=%x00%ct --name-only` output."""
    history = History()
    epochs: dict[str, int] = {}
    latest = None
    current = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            current = int(line[1:])
            latest = current if latest is None else max(latest, current)
        elif line and current is not None and line.endswith(".yaml") and "/" not in line:
            slug = line[: -len(".yaml")]
            epochs[slug] = max(epochs.get(slug, current), current)
    history.changed = {slug: commit_date(epoch) for slug, epoch in epochs.items()}
    history.latest = commit_date(latest) if latest is not None else None
    return history


# The history start_early asked for: (process id, folder, PendingHistory), until pending_history takes it.
_early: list[tuple[int, str, PendingHistory]] = []


def start_early(organisations_dir: str) -> None:
    """Ask git now for the history of the folder the command will read: pending_history() hands it out."""
    if not _early:
        atexit.register(_stop_early)  # a command that ends before it asks (a usage error) leaves no git behind
    _stop_early()
    _early.append((os.getpid(), organisations_dir, PendingHistory(organisations_dir)))


def pending_history(organisations_dir: str) -> PendingHistory:
    """The history start_early asked for this folder in this process, else one asked now."""
    if _early:
        pid, folder, pending = _early.pop()
        if pid == os.getpid():  # a forked process leaves the git of the process that started it alone
            if folder == organisations_dir:
                return pending
            pending.stop()
    return PendingHistory(organisations_dir)


def _stop_early() -> None:
    """End the git start_early started in this process, if nobody took it; idempotent."""
    if _early and _early[0][0] == os.getpid():
        _early.pop()[2].stop()


def read_history(organisations_dir: str) -> History:
    """Last-change dates of every organisation file (PendingHistory, asked and answered at once)."""
    with PendingHistory(organisations_dir) as pending:
        return pending.result()


class PendingSlugs:
    """The organisation slugs in the folder as git has it at `ref`, asked of git now and answered by
    result(): git lists them while the warnings are made."""

    def __init__(self, organisations_dir: str, ref: str = "HEAD"):
        self.deadline = time.monotonic() + GIT_TIMEOUT
        self.ls_tree = _StartedGit(["ls-tree", "--name-only", ref, "--", "."], organisations_dir)

    def result(self) -> set[str] | None:
        """The slugs, or None when git cannot tell (no git, no checkout, no such ref)."""
        output = self.ls_tree.result(self.deadline)
        if output is None:
            return None
        return {name[: -len(".yaml")] for name in output.splitlines() if name.endswith(".yaml") and "/" not in name}

    def stop(self) -> None:
        """End git if it still runs; idempotent."""
        self.ls_tree.stop()

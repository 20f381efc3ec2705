"""Change history from git: when each organisation file last changed, and which files git knows.

Everything here is optional: without git, outside a checkout or for a file git does not know,
the answer is "nothing known" and the build goes on. Dates are commit dates (committer time,
as a date in Europe/Amsterdam), never the wall clock, so a build stays reproducible. One
`git log` call answers for every file at once, so 20,000 files cost one process, not 20,000.
"""

from __future__ import annotations

import os
import subprocess
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


def _git(arguments: list[str], folder: str) -> str | None:
    """Run git in `folder`; its output, or None when git is missing or the folder is no checkout."""
    if not os.path.isdir(folder):
        return None
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=GIT_TIMEOUT,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def commit_date(epoch: int) -> date:
    """A commit time as the date it was in the Netherlands."""
    return datetime.fromtimestamp(epoch, AMSTERDAM).date()


def read_history(organisations_dir: str) -> History:
    """Last-change dates of every organisation file, from one `git log` over the folder.

    A shallow clone (CI's default `fetch-depth: 1`) knows only the last commit, which would give
    every file that commit's date: then nothing is known rather than something wrong.
    """
    history = History()
    if (_git(["rev-parse", "--is-shallow-repository"], organisations_dir) or "").strip() != "false":
        return history
    output = _git(
        ["log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames", "--", "."], organisations_dir
    )
    if not output:
        return history
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


def slugs_at(organisations_dir: str, ref: str = "HEAD") -> set[str] | None:
    """The organisation slugs in the folder as git has it at `ref`, or None when git cannot tell."""
    output = _git(["ls-tree", "--name-only", ref, "--", "."], organisations_dir)
    if output is None:
        return None
    return {name[: -len(".yaml")] for name in output.splitlines() if name.endswith(".yaml") and "/" not in name}

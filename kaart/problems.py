"""Problems found in the input, and the two kinds of failure: the editor's and ours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kaart.positions import dotted

# Characters that would start a new line (or move the cursor) in a terminal or a CI log, where a
# line beginning with `::` is a GitHub workflow command: a file name can hold any of them.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """Text with control characters written as escapes (a line break as \\n): one line, shown as is."""
    return _INVISIBLE.sub(lambda m: repr(m.group())[1:-1], text)


def github_data(text: str) -> str:
    """Escaped as the message of a GitHub workflow command (what comes after `::`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Escaped as a property value of a GitHub workflow command (file=..., line=...)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix (or should look at, for a warning), with its place."""

    path: str
    line: int
    column: int
    field: str
    message: str
    warning: bool = False
    code: str = field(default="", compare=False, repr=False)
    """the kind of problem, for code that must tell one from another (the message is for people)"""

    def format(self) -> str:
        """Render as `PATH:LINE:COLUMN: field: message`, the line editors and tools read."""
        where = f"{self.path}:{self.line}:{self.column}"
        text = f"{self.field}: {self.message}" if self.field else self.message
        return visible(f"{where}: {'waarschuwing: ' if self.warning else ''}{text}")

    def format_github(self) -> str:
        """Render as a GitHub workflow command, so the error shows on the file and line."""
        kind = "warning" if self.warning else "error"
        text = f"{self.field}: {self.message}" if self.field else self.message
        properties = ",".join(
            f"{name}={github_property(str(value))}"
            for name, value in (("file", self.path), ("line", self.line), ("col", self.column))
        )
        return f"::{kind} {properties}::{github_data(text)}"


class UserError(Exception):
    """The input is wrong: the editor can fix it. Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class UsageError(Exception):
    """The command line asks for something we refuse to do (one Dutch sentence)."""


def warning_at(where, loc: tuple, message: str, line: int | None = None, key: bool = False) -> Problem:
    """A warning at a field of a file (at its name with key=True, or at a line inside a long text);
    `where` is the file's YamlDoc or PackedLocations (kaart/positions.py)."""
    place = (line, 1) if line is not None else where.where(loc, key=key)
    return Problem(where.path, *place, dotted(loc), message, warning=True)

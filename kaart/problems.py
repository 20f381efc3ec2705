"""Problems found in the input, and the two kinds of failure: the editor's and ours."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        return f"{where}: {'waarschuwing: ' if self.warning else ''}{text}"

    def format_github(self) -> str:
        """Render as a GitHub workflow command, so the error shows on the file and line."""
        kind = "warning" if self.warning else "error"
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.column}::{text}"


class UserError(Exception):
    """The input is wrong: the editor can fix it. Carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class UsageError(Exception):
    """The command line asks for something we refuse to do (one Dutch sentence)."""

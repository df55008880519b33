"""Content problems: one readable message per mistake, naming the file, the line and the fix."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One mistake in one content file."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        try:
            where = str(Path(self.path).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            pass
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Raised when content files have mistakes; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the content:\n"
            + "\n".join(f"  - {p}" for p in self.problems)
        )

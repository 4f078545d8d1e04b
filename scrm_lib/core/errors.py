"""Error types that carry enough context for a clear, traceback-free message.

The CLI (:mod:`scrm_lib.cli`) prints ``str(error)`` of any :class:`ScrmError` to
stderr and exits with status 2. Notebooks show the same message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: How many offending row numbers a problem lists before saying "... and N more".
MAX_ROWS_SHOWN = 5


class ScrmError(Exception):
    """Base class of every user-facing error of the workbench."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    Attributes:
        message: what was found and what was expected, in one sentence.
        column: the column concerned, if any.
        rows: 1-based line numbers in the file (the header is line 1) of the first
            offending rows; ``n_rows`` is how many offend in all.
        n_rows: total number of offending rows (``len(rows)`` when not truncated).
        found: example of the offending value(s), already shortened for display.
        expected: what a valid value looks like.
    """

    message: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    n_rows: int = 0
    found: str | None = None
    expected: str | None = None
    row_label: str = "line"

    def format(self) -> str:
        """Render the problem as one or two human-readable lines."""
        parts = []
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:MAX_ROWS_SHOWN])
            label = self.row_label if len(self.rows) == 1 and self.n_rows <= 1 else self.row_label + "s"
            more = self.n_rows - min(len(self.rows), MAX_ROWS_SHOWN)
            where = f"{label} {shown}" + (f" and {more} more" if more > 0 else "")
            parts.append(where)
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        head = (", ".join(parts) + ": ") if parts else ""
        text = head + self.message
        details = []
        if self.found is not None:
            details.append(f"found {self.found}")
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        if details:
            text += " (" + "; ".join(details) + ")"
        if self.n_rows > 1:
            text += f" [{self.n_rows} rows in all]"
        return text


@dataclass
class DataValidationError(ScrmError):
    """An input file does not match its canonical schema.

    Attributes:
        path: the file that was read (or a description such as ``"<DataFrame>"``).
        kind: the schema, e.g. ``"mentions"``, ``"survey"``, ``"usecases"``.
        problems: every problem found (validation does not stop at the first).
    """

    path: str
    kind: str
    problems: Sequence[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        lines = [f"{self.path}: not a valid {self.kind} file ({n} problem{'s' if n != 1 else ''}):"]
        lines += [f"  - {p.format()}" for p in self.problems]
        return "\n".join(lines)


@dataclass
class ParamsError(ScrmError):
    """Notebook parameters are unknown, mistyped, missing or point at missing files."""

    source: str
    problems: Sequence[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.problems)
        lines = [f"{self.source}: invalid parameters ({n} problem{'s' if n != 1 else ''}):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def display_path(path: str | Path) -> str:
    """A path as shown in messages: relative to the project root when inside it."""
    from scrm_lib.core.config import relative_to_root

    return relative_to_root(path)

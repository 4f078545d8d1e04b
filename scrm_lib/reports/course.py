"""The six-session course (DOMAIN.md §1): exercises, solutions, handouts and session files.

Notebooks carry the course as **tagged cells** (cell metadata ``tags``):

- ``exercise`` — the task a student works on (a markdown cell starting with "✏️ Exercise",
  optionally followed by an empty code cell tagged ``exercise`` to answer in);
- ``solution`` — the instructor's answer (markdown and/or code). Solution cells only read
  variables, they never define anything a later cell needs, so a notebook runs with or
  without them;
- ``section-<name>`` — the cell belongs to the part ``<name>`` of the notebook (e.g.
  ``section-traits`` in notebook 05). Cells without a section tag (title, parameters,
  loading) always stay.

What a run keeps is decided by the notebook's own parameters, **before execution**
(:func:`select_cells`, called by :func:`scrm_lib.run.runner.execute_job`):

- ``show_solutions`` (default ``False``): when false, cells tagged ``solution`` are
  *removed* from the notebook that is executed — the student handout contains neither
  their code, nor their output, nor their text (not merely collapsed or hidden);
- ``show_exercises`` (default ``True``): when false, exercise and solution cells are removed
  (a clean report, e.g. the audit a student hands in);
- ``sections`` (``None`` = all): when a list, cells tagged ``section-<name>`` for a name not in
  the list are removed.

The committed notebooks hold everything (they are the instructor's source, and the test
suite executes them whole). ``scrm run --course session-N`` runs the session files
``params/course/session-N.yaml`` and ``params/course/session-N.*.yaml`` (one notebook each;
a session may span several notebooks) as the student handout; ``--solutions`` makes the
instructor copy (``show_solutions: true``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scrm_lib.core.config import PARAMS_DIR, relative_to_root
from scrm_lib.core.errors import ParamsError

SOLUTION_TAG = "solution"
EXERCISE_TAG = "exercise"
SECTION_PREFIX = "section-"
COURSE_DIR: Path = PARAMS_DIR / "course"
#: Number of sessions of the course (DOMAIN.md §1).
SESSIONS = 6

_SESSION = re.compile(r"^(?:session-?)?([1-9][0-9]*)$", re.IGNORECASE)


def cell_tags(cell: Any) -> list[str]:
    """The tags of a notebook cell (``[]`` when it has none)."""
    return list((cell.get("metadata") or {}).get("tags") or [])


def cell_sections(cell: Any) -> list[str]:
    """The section names a cell is tagged with (``section-traits`` → ``traits``)."""
    return [t[len(SECTION_PREFIX):] for t in cell_tags(cell) if t.startswith(SECTION_PREFIX)]


def notebook_sections(nb: Any) -> list[str]:
    """Every section name used in a notebook, in order of first appearance."""
    seen: list[str] = []
    for cell in nb["cells"]:
        for s in cell_sections(cell):
            if s not in seen:
                seen.append(s)
    return seen


def keep_cell(
    cell: Any,
    show_solutions: bool = False,
    show_exercises: bool = True,
    sections: Sequence[str] | None = None,
) -> bool:
    """Whether ``cell`` stays in a notebook run with these course options (see module doc)."""
    tags = cell_tags(cell)
    if SOLUTION_TAG in tags and not (show_solutions and show_exercises):
        return False
    if EXERCISE_TAG in tags and not show_exercises:
        return False
    if sections is not None:
        own = cell_sections(cell)
        if own and not set(own) & set(sections):
            return False
    return True


def select_cells(
    nb: Any,
    show_solutions: bool = False,
    show_exercises: bool = True,
    sections: Sequence[str] | None = None,
) -> tuple[Any, int]:
    """A copy of notebook ``nb`` without the cells these options exclude, and how many went.

    Raises:
        ParamsError: ``sections`` names a section the notebook does not have.
    """
    if sections is not None:
        known = notebook_sections(nb)
        unknown = [s for s in sections if s not in known]
        if unknown:
            raise ParamsError("sections", [f"unknown section(s) {unknown}; this notebook has {known}"])
    out = copy.deepcopy(nb)
    kept = [c for c in out["cells"] if keep_cell(c, show_solutions, show_exercises, sections)]
    removed = len(out["cells"]) - len(kept)
    out["cells"] = kept
    return out, removed


def course_options(params: Any) -> dict[str, Any]:
    """The course options of a notebook's validated parameters (absent ones at their defaults)."""
    return {
        "show_solutions": bool(getattr(params, "show_solutions", True)),
        "show_exercises": bool(getattr(params, "show_exercises", True)),
        "sections": getattr(params, "sections", None),
    }


def notebook_for_run(nb: Any, params: Any) -> tuple[Any, int]:
    """The notebook to execute for ``params``: :func:`select_cells` with the course options.

    A notebook without course parameters is returned unchanged (``show_solutions`` is taken
    as true when the notebook has no such parameter, so nothing is removed).
    """
    return select_cells(nb, **course_options(params))


def session_number(session: str) -> int:
    """``"session-3"``, ``"session3"`` or ``"3"`` → 3 (1 … :data:`SESSIONS`).

    Raises:
        ParamsError: anything else.
    """
    m = _SESSION.match(session.strip())
    n = int(m.group(1)) if m else 0
    if not 1 <= n <= SESSIONS:
        raise ParamsError("--course", [f"expected session-1 … session-{SESSIONS}, got {session!r}"])
    return n


def session_files(session: str, course_dir: Path | None = None) -> list[Path]:
    """The params files of a session: ``session-N.yaml`` then ``session-N.*.yaml`` (sorted).

    Raises:
        ParamsError: unknown session, or no ``session-N.yaml`` in the course folder.
    """
    n = session_number(session)
    folder = course_dir or COURSE_DIR
    main = folder / f"session-{n}.yaml"
    if not main.is_file():
        raise ParamsError(relative_to_root(main), ["session params file not found"])
    return [main, *sorted(folder.glob(f"session-{n}.*.yaml"))]


def session_label(params_file: Path, stem: str, solutions: bool) -> str:
    """Output name of one notebook of a session: ``session-1--05_x`` (``--solutions`` added)."""
    base = params_file.stem.split(".", 1)[0]
    return f"{base}--{stem}" + ("--solutions" if solutions else "")


def check_sections(sections: list[str] | None, known: Sequence[str]) -> list[str] | None:
    """Validator for a notebook's ``sections`` parameter: every name must be one of ``known``."""
    if sections is not None:
        unknown = [s for s in sections if s not in known]
        if unknown:
            raise ValueError(f"unknown section(s) {unknown}; choose from {list(known)}")
    return sections

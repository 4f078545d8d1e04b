"""The course machinery: exercise/solution/section cells, session files, handout vs instructor copy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from scrm_lib.cli.run import build_requests, course_requests
from scrm_lib.core.config import NOTEBOOKS_DIR, PROJECT_ROOT
from scrm_lib.core.errors import ParamsError
from scrm_lib.reports import course
from scrm_lib.run import runner


def _nb(*cells: tuple[str, list[str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for i, (src, tags) in enumerate(cells):
        c = nbformat.v4.new_code_cell(src)
        c.id = f"c{i}"
        c.metadata["tags"] = tags
        nb.cells.append(c)
    return nb


TOY = _nb(("title", []), ("ex", ["exercise"]), ("sol", ["solution"]), ("a", ["section-a"]),
          ("a-sol", ["section-a", "solution"]), ("b", ["section-b"]))


def _sources(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells]


def test_handout_removes_solution_cells_only() -> None:
    out, removed = course.select_cells(TOY, show_solutions=False)
    assert _sources(out) == ["title", "ex", "a", "b"] and removed == 2
    assert _sources(TOY)[2] == "sol"  # the source is not modified


def test_instructor_copy_keeps_everything() -> None:
    out, removed = course.select_cells(TOY, show_solutions=True)
    assert _sources(out) == _sources(TOY) and removed == 0


def test_no_exercises_removes_exercises_and_their_solutions() -> None:
    out, _ = course.select_cells(TOY, show_solutions=True, show_exercises=False)
    assert _sources(out) == ["title", "a", "b"]


def test_sections_keep_untagged_cells_and_named_sections() -> None:
    out, _ = course.select_cells(TOY, show_solutions=True, sections=["b"])
    assert _sources(out) == ["title", "ex", "sol", "b"]
    with pytest.raises(ParamsError, match=r"unknown section\(s\) \['c'\]"):
        course.select_cells(TOY, sections=["c"])


def test_notebook_without_course_parameters_is_unchanged() -> None:
    class NoCourse:
        pass

    out, removed = course.notebook_for_run(TOY, NoCourse())
    assert removed == 0 and _sources(out) == _sources(TOY)


@pytest.mark.parametrize("text,n", [("session-3", 3), ("Session3", 3), ("6", 6)])
def test_session_number(text: str, n: int) -> None:
    assert course.session_number(text) == n


@pytest.mark.parametrize("text", ["session-0", "session-7", "lecture-1", ""])
def test_bad_session_is_a_clear_error(text: str) -> None:
    with pytest.raises(ParamsError, match="expected session-1"):
        course.session_number(text)


def test_session_files_include_extra_parts(tmp_path: Path) -> None:
    (tmp_path / "session-2.yaml").write_text("notebook: 00_quickstart\n")
    (tmp_path / "session-2.b.yaml").write_text("notebook: 00_quickstart\n")
    (tmp_path / "session-20.yaml").write_text("notebook: 00_quickstart\n")
    assert [p.name for p in course.session_files("session-2", tmp_path)] == ["session-2.yaml", "session-2.b.yaml"]
    with pytest.raises(ParamsError, match="session params file not found"):
        course.session_files("session-3", tmp_path)


@pytest.mark.parametrize("n", range(1, course.SESSIONS + 1))
def test_every_session_plans_as_handout_and_instructor_copy(n: int) -> None:
    for solutions in (False, True):
        jobs = runner.plan(course_requests(f"session-{n}", solutions))
        assert jobs, f"session {n} runs no notebook"
        for job in jobs:
            assert job.params.show_solutions is solutions
            assert job.label.startswith(f"session-{n}--") and job.label.endswith("--solutions") is solutions


def test_solutions_flag_applies_to_named_notebooks_too() -> None:
    (req,) = build_requests(["00"], False, [], solutions=True)
    assert req.overrides == {"show_solutions": True}
    reqs = build_requests([], False, [], course="session-6")
    assert [Path(r.params_file).name for r in reqs] == ["session-6.yaml", "session-6.measurement.yaml"]


def _course_notebooks() -> list[Path]:
    return [p for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
            if any("exercise" in c.get("metadata", {}).get("tags", []) for c in json.loads(p.read_text())["cells"])]


@pytest.mark.parametrize("path", _course_notebooks(), ids=lambda p: p.stem)
def test_every_exercise_is_marked_and_has_a_solution(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    exercises = [c for c in cells if "exercise" in c["metadata"].get("tags", []) and c["cell_type"] == "markdown"]
    solutions = [c for c in cells if "solution" in c["metadata"].get("tags", []) and c["cell_type"] == "markdown"]
    ex_ids = [re.search(r"Exercise (\d+\.\d+)", "".join(c["source"])).group(1) for c in exercises]
    sol_ids = [re.search(r"Solution (\d+\.\d+)", "".join(c["source"])).group(1) for c in solutions]
    assert ex_ids and ex_ids == sol_ids, "every ✏️ Exercise N.M markdown cell has a **Solution N.M.** cell, in order"
    for c in exercises:
        assert "".join(c["source"]).startswith("### ✏️ Exercise"), "exercise cells are clearly marked"
    for c in cells:
        tags = c["metadata"].get("tags", [])
        assert not ({"exercise", "solution"} <= set(tags)), "a cell is an exercise or a solution, not both"


@pytest.mark.notebook
def test_handout_has_no_solution_cell_and_instructor_copy_has_all(tmp_path: Path) -> None:
    """One run of course session 1 (notebook 05, traits part) as handout and instructor copy."""
    requests = course_requests("session-1") + course_requests("session-1", solutions=True)
    jobs = runner.plan(requests)
    summary = runner.run_jobs(jobs, out_root=tmp_path)
    assert summary.ok, [r.describe_failure() for r in summary.failed]
    handout_job, instructor_job = jobs
    source = nbformat.read(handout_job.notebook, as_version=4)
    sections = set(handout_job.params.sections)

    def in_session(c: nbformat.NotebookNode) -> bool:
        own = course.cell_sections(c)
        return not own or bool(set(own) & sections)

    solution_ids = {c.id for c in source.cells if "solution" in course.cell_tags(c) and in_session(c)}
    exercise_ids = {c.id for c in source.cells if "exercise" in course.cell_tags(c) and in_session(c)}
    assert solution_ids and exercise_ids
    run_dir = summary.run_dir
    handout = nbformat.read(run_dir / f"{handout_job.label}.ipynb", as_version=4)
    instructor = nbformat.read(run_dir / f"{instructor_job.label}.ipynb", as_version=4)
    h_ids, i_ids = {c.id for c in handout.cells}, {c.id for c in instructor.cells}
    assert not any("solution" in course.cell_tags(c) for c in handout.cells)
    assert not solution_ids & h_ids and exercise_ids <= h_ids
    assert solution_ids <= i_ids and exercise_ids <= i_ids
    # other sections of the notebook are absent from both
    others = {c.id for c in source.cells if not in_session(c)}
    assert others and not others & (h_ids | i_ids)
    h_html = (run_dir / f"{handout_job.label}.html").read_text(encoding="utf-8")
    i_html = (run_dir / f"{instructor_job.label}.html").read_text(encoding="utf-8")
    assert "Exercise 1.1" in h_html and "Solution 1.1" not in h_html and "Solution 1.2" not in h_html
    assert "Solution 1.1" in i_html and "Solution 1.2" in i_html
    assert "ARM triage: a decision for every inbound post" not in h_html  # the triage part is session 6
    assert (run_dir / "index.html").is_file() and str(PROJECT_ROOT)


def test_audit_report_params_hide_code_and_exercises() -> None:
    (job,) = runner.plan([runner.RunRequest(params_file="params/audit/nimbus.yaml")])
    assert job.stem == "07_social_media_audit" and job.html_exclude_input
    assert job.params.show_exercises is False
    (default,) = runner.plan([runner.RunRequest(name="07")])
    assert not default.html_exclude_input


def test_unknown_section_in_a_params_file_fails_before_running(tmp_path: Path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text("notebook: 05_social_customer_and_triage\nsections: [traits, dashboards]\n")
    with pytest.raises(ParamsError, match="dashboards"):
        runner.plan([runner.RunRequest(params_file=str(bad))])


def test_session_5_is_the_listening_notebook_with_the_quickstart_warm_up() -> None:
    for solutions in (False, True):
        jobs = runner.plan(course_requests("session-5", solutions))
        assert [j.stem for j in jobs] == ["01_listening_analysis", "00_quickstart"]
        assert all(j.params.show_solutions is solutions and j.params.show_exercises for j in jobs)
    cells = json.loads((NOTEBOOKS_DIR / "01_listening_analysis.ipynb").read_text(encoding="utf-8"))["cells"]
    handout, removed = course.select_cells({"cells": cells}, show_solutions=False)
    titles = ["".join(c["source"]).splitlines()[0] for c in handout["cells"] if "exercise" in course.cell_tags(c)
              and c["cell_type"] == "markdown"]
    assert [t.split(" — ")[0] for t in titles] == ["### ✏️ Exercise 5.3", "### ✏️ Exercise 5.4", "### ✏️ Exercise 5.5"]
    assert removed == 9 and not any("solution" in course.cell_tags(c) for c in handout["cells"])

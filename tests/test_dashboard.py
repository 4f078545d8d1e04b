"""The session-5 listening dashboard (scrm_lib.run.dashboard): what Voilà serves."""

from __future__ import annotations

from pathlib import Path

import nbformat

from scrm_lib.reports.course import cell_tags
from scrm_lib.run import dashboard


def test_dashboard_has_no_course_cells_and_starts_with_the_controls(tmp_path: Path) -> None:
    nb = nbformat.read(dashboard.dashboard_notebook(out_dir=tmp_path), as_version=4)
    assert not any({"exercise", "solution"} & set(cell_tags(c)) for c in nb.cells)
    view = next(i for i, c in enumerate(nb.cells) if dashboard.VIEW_MARKER in c.source)
    first_section = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## 2"))
    assert view < first_section, "the controls come before the static sections"
    assert nb.cells[view - 1].source.startswith("## Explore")


def test_voila_command_serves_on_loopback_only() -> None:
    cmd = dashboard.voila_command(Path("x.ipynb"), 9999)
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9999" in cmd and "--no-browser" in cmd


def test_voila_template_fetches_nothing_from_a_cdn(tmp_path: Path) -> None:
    data = dashboard.voila_template(tmp_path)
    index = (data / "voila" / "templates" / dashboard.TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in index and "{{ super() }}" in index

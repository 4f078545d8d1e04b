"""Report mode (scrm_lib.reports.export): code hidden, exercises only in handouts, self-contained HTML."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scrm_lib.cli.run import build_requests
from scrm_lib.metrics import listening
from scrm_lib.reports import export as reports
from scrm_lib.run.runner import RunRequest, export_html


def test_plain_run_hides_code_and_exercises() -> None:
    r = reports.report_request(RunRequest(name="01"))
    assert r.html_exclude_input is True
    assert r.overrides["show_exercises"] is False


def test_show_code_brings_the_code_back_even_for_hide_code_notebooks() -> None:
    r = reports.report_request(RunRequest(name="07"), show_code=True)
    assert r.html_exclude_input is False and r.overrides["hide_code"] is False


def test_course_handouts_keep_code_and_exercises() -> None:
    for r in build_requests([], False, [], course="session-5"):
        assert reports.report_request(r) == r


def test_params_file_that_sets_exercises_wins(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    f.write_text("notebook: 01_listening_analysis\nshow_exercises: true\n", encoding="utf-8")
    r = reports.report_request(RunRequest(name=None, params_file=str(f)))
    assert "show_exercises" not in r.overrides and r.html_exclude_input


def test_notebook_without_course_cells_gets_no_unknown_parameter() -> None:
    r = reports.report_request(RunRequest(name="02"))
    assert "show_exercises" not in r.overrides


def test_functions_called_resolves_the_notebook_aliases() -> None:
    aliases = reports.import_aliases(["from scrm_lib.metrics import listening as L\nfrom scrm_lib.reports.viz import listening as V\n"
                                      "from scrm_lib.reports.nbtools import md\n"])
    found = reports.functions_called("vol = L.volume(conv, freq='W')\nfig = V.plot_volume(vol)\nmd('x')\n"
                                     "sov = L.share_of_voice(conv)", aliases)
    assert found == [listening.volume, listening.share_of_voice]  # plots and plumbing not named
    line = reports.how_computed_html(found, Path("/tmp"))
    assert "How this was computed" in line and "listening.volume" in line and 'href="' in line


def test_bullet_sections_keep_headings_out_of_the_previous_list() -> None:
    text = reports.bullet_sections([("**Published:**", ["a", "Advocacy paradox: 70% vs 30%"]),
                                    ("**Synthetic sample**:", ["b"])])
    assert "- Advocacy paradox: 70% vs 30%\n\n**Synthetic sample**:\n\n- b" in text


def _executed_notebook(tmp_path: Path) -> Path:
    nb = new_notebook(cells=[
        new_markdown_cell("# Title"),
        new_code_cell("from scrm_lib.metrics import listening as L"),
        new_code_cell("sov = L.share_of_voice(conv)\nsov", outputs=[new_output("execute_result", data={"text/plain": "x"},
                                                                               execution_count=2)]),
    ])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_report_is_self_contained_and_code_free(tmp_path: Path) -> None:
    out = export_html(_executed_notebook(tmp_path), tmp_path / "nb.html", exclude_input=True)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""<(script|link|img)\b[^>]*\b(src|href)=["']?(https?:)?//""", page)
    assert "require.js" not in page and "MathJax" not in page
    assert "L.share_of_voice(conv)" not in page
    assert "How this was computed" in page and "listening.share_of_voice" in page
    assert "white-space: normal" in page


def test_report_with_code_keeps_the_code(tmp_path: Path) -> None:
    page = export_html(_executed_notebook(tmp_path), tmp_path / "nb.html").read_text(encoding="utf-8")
    assert "share_of_voice" in page and "How this was computed" not in page

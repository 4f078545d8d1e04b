"""The run's ``index.html``: one row per notebook linking its report, with status, duration and
error; every value HTML-escaped, every link URL-quoted."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote


def render_index(manifest: Mapping[str, Any]) -> str:
    """The run's ``index.html``: one row per notebook with links, status, duration, error.

    Every value is HTML-escaped and every link URL-quoted.
    """
    e = html.escape
    rows = []
    for nb in manifest["notebooks"]:
        status = nb["status"]
        links = []
        if nb.get("html"):
            links.append(f'<a href="{e(quote(nb["html"]))}">{e(nb["label"])}</a>')
        else:
            links.append(e(nb["label"]))
        ipynb = f'<a href="{e(quote(nb["output"]))}">.ipynb</a>' if nb.get("output") else ""
        duration = f'{nb["duration_s"]:.1f} s' if nb.get("duration_s") is not None else ""
        err = nb.get("error") or {}
        error = ""
        if err:
            where = f"cell {err['cell']}" if err.get("cell") else "no cell"
            error = e(f"{where}: {err.get('ename', '')}: {err.get('evalue', '')}")
        params_file = e(nb.get("params_file") or "defaults")
        rows.append(
            f'<tr class="{e(status)}"><td>{links[0]}</td><td>{ipynb}</td>'
            f'<td class="status">{e(status)}</td><td class="num">{e(duration)}</td>'
            f"<td>{params_file}</td><td>{error}</td></tr>"
        )
    git = manifest.get("git") or {}
    commit = (git.get("commit") or "not a git checkout")[:12]
    dirty = " (uncommitted changes)" if git.get("dirty") else ""
    total = manifest.get("duration_s")
    total_text = f"{total:.1f} s" if total is not None else "running"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Run {e(manifest["run_id"])} — Social CRM Workbench</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .35em .7em; text-align: left; }}
th {{ background: #f3f3f3; }} td.num {{ text-align: right; }}
tr.ok td.status {{ color: #17692b; font-weight: bold; }}
tr.failed td.status {{ color: #b00020; font-weight: bold; }}
tr.pending td.status, tr.running td.status {{ color: #8a6d00; }}
.meta {{ color: #555; }}
</style></head><body>
<h1>Run {e(manifest["run_id"])}: {e(manifest["status"])}</h1>
<p class="meta">Started {e(manifest.get("started_at") or "")}, finished {e(manifest.get("finished_at") or "—")}
({e(total_text)}). Git commit {e(commit)}{e(dirty)}. Python {e(manifest["environment"]["python"])}.
Details in <a href="manifest.json">manifest.json</a>.</p>
<table>
<thead><tr><th>notebook (HTML report)</th><th>executed</th><th>status</th><th>duration</th><th>parameters</th><th>error</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""

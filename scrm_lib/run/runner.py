"""Reproducible notebook runs: papermill execution, run folders, manifests and HTML reports.

A run executes one or more notebooks, each with validated parameters, into a new
folder ``runs/<YYYYmmdd-HHMMSS>[-N]/`` (never overwriting an earlier run) holding

- ``<label>.ipynb`` — the executed notebook (a failure keeps papermill's error cell);
- ``<label>.html`` — its HTML export (outputs sanitised: user text never runs as HTML/JS);
- ``index.html`` — a table linking every report with its status and duration;
- ``manifest.json`` — parameters, sha256 of every input file, package versions, Python
  version, git commit and dirty flag, start/end, duration, status and error cell per notebook.

``runs/latest`` is a symlink to the newest run folder, replaced atomically.

The pieces are small functions so other commands can combine them (papermill style):

1. :func:`plan` / :func:`plan_request` turn names and params files into :class:`Job` s,
   validating **every** job's parameters before anything runs (:func:`plan` raises one
   :class:`~scrm_lib.core.errors.ParamsError` listing all problems).
2. :func:`run_jobs` creates the run folder and executes each job with
   :func:`execute_job` (papermill, the project's kernel, ``SCRM_HEADLESS=1``),
   exports HTML (:func:`export_html`), and keeps ``manifest.json`` / ``index.html``
   up to date after every notebook, so an interrupted run still documents itself.

Extension points for later commands (e.g. a course or an audit): build
:class:`RunRequest` objects with ``overrides`` (``{"show_solutions": True}``), a
``label`` (output file name) and ``html_exclude_input`` (hide code in a handout), then
call :func:`plan` and :func:`run_jobs`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import html
import json
import logging
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from scrm_lib.core.config import (
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    RUNS_DIR,
    relative_to_root,
    resolve_path,
)
from scrm_lib.core.errors import ParamsError, ScrmError
from scrm_lib.params import (
    NOTEBOOK_KEY,
    NotebookParams,
    load_params,
    notebook_name,
    notebook_stems,
    read_params_file,
)
from scrm_lib.reports.nbtools import HEADLESS_ENV

#: Name of the symlink (inside the runs root) that points to the newest run folder.
LATEST_LINK = "latest"
#: Packages whose versions every manifest records.
KEY_PACKAGES: tuple[str, ...] = (
    "scrm-workbench",
    "pandas",
    "numpy",
    "scipy",
    "scikit-learn",
    "statsmodels",
    "nltk",
    "vaderSentiment",
    "matplotlib",
    "seaborn",
    "pydantic",
    "pyarrow",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
)
#: Kernel spec name used for every run (argv = the Python running ``scrm``).
KERNEL_NAME = "scrm-workbench"
#: Default per-cell execution timeout in seconds (a stuck cell must not hang a nightly run).
DEFAULT_CELL_TIMEOUT = 1800
#: Papermill tags the cells it adds; stripping and error lookup skip them.
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"
INJECTED_TAG = "injected-parameters"

STATUS_OK = "ok"
STATUS_FAILED = "failed"
STATUS_RUNNING = "running"
STATUS_PENDING = "pending"
STATUS_INTERRUPTED = "interrupted"


class RunError(ScrmError):
    """A run cannot start: unknown or ambiguous notebook names, bad output folder."""


# --------------------------------------------------------------------------- planning


@dataclass(frozen=True)
class RunRequest:
    """What a user asked for: one notebook, optionally with a params file and overrides.

    Attributes:
        name: a notebook stem, unique prefix (``00``), unique part of the name
            (``quickstart``), or a path to an ``.ipynb`` file. ``None`` means "the
            notebook named by ``params_file``'s ``notebook:`` key".
        params_file: a params YAML overriding the defaults in ``params/<stem>.yaml``.
        overrides: values applied last (e.g. ``{"show_solutions": True}`` for a course).
        label: output file name without extension; default ``<stem>`` or
            ``<stem>--<params file stem>``.
        html_exclude_input: hide code cells in the HTML export (handouts, reports).
    """

    name: str | None = None
    params_file: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    label: str | None = None
    html_exclude_input: bool = False


@dataclass(frozen=True)
class Job:
    """A validated, ready-to-execute notebook run."""

    stem: str
    notebook: Path
    params: NotebookParams
    label: str
    params_file: str | None = None
    html_exclude_input: bool = False


def resolve_notebook(name: str, notebooks_dir: Path | None = None) -> Path:
    """The notebook ``name`` refers to.

    ``name`` may be a path to an ``.ipynb`` file, an exact stem (``00_quickstart``), a
    unique prefix of a stem (``00``), a unique prefix of the part after the number
    (``quick``), or a unique substring (``audit``). Ambiguity is an error listing the
    candidates.

    Raises:
        RunError: no notebook or several notebooks match.
    """
    folder = notebooks_dir or NOTEBOOKS_DIR
    if name.endswith(".ipynb") or "/" in name or os.sep in name:
        path = resolve_path(name)
        if not path.is_file():
            raise RunError(f"notebook file not found: {name} (resolved to {path})")
        return path
    stems = sorted(p.stem for p in folder.glob("[0-9][0-9]_*.ipynb"))
    rules = (
        lambda s: s == name,
        lambda s: s.startswith(name),
        lambda s: s.split("_", 1)[-1].startswith(name),
        lambda s: name in s,
    )
    for rule in rules:
        found = [s for s in stems if rule(s)]
        if len(found) == 1:
            return folder / f"{found[0]}.ipynb"
        if len(found) > 1:
            raise RunError(f"'{name}' matches several notebooks: {', '.join(found)}; say which")
    listing = ", ".join(stems) or "(none)"
    raise RunError(f"no notebook matches '{name}' in {relative_to_root(folder)}/ (available: {listing})")


def default_label(stem: str, params_file: str | None) -> str:
    """Output file name of a job: ``<stem>`` or ``<stem>--<params file stem>``."""
    if params_file is None:
        return stem
    pstem = Path(params_file).stem
    return stem if pstem == stem else f"{stem}--{pstem}"


def plan_request(request: RunRequest, notebooks_dir: Path | None = None) -> Job:
    """Resolve and validate one request (raises on the first problem of *this* request)."""
    name = request.name
    if name is None:
        if request.params_file is None:
            raise RunError("nothing to run: name a notebook, or give --params FILE with a 'notebook:' key")
        data = read_params_file(request.params_file)
        name = notebook_name(data.get(NOTEBOOK_KEY))
        if not name:
            raise ParamsError(
                relative_to_root(resolve_path(request.params_file)),
                [f"{NOTEBOOK_KEY}: missing; add 'notebook: <stem>' to the file or name the notebook on the command line"],
            )
        name = str(name)
    notebook = resolve_notebook(name, notebooks_dir)
    stem = notebook.stem
    params = load_params(stem, request.params_file, request.overrides or None)
    if getattr(params, "sections", None) is not None:  # unknown sections fail before anything runs
        import nbformat

        from scrm_lib.reports.course import notebook_for_run

        try:
            notebook_for_run(nbformat.read(notebook, as_version=4), params)
        except ParamsError as exc:
            where = relative_to_root(resolve_path(request.params_file)) if request.params_file else stem
            raise ParamsError(where, exc.problems) from None
    data_problems = check_against_data(params)
    if data_problems:
        where = relative_to_root(resolve_path(request.params_file)) if request.params_file else stem
        raise ParamsError(where, data_problems)
    label = request.label or default_label(stem, request.params_file)
    return Job(
        stem=stem,
        notebook=notebook,
        params=params,
        label=label,
        params_file=request.params_file,
        # a notebook may ask for a code-free report with a `hide_code: true` parameter
        html_exclude_input=request.html_exclude_input or bool(getattr(params, "hide_code", False)),
    )


# --------------------------------------------------------------------------- cheap checks against the data

#: Parameters naming brands that must occur in the data's ``brand`` column (canonical files).
BRAND_PARAMS: tuple[str, ...] = ("focal_brand", "brand", "competitors")
#: Brand and timestamp columns of the formats checked before a run (TWCS derives brands: not checked).
_DATA_CHECK_COLUMNS: dict[str, tuple[str, str]] = {
    "canonical": ("brand", "created_at"), "airline": ("airline", "tweet_created"),
    "airline_tweets": ("airline", "tweet_created"),
}
#: Files larger than this are not read before the run (the notebook checks them itself).
DATA_CHECK_MAX_BYTES = 200 * 1024**2


@functools.lru_cache(maxsize=8)
def _brands_and_times(path: str, mtime_ns: int, size: int, columns: tuple[str, str]) -> tuple[frozenset[str], Any]:
    """The brands and the parsed timestamps of a mentions file (cached per file version)."""
    import pandas as pd

    df = pd.read_csv(path, sep="\t" if path.lower().endswith(".tsv") else ",", usecols=list(columns),
                     dtype=str, keep_default_na=False, encoding="utf-8-sig")
    text = df[columns[1]]
    ts = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    if ts.isna().any():
        ts = pd.to_datetime(text, utc=True, errors="coerce", format="mixed")
    return frozenset(df[columns[0]]), ts.dropna()


def check_against_data(params: NotebookParams) -> list[str]:
    """Problems of ``params`` that the data show cheaply, before any run folder exists: a brand
    parameter (:data:`BRAND_PARAMS`) naming a brand that is not in the mentions file, and a
    ``date_from``/``date_to`` window that does not overlap the file's dates.

    Only canonical CSV/TSV mentions files up to :data:`DATA_CHECK_MAX_BYTES` are read (two
    columns); anything else, or a file that cannot be read, is left to the notebook's own
    validation (which names file, line and column).
    """
    import difflib

    import pandas as pd

    values = params.to_papermill()
    path_text = values.get("mentions_path")
    fmt = values.get("data_format", values.get("mentions_format", "canonical"))
    columns = _DATA_CHECK_COLUMNS.get(fmt)
    if not path_text or columns is None or values.get("mapping_path") or values.get("more_mentions_paths"):
        return []
    path = resolve_path(path_text)
    if path.suffix.lower() not in (".csv", ".tsv") or not path.is_file() or path.stat().st_size > DATA_CHECK_MAX_BYTES:
        return []
    try:
        stat = path.stat()
        brands, ts = _brands_and_times(str(path), stat.st_mtime_ns, stat.st_size, columns)
    except Exception:  # noqa: BLE001 - unreadable or malformed: the loader says where, before the run
        if fmt != "canonical":
            return []
        from scrm_lib.data.io import load_mentions

        try:
            load_mentions(path)
        except ScrmError as exc:
            return [f"mentions_path: {exc}"]
        except Exception:  # noqa: BLE001 - the notebook's loader reports it
            return []
        return []
    problems = []
    for name in BRAND_PARAMS:
        given = values.get(name)
        for b in [given] if isinstance(given, str) else (given or []):
            if isinstance(b, str) and b not in brands:
                close = difflib.get_close_matches(b, sorted(brands), n=3)
                hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
                problems.append(f"{name}: {b!r} is not a brand in {relative_to_root(path)} "
                                f"({len(brands)} brands){hint}")
    lo_given, hi_given = values.get("date_from"), values.get("date_to")
    freqs = [f for f in (values.get("period"), values.get("spike_period")) if isinstance(f, str)]
    if lo_given or hi_given or freqs:
        if len(ts):
            first, last = ts.min(), ts.max()
            if freqs:
                from scrm_lib.metrics.overview import (
                    MAX_PERIODS,
                    PeriodLimitError,
                    check_period_count,
                    outlying_dates,
                    spike_period_for,
                )

                kept = ts
                if lo_given:
                    kept = kept[kept >= pd.Timestamp(lo_given, tz="UTC")]
                if hi_given:
                    kept = kept[kept < pd.Timestamp(hi_given, tz="UTC") + pd.Timedelta(days=1)]
                for freq in dict.fromkeys(freqs):
                    try:
                        if len(kept):
                            # "auto" is the period the notebook will choose for these dates
                            resolved = spike_period_for(kept) if freq == "auto" else freq
                            check_period_count(kept.min(), kept.max(), resolved)
                    except PeriodLimitError as exc:
                        far = outlying_dates(kept)
                        note = (f" {int(far.sum()):,} post(s) are dated far from the rest "
                                f"({kept[far].min():%Y-%m-%d} to {kept[far].max():%Y-%m-%d})." if far.any() else "")
                        problems.append(f"period {freq!r}: {exc}{note} (at most {MAX_PERIODS:,} periods)")
                        break
            lo = pd.Timestamp(lo_given, tz="UTC") if lo_given else first
            hi = pd.Timestamp(hi_given, tz="UTC") + pd.Timedelta(days=1) if hi_given else last
            if lo > hi:
                problems.append(f"date_from {lo_given} is after date_to {hi_given}")
            elif hi < first or lo > last:
                problems.append(f"date_from/date_to: {lo_given or '…'} to {hi_given or '…'} does not overlap the "
                                f"data ({first:%Y-%m-%d} to {last:%Y-%m-%d})")
    return problems


def plan(requests: Sequence[RunRequest], notebooks_dir: Path | None = None) -> list[Job]:
    """Validate every request before anything runs; give unique output labels.

    Raises:
        ParamsError: listing every problem of every request at once (unknown notebooks,
            unknown keys, wrong types, missing files, bad YAML).
    """
    jobs: list[Job] = []
    problems: list[str] = []
    for request in requests:
        try:
            jobs.append(plan_request(request, notebooks_dir))
        except ParamsError as exc:
            problems += [f"{exc.source}: {p}" for p in exc.problems]
        except RunError as exc:
            problems.append(str(exc))
    if problems:
        raise ParamsError("scrm run (nothing was run)", problems)
    return _unique_labels(jobs)


def _unique_labels(jobs: list[Job]) -> list[Job]:
    seen: dict[str, int] = {}
    out = []
    for job in jobs:
        n = seen.get(job.label, 0) + 1
        seen[job.label] = n
        if n > 1:
            job = replace(job, label=f"{job.label}-{n}")
        out.append(job)
    return out


def all_requests() -> list[RunRequest]:
    """One request per notebook in ``notebooks/`` with its default parameters."""
    return [RunRequest(name=stem) for stem in notebook_stems()]


# --------------------------------------------------------------------------- run folders


def new_run_dir(out_root: Path, now: dt.datetime | None = None) -> Path:
    """Create and return a new, empty ``<out_root>/<YYYYmmdd-HHMMSS>[-N]`` folder.

    The name uses local time; a folder that already exists is never reused (``-2``,
    ``-3``, … are appended), even when two runs start in the same second.
    """
    out_root.mkdir(parents=True, exist_ok=True)
    base = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    for n in range(1, 10_000):
        candidate = out_root / (base if n == 1 else f"{base}-{n}")
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        return candidate
    raise RunError(f"could not create a new run folder in {out_root}")  # pragma: no cover


def update_latest_link(out_root: Path, run_dir: Path) -> Path:
    """Point ``<out_root>/latest`` at ``run_dir`` (relative link), replacing it atomically.

    A temporary symlink is created and renamed over the old one, so readers never see
    a missing or half-written link.
    """
    link = out_root / LATEST_LINK
    if link.exists() and not link.is_symlink():
        raise RunError(f"{link} exists and is not a symlink; remove it so runs can point 'latest' at the newest run")
    tmp = out_root / f".{LATEST_LINK}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(run_dir.name, tmp, target_is_directory=True)
    os.replace(tmp, link)
    return link


# --------------------------------------------------------------------------- provenance


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_tree(folder: Path) -> str:
    """Hex sha256 over a folder: every file's relative path and content hash, sorted."""
    h = hashlib.sha256()
    for p in sorted(q for q in folder.rglob("*") if q.is_file()):
        h.update(p.relative_to(folder).as_posix().encode())
        h.update(b"\0")
        h.update(sha256_file(p).encode())
        h.update(b"\n")
    return h.hexdigest()


#: Inputs larger than this (bytes, file or folder) are recorded in the manifest but not hashed,
#: with a warning: hashing must not hold a run up for minutes. ``SCRM_MAX_HASH_BYTES`` overrides it.
MAX_HASH_BYTES = 4 * 1024**3


def _max_hash_bytes() -> int:
    try:
        return int(os.environ.get("SCRM_MAX_HASH_BYTES", MAX_HASH_BYTES))
    except ValueError:
        return MAX_HASH_BYTES


def _path_values(name: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _path_values(f"{name}[{i}]", v)


def _folder_size(folder: Path, cap: int) -> int:
    total = 0
    for p in folder.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            if total > cap:
                break
    return total


def input_files(params: NotebookParams) -> list[dict[str, Any]]:
    """Every input file or folder of a job, with its sha256, for the manifest.

    Only parameters typed as input paths (:data:`scrm_lib.params.INPUT_PATH`: ``InputPath``,
    ``OptionalInputPath``, ``ModelRef`` …) are read; free text such as ``data_note`` never is,
    whatever it says. An input larger than :data:`MAX_HASH_BYTES` is listed with
    ``sha256: null`` and a ``note`` (and a warning on stderr) instead of being hashed.

    Returns:
        ``[{"param", "path", "kind", "bytes", "sha256"}]``; ``path`` is relative to the
        project root when inside it.
    """
    from scrm_lib.params import input_path_fields

    cap = _max_hash_bytes()
    values = params.to_papermill()
    out = []
    for name in input_path_fields(type(params)):
        for pname, text in _path_values(name, values.get(name)):
            try:
                path = resolve_path(text)
                is_file, is_dir = path.is_file(), path.is_dir()
            except (OSError, ValueError):
                continue
            if not (is_file or (is_dir and path != PROJECT_ROOT)):
                continue  # a model name such as "vader", not a file
            entry: dict[str, Any] = {"param": pname, "path": relative_to_root(path),
                                     "kind": "file" if is_file else "folder"}
            try:
                size = path.stat().st_size if is_file else _folder_size(path, cap)
                entry["bytes"] = size
                if size > cap:
                    entry["sha256"] = None
                    entry["note"] = f"not hashed: larger than {cap:,} bytes (SCRM_MAX_HASH_BYTES)"
                    print(f"warning: {pname}: {entry['path']} is larger than {cap:,} bytes; "
                          "recorded without a sha256", file=sys.stderr)
                else:
                    entry["sha256"] = sha256_file(path) if is_file else sha256_tree(path)
            except OSError as exc:
                entry["sha256"] = None
                entry["note"] = f"not hashed: {exc.strerror or exc}"
            out.append(entry)
    return out


def package_versions(names: Sequence[str] = KEY_PACKAGES) -> dict[str, str | None]:
    """Installed versions of ``names`` (``None`` when a package is not installed)."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_state(root: Path = PROJECT_ROOT) -> dict[str, Any]:
    """``{"commit", "branch", "dirty"}`` of the project checkout (``None`` values outside git).

    ``dirty`` is True when tracked files are modified or untracked, non-ignored files
    exist, i.e. the run may not be reproducible from ``commit`` alone.
    """

    def git(*args: str) -> str | None:
        try:
            res = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=20, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return res.stdout.strip() if res.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "branch": None, "dirty": None}
    status = git("status", "--porcelain")
    return {
        "commit": commit,
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "dirty": bool(status) if status is not None else None,
    }


def environment_info() -> dict[str, Any]:
    """Python version, platform and key package versions for the manifest."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": package_versions(),
    }


# --------------------------------------------------------------------------- execution


@dataclass
class NotebookResult:
    """What happened to one job; serialised into ``manifest.json``."""

    label: str
    notebook: str
    params_file: str | None
    parameters: dict[str, Any]
    inputs: list[dict[str, Any]]
    output: str
    html: str | None = None
    status: str = STATUS_PENDING
    started_at: str | None = None
    finished_at: str | None = None
    duration_s: float | None = None
    error: dict[str, Any] | None = None

    def describe_failure(self) -> str:
        """One line naming the notebook, the cell and the error, for the terminal."""
        err = self.error or {}
        if err.get("cell"):
            where = f"in cell {err['cell']}"
        elif err.get("output"):
            where = "writing its executed notebook"
        else:
            where = "before any cell ran"
        count = f" (In [{err['execution_count']}])" if err.get("execution_count") else ""
        return f"{self.label} failed {where}{count}: {err.get('ename', 'Error')}: {err.get('evalue', '')}".rstrip(": ")


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


@contextlib.contextmanager
def project_kernel(python: str | None = None) -> Iterator[type]:
    """A kernel manager class that starts the project's Python with ``SCRM_HEADLESS=1``.

    The kernel spec (argv = ``python`` or the interpreter running ``scrm``) lives in a
    temporary folder for the duration of the context, so runs never depend on whatever
    ``python3`` kernel happens to be installed for the user.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    with tempfile.TemporaryDirectory(prefix="scrm-kernel-") as tmp:
        spec_dir = Path(tmp) / KERNEL_NAME
        spec_dir.mkdir()
        spec = {
            "argv": [
                python or sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                "--IPKernelApp.log_level=ERROR",  # not the TCP-transport warning in every run's log
            ],
            "display_name": "Python (Social CRM Workbench)",
            "language": "python",
            "env": {HEADLESS_ENV: "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
            "metadata": {"debugger": False},
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")

        class ProjectKernelManager(AsyncKernelManager):
            @default("kernel_spec_manager")
            def _default_ksm(self) -> KernelSpecManager:
                return KernelSpecManager(kernel_dirs=[tmp])

        yield ProjectKernelManager


def error_location(executed: Any, source: Any) -> dict[str, Any] | None:
    """Find the failing cell of an executed notebook.

    Returns ``{"cell", "cell_id", "execution_count", "ename", "evalue"}`` where
    ``cell`` is the 1-based position of the failing cell in the *source* notebook
    (found by cell id; papermill's added cells do not count), or ``None`` when no
    cell has an error output.
    """
    ids = [c.get("id") for c in source.cells]
    for cell in executed.cells:
        if PAPERMILL_ERROR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                if out.get("ename") == "SystemExit" and str(out.get("evalue")) in ("", "0"):
                    continue
                cid = cell.get("id")
                position = ids.index(cid) + 1 if cid in ids else None
                return {
                    "cell": position,
                    "cell_id": cid,
                    "execution_count": cell.get("execution_count"),
                    "ename": out.get("ename"),
                    "evalue": str(out.get("evalue", ""))[:500],
                }
    return None


def execute_job(
    job: Job,
    output: Path,
    kernel_manager_class: type,
    cwd: Path | None = None,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    progress_bar: bool | dict[str, Any] = False,
) -> dict[str, Any] | None:
    """Execute ``job`` with papermill into ``output``; return the error (or ``None``).

    The notebook runs in ``cwd`` (default ``notebooks/``) with the validated parameters
    injected after its ``parameters`` cell. A failure leaves ``output`` holding the
    executed cells, the error and papermill's error banner.
    """
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from scrm_lib.reports.course import notebook_for_run

    # Course options (show_solutions, show_exercises, sections) decide which cells exist in
    # this run: removed cells are absent from the executed notebook and its HTML.
    source, removed = notebook_for_run(nbformat.read(job.notebook, as_version=4), job.params)
    # Parameters were validated by the notebook's model; papermill's own parser misreads
    # annotations such as `str | None` and would warn "Passed unknown parameter".
    pm_logger = logging.getLogger("papermill")
    level = pm_logger.level
    pm_logger.setLevel(logging.ERROR)
    try:
        pm.execute_notebook(
            source if removed else str(job.notebook),
            str(output),
            parameters=job.params.to_papermill(),
            cwd=str(cwd or NOTEBOOKS_DIR),
            kernel_name=KERNEL_NAME,
            kernel_manager_class=kernel_manager_class,
            progress_bar=progress_bar,
            execution_timeout=cell_timeout or None,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        executed = nbformat.read(output, as_version=4)
        found = error_location(executed, source)
        return found or {
            "cell": None, "cell_id": None, "execution_count": exc.exec_count,
            "ename": exc.ename, "evalue": str(exc.evalue)[:500],
        }
    except Exception as exc:  # kernel died, timeout, unreadable notebook: keep the run going
        found = None
        if output.exists():
            with contextlib.suppress(Exception):
                found = _mark_stopped_cell(nbformat.read(output, as_version=4), source, output, exc)
        if found and _is_timeout(exc):  # the kernel was interrupted: say why
            found |= {"ename": "CellTimeoutError",
                      "evalue": f"the cell ran longer than {cell_timeout} s (scrm run --timeout)"}
        return found or {
            "cell": None, "cell_id": None, "execution_count": None,
            "ename": type(exc).__name__, "evalue": str(exc).strip()[:500],
        }
    finally:
        pm_logger.setLevel(level)
    return None


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, TimeoutError) or type(exc).__name__ == "CellTimeoutError" or "timed out" in str(exc).lower()


def _mark_stopped_cell(executed: Any, source: Any, output: Path, exc: BaseException) -> dict[str, Any] | None:
    """A cell stopped without an error output (a cell timeout, a dead kernel): give it one and
    papermill's error banner, so the executed notebook and the manifest both name the cell.

    The cell is the one papermill marked ``running`` (else the first one not ``completed``).
    Returns the :func:`error_location` of the marked notebook, or ``None`` when no cell started.
    """
    import nbformat
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    def status(cell: Any) -> str | None:
        return cell.get("metadata", {}).get("papermill", {}).get("status")

    if any(PAPERMILL_ERROR_TAG in c.get("metadata", {}).get("tags", []) for c in executed.cells):
        return error_location(executed, source)
    code = [c for c in executed.cells if c.cell_type == "code"]
    errored = next((c for c in code if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
    stopped = errored or next((c for c in code if status(c) == "running"), None)
    if stopped is None:
        stopped = next((c for c in code if status(c) not in ("completed", None)), None)
    if stopped is None:
        return None
    name = "CellTimeoutError" if _is_timeout(exc) else type(exc).__name__
    message = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else name
    if errored is None:
        stopped.setdefault("outputs", []).append(
            nbformat.v4.new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])
        )
    with contextlib.suppress(PapermillExecutionError):
        raise_for_execution_errors(executed, str(output))
    return error_location(nbformat.read(output, as_version=4), source)


#: HTML tags allowed in notebook *outputs* of reports (tables, text structure, images).
#: Anything else (``<script>``, ``<iframe>``, ``<style>``, event handlers ...) is escaped
#: and shows as text.
SAFE_OUTPUT_TAGS: tuple[str, ...] = (
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
    "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre",
    "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
)
SAFE_OUTPUT_ATTRIBUTES: dict[str, list[str]] = {
    "*": ["class", "id", "title"],
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
    "table": ["border"],
    "td": ["colspan", "rowspan", "align"],
    "th": ["colspan", "rowspan", "align"],
}


_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)


def _output_sanitizer() -> Any:
    """An nbconvert preprocessor that sanitises code-cell outputs only.

    Markdown cells are the notebook's own (committed, reviewed) text and keep their
    formatting; outputs carry user data and are cleaned: ``text/html`` and
    ``text/markdown`` through bleach with :data:`SAFE_OUTPUT_TAGS`, JavaScript, SVG and
    widget outputs dropped. Streams, errors and ``text/plain`` are escaped by the template.
    """
    from nbconvert.preprocessors.sanitize import SanitizeHTML

    class OutputSanitizer(SanitizeHTML):
        def sanitize_html_tags(self, html_str: str) -> str:
            # pandas prefixes its tables with a <style scoped> block; the report's own CSS
            # styles tables, so style blocks are dropped rather than shown as escaped text
            return super().sanitize_html_tags(_STYLE_BLOCK.sub("", html_str))

        def preprocess_cell(self, cell: Any, resources: Any, cell_index: int) -> Any:
            if cell.cell_type == "code":
                cell.outputs = self.sanitize_code_outputs(cell.outputs)
            return cell, resources

    return OutputSanitizer(tags=list(SAFE_OUTPUT_TAGS), attributes=SAFE_OUTPUT_ATTRIBUTES, strip=False)


def export_html(notebook: Path, target: Path, exclude_input: bool = False) -> Path:
    """Export an executed notebook to a standalone HTML file (images embedded).

    Outputs are sanitised (:func:`_output_sanitizer`): post texts and other user data
    can never run as script or inject markup in a report; tables, headings and
    figures render normally.
    """
    import nbformat

    from scrm_lib.reports.export import report_exporter, report_resources

    # report mode (scrm_lib.reports.export): self-contained page, "how this was computed" lines when code is hidden
    exporter = report_exporter(exclude_input, target.parent, sanitizer=_output_sanitizer())
    nb = nbformat.read(notebook, as_version=4)
    body, _ = exporter.from_notebook_node(nb, resources=report_resources(notebook.stem))
    body = neutralise_urls(body)
    left = unsafe_urls(body)
    if left:  # pragma: no cover - neutralise_urls removes them; never publish a report that has one
        raise RunError(f"{target.name}: the report still holds unsafe URLs after sanitising: {left[:3]}")
    write_text_atomic(target, body)
    return target


# Defence in depth: whatever Markdown an output renders to, the published HTML never holds a
# script URL (javascript:, vbscript:, data: outside images) or an image fetched from elsewhere
# (a remote image is a tracking beacon that leaks who opened the report).
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)(\s[^<>]*?)?(/?)>", re.DOTALL)
_URL_ATTR = re.compile(
    r"""(\s)(href|src|srcset|xlink:href|action|formaction|poster|background|data|lowsrc|dynsrc|ping)"""
    r"""(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""",
    re.IGNORECASE,
)
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")


def _url_scheme(value: str) -> str:
    text = _SCHEME_NOISE.sub("", html.unescape(html.unescape(value.strip("\"'")))).lower()
    return text.split(":", 1)[0] if ":" in text.split("/", 1)[0] else ""


def _unsafe_url(tag: str, attr: str, value: str) -> str | None:
    """Why ``tag``'s ``attr`` = ``value`` may not stay in a report (``None`` when it may)."""
    scheme = _url_scheme(value)
    if scheme in ("javascript", "vbscript", "livescript", "mocha"):
        return f"{scheme}: URL"
    if scheme == "data" and not (tag == "img" and attr == "src"):
        return "data: URL outside an image"
    if tag in ("img", "image", "input", "video", "audio", "source", "picture") and attr.lower() in (
        "src", "srcset", "lowsrc", "dynsrc", "poster", "xlink:href"
    ) and scheme != "data":
        return "remote image"
    if attr.lower() in ("background", "ping", "formaction", "action", "data"):
        return f"{attr} URL"
    return None


def unsafe_urls(page: str) -> list[str]:
    """Every ``tag attr="url"`` of an HTML page that could run script or fetch a remote image."""
    found = []
    for m in _TAG.finditer(page):
        tag = m.group(1).lower()
        for a in _URL_ATTR.finditer(m.group(2) or ""):
            why = _unsafe_url(tag, a.group(2).lower(), a.group(4))
            if why:
                found.append(f"<{tag} {a.group(2)}={a.group(4)[:60]}>: {why}")
    return found


def neutralise_urls(page: str) -> str:
    """``page`` with every URL that :func:`unsafe_urls` reports replaced by ``#`` (links) or
    removed (images keep their ``alt`` text); everything else unchanged."""

    def fix_tag(m: re.Match[str]) -> str:
        tag, attrs = m.group(1).lower(), m.group(2) or ""
        if not attrs or not _URL_ATTR.search(attrs):
            return m.group(0)

        def fix_attr(a: re.Match[str]) -> str:
            if _unsafe_url(tag, a.group(2).lower(), a.group(4)) is None:
                return a.group(0)
            return f'{a.group(1)}{a.group(2)}="#" data-scrm-removed="unsafe URL"' if tag == "a" else ""

        return f"<{m.group(1)}{_URL_ATTR.sub(fix_attr, attrs)}{m.group(3)}>"

    return _TAG.sub(fix_tag, page)


# --------------------------------------------------------------------------- reports


def write_text_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` via a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never a half-written one; when the write fails
    (a full disk), the temporary file is removed and the error raised.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to ``path`` atomically (:func:`write_text_atomic`)."""
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


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


def _overall_status(results: Sequence[NotebookResult]) -> str:
    if any(r.status == STATUS_INTERRUPTED for r in results):
        return STATUS_INTERRUPTED
    if any(r.status == STATUS_FAILED for r in results):
        return STATUS_FAILED
    if all(r.status == STATUS_OK for r in results):
        return STATUS_OK
    return STATUS_RUNNING


def build_manifest(
    run_dir: Path,
    results: Sequence[NotebookResult],
    started: dt.datetime,
    finished: dt.datetime | None,
    command: Sequence[str] | None,
    git: Mapping[str, Any],
    env: Mapping[str, Any],
) -> dict[str, Any]:
    """The ``manifest.json`` content for a run (see the module docstring)."""
    return {
        "schema": "scrm-run/1",
        "run_id": run_dir.name,
        "status": _overall_status(results) if finished else STATUS_RUNNING,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds") if finished else None,
        "duration_s": round((finished - started).total_seconds(), 3) if finished else None,
        "command": list(command) if command is not None else None,
        "project_root": relative_to_root(PROJECT_ROOT),
        "git": dict(git),
        "environment": dict(env),
        "notebooks": [asdict(r) for r in results],
    }


@dataclass
class RunSummary:
    """The outcome of :func:`run_jobs`."""

    run_dir: Path
    results: list[NotebookResult]
    manifest: dict[str, Any]
    #: Files of the run that could not be written (a full disk); the run then counts as failed.
    write_errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[NotebookResult]:
        """Results whose status is ``failed``."""
        return [r for r in self.results if r.status == STATUS_FAILED]

    @property
    def ok(self) -> bool:
        """True when every notebook ran without error and every file of the run was written."""
        return not self.failed and not self.write_errors


def run_jobs(
    jobs: Sequence[Job],
    out_root: Path | None = None,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    command: Sequence[str] | None = None,
    progress: bool | None = None,
    cwd: Path | None = None,
) -> RunSummary:
    """Execute validated ``jobs`` into a new run folder under ``out_root`` (default ``runs/``).

    Failures do not stop the run: each notebook is executed, exported to HTML and
    recorded; ``manifest.json`` and ``index.html`` are rewritten after every notebook.
    ``latest`` is pointed at the new folder when the run ends.

    Args:
        progress: show a tqdm bar (``None``: only when stderr is a terminal).
    """
    from tqdm.auto import tqdm

    root = out_root or RUNS_DIR
    check_out_root(root)
    started = _now()
    # inputs are hashed before the run folder exists: nothing to clean up if that fails
    results = [
        NotebookResult(
            label=job.label,
            notebook=relative_to_root(job.notebook),
            params_file=relative_to_root(resolve_path(job.params_file)) if job.params_file else None,
            parameters=job.params.to_papermill(),
            inputs=input_files(job.params),
            output=f"{job.label}.ipynb",
        )
        for job in jobs
    ]
    git = git_state()
    env = environment_info()
    try:
        run_dir = new_run_dir(root)
    except OSError as exc:
        raise RunError(f"cannot create a run folder in {root}: {exc.strerror or exc}") from None
    save_errors: list[str] = []

    def save(finished: dt.datetime | None) -> dict[str, Any]:
        manifest = build_manifest(run_dir, results, started, finished, command, git, env)
        try:
            write_json_atomic(run_dir / "manifest.json", manifest)
            write_text_atomic(run_dir / "index.html", render_index(manifest))
        except OSError as exc:  # a full disk: keep running, say so, fail the run at the end
            msg = f"cannot write {relative_to_root(run_dir)}/manifest.json: {exc.strerror or exc}"
            if not save_errors:
                print(f"warning: {msg}", file=sys.stderr)
            save_errors.append(msg)
        else:
            save_errors.clear()
        return manifest

    save(None)
    bar = tqdm(total=len(jobs), unit="notebook", desc="scrm run", disable=None if progress is None else not progress)
    try:
        with stop_signals_interrupt(), project_kernel() as kernel_manager_class:
            for job, result in zip(jobs, results, strict=True):
                bar.set_postfix_str(job.label)
                result.status = STATUS_RUNNING
                save(None)
                cell_bar = {"desc": f"  {job.label}", "leave": False, "position": 1,
                            "disable": None if progress is None else not progress}
                run_one(job, result, run_dir, kernel_manager_class, cell_timeout=cell_timeout, cwd=cwd,
                        progress_bar=cell_bar)
                line = f"{result.status:>6}  {result.label}  {result.duration_s:.1f} s"
                if result.status == STATUS_FAILED:
                    line += "  — " + result.describe_failure()
                tqdm.write(line, file=sys.stderr)
                bar.update(1)
                save(None)
    except KeyboardInterrupt:  # Ctrl-C, SIGTERM, SIGHUP: record what was done, then stop
        for result in results:
            if result.status in (STATUS_RUNNING, STATUS_PENDING):
                result.status = STATUS_INTERRUPTED
        with contextlib.suppress(OSError):
            for part in run_dir.glob(".*.part.ipynb"):
                part.unlink()
        save(_now())
        with contextlib.suppress(OSError, RunError):
            update_latest_link(root, run_dir)
        raise
    finally:
        bar.close()
    manifest = save(_now())
    try:
        update_latest_link(root, run_dir)
    except OSError as exc:
        save_errors.append(f"cannot update {relative_to_root(root)}/{LATEST_LINK}: {exc.strerror or exc}")
    return RunSummary(run_dir=run_dir, results=results, manifest=manifest, write_errors=list(save_errors))


class Terminated(KeyboardInterrupt):
    """The run was stopped by a signal (SIGTERM from systemd's stop, SIGHUP from a closed terminal)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stop_signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP stop the run as Ctrl-C does (:class:`Terminated`,
    a ``KeyboardInterrupt``): the manifest records ``interrupted``, ``latest`` moves, temporary
    files are removed. Outside the main thread this does nothing."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    wanted = [sig for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if sig is not None]
    previous = {}
    for sig in wanted:
        with contextlib.suppress(ValueError, OSError):
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, old)


def check_out_root(root: Path) -> None:
    """A usable runs folder: a folder (or creatable), writable; else a :class:`RunError`."""
    if root.exists() and not root.is_dir():
        raise RunError(f"--out {root}: is a file, not a folder; give a folder for the runs")
    probe = root
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise RunError(f"--out {root}: cannot write there ({probe} is not a writable folder)")
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".scrm-write-test-"):
            pass
    except OSError as exc:
        raise RunError(f"--out {root}: cannot write there ({exc.strerror or exc})") from None


def run_one(
    job: Job,
    result: NotebookResult,
    run_dir: Path,
    kernel_manager_class: type,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    cwd: Path | None = None,
    progress_bar: bool | dict[str, Any] = False,
) -> NotebookResult:
    """Execute one job into ``run_dir``, export its HTML, and fill in ``result``.

    ``progress_bar`` is papermill's per-cell bar (``False``, or tqdm keyword arguments).
    """
    import nbformat

    t0 = time.perf_counter()
    result.started_at = _now().isoformat(timespec="seconds")
    output = run_dir / result.output
    # papermill writes the notebook as it goes; it gets its final name only once it is a whole,
    # readable notebook (a full disk must not leave a truncated .ipynb under the final name)
    partial = run_dir / f".{job.label}.part.ipynb"
    try:
        error = execute_job(job, partial, kernel_manager_class, cwd=cwd, cell_timeout=cell_timeout,
                            progress_bar=progress_bar)
    except OSError as exc:
        error = {"cell": None, "cell_id": None, "execution_count": None,
                 "ename": type(exc).__name__, "evalue": f"{exc.strerror or exc}"}
    try:
        if partial.exists():
            nbformat.validate(nbformat.read(partial, as_version=4))
            os.replace(partial, output)
    except Exception as exc:  # truncated or unwritable: drop it, say why
        with contextlib.suppress(OSError):
            partial.unlink()
        error = (error or {"cell": None, "cell_id": None, "execution_count": None}) | {
            "ename": (error or {}).get("ename") or type(exc).__name__,
            "evalue": (error or {}).get("evalue") or str(exc)[:300],
            "output": f"the executed notebook could not be written whole ({type(exc).__name__}: {str(exc)[:200]})",
        }
    result.finished_at = _now().isoformat(timespec="seconds")
    result.duration_s = round(time.perf_counter() - t0, 3)
    result.status = STATUS_FAILED if error else STATUS_OK
    result.error = error
    if not output.exists():
        result.output = ""
        return result
    try:
        export_html(output, run_dir / f"{job.label}.html", job.html_exclude_input)
        result.html = f"{job.label}.html"
    except Exception as exc:  # the executed notebook is still there; say why there is no HTML
        result.status = STATUS_FAILED
        result.error = (error or {}) | {"html_export": f"{type(exc).__name__}: {exc}"}
    return result

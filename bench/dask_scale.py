"""Benchmark (issue 15): the listening summaries and scoring, pandas vs Dask LocalCluster (1 and 2 workers).

Data: SYNTHETIC mentions from :func:`scrm_lib.samples.scale.write_scaled` (copies of the sample
generator's draws), partitioned Parquet of 1,000,000 posts per file, written once outside the
repository::

    .venv/bin/python bench/dask_scale.py generate --rows 30000000 --out /work/bench-data/mentions

Each measured run is a child process (``scrm summarise`` or ``scrm score``), watched every 0.25 s
with psutil over its whole process tree (the client, and with Dask the nanny and worker processes):
wall time, CPU time (user + system over the tree: steadier than wall time on a shared machine),
peak resident memory of the main process and of the largest worker process. A run whose tree
passes ``--mem-cap-gb`` of resident memory is stopped and reported as ``"failed": "memory"``
(the memory this shared machine can give; pandas holds every post in one process).

Usage::

    .venv/bin/python bench/dask_scale.py summarise --data /work/bench-data/mentions --files 1 10 30
    .venv/bin/python bench/dask_scale.py score --data /work/bench-data/mentions --rows 400000

Prints one JSON object per run and a final JSON summary (with the machine) on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCRM = str(ROOT / ".venv" / "bin" / "scrm")
GB = 1024 ** 3
#: Posts per generated Parquet file (``generate`` writes 1,000,000 per file).
ROWS_PER_FILE = 1_000_000


def _tree(root: psutil.Process | None) -> list[psutil.Process]:
    if root is None:
        return []
    try:
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _cpu(p: psutil.Process) -> float:
    t = p.cpu_times()
    return t.user + t.system


def watch(cmd: list[str], mem_cap_gb: float, timeout_s: float, cluster: psutil.Process | None = None) -> dict:
    """Run ``cmd``; wall and CPU seconds, peak RSS of the main process and of the largest child.
    ``cluster``: the root of an already-running cluster's processes, watched too; its CPU seconds
    during the run count (``cpu_cluster_s``), its workers' peak RSS too."""
    base: dict[int, float] = {}
    for p in _tree(cluster):
        try:
            base[p.pid] = _cpu(p)
        except psutil.Error:
            pass
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = psutil.Process(proc.pid)
    peak: dict[int, int] = {}
    cpu: dict[int, float] = {}
    ccpu: dict[int, float] = {}
    failed = None
    while proc.poll() is None:
        procs = _tree(root)
        if not procs:
            break
        total = 0
        for mine, group in ((True, procs), (False, _tree(cluster))):
            for p in group:
                try:
                    rss = p.memory_info().rss
                    c = _cpu(p)
                except psutil.Error:
                    continue
                peak[p.pid] = max(peak.get(p.pid, 0), rss)
                (cpu if mine else ccpu)[p.pid] = c
                total += rss
        if total > mem_cap_gb * GB or time.perf_counter() - t0 > timeout_s:
            failed = "memory" if total > mem_cap_gb * GB else "timeout"
            for p in reversed(procs):
                try:
                    p.kill()
                except psutil.Error:
                    pass
            break
        time.sleep(0.25)
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    for p in _tree(cluster):  # the cluster's CPU up to the end of the run
        try:
            ccpu[p.pid] = _cpu(p)
        except psutil.Error:
            pass
    main_peak = peak.get(proc.pid, 0)
    others = [v for k, v in peak.items() if k != proc.pid]
    cluster_s = sum(c - base.get(pid, 0.0) for pid, c in ccpu.items())
    r = {"wall_s": round(wall, 1), "cpu_s": round(sum(cpu.values()) + cluster_s, 1), "peak_main_gb": round(main_peak / GB, 2),
         "peak_worker_gb": round(max(others) / GB, 2) if others else None,
         "processes": len(peak), "exit": proc.returncode, "failed": failed or (None if proc.returncode == 0 else "error"),
         "tail": out.strip().splitlines()[-2:] if out else []}
    if cluster is not None:
        r["cpu_cluster_s"] = round(cluster_s, 1)
    return r


#: A cluster already running (``running:N`` configs): a LocalCluster of N single-threaded worker
#: processes in a process of its own, as a cluster user has one; its scheduler address is printed.
CLUSTER_SCRIPT = """
import sys, time
from dask.distributed import LocalCluster
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True, dashboard_address=None)
    print(cluster.scheduler_address, flush=True)
    while True:
        time.sleep(60)
"""


def start_cluster(workers: int) -> tuple[subprocess.Popen, str]:
    """A running LocalCluster of ``workers`` processes and its scheduler address."""
    proc = subprocess.Popen([sys.executable, "-c", CLUSTER_SCRIPT, str(workers)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    address = proc.stdout.readline().strip()
    if not address.startswith("tcp://"):
        proc.kill()
        sys.exit(f"the cluster for running:{workers} did not start")
    return proc, address


def stop_cluster(proc: subprocess.Popen) -> None:
    """Stop the cluster process and its workers (these processes only)."""
    for p in reversed(_tree(psutil.Process(proc.pid))):
        try:
            p.kill()
        except psutil.Error:
            pass
    proc.wait()


def _files(data: Path, k: int) -> list[str]:
    files = sorted(str(p) for p in data.glob("part-*.parquet"))
    if len(files) < k:
        sys.exit(f"{data} holds {len(files)} part files, {k} wanted: generate more rows first")
    return files[:k]


def same_tables(a: Path, b: Path) -> bool:
    """Every summary Parquet of ``a`` equals ``b``'s (counts exactly, ratios to 1e-12 relative)."""
    import pandas as pd

    names = sorted(p.name for p in a.glob("*.parquet"))
    if not names or names != sorted(p.name for p in b.glob("*.parquet")):
        return False
    try:
        for n in names:
            pd.testing.assert_frame_equal(pd.read_parquet(a / n), pd.read_parquet(b / n), check_exact=False, rtol=1e-12, atol=0)
    except AssertionError:
        return False
    return True


def run_summarise(args: argparse.Namespace) -> list[dict]:
    runs = []
    keep = args.keep or Path(tempfile.mkdtemp(prefix="dask-scale-"))
    for k in args.files:
        files = _files(args.data, k)
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        for engine, workers, mode in args.configs:
            tag = f"{engine}{'-' + mode if mode else ''}"
            base = [SCRM, "summarise", *files, "--engine", "pandas" if engine == "pandas" else "dask"]
            cluster = None
            if engine == "running":  # the command joins a cluster started before it: a cold run, then a warm one
                cluster, address = start_cluster(workers)
                todo = [("cold", [*base, "--scheduler", address]), ("warm", [*base, "--scheduler", address])]
            elif engine == "dask":
                todo = [("", [*base, "--workers", str(workers), *(["--processes", mode] if mode else [])])]
            else:
                todo = [("", base)]
            try:
                for phase, cmd in todo:
                    out = keep / f"{rows}-{tag}{'-' + phase if phase else ''}-{workers if engine != 'pandas' else 0}"
                    r = {"task": "summarise", "rows": rows, "files": len(files), "engine": engine, "workers": workers if engine != "pandas" else None,
                         **({"phase": phase} if phase else {}), **({"mode": mode or "auto"} if engine == "dask" else {}),
                         "load_before": [round(x, 2) for x in os.getloadavg()],
                         **watch([*cmd, "--out", str(out)], args.mem_cap_gb, args.timeout_s,
                                 psutil.Process(cluster.pid) if cluster else None)}
                    ref = keep / f"{rows}-pandas-0"
                    if engine != "pandas" and not r["failed"] and (ref / "summaries.json").is_file():
                        r["equal_to_pandas"] = same_tables(out, ref)
                    print(json.dumps(r), flush=True)
                    runs.append(r)
            finally:
                if cluster is not None:
                    stop_cluster(cluster)
    return runs


def run_score(args: argparse.Namespace) -> list[dict]:
    import pandas as pd

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        whole_files = args.rows >= ROWS_PER_FILE and args.rows % ROWS_PER_FILE == 0
        single = Path(tmp) / "all.parquet"
        if whole_files:  # 10M: the generated files themselves are the partitions (no copy in memory)
            for f in _files(args.data, args.rows // ROWS_PER_FILE):
                (src / Path(f).name).symlink_to(f)
            if any(engine == "pandas" for engine, _ in args.configs):
                pd.concat([pd.read_parquet(f) for f in sorted(src.iterdir())]).to_parquet(single, index=False)
        else:
            first = pd.read_parquet(_files(args.data, 1)[0]).iloc[: args.rows]
            parts = max(args.parts, 1)
            for i in range(parts):
                first.iloc[i::parts].to_parquet(src / f"part-{i:03d}.parquet", index=False)
            first.to_parquet(single, index=False)
        for engine, workers, _ in args.configs:
            out = Path(tmp) / f"out-{engine}-{workers}"
            if engine == "dask":
                cmd = [SCRM, "score", str(src), "--engine", "dask", "--workers", str(workers), "--out", str(out),
                       "--model", args.model]
            else:
                cmd = [SCRM, "score", str(single), "--out", str(out) + ".parquet", "--model", args.model, "--no-progress"]
            r = {"task": "score", "rows": args.rows, "model": args.model, "engine": engine,
                 "workers": workers if engine == "dask" else None, **watch(cmd, args.mem_cap_gb, args.timeout_s)}
            print(json.dumps(r), flush=True)
            runs.append(r)
    return runs


def _config(text: str) -> tuple[str, int, str]:
    """``engine[:workers[:mode]]`` → (engine, workers, mode): ``dask:2:threads`` / ``dask:2:processes``
    force the LocalCluster's kind (default: chosen by the input size), ``running:2`` joins a cluster
    started before the command (measured twice: cold workers, then warm)."""
    engine, *rest = text.split(":")
    return engine, int(rest[0]) if rest else 1, rest[1] if len(rest) > 1 else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="task", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--rows", type=int, required=True)
    g.add_argument("--out", type=Path, required=True)
    for name in ("summarise", "score"):
        p = sub.add_parser(name)
        p.add_argument("--data", type=Path, required=True)
        p.add_argument("--configs", nargs="+", default=["pandas", "dask:1", "dask:2"],
                       help="engine[:workers[:threads|processes]] runs, in order (default pandas dask:1 dask:2); "
                            "running:N joins an already-running N-worker cluster (summarise only)")
        p.add_argument("--mem-cap-gb", type=float, default=14.0)
        p.add_argument("--timeout-s", type=float, default=3600.0)
    sub.choices["summarise"].add_argument("--keep", type=Path,
                                          help="keep the summaries in this folder (compared with the pandas run's)")
    sub.choices["summarise"].add_argument("--files", type=int, nargs="+", default=[1, 10, 30],
                                          help="sizes as numbers of part files (the first K files of --data)")
    sub.choices["score"].add_argument("--rows", type=int, default=400_000)
    sub.choices["score"].add_argument("--parts", type=int, default=8, help="Parquet parts the Dask run reads")
    sub.choices["score"].add_argument("--model", default="fast")
    args = ap.parse_args()
    if args.task == "generate":
        from scrm_lib.samples.scale import write_scaled

        t0 = time.perf_counter()
        files = write_scaled(args.rows, args.out)
        print(json.dumps({"task": "generate", "rows": args.rows, "files": len(files),
                          "seconds": round(time.perf_counter() - t0, 1)}))
        return
    args.configs = [_config(c) for c in args.configs]
    m = machine()
    m["memory_gb"] = round(psutil.virtual_memory().total / GB, 1)
    runs = run_summarise(args) if args.task == "summarise" else run_score(args)
    print(json.dumps({"machine": m, "pid": os.getpid(), "runs": runs}, indent=2))


if __name__ == "__main__":
    main()

"""Benchmark: load + validate 1,000,000 mentions vs a bare ``pandas.read_csv``.

Generates a seeded synthetic mentions CSV in a temporary folder, then — in fresh child
processes, so that one measurement's memory does not inflate the next — times

* ``baseline``: ``pandas.read_csv(path)`` with default options (what a user would type);
* ``load_mentions``: :func:`scrm_lib.data.load_mentions` (read + full schema validation).

Each child reports wall time and its peak resident memory above the process's RSS after
imports (``VmHWM`` minus ``VmRSS`` from ``/proc/self/status``; ``ru_maxrss`` would carry
over the parent's peak across ``fork``), which counts Arrow buffers as well as Python
objects. Prints one JSON object: machine, inputs, timings (best of ``--repeat``), ratios.

Targets: load + validate ≤ 1.5× the bare read, wall time, same run (issue 14; issue 2 asked
for ≤ 2×); peak memory ≤ 3× the final frame's ``memory_usage(deep=True)`` (issue 2). The machine's
1-minute load average is recorded before and after the runs: on a shared machine compare the CPU
times too (``ratios_cpu_time``).

``--before DIR`` adds a third mode, ``load_mentions_before``: the same call on the ``scrm_lib`` found
in ``DIR`` (e.g. ``git archive main scrm_lib | tar -x -C DIR``), interleaved with the other two, so
that a change is measured against the code before it in one run, under the same machine load.

Usage: ``.venv/bin/python bench/load_validate.py [--rows 1000000] [--repeat 5] [--before DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

WORDS = (
    "love hate the new update app is slow fast refund order delivery late great service "
    "support thanks never again crash login password price cheaper store staff helpful rude "
    "waiting hours flight delayed cancelled bag lost seat upgrade coffee menu burger fries "
    "battery phone screen broken fixed finally awesome terrible ok meh #fail #win @help"
).split()
CHANNELS = np.array(["twitter", "X", "facebook", "FB", "instagram", "youtube", "reddit", "forum", "news", "blog"])
BRANDS = np.array(["Acme", "Globex", "Initech", "Umbrella", "Hooli"])


def generate(path: Path, rows: int, seed: int = 42) -> None:
    """Write ``rows`` synthetic mentions (canonical columns) to ``path`` as CSV, seeded."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-01-01T00:00:00", "s")
    ts = start + rng.integers(0, 120 * 86400, rows).astype("timedelta64[s]")
    words = np.array(WORDS, dtype=object)
    n_words = rng.integers(3, 25, rows)
    vocab = rng.integers(0, len(words), (rows, 24))
    texts = [" ".join(words[vocab[i, : n_words[i]]]) for i in range(rows)]
    reply = rng.random(rows) < 0.2
    in_reply = np.where(reply, (rng.integers(0, rows, rows)).astype(str), "")
    df = pd.DataFrame(
        {
            "post_id": np.char.add("p", np.arange(rows).astype(str)),
            "created_at": np.datetime_as_string(ts, unit="s", timezone="UTC"),
            "channel": CHANNELS[rng.integers(0, len(CHANNELS), rows)],
            "brand": BRANDS[rng.integers(0, len(BRANDS), rows)],
            "author_id": np.char.add("u", rng.integers(0, rows // 4, rows).astype(str)),
            "text": texts,
            "author_followers": np.floor(rng.pareto(1.2, rows) * 100).astype(np.int64),
            "likes": rng.negative_binomial(1, 0.2, rows),
            "shares": rng.negative_binomial(1, 0.6, rows),
            "replies": rng.negative_binomial(1, 0.7, rows),
            "in_reply_to": in_reply,
            "is_brand": rng.random(rows) < 0.1,
            "lang": np.where(rng.random(rows) < 0.9, "en", "de"),
        }
    )
    df.to_csv(path, index=False)


CHILD = r"""
import json, sys, time
import pandas as pd
import scrm_lib.data as sio
path, mode = sys.argv[1], sys.argv[2]
def status_kb(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
base = status_kb("VmRSS")
t0, c0 = time.perf_counter(), time.process_time()
df = pd.read_csv(path) if mode == "baseline" else sio.load_mentions(path)
assert mode != "load_mentions_before" or sio.__file__.startswith(sys.argv[3]), sio.__file__
dt, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = status_kb("VmHWM")  # high-water mark of this exec'd process (ru_maxrss survives fork)
print(json.dumps({"seconds": dt, "cpu_seconds": cpu, "peak_rss_above_base_bytes": (peak - base) * 1024,
                  "frame_bytes": int(df.memory_usage(deep=True).sum()), "rows": len(df)}))
"""


def run_child(path: Path, mode: str, before: Path | None = None) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result.

    Mode ``load_mentions_before`` imports ``scrm_lib`` from ``before`` (first on the path and the
    working directory, ahead of the installed editable package)."""
    cmd = [sys.executable, "-c", CHILD, str(path), mode]
    cwd, env = None, None
    if mode == "load_mentions_before":
        assert before is not None
        cmd.append(str(before.resolve()))
        cwd, env = str(before), {**os.environ, "PYTHONPATH": str(before.resolve())}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=cwd, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict:
    """The machine the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    import pyarrow

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(ram / 2**30, 1),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "pyarrow": pyarrow.__version__,
        "platform": platform.platform(),
        "load_avg_1min": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--before", type=Path, default=None,
                    help="a folder holding the scrm_lib to compare against (measured in the same run)")
    args = ap.parse_args(argv)
    if args.before is not None and not (args.before / "scrm_lib" / "__init__.py").is_file():
        ap.error(f"--before {args.before}: no scrm_lib package in that folder")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mentions.csv"
        t0 = time.perf_counter()
        generate(path, args.rows, args.seed)
        gen_s = time.perf_counter() - t0
        load_before = os.getloadavg()[0]
        runs: dict[str, list[dict]] = {"baseline": [], "load_mentions": []}
        if args.before is not None:
            runs["load_mentions_before"] = []
        for _ in range(args.repeat):  # interleave so that machine load hits every mode alike
            for mode in runs:
                runs[mode].append(run_child(path, mode, args.before))
        size = path.stat().st_size
    import statistics

    best = {m: min(r["seconds"] for r in rs) for m, rs in runs.items()}
    median = {m: statistics.median(r["seconds"] for r in rs) for m, rs in runs.items()}
    cpu = {m: min(r["cpu_seconds"] for r in rs) for m, rs in runs.items()}
    peak = {m: min(r["peak_rss_above_base_bytes"] for r in rs) for m, rs in runs.items()}
    frame = runs["load_mentions"][0]["frame_bytes"]
    overhead = (best["load_mentions"] - best["baseline"]) / best["baseline"]
    result = {
        "benchmark": "load_validate",
        "machine": machine(),
        "note": "best of --repeat runs per mode, interleaved; ratios use the best times "
                "(ratios_of_medians and CPU-time ratios too, as the machine may be shared)",
        "inputs": {"rows": args.rows, "seed": args.seed, "csv_bytes": size,
                   "generate_seconds": round(gen_s, 2), "repeat": args.repeat},
        "load_avg_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "seconds": {"baseline_read_csv": round(best["baseline"], 3),
                    "load_mentions": round(best["load_mentions"], 3),
                    "median": {m: round(v, 3) for m, v in median.items()},
                    "cpu_best": {m: round(v, 3) for m, v in cpu.items()},
                    "all_runs": {m: [round(r["seconds"], 3) for r in rs] for m, rs in runs.items()}},
        "ratios": {
            "total_vs_bare_read": round(best["load_mentions"] / best["baseline"], 3),
            "validation_overhead_vs_bare_read": round(overhead, 3),
            "peak_memory_vs_final_frame": round(peak["load_mentions"] / frame, 3),
        },
        "ratios_cpu_time": {
            "total_vs_bare_read": round(cpu["load_mentions"] / cpu["baseline"], 3),
            "validation_overhead_vs_bare_read": round(
                (cpu["load_mentions"] - cpu["baseline"]) / cpu["baseline"], 3),
        },
        "ratios_of_medians": {
            "total_vs_bare_read": round(median["load_mentions"] / median["baseline"], 3),
            "validation_overhead_vs_bare_read": round(
                (median["load_mentions"] - median["baseline"]) / median["baseline"], 3),
        },
        "memory_bytes": {"final_frame_deep": frame,
                         "baseline_frame_deep": runs["baseline"][0]["frame_bytes"],
                         "peak_rss_above_imports": peak},
        "targets": {"validation_overhead_vs_bare_read": 0.5, "total_vs_bare_read": 1.5,
                    "peak_memory_vs_final_frame": 3.0},
    }
    if args.before is not None:
        b = "load_mentions_before"
        result["before"] = {
            "source": str(args.before),
            "seconds_best": round(best[b], 3), "seconds_median": round(median[b], 3),
            "cpu_best": round(cpu[b], 3),
            "total_vs_bare_read": round(best[b] / best["baseline"], 3),
            "total_vs_bare_read_medians": round(median[b] / median["baseline"], 3),
            "total_vs_bare_read_cpu_time": round(cpu[b] / cpu["baseline"], 3),
            "peak_memory_vs_final_frame": round(peak[b] / runs[b][0]["frame_bytes"], 3),
            "all_runs": [round(r["seconds"], 3) for r in runs[b]],
        }
    result["met"] = {k: result["ratios"][k] <= v for k, v in result["targets"].items()}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

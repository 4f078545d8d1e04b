"""Benchmark: `scrm score` on a 1,000,000-post mentions file — peak memory and throughput.

Writes a seeded synthetic 1,000,000-row mentions CSV (``bench/load_validate.py``'s
generator) to a temporary folder, then runs ``scrm score FILE --model M --out OUT.csv``
as a child process and reports its wall time and peak resident memory
(``ru_maxrss`` of the child, which starts fresh after ``exec``) and CPU time (user + sys of
the child: on a shared machine it is the steadier figure; the wall time equals it when the
machine is otherwise idle, as scoring is single-threaded), for the sentiment
model(s) given, with the trait model unless ``--no-trait``. Target (issue 6): ≤ 2 GB peak.

Usage: ``.venv/bin/python bench/score_memory.py [--rows 1000000] [--model fast] [--no-trait]
[--trait-model trait --trait-model OLD.skops]`` (several trait models: one run each, same file)
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402
from load_validate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--model", action="append", default=[])
    ap.add_argument("--no-trait", action="store_true")
    ap.add_argument("--trait-model", action="append", default=[],
                    help="trait model(s) to compare (name or .skops path; default trait); one run each")
    ap.add_argument("--chunk-rows", type=int, default=50_000)
    args = ap.parse_args()
    out = {"benchmark": "score_memory", "machine_start": machine(), "rows": args.rows, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "mentions.csv"
        generate(src, args.rows)
        out["input_bytes"] = src.stat().st_size
        for model in args.model or ["fast"]:
            for trait_model in ([None] if args.no_trait else (args.trait_model or ["trait"])):
                dst = Path(tmp) / f"scored_{model}.csv"
                cmd = [str(ROOT / ".venv/bin/scrm"), "score", str(src), "--model", model, "--out", str(dst),
                       "--no-progress", "--chunk-rows", str(args.chunk_rows),
                       "--trait-model", trait_model or "none"]
                ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                before = ru0.ru_maxrss
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, text=True)
                wall = time.perf_counter() - t0
                ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                peak_kb = ru1.ru_maxrss
                cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
                rows_out = sum(1 for _ in open(dst, encoding="utf-8")) - 1 if dst.exists() else 0
                out["runs"].append({"model": model, "trait": trait_model, "exit": proc.returncode,
                                    "wall_s": round(wall, 1), "posts_per_s": round(args.rows / wall),
                                    "cpu_s": round(cpu, 1),
                                    "peak_rss_mb": round(peak_kb / 1024, 1),
                                    "children_maxrss_before_mb": round(before / 1024, 1),
                                    "rows_out": rows_out, "stdout": proc.stdout.strip()[-300:],
                                    "stderr": proc.stderr.strip()[-300:]})
    out["machine_end"] = machine()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

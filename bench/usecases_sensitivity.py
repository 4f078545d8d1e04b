"""Benchmark: Monte Carlo sensitivity of the use-case priorities (issue 5).

Times :func:`scrm_lib.analysis.usecases.sensitivity` on the 18 published use cases with 10,000 draws
(weights ~ Dirichlet around the chosen weights, both cuts ± 0.25), best of ``--repeat``,
against a baseline measured in the same run: the same computation written as a plain Python
loop over draws (one draw at a time: classify, score, rank), timed on ``--loop-draws`` draws
and scaled to the same number of draws.

Target (issue 5): 10,000 draws over 18 use cases ≤ 5 s, vectorised (no Python loop per draw).

Usage: ``.venv/bin/python bench/usecases_sensitivity.py [--draws 10000] [--repeat 5] [--loop-draws 1000]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

import numpy as np

from scrm_lib.analysis import usecases as uc


def loop_baseline(cases, fit, weights: uc.Weights, cuts: uc.QuadrantCuts, n: int, seed: int, u: float) -> float:
    """The same Monte Carlo as a per-draw Python loop; returns the seconds it took."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([cases["market_demand"], cases["tech_maturity"], 5 * np.asarray(fit)])
    w0 = weights.normalised()
    counts = np.zeros((len(cases), 4))
    top = np.zeros(len(cases))
    t = time.perf_counter()
    for _ in range(n):
        w = rng.dirichlet(50 * w0)
        dc = rng.uniform(cuts.demand - u, cuts.demand + u)
        mc = rng.uniform(cuts.maturity - u, cuts.maturity + u)
        groups = uc.classify(cases, uc.QuadrantCuts(float(np.clip(dc, 0, 5)), float(np.clip(mc, 0, 5))))
        counts[np.arange(len(cases)), groups.cat.codes.to_numpy()] += 1
        ranks = uc.rank_by_priority(x @ w)
        top += ranks <= 5
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--loop-draws", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)

    cases = uc.published_use_cases()
    fit = uc.organisational_fit(cases, "developing", ["cut_support_cost", "grow_sales"]).to_numpy()
    weights, cuts = uc.Weights(), uc.QuadrantCuts()
    uc.sensitivity(cases, fit, n_draws=100, seed=0)  # warm-up (imports, caches)
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        res = uc.sensitivity(cases, fit, weights=weights, cuts=cuts, cut_uncertainty=0.25, n_draws=args.draws,
                             seed=args.seed)
        times.append(time.perf_counter() - t)
    loop_s = loop_baseline(cases, fit, weights, cuts, args.loop_draws, args.seed, 0.25)
    loop_scaled = loop_s * args.draws / args.loop_draws
    best = min(times)
    out = {
        "benchmark": "usecases_sensitivity",
        "machine": {
            "platform": platform.platform(), "python": sys.version.split()[0], "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(), "numpy": np.__version__,
        },
        "inputs": {"use_cases": len(cases), "draws": args.draws, "repeat": args.repeat, "cut_uncertainty": 0.25,
                   "concentration": 50.0, "seed": args.seed},
        "timings_s": {"vectorised_best": round(best, 4), "vectorised_median": round(float(np.median(times)), 4),
                      "python_loop_per_draw": round(loop_s, 4), "python_loop_draws": args.loop_draws,
                      "python_loop_scaled_to_draws": round(loop_scaled, 3)},
        "ratios": {"loop_over_vectorised": round(loop_scaled / best, 1)},
        "target": {"max_s": 5.0, "met": best <= 5.0},
        "result_check": {"kendall_w": round(res.kendall_w, 4), "mean_rank_shift": round(res.mean_rank_shift, 4),
                         "group_flippers": res.group_flippers},
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

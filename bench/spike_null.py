"""Benchmark: false-positive rate of the spike detector on null data, and recall of injected surges.

How the spike thresholds (``spike_sensitivity``, ``spike_dispersion``) of the real-data params are
chosen (issue 13). **Null**: daily counts with no event — negative-binomial noise (a Poisson rate
that itself varies from day to day, as social volume does) with a weekly seasonal profile
(weekends ×0.8), mean μ and dispersion φ = variance ÷ mean. The grid covers what the real data
show: μ from 60 to 600 posts a day (the six airlines' usable days, 67–503), φ = 1, 3 and 9
(the airlines' measured variance ÷ mean on 18–21 Feb 2015, before the surges, runs 0.9–9), and
two lengths: 8 days (the airline file) and 60 days. The detector runs with the same settings as
``params/listening/airline.yaml`` (daily, window 7, at least 3 baseline days, coverage-aware);
**FPR** = flagged days ÷ days tested (days with a baseline). **Recall**: the same series with a
two-day surge of +50% or +100% of μ on two days after the baseline has formed (the United and US
Airways surges of 22–23 Feb 2015 were +55% and +100%); a surge counts as found when either day
is flagged.

Seeded (``--seed``); prints one JSON object. Usage: ``.venv/bin/python bench/spike_null.py``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

from scrm_lib.metrics import listening as L


def null_series(rng: np.random.Generator, mu: float, phi: float, days: int) -> np.ndarray:
    """Negative-binomial daily counts with mean ``mu`` × a weekly profile and variance ``phi·mean``."""
    profile = np.where(np.arange(days) % 7 >= 5, 0.8, 1.0)
    m = mu * profile / profile.mean()
    if phi <= 1.0:
        return rng.poisson(m).astype(float)
    # gamma-Poisson: var = m + m²/k  →  k = m / (phi - 1)
    k = m / (phi - 1.0)
    return rng.poisson(rng.gamma(k, m / k)).astype(float)


def run(seed: int, reps: int, sensitivities: list[float], dispersions: list[float]) -> dict:
    rng = np.random.default_rng(seed)
    grid = []
    for days in (8, 60):
        for mu in (60, 150, 300, 600):
            for phi in (1.0, 3.0, 9.0):
                series = [null_series(rng, mu, phi, days) for _ in range(reps)]
                surge_at = days - 3 if days == 8 else int(rng.integers(10, days - 3))
                grid.append((days, mu, phi, series, surge_at))
    out = []
    for sens in sensitivities:
        for disp in dispersions:
            for days, mu, phi, series, at in grid:
                idx = pd.date_range("2015-02-16", periods=days, freq="D", tz="UTC")
                fp = tested = 0
                hits = {0.5: 0, 1.0: 0}
                for x in series:
                    sc = L.spike_scan(pd.Series(x, index=idx), window=7, sensitivity=sens, min_periods=3,
                                      min_excess=10, dispersion=disp)
                    fp += int(sc["flagged"].sum())
                    tested += int(sc["baseline"].notna().sum())
                    for lift in hits:
                        y = x.copy()
                        y[at:at + 2] += lift * mu
                        s2 = L.spike_scan(pd.Series(y, index=idx), window=7, sensitivity=sens, min_periods=3,
                                          min_excess=10, dispersion=disp)
                        hits[lift] += bool(s2["flagged"].iloc[at:at + 2].any())
                out.append({"sensitivity": sens, "dispersion": disp, "days": days, "mu": mu, "phi": phi,
                            "fpr": fp / max(tested, 1), "tested": tested,
                            "recall_50pct": hits[0.5] / len(series), "recall_100pct": hits[1.0] / len(series)})
    return {"rows": out}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--reps", type=int, default=200)
    args = ap.parse_args()
    t = time.perf_counter()
    res = run(args.seed, args.reps, [3.0, 3.5, 4.0, 5.0], [1.0, 2.0, 4.0])
    df = pd.DataFrame(res["rows"])
    summary = (df.groupby(["sensitivity", "dispersion", "phi"])
               .agg(fpr=("fpr", "mean"), recall_50pct=("recall_50pct", "mean"), recall_100pct=("recall_100pct", "mean"))
               .reset_index())
    print(json.dumps({"seed": args.seed, "reps": args.reps, "seconds": round(time.perf_counter() - t, 1),
                      "summary": summary.round(4).to_dict(orient="records")}, indent=1))


if __name__ == "__main__":
    main()

"""Inter-rater agreement for class surveys: Krippendorff's alpha and the r_wg index.

A class assessing ONE company gives, for every question, several ratings of the same thing.
Two statistics answer two questions:

- **Per question — r_wg** (James, Demaree & Wolf 1984; the within-group agreement index):
  ``r_wg = 1 − s² / σ²_EU`` where ``s²`` is the variance of the raters' answers (sample
  variance, ddof=1) and ``σ²_EU = (A² − 1) / 12`` the variance of a uniform ("no agreement")
  answer over ``A`` equally spaced categories. 1 = everyone gave the same answer, 0 = as spread
  as random answers; a polarised class (more spread than random answers) gives a negative
  value, which is reported as 0, as James, Demaree & Wolf recommend (the spread itself is
  reported next to it). It is made for exactly one item rated by many judges, which is what a
  question of a class survey is. Krippendorff's alpha and Fleiss' kappa are not: with a single
  unit their expected disagreement comes from that unit alone, so they are undefined or 0.
- **Per block of questions, and overall — Krippendorff's alpha** (Krippendorff 2011,
  "Computing Krippendorff's alpha-reliability"), with the questions as units. Chosen over
  Fleiss' kappa because it takes **ordinal** answers (no < partly < yes: disagreeing by one step
  is less than by two), any number of raters, and **missing answers** (a student who skipped a
  question), which Fleiss' kappa does not.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Measurement levels of :func:`krippendorff_alpha`.
LEVELS = ("nominal", "ordinal", "interval")


def rwg(values: Sequence[float], n_categories: int) -> float:
    """The r_wg agreement index of one item rated by several raters (NaN = no answer, ignored).

    ``r_wg = max(0, 1 − var(values, ddof=1) / ((n_categories² − 1) / 12))``. NaN when fewer
    than two answers. ``n_categories`` is the number of equally spaced answer options (3 for
    no / partly / yes); the values must be coded on a scale with step 1 *or* rescaled —
    :func:`rwg` rescales them itself from [min code, max code] = [0, 1] when all values lie in
    [0, 1] (the workbench's 0 / 0.5 / 1 answer values).
    """
    if n_categories < 2:
        raise ValueError(f"rwg: n_categories must be at least 2, got {n_categories}")
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) < 2:
        return float("nan")
    if x.min() >= 0.0 and x.max() <= 1.0:
        x = x * (n_categories - 1)  # 0 / 0.5 / 1 -> 0 / 1 / 2 (unit steps)
    expected = (n_categories**2 - 1) / 12.0
    return float(max(0.0, 1.0 - x.var(ddof=1) / expected))


def krippendorff_alpha(ratings: np.ndarray, level: str = "ordinal") -> float:
    """Krippendorff's alpha of a raters × units matrix (NaN = missing).

    ``alpha = 1 − D_o / D_e`` from the coincidence matrix of the values: ``D_o`` the observed
    disagreement between values paired within a unit, ``D_e`` the disagreement expected from
    all pairable values (Krippendorff 2011). Units with fewer than two values are not
    pairable and are left out. ``level`` sets the distance: nominal (0/1), interval
    (squared difference) or ordinal (squared sum of the marginal frequencies between the two
    ranks, with half the end frequencies). Returns NaN when no unit is pairable or every
    pairable value is the same (no variation: agreement cannot be told from chance).
    """
    if level not in LEVELS:
        raise ValueError(f"krippendorff_alpha: level must be one of {LEVELS}, got {level!r}")
    data = np.asarray(ratings, dtype=float)
    if data.ndim != 2:
        raise ValueError(f"krippendorff_alpha: expected a 2-D raters × units matrix, got shape {data.shape}")
    values = np.unique(data[~np.isnan(data)])
    if len(values) == 0:
        return float("nan")
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    coincidence = np.zeros((k, k))
    for unit in data.T:
        present = unit[~np.isnan(unit)]
        m = len(present)
        if m < 2:
            continue
        counts = np.zeros(k)
        for v in present:
            counts[index[v]] += 1
        pairs = np.outer(counts, counts) - np.diag(counts)
        coincidence += pairs / (m - 1)
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return float("nan")
    delta = _distance(values, n_c, level)
    d_observed = (coincidence * delta).sum() / n
    d_expected = (np.outer(n_c, n_c) * delta).sum() / (n * (n - 1))
    if d_expected == 0:
        return float("nan")
    return float(1.0 - d_observed / d_expected)


def _distance(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """The squared distance matrix δ² between the sorted distinct values."""
    k = len(values)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    delta = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            lo, hi = min(i, j), max(i, j)
            s = cum[hi + 1] - cum[lo] - (n_c[lo] + n_c[hi]) / 2.0
            delta[i, j] = s**2
    return delta

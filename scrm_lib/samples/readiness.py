"""SYNTHETIC class survey: a class assesses the sample brand's readiness (``scrm samples readiness``).

Writes ``readiness_class_survey.csv`` (columns of :data:`scrm_lib.analysis.readiness.SURVEY_COLUMNS`,
``provenance`` = ``synthetic`` on every row): :data:`N_RESPONDENTS` invented students answer
the readiness questionnaire about Nimbus, the fictional sample brand. Each starts from the
reference answers of notebook 08's defaults
(:data:`scrm_lib.params.nb08_maturity_and_readiness.DEFAULT_ANSWERS`) and departs from them:

* every question gets an *ambiguity* drawn from Beta(:data:`AMBIGUITY_A`, :data:`AMBIGUITY_B`):
  the probability that a respondent reads the practice differently and answers one step up or
  down (no / partly / yes) — most questions are clear, a few are contested;
* every respondent has a *leniency* (a share of answers moved one step up, or down for a harsh
  one), drawn from N(0, :data:`LENIENCY_SD`);
* a respondent skips a question with probability :data:`SKIP_PROB` (no row).

Used as the template a real class copies (set ``provenance`` to ``collected``) and to show
where a class disagrees. Every number here is invented for the demonstration.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FILENAME = "readiness_class_survey.csv"
N_RESPONDENTS = 24
AMBIGUITY_A, AMBIGUITY_B = 0.8, 3.5
LENIENCY_SD = 0.12
SKIP_PROB = 0.02
_ORDER = ("no", "partly", "yes")


def simulate(seed: int) -> pd.DataFrame:
    """The synthetic class survey (long format), sorted by respondent then questionnaire order."""
    from scrm_lib.analysis.readiness import question_ids
    from scrm_lib.params.nb08_maturity_and_readiness import DEFAULT_ANSWERS

    rng = np.random.default_rng(seed)
    qids = question_ids()
    reference = np.array([_ORDER.index(DEFAULT_ANSWERS.get(q, "no")) for q in qids])
    ambiguity = rng.beta(AMBIGUITY_A, AMBIGUITY_B, size=len(qids))
    rows = []
    for r in range(N_RESPONDENTS):
        leniency = rng.normal(0.0, LENIENCY_SD)
        shift_u = rng.random(len(qids))
        direction = np.where(rng.random(len(qids)) < 0.5, -1, 1)
        lenient_u = rng.random(len(qids))
        skip = rng.random(len(qids)) < SKIP_PROB
        for j, q in enumerate(qids):
            level = reference[j]
            if shift_u[j] < ambiguity[j]:
                step = direction[j] if 0 <= level + direction[j] <= 2 else -direction[j]
                level += step
            if lenient_u[j] < abs(leniency):
                level = int(np.clip(level + np.sign(leniency), 0, 2))
            if not skip[j]:
                rows.append((f"s{r + 1:02d}", q, _ORDER[int(level)], "synthetic"))
    return pd.DataFrame(rows, columns=["respondent_id", "question_id", "answer", "provenance"])


def generate(out_dir: Path, seed: int) -> list[Path]:
    """Write ``readiness_class_survey.csv`` into ``out_dir`` (byte-identical for the same seed)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILENAME
    simulate(seed).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return [path]

"""``scrm eval --model NAME --dataset NAME``: evaluate a model, always beside the VADER baseline.

Prints one JSON object: for the model and for VADER (same run, same posts) the
macro-averaged recall (TweetEval's official metric), macro-F1, accuracy, per-class
precision/recall/F1/support, the confusion matrix (rows = true, columns = predicted, in
``labels`` order), N, and the scoring time. Datasets: ``tweeteval`` (TweetEval test),
``tweeteval-val``, ``airline`` (cross-domain, never trained on) and ``trait-test``
(``data/samples/labeled_posts_test.csv``: traits for the trait model, the file's
sentiment column for sentiment models) and ``trait-real`` (the hand-labelled real posts,
needs ``../shared``: for ``--model trait`` the source-held-out evaluation of the trait
preset — train on two sources, test on the third, each rotation — beside the majority
and keyword-rule baselines, with bootstrap intervals, plus the sentiment models'
macro-recall on the same posts; for a sentiment model, its macro-recall there). ``identity-templates`` reports identity invariance
instead (``data/fairness/``: per group of person terms, the share of template pairs whose
predicted class changes and the mean score shift; per subgroup the mean signed shift).
"""

from __future__ import annotations

import argparse
import json

from scrm_lib.modeling.compare import evaluate_models, real_corpus_report
from scrm_lib.modeling.data import DATASETS


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``eval`` sub-command."""
    p.description = __doc__.splitlines()[0] if __doc__ else None
    p.add_argument("--model", required=True, help="vader, fast, accurate, trait or a .skops path")
    p.add_argument("--dataset", required=True, choices=DATASETS + ("trait-real",), help="evaluation data set")
    p.add_argument("--no-grouped-cv", action="store_true", help="trait-real: skip the brand-grouped CV (faster)")
    p.add_argument("--external", help="folder of the public data sets (default ../shared/data/external)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.dataset == "trait-real":
        print(json.dumps(real_corpus_report(args.model, external_dir=args.external,
                                            grouped_cv=not args.no_grouped_cv), indent=2))
        return 0
    print(json.dumps(evaluate_models(args.model, args.dataset, external_dir=args.external), indent=2))
    return 0

"""``scrm train --model NAME``: train a named model and save it to models/ with its card.

``trait`` trains on ``data/samples/labeled_posts.csv`` (repository data). ``fast`` and
``accurate`` follow the sentiment protocol of ``../shared/data/external/README.md``
(train on SemEval 2013–2016 minus TweetEval val, calibrate and choose decision weights
on TweetEval val, report TweetEval test and the airline tweets) and need the external
data. Prints the model card as JSON.
"""

from __future__ import annotations

import argparse
import json

from scrm_lib.core.config import relative_to_root
from scrm_lib.core.errors import ScrmError
from scrm_lib.modeling.scoring import clear_cache
from scrm_lib.modeling.train import train_and_save


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``train`` sub-command."""
    p.description = __doc__.splitlines()[0] if __doc__ else None
    p.add_argument("--model", required=True, choices=("fast", "accurate", "trait", "all"),
                   help="which model (all = the three)")
    p.add_argument("--models-dir", help="output folder (default models/)")
    p.add_argument("--external", help="folder of the public data sets (default ../shared/data/external)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--cv", action="store_true", help="trait: also record 5-fold CV in the card (slow)")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    names = ("trait", "fast", "accurate") if args.model == "all" else (args.model,)
    for name in names:
        try:
            path, card = train_and_save(name, models_dir=args.models_dir, external_dir=args.external,
                                        random_state=args.seed, cv=args.cv)
        except MemoryError:
            raise ScrmError(f"out of memory while training {name}") from None
        shown = {k: card[k] for k in ("name", "metrics", "training_seconds", "file_sha256", "file_bytes") if k in card}
        print(json.dumps({"saved": relative_to_root(path), **shown}, indent=2))
    clear_cache()
    return 0

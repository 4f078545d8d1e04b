"""scikit-learn's estimator checks on the workbench's estimators (issue 14).

Two runs:

1. **As they are.** :func:`~sklearn.utils.estimator_checks.parametrize_with_checks` on each text
   estimator. Their tags say what they take (``input_tags.string = True``,
   ``two_d_array = False``: a list of posts), so scikit-learn runs the clone check and skips
   every check that feeds numeric 2-D arrays, the route it documents for text estimators such
   as ``CountVectorizer``. :class:`~scrm_lib.modeling.text.ActiveColumns`, which takes a sparse
   matrix, gets the full suite here.
2. **Read as text.** To run the conventions that need data (params stored unmodified, nothing
   learned in ``__init__``, ``fit`` returns ``self``, predict leaves the estimator unchanged,
   ``classes_``, pickling, fit idempotent, sample order and subset invariance, …), each text
   estimator is also checked through a test-only subclass that turns each numeric row into a
   post (``"f0p3 f1n2 …"``: feature, sign, rounded value) before calling the real method, and
   whose tags say 2-D input. Checks about numeric input validation, which a text estimator
   cannot meet, are listed in :data:`EXPECTED_FAILURES` with the reason; they are run and
   must fail (``xfail_strict``), so a fixed one has to leave the list.

Each estimator is checked with small parameters where its defaults are slow to fit (hashed
columns); the whole file runs in seconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.utils.estimator_checks import parametrize_with_checks

from scrm_lib.modeling.embed import StaticEmbeddings
from scrm_lib.modeling.fairness import IdentityMasker
from scrm_lib.modeling.linear import LinearTextClassifier
from scrm_lib.modeling.text import (
    ActiveColumns,
    CharHasher,
    CueFeatures,
    TweetHasher,
    TweetNormalizer,
    VaderFeatures,
)
from scrm_lib.modeling.trait_rules import KeywordTraitRules
from scrm_lib.modeling.vader import VaderSentiment

# --------------------------------------------------------------------------------------
# The same estimators, reading numeric rows as posts
# --------------------------------------------------------------------------------------

def as_posts(X: Any) -> Any:
    """One post per numeric row (``f<j><p|n><|rounded value|>`` per feature); posts pass through."""
    if isinstance(X, list) and all(isinstance(t, str) for t in X):
        return X
    if sp.issparse(X):
        X = X.toarray()
    X = np.asarray(X)
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    posts = []
    for row in X:
        toks = []
        for j, v in enumerate(row):
            try:
                v = float(v)
            except (TypeError, ValueError):
                toks.append(f"f{j}{v}")
                continue
            toks.append(f"f{j}{'p' if v >= 0 else 'n'}{abs(int(round(v)))}" if np.isfinite(v) else f"f{j}nan")
        posts.append(" ".join(toks))
    return posts


def _reads_numbers(cls: type) -> type:
    """A subclass of ``cls`` whose methods take numeric rows (module-level, so it pickles)."""
    ns: dict[str, Any] = {"__module__": __name__, "__qualname__": f"Numeric{cls.__name__}"}

    def fit(self, X, y=None, **kw):  # noqa: ANN001, ANN202
        return super(sub, self).fit(as_posts(X), y, **kw)

    ns["fit"] = fit
    for name in ("predict", "predict_proba", "decision_function", "transform"):
        if hasattr(cls, name):
            def method(self, X, _name=name):  # noqa: ANN001, ANN202
                return getattr(super(sub, self), _name)(as_posts(X))
            method.__name__ = name
            ns[name] = method

    def tags(self):  # noqa: ANN001, ANN202
        t = super(sub, self).__sklearn_tags__()
        t.input_tags.string = False
        t.input_tags.two_d_array = True
        return t

    ns["__sklearn_tags__"] = tags
    sub = type(f"Numeric{cls.__name__}", (cls,), ns)
    globals()[sub.__name__] = sub
    return sub


#: Numeric-input validation that a text estimator does not do (it reads posts, not numbers).
_INPUT = "text estimator: X is a list of posts; scikit-learn's numeric-array validation does not apply"
_NUMERIC_INPUT: dict[str, str] = {
    "check_complex_data": _INPUT + " (complex numbers)",
    "check_dtype_object": _INPUT + " (object arrays)",
    "check_estimators_nan_inf": _INPUT + " (NaN / inf)",
    "check_estimator_sparse_tag": _INPUT + " (sparse matrices)",
    "check_estimators_empty_data_messages": _INPUT + " (an empty 2-D array)",
    "check_fit1d": _INPUT + " (1-D arrays)",
    "check_fit2d_predict1d": _INPUT + " (1-D arrays)",
    "check_n_features_in": "text estimator: there are no features to count in a list of posts",
    "check_n_features_in_after_fitting": "text estimator: there are no features to count in a list of posts",
}
_STRINGS_OUT = "text-to-text transformer: returns a list of posts, not an array"
_FIXED_LABELS = "rule-based classifier: predicts its fixed label set, whatever y is"

EXPECTED_FAILURES: dict[str, dict[str, str]] = {
    "ActiveColumns": {
        "check_complex_data": "sits after a hasher in a Pipeline: it selects columns and validates nothing "
                              "itself (committed models were fitted without n_features_in_)",
        "check_dtype_object": "takes sparse count matrices only (scipy.sparse has no object dtype)",
        "check_estimators_nan_inf": "sits after a hasher in a Pipeline: counts are never NaN",
        "check_estimator_sparse_tag": "takes sparse matrices; it keeps scikit-learn's default tags so the "
                                      "committed artifacts' pipelines stay as saved",
        "check_estimators_empty_data_messages": "sits after a hasher in a Pipeline (validates nothing itself)",
        "check_transformer_general": "does not store n_features_in_ (the committed models' ActiveColumns lack "
                                     "it: adding the check would break loading them)",
        "check_n_features_in": "does not store n_features_in_ (committed models lack it)",
        "check_n_features_in_after_fitting": "does not store n_features_in_ (committed models lack it)",
        "check_fit1d": "sits after a hasher in a Pipeline: input is always 2-D",
        "check_fit2d_predict1d": "sits after a hasher in a Pipeline: input is always 2-D",
    },
}


_TEXT_TO_TEXT: dict[str, str] = {name: _STRINGS_OUT for name in (
    "check_pipeline_consistency", "check_estimators_pickle", "check_transformer_data_not_an_array",
    "check_transformer_general", "check_transformer_preserve_dtypes", "check_transformers_unfitted_stateless",
    "check_methods_sample_order_invariance", "check_methods_subset_invariance", "check_fit_idempotent")}
_RULES: dict[str, str] = {name: _FIXED_LABELS for name in (
    "check_fit_score_takes_y", "check_pipeline_consistency", "check_estimators_pickle",
    "check_classifier_data_not_an_array", "check_classifiers_one_label", "check_classifiers_classes",
    "check_classifiers_train", "check_classifiers_regression_target", "check_supervised_y_no_nan",
    "check_supervised_y_2d", "check_methods_sample_order_invariance", "check_methods_subset_invariance",
    "check_fit_idempotent")} | {
    "check_estimator_sparse_array": _INPUT + " (sparse arrays)",
    "check_estimator_sparse_matrix": _INPUT + " (sparse matrices)",
}

#: The checks each text estimator fails when it reads numeric rows as posts, with the reason.
NUMERIC_EXPECTED_FAILURES: dict[str, dict[str, str]] = {
    "NumericVaderSentiment": _NUMERIC_INPUT | _RULES,
    "NumericKeywordTraitRules": _NUMERIC_INPUT | _RULES,
    "NumericLinearTextClassifier": {k: v for k, v in _NUMERIC_INPUT.items()  # it refuses no posts / complex y
                                    if k not in ("check_complex_data", "check_estimators_empty_data_messages")} | {
        "check_classifiers_train": "text estimator: a post with other 'features' is just another post, "
                                   "so a changed number of columns raises nothing"},
    "NumericTweetNormalizer": _NUMERIC_INPUT | _TEXT_TO_TEXT,
    "NumericIdentityMasker": _NUMERIC_INPUT | _TEXT_TO_TEXT,
    "NumericTweetHasher": _NUMERIC_INPUT,
    "NumericCharHasher": _NUMERIC_INPUT,
    "NumericVaderFeatures": _NUMERIC_INPUT,
    "NumericCueFeatures": _NUMERIC_INPUT,
    "NumericStaticEmbeddings": _NUMERIC_INPUT,
}


TEXT_ESTIMATORS: list[Any] = [
    VaderSentiment(), KeywordTraitRules(), LinearTextClassifier(word_bits=14, calibration_cv=0),
    TweetNormalizer(), TweetHasher(n_bits=12), CharHasher(n_features=2 ** 12), VaderFeatures(), CueFeatures(), StaticEmbeddings(), IdentityMasker(),
]


NUMERIC_VIEWS: list[Any] = [_reads_numbers(type(e))(**e.get_params()) for e in TEXT_ESTIMATORS]


@parametrize_with_checks([*TEXT_ESTIMATORS, ActiveColumns()],
                         expected_failed_checks=lambda est: EXPECTED_FAILURES.get(f"{type(est).__name__}", {}),
                         xfail_strict=True)
def test_sklearn_checks_as_they_are(estimator: Any, check: Any) -> None:
    """scikit-learn's own run: text estimators get the clone check, ActiveColumns the suite."""
    check(estimator)


@pytest.mark.parametrize("estimator", TEXT_ESTIMATORS, ids=lambda e: type(e).__name__)
def test_text_estimators_declare_string_input(estimator: Any) -> None:
    """The tags that make scikit-learn (and pipelines) treat X as a list of posts."""
    tags = estimator.__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array


@parametrize_with_checks(NUMERIC_VIEWS,
                         expected_failed_checks=lambda est: NUMERIC_EXPECTED_FAILURES.get(type(est).__name__, {}),
                         xfail_strict=True)
def test_sklearn_checks_reading_numbers_as_posts(estimator: Any, check: Any) -> None:
    """The data-driven conventions, on each text estimator reading numeric rows as posts."""
    check(estimator)


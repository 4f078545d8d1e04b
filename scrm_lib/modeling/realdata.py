"""Real posts for the hand-labelled trait corpus: one reader per source, one text hash.

The repository never stores the texts of the public data sets (their terms keep them out):
labels are kept as ``(dataset, source_id)`` rows with :func:`text_hash` of the text, and
the texts are joined back from ``../shared/data/external`` at run time. This module is
the one place that says how each source's text is read, so the hash of a labelled row
is always computed on the same string.

Sources (``dataset`` values):

- ``twcs``: *Customer Support on Twitter*: ``twcs_first5000.csv`` (both directions of the
  threads: customers' first tweets, their follow-ups, and the brands' replies),
  ``spotifycares_support_requests.csv`` and ``sample.csv``; ``source_id`` = ``tweet_id``
  (global in TWCS, so the files share one id space);
- ``airline``: *Twitter US Airline Sentiment* ``Tweets.csv``; ``source_id`` = ``tweet_id``;
- ``semeval``: the SemEval-2017 Task 4A 2013–2016 files (:func:`scrm_lib.data.io.load_semeval`);
  ``source_id`` = ``tweet_id``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.core.config import DATA_DIR
from scrm_lib.core.errors import ScrmError, display_path
from scrm_lib.data.io import load_semeval
from scrm_lib.modeling.data import external_path
from scrm_lib.modeling.presets import SENTIMENT_LABELS, TRAIT_LABELS

#: The sources of the real trait corpus, in the order they are reported.
REAL_SOURCES: tuple[str, ...] = ("twcs", "airline", "semeval")

TWCS_FILES: tuple[str, ...] = (
    "customer-support-on-twitter/twcs_first5000.csv",
    "customer-support-on-twitter/spotifycares_support_requests.csv",
    "customer-support-on-twitter/sample.csv",
)


def text_hash(text: str) -> str:
    """sha256 (hex) of a post's text as UTF-8: the check that a label still fits its post.

    >>> text_hash("hello")[:12]
    '2cf24dba5fb0'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_twcs_file(path: Path) -> pd.DataFrame:
    """One TWCS file as raw strings, records split on LF only (bare CRs stay in texts)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, lineterminator="\n", encoding="utf-8")
    df.columns = [str(c).strip().removesuffix("\r") for c in df.columns]
    last = df.columns[-1]
    df[last] = df[last].str.removesuffix("\r")
    parent = pd.to_numeric(df["in_response_to_tweet_id"].replace("", np.nan), errors="coerce")
    return pd.DataFrame({
        "source_id": df["tweet_id"].str.strip(),
        "text": df["text"],
        "author_id": df["author_id"],
        "inbound": df["inbound"].str.strip().str.lower() == "true",
        "in_reply_to": parent.map(lambda v: "" if pd.isna(v) else str(int(v))),
        "file": path.name,
    })


def read_source(source: str, external_dir: str | Path | None = None) -> pd.DataFrame:
    """Every post of one real source: ``dataset``, ``source_id``, ``text`` plus extra columns.

    ``twcs`` adds ``author_id``, ``inbound``, ``in_reply_to`` and ``file``; ``airline``
    adds ``airline`` and the crowd's ``airline_sentiment``; ``semeval`` adds ``label``
    (the crowd sentiment) and ``file``. Ids are unique within a source (first kept).
    Raises :class:`scrm_lib.modeling.data.MissingDataError` when the files are absent.
    """
    if source == "twcs":
        frames = [_read_twcs_file(external_path(f, external_dir)) for f in TWCS_FILES]
        out = pd.concat(frames, ignore_index=True)
    elif source == "airline":
        path = external_path("twitter-us-airline-sentiment/Tweets.csv", external_dir)
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        out = pd.DataFrame({"source_id": df["tweet_id"].str.strip(), "text": df["text"],
                            "airline": df["airline"], "airline_sentiment": df["airline_sentiment"]})
    elif source == "semeval":
        folder = external_path("semeval2017-task4a-english", external_dir)
        df = load_semeval(folder)
        out = pd.DataFrame({"source_id": df["tweet_id"].astype(str), "text": df["text"].astype(str),
                            "label": df["label"].astype(str), "file": df["file"].astype(str)})
    else:
        raise ValueError(f"unknown real source {source!r}: expected one of {', '.join(REAL_SOURCES)}")
    out = out.drop_duplicates("source_id", keep="first").reset_index(drop=True)
    out.insert(0, "dataset", source)
    return out


# ---------------------------------------------------------------------------------
# Labels: stored in the repository without texts, joined to the texts at run time
# ---------------------------------------------------------------------------------

LABELS_DIR: Path = DATA_DIR / "labels"
#: First pass + adjudication: the labels models train and are evaluated on.
TRAIT_REAL_PATH: Path = LABELS_DIR / "trait_real.csv"
#: The independent second pass (agreement only).
TRAIT_REAL_PASS2_PATH: Path = LABELS_DIR / "trait_real_pass2.csv"
#: The adjudicator's decisions on pass-1/pass-2 disagreements (applied by the import).
ADJUDICATION_PATH: Path = LABELS_DIR / "trait_real_adjudication.csv"
#: Columns of the stored label files (no texts).
LABEL_COLUMNS: tuple[str, ...] = ("dataset", "source_id", "text_sha256", "stratum", "trait", "sentiment", "notes")


class LabelTextMismatch(ScrmError):
    """A stored label's text hash no longer matches the post's text under ``../shared``."""


def _read_tsv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=3, encoding="utf-8")


def _clean_annotations(path: Path, pool: pd.DataFrame, problems: list[str]) -> pd.DataFrame:
    """One annotator file checked against its pool: valid rows only, last label of an id wins."""
    df = _read_tsv(path)
    need = ["source_id", "trait", "sentiment"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ScrmError(f"{display_path(path)}: missing column(s) {missing}; expected header "
                        "source_id, trait, sentiment, notes (tab-separated)")
    if "notes" not in df.columns:
        df["notes"] = ""
    df = df.assign(line=np.arange(len(df)) + 2)
    for col in ("source_id", "trait", "sentiment", "notes"):
        df[col] = df[col].str.strip()
    df["trait"] = df["trait"].str.lower()
    df["sentiment"] = df["sentiment"].str.lower()
    df = df[df["source_id"] != "source_id"]  # a repeated header line
    ok = df["trait"].isin(TRAIT_LABELS) & df["sentiment"].isin(SENTIMENT_LABELS) & df["source_id"].isin(pool.index)
    for _, r in df[~ok].iterrows():
        problems.append(f"{display_path(path)} line {r['line']}: source_id {r['source_id']!r} "
                        f"trait {r['trait']!r} sentiment {r['sentiment']!r}: expected an id of the pool, "
                        f"a trait in {TRAIT_LABELS} and a sentiment in {SENTIMENT_LABELS}; row skipped")
    df = df[ok]
    dup = df["source_id"].duplicated(keep="last")
    for _, r in df[dup].iterrows():
        problems.append(f"{display_path(path)} line {r['line']}: source_id {r['source_id']} labelled again later; "
                        "the later label is kept")
    return df[~dup].drop(columns="line")


def _pool(path: Path) -> pd.DataFrame:
    pool = _read_tsv(path)
    missing = [c for c in ("dataset", "source_id", "text_sha256", "stratum") if c not in pool.columns]
    if missing:
        raise ScrmError(f"{display_path(path)}: missing column(s) {missing} (a pool of scripts/make_label_pool.py)")
    bad = ~pool["dataset"].isin(REAL_SOURCES)
    if bad.any():
        raise ScrmError(f"{display_path(path)} line {int(np.flatnonzero(bad)[0]) + 2}: dataset "
                        f"{pool['dataset'][bad].iloc[0]!r} is not one of {', '.join(REAL_SOURCES)}")
    return pool.drop_duplicates(["dataset", "source_id"]).set_index("source_id", drop=False)


def pool_names(labels_dir: str | Path) -> list[str]:
    """The draws in ``labels_dir`` (``pool_<name>.tsv``): the sources first, then the rest sorted."""
    names = [p.name[len("pool_"):-len(".tsv")] for p in Path(labels_dir).glob("pool_*.tsv")]
    return [n for n in REAL_SOURCES if n in names] + sorted(n for n in names if n not in REAL_SOURCES)


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    """Deterministic row order: source order, then numeric id."""
    order = df["dataset"].map({s: i for i, s in enumerate(REAL_SOURCES)})
    key = df["source_id"].map(lambda v: (len(v), v))
    return (df.assign(_o=order, _k=key).sort_values(["_o", "_k"], kind="mergesort")
            .drop(columns=["_o", "_k"]).reset_index(drop=True))


def import_annotations(labels_dir: str | Path,
                       adjudication: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Read the annotators' files of ``labels_dir``: ``(pass 1 adjudicated, pass 2, problems)``.

    ``labels_dir`` holds the seeded draws ``pool_<name>.tsv`` (``dataset, source_id,
    text_sha256, stratum, text``; one per source plus any later top-up draw, e.g.
    ``pool_topup.tsv``) and the annotators' ``pass1_<name>.tsv`` / ``pass2_<name>.tsv``
    (``source_id, trait, sentiment, notes``) for each draw.
    Each label gets the pool's ``text_sha256`` and ``stratum``. Rows with an id outside
    the pool or an unknown label are skipped and reported in ``problems``; when an id is
    labelled twice in one file the later row wins (annotators append corrections).

    The adjudication file (default :data:`ADJUDICATION_PATH`; ``dataset, source_id,
    trait, sentiment, reason``) replaces the pass-1 label of the posts the two passes
    disagreed on; those rows get ``adjudicated`` in ``notes``. Both frames have
    :data:`LABEL_COLUMNS`, sorted by source then id (the same files give the same bytes).
    """
    labels_dir = Path(labels_dir)
    adj_path = Path(adjudication) if adjudication is not None else ADJUDICATION_PATH
    problems: list[str] = []
    passes: dict[int, list[pd.DataFrame]] = {1: [], 2: []}
    names = pool_names(labels_dir)
    if not names:
        raise ScrmError(f"{display_path(labels_dir)}: no pool_<name>.tsv files (scripts/make_label_pool.py)")
    for name in names:
        pool = _pool(labels_dir / f"pool_{name}.tsv")
        for k in (1, 2):
            path = labels_dir / f"pass{k}_{name}.tsv"
            if not path.is_file():
                continue
            ann = _clean_annotations(path, pool, problems)
            p = pool.loc[ann["source_id"]]
            passes[k].append(pd.DataFrame({
                "dataset": p["dataset"].to_numpy(), "source_id": ann["source_id"].to_numpy(),
                "text_sha256": p["text_sha256"].to_numpy(), "stratum": p["stratum"].to_numpy(),
                "trait": ann["trait"].to_numpy(), "sentiment": ann["sentiment"].to_numpy(),
                "notes": ann["notes"].to_numpy()}))
    empty = pd.DataFrame(columns=list(LABEL_COLUMNS))
    p1 = pd.concat(passes[1], ignore_index=True) if passes[1] else empty
    p2 = pd.concat(passes[2], ignore_index=True) if passes[2] else empty
    for p, k in ((p1, 1), (p2, 2)):
        dup = p.duplicated(["dataset", "source_id"], keep="first")
        for _, r in p[dup].iterrows():
            problems.append(f"pass {k}: {r['dataset']}:{r['source_id']} is in two draws; the first draw's label is kept")
    p1 = _sorted(p1.drop_duplicates(["dataset", "source_id"]))
    p2 = _sorted(p2.drop_duplicates(["dataset", "source_id"]))
    if adj_path.is_file():
        adj = pd.read_csv(adj_path, dtype=str, keep_default_na=False)
        key1 = p1["dataset"] + ":" + p1["source_id"]
        pos = pd.Series(np.arange(len(p1)), index=key1)
        for i, r in adj.iterrows():
            k = f"{r['dataset']}:{r['source_id']}"
            if r["trait"] not in TRAIT_LABELS or r["sentiment"] not in SENTIMENT_LABELS:
                raise ScrmError(f"{display_path(adj_path)} row {i + 2}: trait {r['trait']!r} / sentiment "
                                f"{r['sentiment']!r} not in {TRAIT_LABELS} / {SENTIMENT_LABELS}")
            if k not in pos.index:
                problems.append(f"{display_path(adj_path)} row {i + 2}: {k} has no pass-1 label yet; not applied")
                continue
            j = pos[k]
            p1.loc[j, ["trait", "sentiment"]] = [r["trait"], r["sentiment"]]
            note = p1.loc[j, "notes"]
            p1.loc[j, "notes"] = "adjudicated" + (f",{note}" if note else "")
    return p1[list(LABEL_COLUMNS)], p2[list(LABEL_COLUMNS)], problems


def write_labels(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a label frame as CSV (UTF-8, LF, :data:`LABEL_COLUMNS`), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    df[list(LABEL_COLUMNS)].to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)
    return path


def read_labels(path: str | Path | None = None) -> pd.DataFrame:
    """The stored labels (default :data:`TRAIT_REAL_PATH`), without texts; checked columns and values."""
    path = Path(path) if path is not None else TRAIT_REAL_PATH
    if not path.is_file():
        raise ScrmError(f"{display_path(path)} not found: the real trait labels (scripts/import_labels.py)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in LABEL_COLUMNS if c not in df.columns]
    if missing:
        raise ScrmError(f"{display_path(path)}: missing column(s) {missing}; expected {', '.join(LABEL_COLUMNS)}")
    for col, allowed in (("trait", TRAIT_LABELS), ("sentiment", SENTIMENT_LABELS), ("dataset", REAL_SOURCES)):
        bad = ~df[col].isin(allowed)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ScrmError(f"{display_path(path)} row {i + 2}, column {col}: {df[col].iat[i]!r} is not one of "
                            f"{', '.join(allowed)}")
    return df


def load_labelled_posts(path: str | Path | None = None, external_dir: str | Path | None = None,
                        sources: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The stored labels joined to their texts under ``../shared`` (at run time, never stored).

    Returns the label columns plus ``text`` and ``brand`` (:func:`brand_of`). Fails loudly:
    :class:`LabelTextMismatch` when a labelled id is no longer in its source or its text's
    hash differs from the stored ``text_sha256`` (the labels no longer fit their posts);
    :class:`~scrm_lib.modeling.data.MissingDataError` when the data sets are absent.
    """
    labels = read_labels(path)
    wanted = [s for s in REAL_SOURCES if (sources is None or s in sources) and (labels["dataset"] == s).any()]
    frames = []
    for source in wanted:
        lab = labels[labels["dataset"] == source]
        posts = read_source(source, external_dir).set_index("source_id")
        absent = ~lab["source_id"].isin(posts.index)
        if absent.any():
            ids = lab.loc[absent, "source_id"].head(5).tolist()
            raise LabelTextMismatch(f"{int(absent.sum())} labelled {source} post(s) are not in the data set "
                                    f"any more (e.g. source_id {', '.join(ids)}): the labels do not fit these files")
        p = posts.loc[lab["source_id"]]
        texts = p["text"].to_numpy()
        hashes = np.array([text_hash(t) for t in texts], dtype=object)
        bad = hashes != lab["text_sha256"].to_numpy()
        if bad.any():
            ids = lab.loc[bad, "source_id"].head(5).tolist()
            raise LabelTextMismatch(f"{int(bad.sum())} labelled {source} post(s) have a text whose sha256 differs "
                                    f"from the stored text_sha256 (e.g. source_id {', '.join(ids)}): the data set "
                                    "changed, so these labels may no longer describe their posts; re-check them")
        brands = [brand_of(source, r) for _, r in p.reset_index().iterrows()]
        if source == "twcs":  # a reply with no brand handle: the brand it answers
            author = posts["author_id"]
            brands = [b if b != "?" or r not in author.index else str(author[r]).lower()
                      for b, r in zip(brands, p["in_reply_to"], strict=True)]
        out = lab.assign(text=texts, brand=brands)
        frames.append(out)
    if not frames:
        return labels.assign(text=pd.Series(dtype=object), brand=pd.Series(dtype=object)).iloc[0:0]
    return pd.concat(frames, ignore_index=True)


#: Brands and products named in the SemEval 2013–2016 tweets (a SemEval post enters the
#: labelling pool only when it names one; the first match is the post's brand group).
BRANDS = re.compile(
    r"\b(?:apple|iphone|ipad|ipod|itunes|mac ?book|microsoft|xbox|office 365|"
    r"google|android|chromecast|nexus|samsung|galaxy|sony|playstation|ps4|ps3|nintendo|"
    r"wii|amazon|kindle|netflix|hulu|spotify|pandora|facebook|instagram|snapchat|"
    r"twitter|youtube|uber|lyft|airbnb|starbucks|mcdonald'?s|burger king|kfc|chipotle|"
    r"taco bell|domino'?s|pizza hut|wendy'?s|coca.?cola|pepsi|red bull|nike|adidas|"
    r"walmart|best buy|costco|ikea|disney|comcast|verizon|at&amp;t|at&t|t-mobile|sprint|"
    r"vodafone|american airlines|southwest|jetblue|ryanair|windows 10|windows phone|virgin america|delta air|united airlines|british airways|"
    r"tesla|ford|toyota|honda|bmw|audi|mercedes|nokia|blackberry|htc|motorola|dell|"
    r"lenovo|intel|ibm|oracle|yahoo|ebay|paypal|mastercard|fedex|dhl|canon|nikon|"
    r"gopro|fitbit|bose|dunkin|krispy kreme|chick-fil-a|whole foods|trader joe'?s|"
    r"barnes & noble|h&amp;m|zara|sephora|ulta|loreal|gillette|heinz|kellogg|nestle|"
    r"walgreens|cvs|directv|time warner|hbo|showtime|marvel|lego|hasbro|mattel)\b",
    re.IGNORECASE)
_FIRST_HANDLE = re.compile(r"@([A-Za-z_]\w*)")
_ANY_HANDLE = re.compile(r"@(\w+)")


def brand_of(source: str, row: pd.Series) -> str:
    """The brand a real post is about, for brand-grouped cross-validation.

    ``airline``: the data set's ``airline`` column; ``twcs``: the first non-numeric
    handle (customers address ``@AppleSupport``; brands reply to numeric customer ids,
    so a brand reply's group is its ``author_id``), else the first handle (TWCS
    anonymised some brand handles to numbers); ``semeval``: the first brand or
    product :data:`BRANDS` names (lower case). ``"?"`` when none is found.
    """
    text = str(row.get("text", ""))
    if source == "airline":
        return str(row.get("airline", "")).lower() or "?"
    if source == "twcs":
        if not row.get("inbound", True):
            return str(row.get("author_id", "?")).lower()
        m = _FIRST_HANDLE.search(text) or _ANY_HANDLE.search(text)
        return m.group(1).lower() if m else ("spotifycares" if row.get("file") == TWCS_FILES[1].split("/")[1] else "?")
    m = BRANDS.search(text)
    return m.group(0).lower() if m else "?"


__all__ = [
    "ADJUDICATION_PATH", "BRANDS", "LABEL_COLUMNS", "LABELS_DIR", "LabelTextMismatch", "REAL_SOURCES",
    "TRAIT_REAL_PASS2_PATH", "TRAIT_REAL_PATH", "TWCS_FILES", "brand_of", "import_annotations",
    "load_labelled_posts", "pool_names", "read_labels", "read_source", "text_hash", "write_labels",
]
